"""decision_snapshots: what an issued decision's papers print about its orgs

A quyết định is a legal record: once issued, its papers (the quyết định, its annexed list, the
certificates, the tờ trình and minutes of its stages) must not change when an admin edits or
renames an org. The transition that decides a dossier stores, in its own transaction, the orgs
those papers name (name, level, kind, resolved doc symbol and place name, with their parents)
and their chairs' names; the papers of a decided dossier read them from here.

Dossiers decided before this migration have no row: their papers keep reading the orgs' current
data (nothing recorded what the orgs were called when they were decided).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "decision_snapshots",
        sa.Column("dossier_id", sa.String(length=40), nullable=False),
        sa.Column("orgs", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("chairs", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "taken_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_decision_snapshots_dossier_id_dossiers"),
        ),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_decision_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("decision_snapshots")
