"""A calendar override reaches running dossiers through one Temporal batch operation: the request
answers at once with the job, and the open deadlines move once the job has signalled them."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from domain.calendar import VN_TZ
from tests.api.conftest import World, eventually, submit

pytestmark = pytest.mark.usefixtures("worker")


async def _due_again(
    client: httpx.AsyncClient, world: World, dossier_id: str, due: datetime
) -> None:
    """Wait until the dossier's open deadline is ``due`` again."""
    await eventually(
        client,
        f"/api/v1/dossiers/{dossier_id}",
        world.as_("U1", "viewer"),
        lambda d: datetime.fromisoformat(d["stage"]["due_at"]) == due,
        within=30.0,
    )


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
    await _due_again(client, world, created["id"], due)


async def test_a_change_right_after_another_still_reaches_running_dossiers(
    client: httpx.AsyncClient, world: World
) -> None:
    """Temporal runs one batch operation per namespace at a time: a second override while the
    first one's job is still signalling waits for it and is scheduled too (it was dropped, and
    the deadlines kept the first change), so an override removed at once leaves them as before."""
    created = (await submit(client, world)).json()
    due = datetime.fromisoformat(created["stage"]["due_at"])
    day = due.astimezone(VN_TZ).date().isoformat()
    path = f"/api/v1/calendar/overrides/{day}"
    first = await client.put(path, json={"working": False, "note": "Nghỉ"}, headers=world.admin)
    assert first.status_code == 200, first.text
    removed = await client.delete(path, headers=world.admin)
    assert removed.status_code == 200, removed.text
    assert removed.json()["recalculation_job"] is not None, removed.json()
    assert removed.json()["workflows_notified"] >= 1
    await _due_again(client, world, created["id"], due)


async def test_an_override_that_changes_no_day_schedules_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    """Audit A5 §12: a Sunday marked a day off, or a weekday marked working, says what the
    calendar already said: it is recorded (and can be removed) but no deadline can move, so no
    running dossier is signalled."""
    await submit(client, world)  # a running dossier that would be signalled
    sunday, monday = "2027-03-07", "2027-03-08"
    for day, working in ((sunday, False), (monday, True)):
        path = f"/api/v1/calendar/overrides/{day}"
        put = await client.put(
            path, json={"working": working, "note": "Ghi rõ"}, headers=world.admin
        )
        assert put.status_code == 200, put.text
        assert (put.json()["recalculation_job"], put.json()["workflows_notified"]) == (None, 0)
        listed = await client.get(
            "/api/v1/calendar/overrides", params={"year": 2027}, headers=world.admin
        )
        assert day in {o["date"] for o in listed.json()}, listed.text
        removed = await client.delete(path, headers=world.admin)
        assert removed.status_code == 200, removed.text
        assert removed.json()["recalculation_job"] is None
    # one that does change a day still reaches the running dossiers
    changed = await client.put(
        f"/api/v1/calendar/overrides/{monday}", json={"working": False}, headers=world.admin
    )
    assert changed.json()["recalculation_job"] is not None, changed.text
    await client.delete(f"/api/v1/calendar/overrides/{monday}", headers=world.admin)
