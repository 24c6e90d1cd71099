"""search: a trigram index over the folded search text without its spaces

`q` searched `search_fold LIKE '%<folded q>%'` through a trigram index on `search_fold`. In
Vietnamese every syllable is a word, so most trigrams of a name span a space ("an ", "n t",
"en ", "n v" …) and such trigrams are in nearly every row: a full name ("nguyen van tuan")
walked thirteen posting trees, several of a million entries, 22 ms at a million dossiers.
Without spaces ("nguyenvantuan") the trigrams across a word boundary pair the letters of two
syllables and are far rarer: the same search reads 9 ms of index ("le van an" 15 → 1.3 ms).

The index is on the expression `replace(search_fold, ' ', '')` (immutable; no new column, no
backfill): a row whose folded text contains the folded `q` contains it without spaces too, so
the index finds a superset, and `strpos(search_fold, tdkt_fold(q)) > 0` keeps exactly the rows
the old predicate kept (`store/repositories/dossier_lists.text_clause`).

Built CONCURRENTLY (no write lock on a filled table); then the two trigram indexes no query
reads any more are dropped CONCURRENTLY: `search_fold`'s (0007) and `search_text`'s (0003, unread
since 0007): two GIN indexes less to maintain on every dossier write. A rolling upgrade's old
API still answers correctly without them, only slower.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 12:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMPACT = "ix_dossiers_search_compact_trgm"
COMPACT_DEFINITION = "USING gin ((replace(search_fold, ' ', '')) gin_trgm_ops)"
# the indexes it replaces -> their definitions (rebuilt by the downgrade)
UNREAD = {
    "ix_dossiers_search_fold_trgm": "USING gin (search_fold gin_trgm_ops)",
    "ix_dossiers_search_text_trgm": "USING gin (search_text gin_trgm_ops)",
}


def _build(name: str, definition: str) -> None:
    # a failed earlier CONCURRENTLY build leaves an INVALID index behind: rebuild it
    op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    op.execute(f"CREATE INDEX CONCURRENTLY {name} ON dossiers {definition}")


def upgrade() -> None:
    with op.get_context().autocommit_block():
        _build(COMPACT, COMPACT_DEFINITION)
        for name in UNREAD:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name, definition in UNREAD.items():
            _build(name, definition)
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {COMPACT}")
