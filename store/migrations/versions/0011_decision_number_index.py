"""an index for "is this decision number already used by this body?"

``store.repositories.decisions.number_used`` runs inside every decision's transaction, while
that body's counter row is locked, and for every number a chair types. Without an index it
scanned every dossier: at a million dossiers each decision of a body held its lock for a full
table scan. The partial expression index (issuing org, number) over decided dossiers makes
it an index probe. Built CONCURRENTLY (writes go on during the build); expand-only.

Revision ID: 0011
Revises: 0016
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_dossiers_decision_number"
DEFINITION = (
    "((decision ->> 'authority_org'), (decision ->> 'number')) WHERE decision IS NOT NULL"
)


def upgrade() -> None:
    with op.get_context().autocommit_block():
        # a failed earlier CONCURRENTLY build leaves an INVALID index behind: rebuild it
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
        op.execute(f"CREATE INDEX CONCURRENTLY {NAME} ON dossiers {DEFINITION}")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
