"""whether a sent notification went out by e-mail

A notification is "sent" once the sender has handled it; it is e-mailed only when a mail server
is configured and the recipient has an address, else it is shown on the web only. `emailed`
tells the two apart for admins (audit A5 §10): true when the mail server accepted it, false
when it was shown on the web only, NULL for rows handled before this migration.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("emailed", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("outbox", "emailed")
