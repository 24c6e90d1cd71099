"""Refusals name their field by what it is where it is sent: the audit log's ``action`` filter
is "Hành động" (it read "Quyết định", a dossier decision's label), and a computed date the API's
date range cannot hold is refused naming what made it (``days``), never answered."""

from __future__ import annotations

import httpx
import pytest

from api.field_labels import field_label
from api.schemas.dossiers import DecisionIn
from core import i18n
from tests.api.conftest import World


@pytest.mark.parametrize(("language", "label"), [(None, "Hành động: "), ("en", "Action: ")])
async def test_the_audit_filter_s_action_is_an_action(
    client: httpx.AsyncClient, world: World, language: str | None, label: str
) -> None:
    headers = {**world.admin, **({"Accept-Language": language} if language else {})}
    answer = await client.get("/api/v1/audit", params={"action": "a\x00b"}, headers=headers)
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert error["field"] == "action"
    assert error["message"].startswith(label), error["message"]


def test_a_decision_s_action_keeps_its_own_label() -> None:
    with i18n.using("vi"):
        assert field_label("action", DecisionIn) == "Quyết định"
        assert field_label("action") == "Hành động"
    with i18n.using("en"):
        assert field_label("action", DecisionIn) == "Decision"


async def test_working_days_past_the_last_supported_day_are_refused_naming_days(
    client: httpx.AsyncClient, world: World
) -> None:
    answer = await client.get(
        "/api/v1/calendar/working-days",
        params={"start": "2199-12-31", "days": 1000},
        headers=world.admin,
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert error["field"] == "days"
    assert error["message"].startswith("Số ngày: ngày đến hạn ("), error["message"]
    assert "31/12/2199" in error["message"]
    english = await client.get(
        "/api/v1/calendar/working-days",
        params={"start": "2199-12-31", "days": 1},
        headers={**world.admin, "Accept-Language": "en"},
    )
    assert english.status_code == 422
    assert english.json()["errors"][0]["message"].startswith("Days: the due date")
    inside = await client.get(
        "/api/v1/calendar/working-days",
        params={"start": "2199-12-01", "days": 5},
        headers=world.admin,
    )
    assert inside.status_code == 200
    assert inside.json()["due_date"] <= "2199-12-31"
