"""decision counters; nominees carry registry identity and eligibility; dossiers their type

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # dossier ids HS-<year>-<n>: collision-free by construction (issue 17)
    op.execute("CREATE SEQUENCE IF NOT EXISTS dossier_number_seq")
    op.create_table(
        "decision_counters",
        sa.Column("org_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_code", "year", name=op.f("pk_decision_counters")),
    )
    # dossiers before nominees: the order in which the running code writes them
    op.add_column(
        "dossiers",
        sa.Column("award_type", sa.String(length=16), server_default="regular", nullable=False),
    )
    op.add_column(
        "dossiers",
        sa.Column("simplified", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column("nominees", sa.Column("birth_date", sa.Date(), nullable=True))
    op.add_column("nominees", sa.Column("identity_number", sa.String(length=12), nullable=True))
    op.add_column(
        "nominees",
        sa.Column("eligibility", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )


def downgrade() -> None:
    op.execute("DROP SEQUENCE IF EXISTS dossier_number_seq")
    op.drop_table("decision_counters")
    op.drop_column("dossiers", "simplified")
    op.drop_column("dossiers", "award_type")
    op.drop_column("nominees", "eligibility")
    op.drop_column("nominees", "identity_number")
    op.drop_column("nominees", "birth_date")
