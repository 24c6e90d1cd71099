"""``registers.any_record``, the one-query check before eligibility loads the registers: it must
say "someone may be recorded" exactly when one of the three candidate queries finds a row."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from domain.registry import normalise_name
from store.models import AwardRecord, DisciplineRecord, InitiativeRecord, Org
from store.repositories import registers
from store.repositories import registry as registry_repo

AWARDED = ("Lê Thị Khen", "001080000001")
DISCIPLINED = ("Trần Văn Kỷ", "001080000002")
INITIATOR = ("Phạm Minh Sáng", "001080000003")
NOBODY = ("Hoàng Văn Vắng", "001080000009")


async def _registers(session: AsyncSession) -> None:
    session.add_all(
        [
            Org(code="AR-P", name="Tỉnh thử", level="province"),
            Org(code="AR-U", name="Trường thử", level="unit", parent_code="AR-P"),
            Org(code="AR-X", name="Tỉnh khác", level="province"),
        ]
    )
    await session.flush()
    name, cccd = AWARDED
    session.add(
        AwardRecord(
            award_code="LDTT", subject="individual", name=name, org_code="AR-U",
            decision_number="1/QĐ-UBND", decision_date=date(2024, 12, 20),
            achievement_year=2024, identity_number=cccd, person_key=normalise_name(name),
        )
    )  # fmt: skip
    name, cccd = DISCIPLINED
    session.add(
        DisciplineRecord(
            name=name, person_key=normalise_name(name), identity_number=cccd, org_code="AR-U",
            kind="discipline", starts_on=date(2025, 1, 1), recorded_by="tester",
        )
    )  # fmt: skip
    name, cccd = INITIATOR
    session.add(
        InitiativeRecord(
            name=name, person_key=normalise_name(name), identity_number=cccd, org_code="AR-U",
            title="Sáng kiến thử", scope="unit", recognised_on=date(2024, 5, 1),
            recorded_by="tester",
        )
    )  # fmt: skip
    await session.flush()


async def _candidates(session: AsyncSession, ids: list[str], keys: list[str], root: str) -> bool:
    found = (
        await registry_repo.candidates(
            session=session, identity_numbers=ids, name_keys=keys, root=root
        ),
        await registers.discipline_candidates(
            session=session, identity_numbers=ids, name_keys=keys, root=root
        ),
        await registers.initiative_candidates(
            session=session, identity_numbers=ids, name_keys=keys, root=root
        ),
    )
    return any(found)


async def test_any_record_agrees_with_the_three_candidate_queries(
    db_session: AsyncSession,
) -> None:
    await _registers(db_session)
    cases: list[tuple[list[str], list[str], str]] = []
    for name, cccd in (AWARDED, DISCIPLINED, INITIATOR, NOBODY):
        key = normalise_name(name)
        for root in ("AR-P", "AR-U", "AR-X"):
            cases += [([cccd], [], root), ([], [key], root), ([cccd], [key], root)]
    cases += [([], [], "AR-P"), ([NOBODY[1]], [normalise_name(AWARDED[0])], "AR-X")]
    answers = []
    for ids, keys, root in cases:
        expected = await _candidates(db_session, ids, keys, root)
        got = await registers.any_record(
            session=db_session, identity_numbers=ids, name_keys=keys, root=root
        )
        assert got == expected, (ids, keys, root)
        answers.append(got)
    # each recorded person: found by CCCD from every root (3), by name only from a root whose
    # subtree holds their unit (2 of 3), by both from every root (3); nobody else is found
    assert len(answers) == 38
    assert answers.count(True) == 3 * (3 + 2 + 3)
    by_name_elsewhere = await registers.any_record(
        session=db_session,
        identity_numbers=[],
        name_keys=[normalise_name(DISCIPLINED[0])],
        root="AR-X",
    )
    assert by_name_elsewhere is False
