"""dossier list: `scope_orgs` (proposer ancestry ∪ route orgs, GIN) and a trigram search index

The list endpoint's visibility rule (proposed by the caller's org or a descendant, or routed
through the caller's org) becomes one indexed predicate `scope_orgs @> ARRAY[caller_org]`:
the caller's org is in the proposer's ancestry exactly when the proposer lies in the caller's
subtree. A BEFORE INSERT / UPDATE OF proposer_org, route_orgs trigger fills the column from
the org tree, so every writer (the API's first insert, the projection's upsert, COPY in the
benchmark) keeps it right; existing rows are backfilled here. Org codes are never re-parented.

`q` search uses a pg_trgm GIN index on `search_text` (ILIKE '%…%').

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.add_column(
        "dossiers",
        sa.Column(
            "scope_orgs",
            postgresql.ARRAY(sa.String(length=64)),
            server_default="{}",
            nullable=False,
        ),
    )
    op.execute(
        """
        CREATE FUNCTION dossiers_fill_scope_orgs() RETURNS trigger AS $$
        BEGIN
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
    )
    op.execute(
        "CREATE TRIGGER dossiers_scope_orgs BEFORE INSERT OR UPDATE OF proposer_org, route_orgs "
        "ON dossiers FOR EACH ROW EXECUTE FUNCTION dossiers_fill_scope_orgs()"
    )
    # backfill: re-assigning proposer_org fires the trigger on every existing row
    op.execute("UPDATE dossiers SET proposer_org = proposer_org")
    op.create_index("ix_dossiers_scope_orgs", "dossiers", ["scope_orgs"], postgresql_using="gin")
    op.create_index(
        "ix_dossiers_search_text_trgm",
        "dossiers",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_dossiers_search_text_trgm", table_name="dossiers")
    op.drop_index("ix_dossiers_scope_orgs", table_name="dossiers")
    op.execute("DROP TRIGGER IF EXISTS dossiers_scope_orgs ON dossiers")
    op.execute("DROP FUNCTION IF EXISTS dossiers_fill_scope_orgs()")
    op.drop_column("dossiers", "scope_orgs")
