"""users, orgs: usernames and org codes unique whatever their case

"LV.OFFICER" was created next to "lv.officer" (and could log in as a second account), and the
orgs "aud-lower" and "AUD-LOWER" both existed. The API now stores new usernames in lower case,
finds an account by lower(username) (so "LV.OFFICER" logs in as lv.officer) and refuses an org
code that differs from an existing one only in case. These unique indexes on the lower-cased
values hold the rule in the database too, and serve the case-insensitive lookups.

Existing rows keep their spelling (usernames and org codes are referenced by tokens, audit
entries, dossiers and foreign keys). If two existing rows already differ only in case, the
upgrade stops and names them: an administrator renames or merges one first.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# index -> (table, column)
INDEXES = {
    "uq_users_username_lower": ("users", "username"),
    "uq_orgs_code_lower": ("orgs", "code"),
}


def _clashes(table: str, column: str) -> list[str]:
    rows = op.get_bind().execute(
        sa.text(
            f"SELECT string_agg({column}, ', ' ORDER BY {column}) FROM {table} "
            f"GROUP BY lower({column}) HAVING count(*) > 1"
        )
    )
    return [row[0] for row in rows]


def upgrade() -> None:
    for table, column in INDEXES.values():
        if clashes := _clashes(table, column):
            raise RuntimeError(
                f"{table}.{column} holds values that differ only in case: "
                + "; ".join(clashes)
                + ". Rename or merge them, then run the upgrade again."
            )
    for name, (table, column) in INDEXES.items():
        op.execute(f"CREATE UNIQUE INDEX {name} ON {table} (lower({column}))")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
