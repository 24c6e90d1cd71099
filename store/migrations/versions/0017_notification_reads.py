"""notifications read on the web: `outbox.read_at` and the recipient's indexes

The outbox holds one row per recipient and event; the web's notification area (`/thong-bao`,
`GET /api/v1/notifications`) lists a user's rows newest first and every page's navigation
shows how many are unread. `read_at` is a nullable column (no rewrite, no default), so the
code already running keeps inserting and sending as before (expand-only). Two indexes, built
CONCURRENTLY while the senders and the workflows keep writing:

* `(recipient, id DESC)`: a user's page of notifications is a range read in list order;
* `(recipient, id DESC) WHERE read_at IS NULL`: the unread count of the navigation badge reads
  only the user's unread rows (a small partial index), not every row they ever received.

Revision ID: 0017
Revises: 0013
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: dict[str, str] = {
    "ix_outbox_recipient_id": "(recipient, id DESC)",
    "ix_outbox_recipient_unread": "(recipient, id DESC) WHERE read_at IS NULL",
}


def upgrade() -> None:
    op.add_column("outbox", sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
    with op.get_context().autocommit_block():
        for name, definition in INDEXES.items():
            # a failed earlier CONCURRENTLY build leaves an INVALID index behind: rebuild it
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            op.execute(f"CREATE INDEX CONCURRENTLY {name} ON outbox {definition}")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    op.drop_column("outbox", "read_at")
