"""orgs: `locality` (the place name of the papers' date line) and symbols from names

`locality` is the địa danh of "Bắc Ninh, ngày 07 tháng 12 năm 2026" (ND30/2020 Appendix I);
nullable (expand only): NULL means the default of `domain.org_names` (a People's Committee's
locality, Hà Nội for state bodies and ministries, else the parent's), so no backfill.

`doc_symbol` was backfilled by 0006 (and set by the seed and the create endpoint) with the
org's own code for departments, ministries and units: "1/QĐ-BN-SGD-THPTLTT" instead of the
abbreviation of the body's name ND30 asks for. Rows whose symbol is still their code get the
abbreviation of their name (`domain.org_names.default_doc_symbol`); a symbol an admin chose
(anything but the code) stays. Decisions already numbered keep their numbers.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from domain.levels import Level
from domain.org_names import default_doc_symbol

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("orgs", sa.Column("locality", sa.String(length=100), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT code, name, level FROM orgs WHERE doc_symbol = code")
    ).all()
    for code, name, level in rows:
        try:
            symbol = default_doc_symbol(code, Level(level), name)
        except ValueError:  # a level this code does not know: leave the row alone
            continue
        bind.execute(
            sa.text("UPDATE orgs SET doc_symbol = :symbol WHERE code = :code"),
            {"symbol": symbol, "code": code},
        )


def downgrade() -> None:
    op.drop_column("orgs", "locality")
