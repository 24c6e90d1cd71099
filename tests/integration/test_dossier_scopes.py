"""`dossier_scopes` (migration 0013) follows every write of `dossiers`, and the lists it serves
answer exactly what the same filters on `dossiers` answer — overdue at its boundaries included.

Each test writes inside a transaction that is rolled back (`db_session`); `now()` is the
transaction's start, so due times can sit exactly on, just before and just after it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Dossier
from store.repositories import dossier_pages
from store.repositories.dossier_lists import (
    ListFilter,
    count_statement,
    list_where,
    uses_scopes,
)

ORGS = (
    "INSERT INTO orgs (code, name, level, parent_code) VALUES"
    " ('SCP', 'P', 'province', NULL), ('SCD1', 'D1', 'district', 'SCP'),"
    " ('SCD2', 'D2', 'district', 'SCP'), ('SCU1', 'U1', 'unit', 'SCD1'),"
    " ('SCU2', 'U2', 'unit', 'SCD2')"
)
# (id, proposer, route orgs, status, due_at relative to now() as an SQL interval or NULL)
DOSSIERS = [
    ("SC-1", "SCU1", ["SCU1", "SCD1"], "in_review", "-1 microsecond"),
    ("SC-2", "SCU1", ["SCU1", "SCD1"], "in_review", "0"),
    ("SC-3", "SCU1", ["SCU1", "SCD1", "SCP"], "in_review", "1 microsecond"),
    ("SC-4", "SCU1", ["SCU1", "SCD1"], "returned", "-3 days"),
    ("SC-5", "SCU1", ["SCU1", "SCD1"], "decided", "-3 days"),
    ("SC-6", "SCU1", ["SCU1", "SCD1"], "in_review", None),
    ("SC-7", "SCU2", ["SCU2", "SCD2", "SCP"], "returned", "-1 day"),
    ("SC-8", "SCU2", ["SCU2", "SCD2"], "withdrawn", None),
]
INSERT = (
    "INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,"
    " route_orgs, status, summary, search_text, created_by, created_at, due_at, stage_org,"
    " stage_level) VALUES (CAST(:id AS text), 'w-' || CAST(:id AS text), 'GIAY_KHEN',"
    " :proposer, 'three_tier', '[]', :route, :status, '', lower(CAST(:id AS text)), 'test',"
    " now() - make_interval(mins => :age), now() + CAST(:due AS interval), :stage, :level)"
)
EXPECTED = """
SELECT s.org, d.id, d.created_at, d.status, d.award_code, d.stage_level, d.stage_org,
       d.proposer_org,
       CASE WHEN d.status IN ('in_review', 'returned') THEN d.due_at END
FROM dossiers d CROSS JOIN LATERAL unnest(d.scope_orgs) AS s(org)
"""
STORED = """
SELECT org_code, dossier_id, created_at, status, award_code, stage_level, stage_org,
       proposer_org, open_due_at
FROM dossier_scopes
"""


def _row(
    ident: str, proposer: str, route: list[str], status: str, due: str | None, age: int
) -> dict[str, object]:
    """INSERT's values; the stage is where the workflow puts it: back at the proposer when
    returned, else the route's district (a draft has none)."""
    returned, draft = status == "returned", status == "draft"
    return {
        "id": ident,
        "proposer": proposer,
        "route": route,
        "status": status,
        "due": due,
        "age": age,
        "stage": None if draft else proposer if returned else route[1],
        "level": None if draft else "unit" if returned else "district",
    }


async def _fill(session: AsyncSession) -> None:
    await session.execute(text(ORGS))
    for age, (ident, proposer, route, status, due) in enumerate(DOSSIERS):
        await session.execute(text(INSERT), _row(ident, proposer, route, status, due, age))


async def _differences(session: AsyncSession) -> tuple[int, int]:
    missing = await session.scalar(text(f"SELECT count(*) FROM ({EXPECTED} EXCEPT {STORED}) x"))
    extra = await session.scalar(text(f"SELECT count(*) FROM ({STORED} EXCEPT {EXPECTED}) x"))
    return int(missing or 0), int(extra or 0)


async def test_scopes_follow_inserts_updates_upserts_and_deletes(db_session: AsyncSession) -> None:
    await _fill(db_session)
    assert await _differences(db_session) == (0, 0)
    stored = await db_session.scalar(
        text("SELECT count(*) FROM dossier_scopes WHERE dossier_id LIKE 'SC-%'")
    )
    assert stored == 8 * 3  # unit, district, province: the route adds no other org here
    await db_session.execute(
        text("UPDATE dossiers SET status = 'decided', due_at = NULL WHERE id = 'SC-1'")
    )
    await db_session.execute(
        text("UPDATE dossiers SET due_at = now() - interval '5 days' WHERE id = 'SC-6'")
    )
    await db_session.execute(text("UPDATE dossiers SET version = version + 1"))  # nothing listed
    # the projection's upsert: a new route through another district, a new stage
    await db_session.execute(
        text(
            "INSERT INTO dossiers (id, workflow_id, award_code, proposer_org, route_profile, route,"
            " route_orgs, status, created_by) SELECT id, workflow_id, award_code, proposer_org,"
            " route_profile, route, ARRAY[proposer_org, 'SCD2'], 'returned', created_by"
            " FROM dossiers WHERE id = 'SC-3' ON CONFLICT (id) DO UPDATE"
            " SET route_orgs = excluded.route_orgs, status = excluded.status,"
            " stage_org = 'SCD2'"
        )
    )
    await db_session.execute(text("DELETE FROM dossiers WHERE id = 'SC-8'"))
    assert await _differences(db_session) == (0, 0)
    orgs = await db_session.scalars(
        text("SELECT org_code FROM dossier_scopes WHERE dossier_id = 'SC-3' ORDER BY 1")
    )
    assert list(orgs) == ["SCD1", "SCD2", "SCP", "SCU1"]  # SCP: still the proposer's province
    assert (
        await db_session.scalar(
            text("SELECT count(*) FROM dossier_scopes WHERE dossier_id = 'SC-8'")
        )
        == 0
    )


async def _listed(session: AsyncSession, org: str | None, filters: ListFilter) -> list[str]:
    page = await dossier_pages.list_(
        session=session, caller_org=org, filters=filters, page=1, page_size=100
    )
    return [row.id for row in page.rows if row.id.startswith("SC-")]


async def test_overdue_is_open_and_strictly_past_due_in_every_scope(
    db_session: AsyncSession,
) -> None:
    await _fill(db_session)
    overdue = {"SC-1", "SC-4"}  # -1 µs in review, -3 days returned; not: due now, closed, none
    for org, visible in (
        ("SCU1", {f"SC-{n}" for n in range(1, 7)}),
        ("SCD1", {f"SC-{n}" for n in range(1, 7)}),
        ("SCP", {f"SC-{n}" for n in range(1, 9)}),
        (None, {f"SC-{n}" for n in range(1, 9)}),
    ):
        want_overdue = sorted(overdue | ({"SC-7"} & visible))
        got = await _listed(db_session, org, ListFilter(overdue=True))
        assert sorted(got) == want_overdue, org
        assert [r for r in await _listed(db_session, org, ListFilter()) if r in got] == got
        rest = await _listed(db_session, org, ListFilter(overdue=False))
        assert sorted(rest) == sorted(visible - set(want_overdue)), org
        assert uses_scopes(org, ListFilter(overdue=True)) is (org is not None)


async def test_scope_lists_equal_the_same_filters_on_dossiers(db_session: AsyncSession) -> None:
    await _fill(db_session)
    for filters in (
        ListFilter(status="returned"),
        ListFilter(org_code="SCD1"),
        ListFilter(org_code="SCU2", overdue=True),
        ListFilter(level="district", award_code="GIAY_KHEN", status="in_review"),
    ):
        for org in ("SCU1", "SCD2", "SCP", None):
            want = await db_session.scalars(
                select(Dossier.id)
                .where(list_where(caller_org=org, filters=filters), Dossier.id.like("SC-%"))
                .order_by(Dossier.created_at.desc(), Dossier.id)
            )
            assert await _listed(db_session, org, filters) == list(want), (org, filters)


async def test_the_admins_org_filter_reads_that_orgs_scope_and_counts_both_halves(
    db_session: AsyncSession,
) -> None:
    """The admin's `org_code` list is read from the org's scope rows: the same dossiers as the
    filter on `dossiers` (drafts excluded), and its capped count, three capped counts added
    (proposed + waiting - both), is exact up to the cap and over it exactly when the list is."""
    await _fill(db_session)
    await db_session.execute(text(INSERT), _row("SC-9", "SCU1", [], "draft", None, 9))
    cases = [ListFilter(org_code=org) for org in ("SCU1", "SCU2", "SCD1", "SCD2", "SCP")]
    cases += [
        ListFilter(org_code="SCU1", status="returned"),
        ListFilter(org_code="SCD1", overdue=True),
    ]
    for filters in cases:
        assert uses_scopes(None, filters)
        want = list(
            await db_session.scalars(
                select(Dossier.id)
                .where(list_where(caller_org=None, filters=filters), Dossier.id.like("SC-%"))
                .order_by(Dossier.created_at.desc(), Dossier.id)
            )
        )
        assert "SC-9" not in want
        assert await _listed(db_session, None, filters) == want, filters
        for org in (None, "SCP", "SCD1"):
            exact = len(await _listed(db_session, org, filters))
            for limit in range(exact + 2):
                got = int(await db_session.scalar(count_statement(org, filters, limit)) or 0)
                assert (got > limit) is (exact > limit), (org, filters, limit, got)
                assert got == exact or exact > limit, (org, filters, limit, got)
    # SC-4 is proposed by SCU1 and (returned) waits at SCU1: in both halves, counted once
    both = ListFilter(org_code="SCU1")
    assert len(await _listed(db_session, None, both)) == 6
    assert await db_session.scalar(count_statement(None, both)) == 6


async def test_a_changed_due_time_moves_a_dossier_in_and_out_of_overdue(
    db_session: AsyncSession,
) -> None:
    await _fill(db_session)
    extended = timedelta(days=4)  # due 3 days ago: now due tomorrow
    await db_session.execute(
        text("UPDATE dossiers SET due_at = due_at + :d WHERE id = 'SC-4'"), {"d": extended}
    )
    await db_session.execute(
        text("UPDATE dossiers SET status = 'in_review' WHERE id = 'SC-5'")  # reopened, past due
    )
    assert sorted(await _listed(db_session, "SCD1", ListFilter(overdue=True))) == ["SC-1", "SC-5"]


async def test_a_query_shaped_like_an_id_finds_ids_by_their_beginning(
    db_session: AsyncSession,
) -> None:
    await _fill(db_session)
    for ident in ("HS-2025-0000123", "HS-2025-0000124", "HS-2025-0001230", "HS-2026-0000123"):
        await db_session.execute(
            text(INSERT),
            _row(ident, "SCU2", ["SCU2", "SCD2"], "decided", None, 0),
        )
    for q, want in (
        ("hs-2025-000012", ["HS-2025-0000123", "HS-2025-0000124"]),
        ("  HS-2025-0000123 ", ["HS-2025-0000123"]),
        ("hs-2026-000", ["HS-2026-0000123"]),
        ("hs-2025-0000999", []),
    ):
        for org in ("SCU2", None):
            page = await dossier_pages.list_(
                session=db_session, caller_org=org, filters=ListFilter(q=q), page=1, page_size=10
            )
            assert sorted(r.id for r in page.rows) == want, (q, org)
            assert page.total == len(want)
    await db_session.execute(text("SET LOCAL enable_seqscan = off"))  # as at a million rows
    plan = await db_session.scalar(
        text("EXPLAIN (FORMAT JSON) SELECT id FROM dossiers WHERE id LIKE 'HS-2025-0000%'")
    )
    assert "ix_dossiers_id_pattern" in str(plan)
    # not an id's shape: the substring search over the folded text, as before
    page = await dossier_pages.list_(
        session=db_session,
        caller_org=None,
        filters=ListFilter(q="s-2025-00001"),
        page=1,
        page_size=10,
    )
    assert sorted(r.id for r in page.rows) == ["HS-2025-0000123", "HS-2025-0000124"]
