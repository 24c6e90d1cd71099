"""registry: past awards in the award registry; discipline and initiative registers

Expand only (contract §12): `award_registry` keeps every column the workflow's writer sets and
gains `birth_date`, `identity_number`, `source` ('tdkt' | 'import', default 'tdkt'),
`person_key` (normalised name; a BEFORE INSERT trigger fills it when a writer leaves it empty,
and existing rows are backfilled) and `recorded_by`. Rows without a dossier (the API and the
.xlsx import) make `dossier_id`, `nominee_id`, `authority_org` and `amount_vnd` nullable; one
partial unique index refuses the same person, award and year twice among them.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOW = sa.text("now()")
# Same as domain.registry.normalise_name for Vietnamese text (NFC, lower case, one space).
_SPACES = "[\\s\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+"
_KEY_SQL = "btrim(regexp_replace(lower(normalize({col}, NFC)), '" + _SPACES + "', ' ', 'g'))"
# one person (CCCD, else name key + birth date + org), award and year among rows without a dossier
_UNIQUE_PERSON_AWARD = {
    "uq_award_registry_identity_award_year": (
        "(identity_number, award_code, achievement_year)",
        "identity_number IS NOT NULL",
    ),
    "uq_award_registry_name_award_year": (
        "(person_key, coalesce(birth_date, DATE '0001-01-01'), org_code, award_code, "
        "achievement_year)",
        "identity_number IS NULL",
    ),
}


def _registry_columns() -> None:
    for column in ("dossier_id", "nominee_id", "authority_org", "amount_vnd"):
        op.alter_column("award_registry", column, nullable=True)
    op.add_column("award_registry", sa.Column("birth_date", sa.Date(), nullable=True))
    op.add_column(
        "award_registry", sa.Column("identity_number", sa.String(length=12), nullable=True)
    )
    op.add_column(
        "award_registry",
        sa.Column("source", sa.String(length=8), server_default="tdkt", nullable=False),
    )
    op.add_column(
        "award_registry",
        sa.Column("person_key", sa.String(length=300), server_default="", nullable=False),
    )
    op.add_column("award_registry", sa.Column("recorded_by", sa.String(length=64), nullable=True))
    op.create_check_constraint(
        op.f("ck_award_registry_source"), "award_registry", "source IN ('tdkt', 'import')"
    )


def _registry_key_trigger() -> None:
    op.execute(
        f"""
        CREATE FUNCTION award_registry_fill_person_key() RETURNS trigger AS $$
        BEGIN
            IF NEW.person_key IS NULL OR NEW.person_key = '' THEN
                NEW.person_key := {_KEY_SQL.format(col="NEW.name")};
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER award_registry_person_key BEFORE INSERT OR UPDATE OF name, person_key "
        "ON award_registry FOR EACH ROW EXECUTE FUNCTION award_registry_fill_person_key()"
    )
    op.execute("UPDATE award_registry SET person_key = ''")  # backfill through the trigger
    op.create_index("ix_award_registry_person_key", "award_registry", ["person_key"])
    op.create_index("ix_award_registry_identity_number", "award_registry", ["identity_number"])
    op.execute(
        "CREATE INDEX ix_award_registry_person_key_trgm ON award_registry "
        "USING gin (person_key gin_trgm_ops)"
    )
    for name, (columns, where) in _UNIQUE_PERSON_AWARD.items():
        op.execute(
            f"CREATE UNIQUE INDEX {name} ON award_registry {columns} "
            f"WHERE nominee_id IS NULL AND {where}"
        )


def _person_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("person_key", sa.String(length=300), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("identity_number", sa.String(length=12), nullable=True),
        sa.Column("org_code", sa.String(length=64), nullable=False),
    ]


def _tail(table: str) -> list[object]:
    return [
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_code"], ["orgs.code"], name=op.f(f"fk_{table}_org_code_orgs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _registers() -> None:
    op.create_table(
        "discipline_records",
        *_person_columns(),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        *_tail("discipline_records"),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_discipline_records_period")
        ),
    )
    op.create_table(
        "initiatives",
        *_person_columns(),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=False),
        sa.Column("used_award_code", sa.String(length=32), nullable=True),
        sa.Column("used_year", sa.Integer(), nullable=True),
        sa.Column("used_dossier_id", sa.String(length=40), nullable=True),
        *_tail("initiatives"),
        sa.CheckConstraint(
            "scope IN ('unit', 'province', 'national')", name=op.f("ck_initiatives_scope")
        ),
    )
    for table in ("discipline_records", "initiatives"):
        for column in ("person_key", "identity_number", "org_code"):
            op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    _registry_columns()
    _registry_key_trigger()
    _registers()


def downgrade() -> None:
    op.drop_table("initiatives")
    op.drop_table("discipline_records")
    for name in _UNIQUE_PERSON_AWARD:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_award_registry_person_key_trgm")
    op.drop_index("ix_award_registry_identity_number", table_name="award_registry")
    op.drop_index("ix_award_registry_person_key", table_name="award_registry")
    op.execute("DROP TRIGGER IF EXISTS award_registry_person_key ON award_registry")
    op.execute("DROP FUNCTION IF EXISTS award_registry_fill_person_key()")
    op.drop_constraint(op.f("ck_award_registry_source"), "award_registry", type_="check")
    for column in ("recorded_by", "person_key", "source", "identity_number", "birth_date"):
        op.drop_column("award_registry", column)
    op.execute("DELETE FROM award_registry WHERE dossier_id IS NULL")
    for column in ("dossier_id", "nominee_id", "authority_org", "amount_vnd"):
        op.alter_column("award_registry", column, nullable=False)
