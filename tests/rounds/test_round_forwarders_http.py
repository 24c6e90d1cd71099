"""Who forwards in a round, over HTTP (audit A4 §4 and §12): the owner org receives its
round's dossiers and never forwards, whether a district or a province owns the round; a level
that decides every award of the round itself forwards nothing. Their cut-offs are still
accepted (the levels below without one of their own inherit them). A forwarder's cut-off may
not be earlier than the units'; a key that is no level is refused as such, with the levels it
may be. Each refusal is a 422 naming ``submission_deadlines.<key>`` that opens (or schedules)
nothing, on ``/rounds`` and ``/round-schedules`` alike. A district round of its own awards
escalates its late units to the district's chair, never to the province's."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from tests.api.conftest import World, eventually
from tests.rounds.test_round_http import outbox_rows

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("worker")]

LABEL = "Hạn gửi theo cấp"


def body(
    world: World, code: str, owner: str, awards: list[str], **deadlines: str
) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"Đợt xét {code}",
        "year": 2026,
        "owner_org": world.code(owner),
        "award_codes": awards,
        "submission_deadlines": deadlines,
        "escalate_every": "PT2S",
    }


def schedule_body(
    world: World, prefix: str, owner: str, awards: list[str], **deadlines: str
) -> dict[str, Any]:
    return {
        "code_prefix": prefix,
        "name": "Sơ kết quý",
        "owner_org": world.code(owner),
        "award_codes": awards,
        "submission_deadlines": deadlines,
        "cron": "0 8 1 1,4,7,10 *",
    }


async def refused(
    client: httpx.AsyncClient, world: World, sent: dict[str, Any], owner: str, lang: str = "vi"
) -> dict[str, Any]:
    """The one error of a refused opening; the round does not exist afterwards."""
    headers = {**world.as_(owner, "chair"), "Accept-Language": lang}
    response = await client.post("/api/v1/rounds", json=sent, headers=headers)
    assert response.status_code == 422, response.text
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert len(errors) == 1, errors
    assert (await client.get(f"/api/v1/rounds/{sent['code']}", headers=headers)).status_code == 404
    listed = (await client.get("/api/v1/rounds", headers=headers)).json()["items"]
    assert sent["code"] not in {r["code"] for r in listed}
    return errors[0]


async def refused_schedule(
    client: httpx.AsyncClient, dev_env: WorkflowEnvironment, world: World, sent: dict[str, Any]
) -> dict[str, Any]:
    owner = next(a for a, c in world.orgs.items() if c == sent["owner_org"])
    response = await client.post(
        "/api/v1/round-schedules", json=sent, headers=world.as_(owner, "chair")
    )
    assert response.status_code == 422, response.text
    schedules = [s.id async for s in await dev_env.client.list_schedules()]
    assert not [s for s in schedules if sent["code_prefix"] in s]
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert len(errors) == 1, errors
    return errors[0]


async def name_of(client: httpx.AsyncClient, world: World, alias: str) -> str:
    got = await client.get(f"/api/v1/orgs/{world.code(alias)}", headers=world.admin)
    name: str = got.json()["name"]
    return name


async def opened(
    client: httpx.AsyncClient, world: World, sent: dict[str, Any], owner: str
) -> dict[str, Any]:
    """The round opened (201), then closed again; its opening answer."""
    chair = world.as_(owner, "chair")
    created = await client.post("/api/v1/rounds", json=sent, headers=chair)
    assert created.status_code == 201, created.text
    closed = await client.post(f"/api/v1/rounds/{sent['code']}/close", json={}, headers=chair)
    assert closed.status_code == 200, closed.text
    answer: dict[str, Any] = created.json()
    return answer


async def test_levels_that_forward_nothing_keep_their_cut_off_and_never_forward(
    client: httpx.AsyncClient, world: World
) -> None:
    units = {world.code("U1")}
    # a district round of the awards the district decides (the audit's X6): units only, which
    # share the district's cut-off
    sent = body(world, f"FW-D-{world.tag}", "D1", ["LDTT", "GIAY_KHEN"], district="PT5S")
    answer = await opened(client, world, sent, "D1")
    assert ({s["org_code"] for s in answer["submitters"]}, answer["forwarders"]) == (units, [])
    assert list(answer["deadlines"]) == ["district"]
    # a province round of Bằng khen tỉnh with a cut-off of the province's own: the districts
    # forward, the province never
    sent = body(world, f"FW-P-{world.tag}", "P3", ["BK_TINH"], district="P20D", province="P40D")
    answer = await opened(client, world, sent, "P3")
    forwarders = {s["org_code"] for s in answer["forwarders"]}
    assert forwarders == {world.code("D1"), world.code("D2")}
    # a province round of Giấy khen, which each district decides itself: nobody forwards
    sent = body(world, f"FW-L-{world.tag}", "P3", ["GIAY_KHEN"], unit="P10D", district="P20D")
    answer = await opened(client, world, sent, "P3")
    assert answer["forwarders"] == []
    assert sorted(answer["deadlines"]) == ["district", "unit"]


async def test_a_forwarder_cut_off_is_not_earlier_than_the_units(
    client: httpx.AsyncClient, world: World, dev_env: WorkflowEnvironment
) -> None:
    sent = body(world, f"FW-O-{world.tag}", "P3", ["BK_TINH"], unit="P20D", district="P10D")
    assert await refused(client, world, sent, "P3") == {
        "field": "submission_deadlines.district",
        "message": f"{LABEL} (Cấp huyện): Hạn gửi của cấp huyện (P10D) không được sớm hơn hạn "
        "gửi của đơn vị (P20D): cấp huyện cần nhận hồ sơ của đơn vị rồi mới chuyển lên.",
    }
    english = await refused(client, world, sent, "P3", lang="en")
    assert english["message"] == (
        "Cut-off per level (District): The district cut-off (P10D) may not be earlier than the "
        "unit cut-off (P20D): the district level forwards what the unit level sends it."
    )
    scheduled = schedule_body(
        world, f"FW-OS-{world.tag}", "P3", ["BK_TINH"], unit="P20D", district="P10D"
    )
    error = await refused_schedule(client, dev_env, world, scheduled)
    assert error["field"] == "submission_deadlines.district"
    # the same day, or the units sharing the district's: accepted
    same = body(world, f"FW-O1-{world.tag}", "P3", ["BK_TINH"], unit="P10D", district="P10D")
    assert len((await opened(client, world, same, "P3"))["forwarders"]) == 2
    shared = body(world, f"FW-O2-{world.tag}", "P3", ["BK_TINH"], district="P10D")
    assert list((await opened(client, world, shared, "P3"))["deadlines"]) == ["district"]


async def test_a_key_that_is_no_level_is_refused_as_such(
    client: httpx.AsyncClient, world: World, dev_env: WorkflowEnvironment
) -> None:
    sent = body(world, f"FW-G-{world.tag}", "P3", ["BK_TINH"], galaxy="P10D")
    assert await refused(client, world, sent, "P3") == {
        "field": "submission_deadlines.galaxy",
        "message": f"{LABEL}: “galaxy” không phải là tên một cấp. Đợt này đặt hạn gửi cho: "
        "đơn vị, cấp huyện, cấp tỉnh.",
    }
    assert (await refused(client, world, sent, "P3", lang="en"))["message"] == (
        "Cut-off per level: “galaxy” is not the name of a level. This round takes cut-offs "
        "for: unit, district, province."
    )
    district_round = body(world, f"FW-G-{world.tag}", "D1", ["LDTT"], galaxy="P10D")
    assert (await refused(client, world, district_round, "D1"))["message"] == (
        f"{LABEL}: “galaxy” không phải là tên một cấp. Đợt này đặt hạn gửi cho: đơn vị, cấp huyện."
    )
    nobody_below = body(world, f"FW-G-{world.tag}", "U1", ["LDTT"], galaxy="P10D")
    assert (await refused(client, world, nobody_below, "U1"))["message"] == (
        f"{LABEL}: “galaxy” không phải là tên một cấp. Đợt này đặt hạn gửi cho: đơn vị."
    )
    scheduled = schedule_body(world, f"FW-GS-{world.tag}", "P2", ["LDTT"], galaxy="P10D")
    assert await refused_schedule(client, dev_env, world, scheduled) == {
        "field": "submission_deadlines.galaxy",
        "message": f"{LABEL}: “galaxy” không phải là tên một cấp. Đợt này đặt hạn gửi cho: "
        "đơn vị, cấp xã, cấp tỉnh.",
    }


async def test_forwarders_and_escalations_stop_at_the_owner(
    client: httpx.AsyncClient, world: World, api_settings: Settings
) -> None:
    # a province round of Bằng khen tỉnh: the districts forward, the province does not
    code = f"FW-B-{world.tag}"
    sent = body(world, code, "P3", ["BK_TINH"], unit="P10D", district="P20D")
    created = await client.post("/api/v1/rounds", json=sent, headers=world.as_("P3", "chair"))
    assert created.status_code == 201, created.text
    assert {s["org_code"] for s in created.json()["forwarders"]} == {
        world.code("D1"),
        world.code("D2"),
    }
    stats = (await client.get(f"/api/v1/rounds/{code}/stats", headers=world.admin)).json()
    assert (stats["expected_submitters"], stats["forwarders"]) == (2, 2)
    closed = await client.post(f"/api/v1/rounds/{code}/close", json={}, headers=world.admin)
    assert closed.status_code == 200, closed.text

    # a district round of its own awards: units only; U1 late → U1's and D1's chairs only
    code = f"FW-X-{world.tag}"
    sent = body(world, code, "D1", ["LDTT", "GIAY_KHEN"], unit="PT3S")
    chair = world.as_("D1", "chair")
    created = await client.post("/api/v1/rounds", json=sent, headers=chair)
    assert created.status_code == 201, created.text
    opened = created.json()
    assert [s["org_code"] for s in opened["submitters"]] == [world.code("U1")]
    assert (opened["forwarders"], list(opened["deadlines"])) == ([], ["unit"])
    late = await eventually(
        client,
        f"/api/v1/rounds/{code}",
        chair,
        lambda b: b["submitters"][0]["escalation_level"] >= 1,
    )
    assert late["forwarders"] == []
    expected = {f"chair.{a}.{world.tag}".lower() for a in ("u1", "d1")}
    for _ in range(200):
        mine = [r for r in await outbox_rows(api_settings, "round_escalated") if code in r[1]]
        if {r[0] for r in mine} >= expected:
            break
        await asyncio.sleep(0.1)
    assert {r[0] for r in mine} == expected, mine  # never the province's chair
    closed = await client.post(f"/api/v1/rounds/{code}/close", json={}, headers=chair)
    assert closed.status_code == 200, closed.text
    # the closed round's stats add up with its page
    stats = (await client.get(f"/api/v1/rounds/{code}/stats", headers=chair)).json()
    assert (stats["expected_submitters"], stats["forwarders"], stats["forwarded"]) == (1, 0, 0)
    final = (await client.get(f"/api/v1/rounds/{code}", headers=chair)).json()
    everyone = [*final["submitters"], *final["forwarders"]]
    assert stats["escalations"] == sum(s["escalation_level"] for s in everyone) >= 1
