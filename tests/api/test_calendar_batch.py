"""A calendar override reaches running dossiers through one Temporal batch operation: the request
answers at once with the job, and the open deadlines move once the job has signalled them."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from domain.calendar import VN_TZ
from tests.api.conftest import World, eventually, submit

pytestmark = pytest.mark.usefixtures("worker")


async def test_override_schedules_one_batch_job_and_deadlines_follow(
    client: httpx.AsyncClient, world: World
) -> None:
    created = (await submit(client, world)).json()
    due = datetime.fromisoformat(created["stage"]["due_at"])
    due_day = due.astimezone(VN_TZ).date()
    response = await client.put(
        f"/api/v1/calendar/overrides/{due_day.isoformat()}",
        json={"working": False, "note": "Nghỉ bù (thử)"},
        headers=world.admin,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["recalculation_job"].startswith(f"calendar-{due_day.isoformat()}")
    assert body["workflows_notified"] >= 1

    moved = await eventually(
        client,
        f"/api/v1/dossiers/{created['id']}",
        world.as_("U1", "viewer"),
        lambda d: datetime.fromisoformat(d["stage"]["due_at"]) > due,
        within=30.0,
    )
    assert datetime.fromisoformat(moved["stage"]["due_at"]).astimezone(VN_TZ).date() > due_day
    # and back: the day works again, the deadline returns
    restored = await client.put(
        f"/api/v1/calendar/overrides/{due_day.isoformat()}",
        json={"working": True, "note": "Đi làm lại"},
        headers=world.admin,
    )
    assert restored.status_code == 200
    await eventually(
        client,
        f"/api/v1/dossiers/{created['id']}",
        world.as_("U1", "viewer"),
        lambda d: datetime.fromisoformat(d["stage"]["due_at"]) == due,
        within=30.0,
    )
