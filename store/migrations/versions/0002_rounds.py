"""rounds: submission rounds, their expected submitters and their events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "rounds",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("owner_org", sa.String(length=64), nullable=False),
        sa.Column("award_codes", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column(
            "deadline_specs",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column(
            "deadlines",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("workflow_id", sa.String(length=80), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_org"], ["orgs.code"], name=op.f("fk_rounds_owner_org_orgs")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_rounds")),
        sa.UniqueConstraint("workflow_id", name=op.f("uq_rounds_workflow_id")),
    )
    op.create_index(op.f("ix_rounds_owner_org"), "rounds", ["owner_org"], unique=False)
    op.create_index(op.f("ix_rounds_status"), "rounds", ["status"], unique=False)
    op.create_table(
        "round_submitters",
        sa.Column("round_code", sa.String(length=64), nullable=False),
        sa.Column("org_code", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=64), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late", sa.Boolean(), server_default="false", nullable=False),
        sa.Column(
            "dossier_ids",
            postgresql.ARRAY(sa.String(length=40)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("escalation_level", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_code"], ["rounds.code"], name=op.f("fk_round_submitters_round_code_rounds")
        ),
        sa.PrimaryKeyConstraint("round_code", "org_code", name=op.f("pk_round_submitters")),
    )
    op.create_index("ix_round_submitters_org_code", "round_submitters", ["org_code"], unique=False)
    op.create_table(
        "round_events",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("event_key", sa.String(length=200), nullable=False),
        sa.Column("round_code", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("org_code", sa.String(length=64), nullable=True),
        sa.Column("dossier_id", sa.String(length=40), nullable=True),
        sa.Column("escalation_level", sa.Integer(), server_default="0", nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["round_code"], ["rounds.code"], name=op.f("fk_round_events_round_code_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_events")),
        sa.UniqueConstraint("event_key", name=op.f("uq_round_events_event_key")),
    )
    op.create_index(op.f("ix_round_events_round_code"), "round_events", ["round_code"])


def downgrade() -> None:
    op.drop_index(op.f("ix_round_events_round_code"), table_name="round_events")
    op.drop_table("round_events")
    op.drop_index("ix_round_submitters_org_code", table_name="round_submitters")
    op.drop_table("round_submitters")
    op.drop_index(op.f("ix_rounds_status"), table_name="rounds")
    op.drop_index(op.f("ix_rounds_owner_org"), table_name="rounds")
    op.drop_table("rounds")
