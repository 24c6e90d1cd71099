"""A round over HTTP on the dev server with a real worker and PostgreSQL, in seconds:
units' cut-off 4 s after opening, districts' 10 s, escalation every 3 s."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from store.db import make_engine, make_sessionmaker
from store.models import OutboxMessage
from tests.api.conftest import World, eventually

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("worker")]


async def outbox_rows(settings: Settings, kind: str) -> list[tuple[str, str]]:
    assert settings.database_url is not None
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            query = select(OutboxMessage.recipient, OutboxMessage.subject).where(
                OutboxMessage.kind == kind
            )
            return [(r, s) for r, s in (await session.execute(query)).all()]
    finally:
        await engine.dispose()


async def until_rows(settings: Settings, kind: str, recipient: str) -> list[tuple[str, str]]:
    for _ in range(400):  # a schedule-triggered run on a loaded 2-core machine: up to 40 s
        rows = [r for r in await outbox_rows(settings, kind) if r[0] == recipient]
        if rows:
            return rows
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {kind} row for {recipient}")


async def submit(
    http: httpx.AsyncClient,
    world: World,
    *,
    proposer: str,
    round_code: str,
    award_code: str = "GIAY_KHEN",
) -> httpx.Response:
    body = {
        "proposer_org": world.code(proposer),
        "award_code": award_code,
        "summary": "Thành tích năm 2026",
        "round_code": round_code,
        "nominees": [{"kind": "individual", "name": "Trần Thị Bình"}],
    }
    return await http.post("/api/v1/dossiers", json=body, headers=world.as_(proposer, "officer"))


def by_org(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["org_code"]: s for s in [*body["submitters"], *body["forwarders"]]}


async def test_round_with_second_scale_deadlines(
    client: httpx.AsyncClient, world: World, api_settings: Settings, dev_env: WorkflowEnvironment
) -> None:
    code = f"TK-{world.tag}"
    body = {
        "code": code,
        "name": "Tổng kết năm 2026 (thử)",
        "year": 2026,
        "owner_org": world.code("P3"),
        # Bằng khen tỉnh is decided above the districts: they forward (Giấy khen they decide)
        "award_codes": ["GIAY_KHEN", "BK_TINH"],
        "submission_deadlines": {"unit": "PT4S", "district": "PT10S"},
        "escalate_every": "PT3S",
    }
    chair = world.as_("P3", "chair")
    refused = await client.post("/api/v1/rounds", json=body, headers=world.as_("D1", "chair"))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ chủ tịch của province P3 thử được thực hiện"
    wrong = await client.post(
        "/api/v1/rounds", json={**body, "submission_deadlines": {"commune": "PT4S"}}, headers=chair
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "submission_deadlines.commune"
    assert wrong.json()["errors"][0]["message"] == (
        "Hạn gửi theo cấp (Cấp xã): Đợt này không có đơn vị nào ở cấp xã gửi hồ sơ."
    )
    no_date = await client.post(
        "/api/v1/rounds",
        json={**body, "submission_deadlines": {"unit": "2026-13-45"}},
        headers=chair,
    )
    assert no_date.status_code == 422
    assert no_date.json()["errors"][0] == {
        "field": "submission_deadlines.unit",
        "message": "Hạn gửi theo cấp (Đơn vị): “2026-13-45” không phải là ngày (YYYY-MM-DD) "
        "hoặc khoảng thời gian ISO 8601 (ví dụ P10D).",
    }
    created = await client.post("/api/v1/rounds", json=body, headers=chair)
    assert created.status_code == 201, created.text
    opened = created.json()
    assert opened["status"] == "open"
    assert set(opened["deadlines"]) == {"unit", "district"}
    assert {s["org_code"] for s in opened["submitters"]} == {world.code("U1"), world.code("U2")}
    assert {s["org_code"] for s in opened["forwarders"]} == {world.code("D1"), world.code("D2")}
    # read-your-writes: the committed round, right after its 201 (the workflow wrote it)
    read = (await client.get(f"/api/v1/rounds/{code}", headers=chair)).json()
    assert {s["org_code"] for s in read["submitters"]} == {world.code("U1"), world.code("U2")}
    again = await client.post("/api/v1/rounds", json=body, headers=chair)
    assert again.status_code == 409
    assert again.json()["errors"] == [
        {"field": "code", "message": f"Mã đợt xét: Đợt {code} đã tồn tại"}
    ]

    # U1 submits on time; a dossier of an award the round does not cover is refused.
    on_time = await submit(client, world, proposer="U1", round_code=code)
    assert on_time.status_code == 201, on_time.text
    assert (on_time.json()["round_code"], on_time.json()["late"]) == (code, False)
    waiting = await submit(client, world, proposer="U1", round_code=code)
    assert waiting.status_code == 201
    other = await submit(client, world, proposer="U1", round_code=code, award_code="LDTT")
    assert other.status_code == 422

    # The units' cut-off passes: U2 is escalated to its chair and the district's chair.
    late_round = await eventually(
        client,
        f"/api/v1/rounds/{code}",
        chair,
        lambda b: by_org(b)[world.code("U2")]["escalation_level"] >= 1,
    )
    u2 = by_org(late_round)[world.code("U2")]
    assert (u2["submitted"], u2["late"]) == (False, True)
    assert by_org(late_round)[world.code("U1")]["late"] is False
    await until_rows(api_settings, "round_escalated", f"chair.d2.{world.tag}".lower())
    await until_rows(api_settings, "round_escalated", f"chair.u2.{world.tag}".lower())

    # U2 submits late: accepted, flagged; D2's chair takes it, D1's chair decides U1's.
    late = await submit(client, world, proposer="U2", round_code=code)
    assert late.status_code == 201, late.text
    assert late.json()["late"] is True
    late_id = late.json()["id"]
    taken = await client.post(
        f"/api/v1/dossiers/{late_id}/decisions",
        json={"action": "approve", "comment": "Nhận hồ sơ trễ hạn"},
        headers=world.as_("D2", "chair"),
    )
    assert taken.status_code == 200, taken.text
    assert taken.json()["late"] is True
    listed = await client.get(
        "/api/v1/dossiers", params={"q": late_id}, headers=world.as_("D2", "chair")
    )
    assert [(i["id"], i["round_code"], i["late"]) for i in listed.json()["items"]] == [
        (late_id, code, True)
    ]
    decided = await client.post(
        f"/api/v1/dossiers/{on_time.json()['id']}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=world.as_("D1", "chair"),
    )
    assert decided.status_code == 200, decided.text

    progress = await eventually(
        client,
        f"/api/v1/rounds/{code}",
        world.as_("U2", "viewer"),
        lambda b: all(s["submitted"] for s in [*b["submitters"], *b["forwarders"]]),
    )
    rows = by_org(progress)
    assert (rows[world.code("U2")]["late"], rows[world.code("U2")]["dossier_ids"]) == (
        True,
        [late_id],
    )
    assert rows[world.code("D2")]["late"] is False
    stats = await eventually(
        client, f"/api/v1/rounds/{code}/stats", chair, lambda b: b["late_taken"] == 1
    )
    assert (stats["expected_submitters"], stats["submitted"], stats["on_time"]) == (2, 2, 1)
    assert (stats["late_submitters"], stats["late_dossiers"], stats["dossiers"]) == (1, 1, 3)
    assert stats["escalations"] >= 1
    listed = await client.get("/api/v1/rounds", headers=world.as_("U1", "viewer"))
    assert code in {r["code"] for r in listed.json()["items"]}
    hidden = await client.get(f"/api/v1/rounds/{code}", headers=world.as_("U3", "viewer"))
    assert hidden.status_code == 404

    # Closing stops the round; a closed round takes no dossier.
    closed = await client.post(f"/api/v1/rounds/{code}/close", json={}, headers=chair)
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    again = await client.post(f"/api/v1/rounds/{code}/close", json={}, headers=chair)
    assert again.status_code == 409
    assert again.json()["detail"] == "“Tổng kết năm 2026 (thử)” đã kết thúc"  # by name
    english = {**chair, "Accept-Language": "en"}
    again = await client.post(f"/api/v1/rounds/{code}/close", json={}, headers=english)
    assert again.json()["detail"] == "Round Tổng kết năm 2026 (thử) is already closed"
    too_late = await submit(client, world, proposer="U1", round_code=code)
    assert too_late.status_code == 409
    assert too_late.json()["errors"] == [
        {"field": "round_code", "message": "Đợt xét: “Tổng kết năm 2026 (thử)” đã kết thúc"}
    ]
    handle = dev_env.client.get_workflow_handle(f"round-{code}")
    assert (await handle.result())["status"] == "closed"
    got = await client.get(f"/api/v1/rounds/{code}", headers=chair)
    assert (got.json()["status"], got.json()["live"]) == ("closed", False)
    events = (await client.get(f"/api/v1/rounds/{code}/events", headers=chair)).json()["items"]
    kinds = [e["kind"] for e in events]
    assert (kinds[0], kinds[-1]) == ("opened", "closed")
    assert {"submitted", "submitted_late", "escalated", "forwarded", "late_taken"} <= set(kinds)
    # an escalation names the late org, in the reader's language (it said "cấp unit")
    escalated = next(e for e in events if e["kind"] == "escalated")
    u2_name = (await client.get(f"/api/v1/orgs/{world.code('U2')}", headers=world.admin)).json()
    assert escalated["detail"] == f"{u2_name['name']} quá hạn gửi hồ sơ: báo cáo cấp trên lần 1"
    in_english = await client.get(
        f"/api/v1/rounds/{code}/events", headers=chair | {"Accept-Language": "en"}
    )
    worded = next(e for e in in_english.json()["items"] if e["kind"] == "escalated")["detail"]
    assert worded == f"{u2_name['name']} is late submitting: escalated to the level above, time 1"

    # The daily digest (a Temporal Schedule at 07:00) run now: D1's chair has one waiting.
    run = await client.post("/api/v1/digest/run", headers=world.admin)
    assert run.status_code == 202, run.text
    digest = await until_rows(api_settings, "digest", f"chair.d1.{world.tag}".lower())
    assert "1 hồ sơ chờ xử lý" in digest[0][1]
    schedule = await dev_env.client.get_schedule_handle(run.json()["schedule_id"]).describe()
    assert schedule.schedule.spec.time_zone_name == "Asia/Ho_Chi_Minh"


async def test_recurring_round_schedule(
    client: httpx.AsyncClient, world: World, dev_env: WorkflowEnvironment
) -> None:
    chair = world.as_("P2", "chair")
    body = {
        "code_prefix": f"SK-{world.tag}",
        "name": "Sơ kết quý",
        "owner_org": world.code("P2"),
        "award_codes": ["GIAY_KHEN"],
        "submission_deadlines": {"unit": "P10D"},
        "cron": "0 8 1 1,4,7,10 *",
    }
    dated = {**body, "submission_deadlines": {"unit": "2026-12-10"}}
    assert (
        await client.post("/api/v1/round-schedules", json=dated, headers=chair)
    ).status_code == 422
    created = await client.post("/api/v1/round-schedules", json=body, headers=chair)
    assert created.status_code == 201, created.text
    schedule = dev_env.client.get_schedule_handle(created.json()["schedule_id"])
    try:
        await schedule.trigger()
        listed = await eventually(
            client,
            "/api/v1/rounds",
            chair,
            lambda b: any(r["code"].startswith(f"SK-{world.tag}-") for r in b["items"]),
        )
        code = next(r["code"] for r in listed["items"] if r["code"].startswith(f"SK-{world.tag}"))
        got = await eventually(
            client, f"/api/v1/rounds/{code}", chair, lambda b: len(b["submitters"]) == 1
        )
        assert got["submitters"][0]["org_code"] == world.code("U3")
        closed = await client.post(f"/api/v1/rounds/{code}/close", json={}, headers=chair)
        assert closed.status_code == 200
    finally:
        await schedule.delete()
