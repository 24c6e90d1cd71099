"""drafts and objections: draft dossiers seen by their own org only; objections resolved

* `dossiers.open_objections`: unresolved objections of the dossier (inbox, lists).
* `objections` gains `reference` (what the citizen looks it up by, unique), the receiving
  `org_code`, an optional `nominee_id`, and the resolution (`status` open | dismissed | upheld,
  `resolution`, `resolved_by`, `resolved_at`). Rows received before this migration get the
  reference `PA-<id>` and stay open.
* The `scope_orgs` trigger: a draft (status `draft`) is in its proposing org's scope only (not
  its ancestors'); it re-runs when the status changes (a draft is submitted).

Revision ID: 0016
Revises: 0007
Create Date: 2026-12-01 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCOPE = """
CREATE OR REPLACE FUNCTION dossiers_fill_scope_orgs() RETURNS trigger AS $$
BEGIN
    IF NEW.status = 'draft' THEN
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


def upgrade() -> None:
    op.add_column(
        "dossiers",
        sa.Column("open_objections", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column("objections", sa.Column("reference", sa.String(32), nullable=True))
    op.execute("UPDATE objections SET reference = 'PA-' || id WHERE reference IS NULL")
    op.alter_column("objections", "reference", nullable=False)
    op.create_unique_constraint("uq_objections_reference", "objections", ["reference"])
    op.add_column("objections", sa.Column("org_code", sa.String(64), nullable=True))
    op.add_column("objections", sa.Column("nominee_id", sa.String(48), nullable=True))
    op.add_column(
        "objections",
        sa.Column("status", sa.String(16), server_default="open", nullable=False),
    )
    op.add_column("objections", sa.Column("resolution", sa.Text(), nullable=True))
    op.add_column("objections", sa.Column("resolved_by", sa.String(64), nullable=True))
    op.add_column(
        "objections", sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.execute(_SCOPE)
    op.execute("DROP TRIGGER IF EXISTS dossiers_scope_orgs ON dossiers")
    op.execute(
        "CREATE TRIGGER dossiers_scope_orgs BEFORE INSERT OR UPDATE OF proposer_org, route_orgs, "
        "status ON dossiers FOR EACH ROW EXECUTE FUNCTION dossiers_fill_scope_orgs()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS dossiers_scope_orgs ON dossiers")
    op.execute(
        "CREATE TRIGGER dossiers_scope_orgs BEFORE INSERT OR UPDATE OF proposer_org, route_orgs "
        "ON dossiers FOR EACH ROW EXECUTE FUNCTION dossiers_fill_scope_orgs()"
    )
    for column in ("resolved_at", "resolved_by", "resolution", "status", "nominee_id", "org_code"):
        op.drop_column("objections", column)
    op.drop_constraint("uq_objections_reference", "objections", type_="unique")
    op.drop_column("objections", "reference")
    op.drop_column("dossiers", "open_objections")
