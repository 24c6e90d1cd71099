"""statistics: open dossiers by the level where they are now

The dashboard's "Hồ sơ theo cấp đang xét" counted dossiers by the award's deciding level
(`stats_dossier_counts.level` = the route's last level), so a Bằng khen tỉnh dossier still at
the district was counted under the province. `stats_open_counts` holds what the chart means:
dossiers in review or returned, per scope (the proposer org, each ancestor, `*`), year and the
level of their open stage (`dossiers.stage_level`; a returned dossier sits with its proposing
unit, at the route's first level). Like the summaries of 0007 it is kept by statement-level
AFTER triggers on `dossiers` in the writer's transaction, with the deltas upserted in key
order; the triggers and the backfill are one cut-over under the table lock.

Revision ID: 0018
Revises: 0017
Create Date: 2027-01-05 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

YEAR = "coalesce({d}.year, extract(year FROM {d}.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int)"

TABLE = """
CREATE TABLE stats_open_counts (
    scope_org varchar(64) NOT NULL, year int NOT NULL, level varchar(16) NOT NULL,
    n bigint NOT NULL DEFAULT 0,
    CONSTRAINT pk_stats_open_counts PRIMARY KEY (scope_org, year, level)
)"""


def _open(source: str, sign: int) -> str:
    """The open dossiers of `source` (a transition table or `dossiers`), one signed row each."""
    return (
        f"SELECT d.proposer_org, {YEAR.format(d='d')} AS year, d.stage_level AS level,"
        f" {sign} AS n FROM {source} d"
        " WHERE d.status IN ('in_review', 'returned') AND d.stage_level IS NOT NULL"
    )


def _upsert(delta: str) -> str:
    """Add `delta` (proposer_org, year, level, n) to every scope of each proposer."""
    return f"""
    WITH delta AS ({delta}),
    grouped AS (
        SELECT proposer_org, year, level, sum(n) AS n FROM delta
        GROUP BY proposer_org, year, level HAVING sum(n) <> 0
    ),
    scoped AS (
        SELECT s.scope_org, g.year, g.level, sum(g.n) AS n
        FROM grouped g CROSS JOIN LATERAL tdkt_org_scopes(g.proposer_org) AS s(scope_org)
        GROUP BY s.scope_org, g.year, g.level
    )
    INSERT INTO stats_open_counts AS t (scope_org, year, level, n)
    SELECT * FROM scoped ORDER BY 1, 2, 3
    ON CONFLICT (scope_org, year, level) DO UPDATE SET n = t.n + excluded.n;
    """


TRIGGERS = {
    "tdkt_stats_open_ins": ("INSERT", _upsert(_open("new_rows", 1))),
    "tdkt_stats_open_del": ("DELETE", _upsert(_open("old_rows", -1))),
    "tdkt_stats_open_upd": (
        "UPDATE",
        _upsert(f"({_open('new_rows', 1)}) UNION ALL ({_open('old_rows', -1)})"),
    ),
}
REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def upgrade() -> None:
    op.execute(TABLE)
    # triggers and backfill as one cut-over: writers wait for the backfill, nothing is lost
    op.execute("LOCK TABLE dossiers IN SHARE ROW EXCLUSIVE MODE")
    for name, (event, body) in TRIGGERS.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
            f"BEGIN\n{body}\nRETURN NULL;\nEND\n$fn$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON dossiers {REFERENCING[event]}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    op.execute(_upsert(_open("dossiers", 1)))


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON dossiers")
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP TABLE stats_open_counts")
