"""Round input out of bounds is refused with a 422 naming its field, and opens nothing:
cut-offs in the past, outside the calendar, not positive or years away; escalation intervals
of zero, below the policy's floor (``PT2S`` here, one working day by default) or above a
working year; an unknown owner org (422 on ``owner_org``, not a 403)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from domain.calendar import local_date
from tests.api.conftest import World

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("worker")]


def today() -> str:
    return local_date(datetime.now(UTC)).strftime("%d/%m/%Y")


def body(world: World, code: str, **changes: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": "Tổng kết năm 2026 (giới hạn)",
        "year": 2026,
        "owner_org": world.code("P3"),
        "award_codes": ["GIAY_KHEN"],
        "submission_deadlines": {"unit": "P10D"},
        **changes,
    }


async def refused(
    client: httpx.AsyncClient, world: World, code: str, lang: str = "vi", **changes: Any
) -> dict[str, Any]:
    """The one error of a refused opening; nothing was opened."""
    headers = {**world.as_("P3", "chair"), "Accept-Language": lang}
    response = await client.post(
        "/api/v1/rounds", json=body(world, code, **changes), headers=headers
    )
    assert response.status_code == 422, response.text
    assert len(response.json()["errors"]) == 1
    assert (await client.get(f"/api/v1/rounds/{code}", headers=headers)).status_code == 404
    listed = (await client.get("/api/v1/rounds", headers=headers)).json()["items"]
    assert code not in {r["code"] for r in listed}
    error: dict[str, Any] = response.json()["errors"][0]
    return error


async def test_escalation_intervals_out_of_bounds(client: httpx.AsyncClient, world: World) -> None:
    code = f"GH-E-{world.tag}"
    zero = "Chu kỳ báo cáo cấp trên: Khoảng thời gian “PT0S” phải lớn hơn 0."
    assert await refused(client, world, code, escalate_every="PT0S") == {
        "field": "escalate_every",
        "message": zero,
    }
    assert (await refused(client, world, code, escalate_every="0wd"))["field"] == "escalate_every"
    assert await refused(client, world, code, escalate_every="PT1S") == {
        "field": "escalate_every",
        "message": "Chu kỳ báo cáo cấp trên: Khoảng nhắc lại “PT1S” quá ngắn: mỗi lần báo cáo "
        "cấp trên cách nhau ít nhất PT2S.",
    }
    assert await refused(client, world, code, lang="en", escalate_every="300wd") == {
        "field": "escalate_every",
        "message": "Escalation interval: The interval “300wd” is too long: at most 250 working "
        "days (or 366 days).",
    }
    fine = await client.post(
        "/api/v1/rounds",
        json=body(world, code, escalate_every="PT3S"),
        headers=world.as_("P3", "chair"),
    )
    assert fine.status_code == 201, fine.text
    closed = await client.post(
        f"/api/v1/rounds/{code}/close", json={}, headers=world.as_("P3", "chair")
    )
    assert closed.status_code == 200


async def test_cut_offs_out_of_bounds(client: httpx.AsyncClient, world: World) -> None:
    code = f"GH-D-{world.tag}"
    field = "submission_deadlines.unit"
    label = "Hạn gửi theo cấp (Đơn vị): "
    assert await refused(client, world, code, submission_deadlines={"unit": "2020-01-01"}) == {
        "field": field,
        "message": f"{label}Hạn “2020-01-01” đã qua: hạn nộp phải sau thời điểm mở đợt "
        f"({today()}).",
    }
    assert await refused(client, world, code, submission_deadlines={"unit": "P0D"}) == {
        "field": field,
        "message": f"{label}Khoảng thời gian “P0D” phải lớn hơn 0.",
    }
    assert await refused(client, world, code, submission_deadlines={"unit": "2200-01-01"}) == {
        "field": field,
        "message": f"{label}Ngày “2200-01-01” nằm ngoài lịch: hạn nộp phải từ 01/01/1900 "
        "đến 31/12/2199.",
    }
    far = await refused(client, world, code, submission_deadlines={"unit": "P36500D"})
    assert far["field"] == field
    assert far["message"].startswith(f"{label}Hạn “P36500D” quá xa: hạn nộp phải trong vòng")
    district = await refused(
        client, world, code, submission_deadlines={"unit": "P10D", "district": "2019-05-01"}
    )
    assert district["field"] == "submission_deadlines.district"


async def test_unknown_owner_org_is_a_field_error(client: httpx.AsyncClient, world: World) -> None:
    code = f"GH-O-{world.tag}"
    assert await refused(client, world, code, owner_org="NOPE") == {
        "field": "owner_org",
        "message": "Đơn vị chủ trì: Không có đơn vị NOPE",
    }


async def test_recurring_round_bounds(
    client: httpx.AsyncClient, world: World, dev_env: WorkflowEnvironment
) -> None:
    chair = world.as_("P2", "chair")
    base = {
        "code_prefix": f"GH-{world.tag}",
        "name": "Sơ kết quý",
        "owner_org": world.code("P2"),
        "award_codes": ["GIAY_KHEN"],
        "cron": "0 8 1 1,4,7,10 *",
    }
    for deadlines, every, field in (
        ({"unit": "P0D"}, None, "submission_deadlines.unit"),
        ({"unit": "P36500D"}, None, "submission_deadlines.unit"),
        ({"unit": "P10D"}, "PT0S", "escalate_every"),
    ):
        sent = {**base, "submission_deadlines": deadlines, "escalate_every": every}
        response = await client.post("/api/v1/round-schedules", json=sent, headers=chair)
        assert response.status_code == 422, response.text
        assert [e["field"] for e in response.json()["errors"]] == [field]
    unknown = {**base, "owner_org": "NOPE", "submission_deadlines": {"unit": "P10D"}}
    response = await client.post("/api/v1/round-schedules", json=unknown, headers=chair)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["owner_org"]
    # Temporal's own words were English; it takes more than the five fields the contract names
    # (seconds, a year, "@every 1s": a schedule run every second), which are refused the same way
    for cron in ("bogus", "61 0 1 12 *", "@every 1s", "* * * * * *", "0 8 1 1 * 2026"):
        for lang, words in (("vi", "Biểu thức cron không hợp lệ"), ("en", "Invalid cron")):
            bad = {**base, "cron": cron, "submission_deadlines": {"unit": "P10D"}}
            response = await client.post(
                "/api/v1/round-schedules", json=bad, headers=chair | {"Accept-Language": lang}
            )
            assert response.status_code == 422, response.text
            error = response.json()["errors"][0]
            assert error["field"] == "cron"
            assert words in error["message"], error
            assert f"“{cron}”" in error["message"], error
            assert "CronString" not in error["message"], error
            assert "range" not in error["message"], error
    schedules = [s.id async for s in await dev_env.client.list_schedules()]
    assert not [s for s in schedules if f"GH-{world.tag}" in s]
