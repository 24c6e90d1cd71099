"""the admins' outbox lists: dead letters and messages being retried

Admins see the dead letters (and a count of them beside the navigation's "Quản trị") and the
messages that failed at least once and wait for their next attempt (`status = 'pending' AND
last_error IS NOT NULL`: a message an admin put back in the queue stays in sight until it is
sent). Both are small partial indexes in list order, built CONCURRENTLY while the senders keep
writing; nothing else changes (expand-only).

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: dict[str, str] = {
    "ix_outbox_dead": "(id DESC) WHERE status = 'dead'",
    "ix_outbox_retrying": "(id DESC) WHERE status = 'pending' AND last_error IS NOT NULL",
}


def upgrade() -> None:
    with op.get_context().autocommit_block():
        for name, definition in INDEXES.items():
            # a failed earlier CONCURRENTLY build leaves an INVALID index behind: rebuild it
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            op.execute(f"CREATE INDEX CONCURRENTLY {name} ON outbox {definition}")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
