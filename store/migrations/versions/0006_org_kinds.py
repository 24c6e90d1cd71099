"""orgs: `kind` of units (internal / legal_entity / enterprise) and `doc_symbol` (contract §11)

`kind` says whether a unit has legal personality (its head decides the grassroots titles, Law
Art.80) or is an enterprise; other levels leave it NULL. `doc_symbol` is the symbol in the
org's decision numbers (`15/QĐ-UBND`). Both are nullable additions (expand only); existing rows
are backfilled with the defaults: units `internal`; UBND for communes, districts and
provinces, TTg, CTN, BNV for the state orgs, the org's own code otherwise. The new level
`department` needs no schema change (`level` is a string).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("orgs", sa.Column("kind", sa.String(length=16), nullable=True))
    op.add_column("orgs", sa.Column("doc_symbol", sa.String(length=32), nullable=True))
    op.execute("UPDATE orgs SET kind = 'internal' WHERE level = 'unit' AND kind IS NULL")
    op.execute(
        """
        UPDATE orgs SET doc_symbol = CASE level
            WHEN 'commune' THEN 'UBND'
            WHEN 'district' THEN 'UBND'
            WHEN 'province' THEN 'UBND'
            WHEN 'government' THEN 'TTg'
            WHEN 'president' THEN 'CTN'
            WHEN 'central' THEN 'BNV'
            ELSE code
        END
        WHERE doc_symbol IS NULL
        """
    )


def downgrade() -> None:
    op.drop_column("orgs", "doc_symbol")
    op.drop_column("orgs", "kind")
