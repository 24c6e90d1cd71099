"""dossier lists per scope: `dossier_scopes`, one narrow row per (scope org, dossier)

A caller's list is "the dossiers whose `scope_orgs` contain my org", newest first. The GIN
index on `scope_orgs` (0003) finds them, but not in list order and not with the filters: every
request of a district chair visited its ~50,000 wide dossier rows (at 1,000,000 dossiers) to
filter, sort and count them. `dossier_scopes` holds, for each org of a dossier's `scope_orgs`,
the dossier's list keys (`created_at`, id) and filter columns (status, award, stage level and
org, proposer, and `open_due_at` = `due_at` while the dossier is open: overdue is
`open_due_at < now()`, a range of an index, never a scan). A caller's page is then a range read
of `(org_code, created_at DESC, dossier_id)` with the filters applied to the index's INCLUDE
columns (an index-only scan), and the capped count reads at most 10,001 index entries of the
filter's own index: `(org_code, status | award_code | stage_level, created_at DESC, id)` or
`(org_code, open_due_at)` for the open dossiers.

Statement-level AFTER triggers with transition tables keep it in the writer's transaction,
whatever code writes (API, projection upsert, COPY): insert the new rows' scopes, upsert the
changed rows' scopes (and delete the orgs a change removed from `scope_orgs`), delete a deleted
dossier's scopes. Upserts go in key order, so two writers lock shared rows in the same order.
Existing dossiers are backfilled in batches of 5,000 ids, each its own transaction, with
ON CONFLICT DO NOTHING: a row a concurrent writer's trigger already wrote (or is writing: the
insert waits for it) is newer than the batch's snapshot and stays. The list indexes are then
built with CREATE INDEX CONCURRENTLY, and VACUUM ANALYZE sets the visibility map the
index-only scans need and the planner's statistics.

Two indexes on `dossiers` (CONCURRENTLY too) serve what the admin's lists (no scope) and the
search still read there: the open dossiers in list order with their due time (the national
overdue page was a sort of ~400,000 rows: 630 ms), and ids by their beginning
(`varchar_pattern_ops`: the collation is not "C"), which a `q` shaped like an id now uses.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-01 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    "org_code, dossier_id, created_at, status, award_code, stage_level, stage_org,"
    " proposer_org, open_due_at"
)
# the values of COLUMNS for dossier `{d}` and one org `{s}.org` of its scope
VALUES = (
    "{s}.org, {d}.id, {d}.created_at, {d}.status, {d}.award_code, {d}.stage_level,"
    " {d}.stage_org, {d}.proposer_org,"
    " CASE WHEN {d}.status IN ('in_review', 'returned') THEN {d}.due_at END"
)
SCOPES = "CROSS JOIN LATERAL (SELECT DISTINCT unnest({d}.scope_orgs)) AS {s}(org)"
UPSERT = (
    "ON CONFLICT (org_code, dossier_id) DO UPDATE SET created_at = excluded.created_at,"
    " status = excluded.status, award_code = excluded.award_code,"
    " stage_level = excluded.stage_level, stage_org = excluded.stage_org,"
    " proposer_org = excluded.proposer_org, open_due_at = excluded.open_due_at"
)
# the dossier columns the scopes copy: a change of any of them rewrites the dossier's scopes
LISTED = (
    "created_at", "status", "award_code", "stage_level", "stage_org", "proposer_org", "due_at",
    "scope_orgs",
)


def _listed(alias: str) -> str:
    return "(" + ", ".join(f"{alias}.{c}" for c in LISTED) + ")"


TABLE = """
CREATE TABLE dossier_scopes (
    org_code varchar(64) NOT NULL,
    dossier_id varchar(40) NOT NULL,
    created_at timestamptz NOT NULL,
    status varchar(16) NOT NULL,
    award_code varchar(32) NOT NULL,
    stage_level varchar(16),
    stage_org varchar(64),
    proposer_org varchar(64) NOT NULL,
    open_due_at timestamptz,
    CONSTRAINT pk_dossier_scopes PRIMARY KEY (org_code, dossier_id)
)"""

INSERTED = (
    f"INSERT INTO dossier_scopes ({COLUMNS}) SELECT {VALUES.format(s='s', d='n')}"
    f" FROM new_rows n {SCOPES.format(d='n', s='s')} ORDER BY 1, 2 {UPSERT};"
)
UPDATED = (
    # the orgs a change took out of scope_orgs
    "DELETE FROM dossier_scopes ds USING old_rows o JOIN new_rows n ON n.id = o.id"
    " WHERE ds.dossier_id = o.id AND ds.org_code = ANY (o.scope_orgs)"
    " AND NOT ds.org_code = ANY (n.scope_orgs);"
    f" INSERT INTO dossier_scopes ({COLUMNS}) SELECT {VALUES.format(s='s', d='n')}"
    " FROM old_rows o JOIN new_rows n ON n.id = o.id"
    f" {SCOPES.format(d='n', s='s')}"
    f" WHERE {_listed('o')} IS DISTINCT FROM {_listed('n')}"
    f" ORDER BY 1, 2 {UPSERT};"
)
DELETED = (
    "DELETE FROM dossier_scopes ds USING old_rows o"
    " WHERE ds.dossier_id = o.id AND ds.org_code = ANY (o.scope_orgs);"
)
TRIGGERS = {
    "tdkt_dossier_scopes_ins": ("INSERT", "REFERENCING NEW TABLE AS new_rows", INSERTED),
    "tdkt_dossier_scopes_upd": (
        "UPDATE",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        UPDATED,
    ),
    "tdkt_dossier_scopes_del": ("DELETE", "REFERENCING OLD TABLE AS old_rows", DELETED),
}

# one batch of the backfill: the next 5,000 dossier ids after :last; returns the last id
BACKFILL_BATCH = f"""
WITH batch AS (SELECT id FROM dossiers WHERE id > :last ORDER BY id LIMIT 5000),
filled AS (
    INSERT INTO dossier_scopes ({COLUMNS})
    SELECT {VALUES.format(s="s", d="d")}
    FROM dossiers d JOIN batch ON batch.id = d.id {SCOPES.format(d="d", s="s")}
    ORDER BY 1, 2
    ON CONFLICT (org_code, dossier_id) DO NOTHING
)
SELECT max(id) FROM batch
"""

INCLUDED = "INCLUDE (status, award_code, stage_level, stage_org, proposer_org, open_due_at)"
# name -> definition; all built CONCURRENTLY after the backfill
INDEXES: dict[str, str] = {
    "ix_dossier_scopes_list": f"(org_code, created_at DESC, dossier_id) {INCLUDED}",
    "ix_dossier_scopes_status": "(org_code, status, created_at DESC, dossier_id)",
    "ix_dossier_scopes_award": "(org_code, award_code, created_at DESC, dossier_id)",
    "ix_dossier_scopes_level": "(org_code, stage_level, created_at DESC, dossier_id)",
    "ix_dossier_scopes_stage_org": "(org_code, stage_org, created_at DESC, dossier_id)",
    "ix_dossier_scopes_proposer": "(org_code, proposer_org, created_at DESC, dossier_id)",
    "ix_dossier_scopes_open_due": "(org_code, open_due_at) WHERE open_due_at IS NOT NULL",
}
# on dossiers, also CONCURRENTLY: the admin's overdue page in list order (the open ones only,
# due time included: index-only), and ids by their beginning (`LIKE 'HS-2025-00012%'`: the
# database collation is not "C", so the primary key cannot serve a prefix)
DOSSIER_INDEXES: dict[str, str] = {
    "ix_dossiers_open_created": (
        "(created_at DESC, id) INCLUDE (due_at) WHERE status IN ('in_review', 'returned')"
    ),
    "ix_dossiers_id_pattern": "(id varchar_pattern_ops)",
}


def upgrade() -> None:
    op.execute(TABLE)
    for name, (event, referencing, body) in TRIGGERS.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
            f"BEGIN\n{body}\nRETURN NULL;\nEND\n$fn$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON dossiers {referencing}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    with op.get_context().autocommit_block():
        # the triggers are committed: every write from here on keeps its own scopes
        bind, last = op.get_bind(), ""
        while last is not None:  # each batch commits on its own: no long row locks
            last = bind.execute(sa.text(BACKFILL_BATCH), {"last": last}).scalar()
        for name, definition in INDEXES.items():
            # a failed earlier CONCURRENTLY build leaves an INVALID index behind: rebuild it
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            op.execute(f"CREATE INDEX CONCURRENTLY {name} ON dossier_scopes {definition}")
        for name, definition in DOSSIER_INDEXES.items():
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            op.execute(f"CREATE INDEX CONCURRENTLY {name} ON dossiers {definition}")
        op.execute("VACUUM ANALYZE dossier_scopes")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name in DOSSIER_INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON dossiers")
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP TABLE IF EXISTS dossier_scopes")
