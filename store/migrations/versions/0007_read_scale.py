"""read side at scale: statistics summaries kept by triggers, accent-free search, list indexes

* **Statistics summaries.** Three tables hold the counts `GET /api/v1/stats` reports, per
  `scope_org` (the proposer org, each of its ancestors, and `*` for everything) and year (the
  dossier's `year`, else its creation year in Asia/Ho_Chi_Minh, as the scan used):
  `stats_dossier_counts` (award, status, deciding level), `stats_stage_counts` (closed and
  on-time review stages per level) and `stats_nominee_counts` (approved individual nominees of
  decided dossiers, and the direct workers among them). Statement-level AFTER triggers with
  transition tables on `dossiers`, `stages` and `nominees` apply the difference a statement made,
  inside the writer's transaction, whatever code writes (API, projection, COPY). Each trigger
  upserts its deltas in key order, so two writers lock shared summary rows in the same order.
  Invariant: summary = Σ f(dossier, child) over current rows; a change on either side applies
  f(new) − f(old) with the other side as it is now.
  Creating the triggers and backfilling happens in one transaction: writes to the three tables
  wait for that backfill (one aggregate pass), so no change is lost or counted twice.
* **Search.** `tdkt_fold(text)` = lower(unaccent(text)), IMMUTABLE (the `unaccent` dictionary is
  named explicitly). A BEFORE INSERT / UPDATE OF search_text trigger stores
  `search_fold = tdkt_fold(search_text)` (so every writer keeps it, COPY included), existing rows
  are backfilled in batches of 5,000, each its own transaction, and a pg_trgm GIN index serves
  `search_fold LIKE '%…%'`: "nguyen thi" finds "Nguyễn Thị", "hs-2026-7f" finds the id. A stored
  column, not an expression index: the filter then costs a plain LIKE per candidate row instead
  of a function call. The old `ix_dossiers_search_text_trgm` stays until the code that reads it
  is gone (expand/contract).
* **List indexes**, built with CREATE INDEX CONCURRENTLY outside the migration transaction (no
  write lock on a filled table): `(filter, created_at DESC, id)` for status / award / stage level /
  proposer / stage org, so a filtered first page is an index range read in list order; the open
  dossiers' `due_at` and `scope_orgs` (partial: `overdue` = open and `due_at < now()`, for all
  or for one caller's scope); the inbox per stage org and per proposer (partial, in due order).

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "('in_review', 'returned')"
YEAR = "coalesce({d}.year, extract(year FROM {d}.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int)"

# name -> (definition, only the columns part) ; all built CONCURRENTLY
INDEXES: dict[str, str] = {
    "ix_dossiers_search_fold_trgm": "USING gin (search_fold gin_trgm_ops)",
    "ix_dossiers_open_due_at": f"(due_at) WHERE status IN {OPEN}",
    # the caller's open dossiers (overdue, in review) without visiting the closed ones
    "ix_dossiers_open_scope_orgs": f"USING gin (scope_orgs) WHERE status IN {OPEN}",
    "ix_dossiers_status_created": "(status, created_at DESC, id)",
    "ix_dossiers_award_created": "(award_code, created_at DESC, id)",
    "ix_dossiers_level_created": "(stage_level, created_at DESC, id)",
    "ix_dossiers_proposer_created": "(proposer_org, created_at DESC, id)",
    "ix_dossiers_stage_org_created": "(stage_org, created_at DESC, id)",
    "ix_dossiers_inbox_review": "(stage_org, due_at, created_at, id) WHERE status = 'in_review'",
    "ix_dossiers_inbox_returned": "(proposer_org, due_at, created_at, id) WHERE status = 'returned'",
}

TABLES = [
    """
CREATE TABLE stats_dossier_counts (
    scope_org varchar(64) NOT NULL, year int NOT NULL, award_code varchar(32) NOT NULL,
    status varchar(16) NOT NULL, level varchar(16) NOT NULL, n bigint NOT NULL DEFAULT 0,
    CONSTRAINT pk_stats_dossier_counts PRIMARY KEY (scope_org, year, award_code, status, level)
)""",
    """CREATE TABLE stats_stage_counts (
    scope_org varchar(64) NOT NULL, year int NOT NULL, level varchar(16) NOT NULL,
    closed bigint NOT NULL DEFAULT 0, on_time bigint NOT NULL DEFAULT 0,
    CONSTRAINT pk_stats_stage_counts PRIMARY KEY (scope_org, year, level)
)""",
    """CREATE TABLE stats_nominee_counts (
    scope_org varchar(64) NOT NULL, year int NOT NULL,
    decided_individuals bigint NOT NULL DEFAULT 0, direct_workers bigint NOT NULL DEFAULT 0,
    CONSTRAINT pk_stats_nominee_counts PRIMARY KEY (scope_org, year)
)""",
    """CREATE FUNCTION tdkt_org_scopes(code text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up(code, parent_code) AS (
        SELECT o.code, o.parent_code FROM orgs o WHERE o.code = $1
        UNION
        SELECT o.code, o.parent_code FROM orgs o JOIN up ON o.code = up.parent_code
    )
    SELECT code::text FROM up UNION ALL SELECT '*'
$$""",
]

FOLD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE FUNCTION tdkt_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, value))""",
    "ALTER TABLE dossiers ADD COLUMN search_fold text",
    """CREATE FUNCTION dossiers_fill_search_fold() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_fold := tdkt_fold(NEW.search_text);
        RETURN NEW;
    END
    $$""",
    "CREATE TRIGGER dossiers_search_fold BEFORE INSERT OR UPDATE OF search_text ON dossiers"
    " FOR EACH ROW EXECUTE FUNCTION dossiers_fill_search_fold()",
]

# one batch of the search_fold backfill: the next 5,000 ids after :last; returns the last id
BACKFILL_BATCH = """
WITH batch AS (SELECT id FROM dossiers WHERE id > :last ORDER BY id LIMIT 5000),
filled AS (
    UPDATE dossiers d SET search_fold = tdkt_fold(d.search_text)
    FROM batch WHERE d.id = batch.id AND d.search_fold IS NULL
)
SELECT max(id) FROM batch
"""


def _upsert(table: str, keys: list[str], values: list[str], delta: str) -> str:
    """Group `delta` (proposer_org, year, keys..., values...) by scope and add it to `table`."""
    cols = ", ".join(keys)
    sums = ", ".join(f"sum({v}) AS {v}" for v in values)
    nonzero = " OR ".join(f"sum({v}) <> 0" for v in values)
    sets = ", ".join(f"{v} = t.{v} + excluded.{v}" for v in values)
    pre = f"proposer_org, year{', ' + cols if keys else ''}"
    post = f"s.scope_org, g.year{''.join(', g.' + k for k in keys)}"
    return f"""
    WITH delta AS ({delta}),
    grouped AS (SELECT {pre}, {sums} FROM delta GROUP BY {pre} HAVING {nonzero}),
    scoped AS (
        SELECT {post}, {", ".join(f"sum(g.{v}) AS {v}" for v in values)}
        FROM grouped g CROSS JOIN LATERAL tdkt_org_scopes(g.proposer_org) AS s(scope_org)
        GROUP BY {post}
    )
    INSERT INTO {table} AS t (scope_org, year{", " + cols if keys else ""}, {", ".join(values)})
    SELECT * FROM scoped ORDER BY 1, 2{"".join(f", {i + 3}" for i in range(len(keys)))}
    ON CONFLICT (scope_org, year{", " + cols if keys else ""}) DO UPDATE SET {sets};
    """


def _dossier_counts(source: str, sign: int) -> str:
    return (
        f"SELECT d.proposer_org, {YEAR.format(d='d')} AS year, d.award_code, d.status,"
        f" coalesce(d.route ->> -1, '') AS level, {sign} AS n FROM {source} d"
    )


def _nominee_counts(dossiers: str, nominees: str, sign: int) -> str:
    return (
        f"SELECT d.proposer_org, {YEAR.format(d='d')} AS year,"
        f" {sign} * count(*) AS decided_individuals,"
        f" {sign} * count(*) FILTER (WHERE nm.is_direct_worker) AS direct_workers"
        f" FROM {dossiers} d JOIN {nominees} nm ON nm.dossier_id = d.id"
        " WHERE d.status = 'decided' AND nm.kind = 'individual' AND nm.outcome = 'approved'"
        " GROUP BY 1, 2"
    )


def _stage_counts(dossiers: str, stages: str, sign: int) -> str:
    return (
        f"SELECT d.proposer_org, {YEAR.format(d='d')} AS year, s.level,"
        f" {sign} * count(*) AS closed,"
        f" {sign} * count(*) FILTER (WHERE coalesce(s.closed_at <= s.due_at, false)"
        " AND NOT s.overdue) AS on_time"
        f" FROM {dossiers} d JOIN {stages} s ON s.dossier_id = d.id"
        " WHERE s.closed_at IS NOT NULL AND s.phase = 'review' GROUP BY 1, 2, 3"
    )


def _all(parts: list[str]) -> str:
    return " UNION ALL ".join(f"({p})" for p in parts)


DOSSIER_KEYS = (["award_code", "status", "level"], ["n"])
NOMINEE_KEYS: tuple[list[str], list[str]] = ([], ["decided_individuals", "direct_workers"])
STAGE_KEYS = (["level"], ["closed", "on_time"])

# dossiers whose status or scope key changed in an UPDATE (old and new version side by side)
CHANGED = (
    "(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id"
    " WHERE (o.status, o.proposer_org, " + YEAR.format(d="o") + ")"
    " IS DISTINCT FROM (n.status, n.proposer_org, " + YEAR.format(d="n") + "))"
)
MOVED = (
    "(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id"
    " WHERE (o.proposer_org, " + YEAR.format(d="o") + ")"
    " IS DISTINCT FROM (n.proposer_org, " + YEAR.format(d="n") + "))"
)


def _trigger_bodies() -> dict[str, tuple[str, str, str]]:
    """function name -> (table, event, body)."""
    new_changed, old_changed = CHANGED.format(side="n"), CHANGED.format(side="o")
    new_moved, old_moved = MOVED.format(side="n"), MOVED.format(side="o")
    return {
        "tdkt_stats_dossiers_ins": (
            "dossiers",
            "INSERT",
            _upsert("stats_dossier_counts", *DOSSIER_KEYS, _dossier_counts("new_rows", 1)),
        ),
        "tdkt_stats_dossiers_del": (
            "dossiers",
            "DELETE",
            _upsert("stats_dossier_counts", *DOSSIER_KEYS, _dossier_counts("old_rows", -1)),
        ),
        "tdkt_stats_dossiers_upd": (
            "dossiers",
            "UPDATE",
            _upsert(
                "stats_dossier_counts",
                *DOSSIER_KEYS,
                _all([_dossier_counts("new_rows", 1), _dossier_counts("old_rows", -1)]),
            )
            + _upsert(
                "stats_nominee_counts",
                *NOMINEE_KEYS,
                _all(
                    [
                        _nominee_counts(new_changed, "nominees", 1),
                        _nominee_counts(old_changed, "nominees", -1),
                    ]
                ),
            )
            + _upsert(
                "stats_stage_counts",
                *STAGE_KEYS,
                _all([_stage_counts(new_moved, "stages", 1), _stage_counts(old_moved, "stages", -1)]),
            ),
        ),
        "tdkt_stats_nominees_ins": (
            "nominees",
            "INSERT",
            _upsert("stats_nominee_counts", *NOMINEE_KEYS, _nominee_counts("dossiers", "new_rows", 1)),
        ),
        "tdkt_stats_nominees_del": (
            "nominees",
            "DELETE",
            _upsert(
                "stats_nominee_counts", *NOMINEE_KEYS, _nominee_counts("dossiers", "old_rows", -1)
            ),
        ),
        "tdkt_stats_nominees_upd": (
            "nominees",
            "UPDATE",
            _upsert(
                "stats_nominee_counts",
                *NOMINEE_KEYS,
                _all(
                    [
                        _nominee_counts("dossiers", "new_rows", 1),
                        _nominee_counts("dossiers", "old_rows", -1),
                    ]
                ),
            ),
        ),
        "tdkt_stats_stages_ins": (
            "stages",
            "INSERT",
            _upsert("stats_stage_counts", *STAGE_KEYS, _stage_counts("dossiers", "new_rows", 1)),
        ),
        "tdkt_stats_stages_del": (
            "stages",
            "DELETE",
            _upsert("stats_stage_counts", *STAGE_KEYS, _stage_counts("dossiers", "old_rows", -1)),
        ),
        "tdkt_stats_stages_upd": (
            "stages",
            "UPDATE",
            _upsert(
                "stats_stage_counts",
                *STAGE_KEYS,
                _all(
                    [
                        _stage_counts("dossiers", "new_rows", 1),
                        _stage_counts("dossiers", "old_rows", -1),
                    ]
                ),
            ),
        ),
    }


def _referencing(event: str) -> str:
    return {
        "INSERT": "REFERENCING NEW TABLE AS new_rows",
        "DELETE": "REFERENCING OLD TABLE AS old_rows",
        "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[event]


def _create_triggers() -> None:
    for name, (table, event, body) in _trigger_bodies().items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
            f"BEGIN\n{body}\nRETURN NULL;\nEND\n$fn$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} {_referencing(event)}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )


def _backfill() -> None:
    op.execute(_upsert("stats_dossier_counts", *DOSSIER_KEYS, _dossier_counts("dossiers", 1)))
    op.execute(
        _upsert("stats_nominee_counts", *NOMINEE_KEYS, _nominee_counts("dossiers", "nominees", 1))
    )
    op.execute(_upsert("stats_stage_counts", *STAGE_KEYS, _stage_counts("dossiers", "stages", 1)))


def upgrade() -> None:
    for statement in [*TABLES, *FOLD]:
        op.execute(statement)
    # the triggers' lock on the three tables makes the backfill and the triggers one cut-over
    op.execute("LOCK TABLE dossiers, nominees, stages IN SHARE ROW EXCLUSIVE MODE")
    _create_triggers()
    _backfill()
    with op.get_context().autocommit_block():
        bind, last = op.get_bind(), ""
        while last is not None:  # each batch commits on its own: no long row locks
            last = bind.execute(sa.text(BACKFILL_BATCH), {"last": last}).scalar()
        for name, definition in INDEXES.items():
            # a failed earlier CONCURRENTLY build leaves an INVALID index behind: rebuild it
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            op.execute(f"CREATE INDEX CONCURRENTLY {name} ON dossiers {definition}")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    for name, (table, _event, _body) in _trigger_bodies().items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP TRIGGER IF EXISTS dossiers_search_fold ON dossiers")
    op.execute("DROP FUNCTION IF EXISTS dossiers_fill_search_fold()")
    op.execute("ALTER TABLE dossiers DROP COLUMN IF EXISTS search_fold")
    op.execute("DROP FUNCTION IF EXISTS tdkt_fold(text)")
    op.execute("DROP FUNCTION IF EXISTS tdkt_org_scopes(text)")
    op.execute("DROP TABLE stats_dossier_counts, stats_stage_counts, stats_nominee_counts")
