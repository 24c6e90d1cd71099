"""evaluate_nominees and the initiative claims on real PostgreSQL, fed through the registry API."""

from __future__ import annotations

import asyncio
import itertools
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Invalid
from api.schemas.dossiers import NomineeIn
from api.services.registry_eligibility import check_still_free, evaluate_nominees
from store.repositories.registers import claim_initiatives
from tests.api.conftest import World
from tests.registry.workbook import cccd

ON = date(2025, 12, 15)  # the nomination date
_serial = itertools.count(1)


def person(surname: str) -> dict[str, Any]:
    serial = next(_serial)
    return {
        "name": f"{surname} Văn Tài {chr(0x41 + serial % 26)}{serial}",
        "birth_date": "1984-07-01",
        "identity_number": cccd(800_000 + serial, 1984),
    }


async def post(client: httpx.AsyncClient, world: World, path: str, body: dict[str, Any]) -> Any:
    response = await client.post(f"/api/v1/registry{path}", json=body, headers=world.admin)
    assert response.status_code == 201, response.text
    return response.json()


async def award(
    client: httpx.AsyncClient, world: World, who: dict[str, Any], code: str, year: int, alias: str
) -> None:
    body = {
        "person": who, "org_code": world.code(alias), "award_code": code, "year": year,
        "decision_number": f"{next(_serial)}/QĐ-UBND", "decision_date": f"{year + 1}-01-15",
    }  # fmt: skip
    await post(client, world, "", body)


def nominee(who: dict[str, Any], *, with_id: bool = True, **extra: Any) -> NomineeIn:
    fields = {"kind": "individual", "name": who["name"], "birth_date": who["birth_date"]}
    if with_id:
        fields["identity_number"] = who["identity_number"]
    return NomineeIn.model_validate({**fields, **extra})


HTXS_2025 = [{"year": 2025, "rating": "HTXS", "titles": ["CSTD_CS"]}]


def rules(result: Any) -> dict[str, bool]:
    return {c.rule: c.met for c in result.checks}


async def test_registry_makes_cstd_tinh_eligible(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    who = person("Lý")
    await award(client, world, who, "CSTD_CS", 2023, "U1")
    await award(client, world, who, "CSTD_CS", 2024, "U1")
    initiative = {"person": who, "org_code": world.code("U1"), "title": "Sổ điểm điện tử",
                  "scope": "province", "recognised_on": "2025-05-20"}  # fmt: skip
    await post(client, world, "/initiatives", initiative)
    stranger = person("Mạc")  # same declared history, nothing in the registry
    results = await evaluate_nominees(
        session, "CSTD_TINH", 2025, world.code("U1"),
        [nominee(who, history=HTXS_2025), nominee(who, with_id=False, history=HTXS_2025),
         nominee(stranger, history=HTXS_2025)],
        on=ON,
    )  # fmt: skip
    by_id, by_name, unknown = results
    assert by_id.eligible, by_id.checks
    assert by_name.eligible, by_name.checks  # matched by name + birth date + org
    assert sorted((a.award_code, a.year) for a in by_id.registry_awards) == [
        ("CSTD_CS", 2023),
        ("CSTD_CS", 2024),
    ]
    assert rules(by_id)["not_frozen"]
    assert rules(by_id)["initiative_province_scope"]
    assert not unknown.eligible
    assert not rules(unknown)["consecutive_cstd_cs_3"]
    assert unknown.registry_awards == []


async def test_a_namesake_elsewhere_is_not_matched(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    who = person("Kiều")
    namesake = {**who, "identity_number": cccd(850_000 + next(_serial), 1984)}
    await award(client, world, namesake, "LDTT", 2025, "U3")  # the other province
    (result,) = await evaluate_nominees(
        session, "LDTT", 2025, world.code("U1"),
        [nominee(who, with_id=False, history=[{"year": 2025, "rating": "HTT"}])], on=ON,
    )  # fmt: skip
    assert result.eligible, result.checks
    assert result.registry_awards == []


async def test_frozen_and_already_awarded(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    frozen, awarded, after = person("Tạ"), person("Lã"), person("Ông")
    period = {"person": frozen, "org_code": world.code("U1"), "from": "2025-11-01",
              "kind": "investigation"}  # fmt: skip
    await post(client, world, "/discipline", period)
    ended = {"person": after, "org_code": world.code("U1"), "from": "2024-12-01",
             "to": "2025-05-31", "kind": "discipline"}  # fmt: skip
    await post(client, world, "/discipline", ended)
    await award(client, world, awarded, "LDTT", 2025, "U1")
    history = [{"year": 2025, "rating": "HTT"}]
    results = await evaluate_nominees(
        session, "LDTT", 2025, world.code("D1"),
        [nominee(p, history=history) for p in (frozen, awarded, after)], on=ON,
    )  # fmt: skip
    assert [r.eligible for r in results] == [False, False, False]
    check = next(c for c in results[0].checks if c.rule == "not_frozen")
    assert not check.met
    assert check.basis == "ND152/2025/NĐ-CP Art.4.4"
    assert "điều tra" in check.detail
    assert not rules(results[1])["not_already_awarded"]
    assert not rules(results[2])["achievement_after_discipline"]
    (next_year,) = await evaluate_nominees(
        session, "LDTT", 2026, world.code("D1"),
        [nominee(after, history=[{"year": 2026, "rating": "HTT"}])], on=date(2026, 12, 1),
    )  # fmt: skip
    assert next_year.eligible, next_year.checks


async def test_missing_history_and_awards_without_rules(
    world: World, session: AsyncSession
) -> None:
    who = person("Hà")
    (no_history,) = await evaluate_nominees(
        session, "LDTT", 2025, world.code("U1"), [nominee(who)], on=ON
    )
    (giay_khen,) = await evaluate_nominees(
        session, "GIAY_KHEN", 2025, world.code("U1"), [nominee(who)], on=ON
    )
    assert not no_history.eligible
    assert rules(no_history)["history_declared"] is False
    assert giay_khen.eligible
    assert rules(giay_khen)["manual_review"] is True
    bad = nominee(who, history=[{"year": 2025, "rating": "HTT"}, {"year": 2025, "rating": "HT"}])
    with pytest.raises(Invalid) as caught:
        await evaluate_nominees(session, "LDTT", 2025, world.code("U1"), [bad], on=ON)
    assert caught.value.errors[0]["field"] == "nominees[0].history[1].year"
    with pytest.raises(Invalid):
        await evaluate_nominees(session, "KHONG_CO", 2025, world.code("U1"), [bad], on=ON)


async def _claim(
    session: AsyncSession, ids: list[int], dossier_id: str, award_code: str = "CSTD_CS"
) -> set[int]:
    return await claim_initiatives(
        session=session, ids=ids, award_code=award_code, year=2025, dossier_id=dossier_id
    )


async def _used_for(client: httpx.AsyncClient, world: World, who: dict[str, Any]) -> Any:
    page = await client.get(
        "/api/v1/registry/initiatives", params={"q": who["identity_number"]}, headers=world.admin
    )
    return page.json()["items"][0]["used_for"]


async def test_one_initiative_backs_one_title(
    client: httpx.AsyncClient, world: World, registry_app: FastAPI
) -> None:
    who, other = person("Đào"), person("Mai")
    body = {"person": who, "org_code": world.code("U1"), "title": "Quy trình chấm thi mới",
            "scope": "unit", "recognised_on": "2025-04-01"}  # fmt: skip
    initiative_id = (await post(client, world, "/initiatives", body))["id"]
    sessions = registry_app.state.tdkt.sessions
    history = [{"year": 2025, "rating": "HTT", "titles": ["LDTT"]}]
    cites = nominee(who, history=history, initiative_ids=[initiative_id])
    async with sessions() as session:
        (result,) = await evaluate_nominees(
            session, "CSTD_CS", 2025, world.code("U1"), [cites], on=ON
        )
        assert result.eligible, result.checks  # the initiative supplies the Art.23 alternative
        assert await _claim(session, [initiative_id], "HS-1") == {initiative_id}
        await session.commit()
    async with sessions() as session:
        # the dossier holding it may cite it again (a retry, a resubmission)
        await evaluate_nominees(
            session, "CSTD_CS", 2025, world.code("U1"), [cites], on=ON, dossier_id="HS-1"
        )
        held = "đang làm căn cứ đề nghị Chiến sĩ thi đua cơ sở năm 2025 (hồ sơ HS-1)"
        for award_code, culprit, message in (
            ("BK_TINH", cites, held),
            ("CSTD_CS", cites, held),  # the same title in a second dossier: still one title
            ("CSTD_CS", nominee(other, history=history, initiative_ids=[initiative_id]),
             "không phải của"),
            ("CSTD_CS", nominee(who, history=history, initiative_ids=[999_999_999]),
             "Không có sáng kiến"),
        ):  # fmt: skip
            with pytest.raises(Invalid) as caught:
                await evaluate_nominees(
                    session, award_code, 2025, world.code("U1"), [culprit], dossier_id="HS-2"
                )
            assert caught.value.errors[0]["field"] == "nominees[0].initiative_ids[0]"
            assert message in caught.value.errors[0]["message"]
        with pytest.raises(Invalid) as caught:
            await check_still_free(session, "HS-2", [[], [initiative_id]])
        assert caught.value.errors[0]["field"] == "nominees[1].initiative_ids[0]"
        await check_still_free(session, "HS-1", [[initiative_id]])
        # not cited, the used initiative no longer counts for another title
        (plain,) = await evaluate_nominees(
            session, "CSTD_CS", 2026, world.code("U1"),
            [nominee(who, history=[{"year": 2026, "rating": "HTT", "titles": ["LDTT"]}])], on=ON,
        )  # fmt: skip
        assert not rules(plain)["htxs_or_initiative"]


async def test_a_claim_is_never_overwritten(
    client: httpx.AsyncClient, world: World, registry_app: FastAPI
) -> None:
    """Another dossier for the same title and year used to take the claim over (HS-A's link
    lost); the holder claiming again changes nothing."""
    who = person("Lê")
    body = {"person": who, "org_code": world.code("U1"), "title": "Sổ tay an toàn",
            "scope": "unit", "recognised_on": "2025-05-01"}  # fmt: skip
    initiative_id = (await post(client, world, "/initiatives", body))["id"]
    async with registry_app.state.tdkt.sessions() as session:
        assert await _claim(session, [initiative_id], "HS-A") == {initiative_id}
        assert await _claim(session, [initiative_id], "HS-B") == set()
        assert await _claim(session, [initiative_id], "HS-B", "BK_TINH") == set()
        assert await _claim(session, [initiative_id], "HS-A") == {initiative_id}
        await session.commit()
    used = {"award_code": "CSTD_CS", "year": 2025, "dossier_id": "HS-A"}
    assert await _used_for(client, world, who) == used


async def test_concurrent_claims_leave_one_winner(
    client: httpx.AsyncClient, world: World, registry_app: FastAPI
) -> None:
    who = person("Chu")
    body = {"person": who, "org_code": world.code("U2"), "title": "Tiết kiệm điện năng",
            "scope": "unit", "recognised_on": "2025-03-01"}  # fmt: skip
    initiative_id = (await post(client, world, "/initiatives", body))["id"]
    sessions = registry_app.state.tdkt.sessions
    async with sessions() as first, sessions() as second:
        assert await _claim(first, [initiative_id], "HS-A") == {initiative_id}
        racing = asyncio.create_task(_claim(second, [initiative_id], "HS-B"))  # the same title
        await asyncio.sleep(0.3)
        assert not racing.done()  # waits on the first transaction's row lock
        await first.commit()
        assert await racing == set()  # then sees it held: nothing claimed
        await second.commit()
    used = {"award_code": "CSTD_CS", "year": 2025, "dossier_id": "HS-A"}
    assert await _used_for(client, world, who) == used
