"""a draft withdrawn before it was ever submitted stays its proposing org's only

Withdrawing a draft gave it the route orgs of its planned route, so the `scope_orgs` trigger
put it in the scope of every org above the unit: the district and the province read it, listed
it and counted it as withdrawn. A dossier never submitted now keeps empty `route_orgs` (the
projection, `workflows.status`), and empty `route_orgs` means "never submitted" everywhere:

* `scope_orgs`: a draft, or a dossier with no route orgs, is in its proposing org's scope only.
* the statistics summaries (0007): such a dossier is counted under the status `draft`, which
  statistics leave out, as the API's scan does (`store.repositories.private_dossiers`).
* the drafts withdrawn before this migration (withdrawn, no stage ever) lose their route orgs;
  the triggers then narrow their scopes and move their counts, in this transaction.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 15:00:00
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCOPE = """
CREATE OR REPLACE FUNCTION dossiers_fill_scope_orgs() RETURNS trigger AS $$
BEGIN
    IF NEW.status = 'draft' OR cardinality(NEW.route_orgs) = 0 THEN
        NEW.scope_orgs := ARRAY[NEW.proposer_org];
        RETURN NEW;
    END IF;
    NEW.scope_orgs := ARRAY(
        WITH RECURSIVE up(code, parent_code) AS (
            SELECT o.code, o.parent_code FROM orgs o WHERE o.code = NEW.proposer_org
            UNION
            SELECT o.code, o.parent_code FROM orgs o JOIN up ON o.code = up.parent_code
        )
        SELECT code FROM up
        UNION
        SELECT unnest(NEW.route_orgs || NEW.proposer_org)
    );
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""
_OLD_SCOPE = _SCOPE.replace(" OR cardinality(NEW.route_orgs) = 0", "")

# a withdrawn dossier that never reached a stage: a draft withdrawn before its submission
_NEVER_SUBMITTED = """
UPDATE dossiers d SET route_orgs = '{}'
WHERE d.status = 'withdrawn' AND cardinality(d.route_orgs) > 0
  AND NOT EXISTS (SELECT 1 FROM stages s WHERE s.dossier_id = d.id)
"""
_DOSSIER_COUNTS = ("tdkt_stats_dossiers_ins", "tdkt_stats_dossiers_del", "tdkt_stats_dossiers_upd")


def _read_scale() -> ModuleType:
    """Migration 0007, whose generator wrote the statistics triggers (loaded by its path)."""
    path = Path(__file__).with_name("0007_read_scale.py")
    spec = importlib.util.spec_from_file_location("tdkt_migration_0007", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counting(private_as_draft: bool) -> ModuleType:
    """0007's generator counting a dossier without route orgs as a draft (or, for the
    downgrade, under its own status, as 0007 wrote the triggers)."""
    base = _read_scale()
    if private_as_draft:
        status = "CASE WHEN cardinality(d.route_orgs) = 0 THEN 'draft' ELSE d.status END"

        def counts(source: str, sign: int) -> str:
            return (
                f"SELECT d.proposer_org, {base.YEAR.format(d='d')} AS year, d.award_code,"
                f" {status} AS status, coalesce(d.route ->> -1, '') AS level, {sign} AS n"
                f" FROM {source} d"
            )

        base._dossier_counts = counts
    return base


def _recount(private_as_draft: bool) -> None:
    """Replace the dossier-count triggers' functions, then rebuild the counts the way they now
    count (whatever an earlier downgrade and upgrade left behind)."""
    base = _counting(private_as_draft)
    bodies = base._trigger_bodies()
    for name in _DOSSIER_COUNTS:
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
            f"BEGIN\n{bodies[name][2]}\nRETURN NULL;\nEND\n$fn$"
        )
    op.execute("DELETE FROM stats_dossier_counts")
    rebuilt = base._dossier_counts("dossiers", 1)
    op.execute(base._upsert("stats_dossier_counts", *base.DOSSIER_KEYS, rebuilt))


def upgrade() -> None:
    # the new functions, the data change and the recount are one cut-over under the table lock
    op.execute("LOCK TABLE dossiers IN SHARE ROW EXCLUSIVE MODE")
    op.execute(_SCOPE)
    op.execute(_NEVER_SUBMITTED)  # the scope trigger narrows their scope_orgs
    _recount(private_as_draft=True)


def downgrade() -> None:
    """0007's counting again (a withdrawn draft is counted as withdrawn); the withdrawn drafts
    keep their empty route orgs."""
    op.execute("LOCK TABLE dossiers IN SHARE ROW EXCLUSIVE MODE")
    op.execute(_OLD_SCOPE)
    _recount(private_as_draft=False)
