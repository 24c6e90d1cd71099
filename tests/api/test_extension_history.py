"""A deadline extension names the chair's own org, records the days and the new deadline, and
tells the proposing unit's officers (through the outbox, in the transition's transaction).

Before, the district chair's extension of a returned dossier was attributed to the school
(the stage's org), gave neither the days nor the new date, and the school's officers heard
nothing of it."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")


async def _extended(
    client: httpx.AsyncClient, world: World, *, returned: bool
) -> tuple[dict[str, object], dict[str, object]]:
    """A dossier of U1 at D1 (returned to U1 when ``returned``), extended by D1's chair."""
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    path = f"/api/v1/dossiers/{created.json()['id']}"
    chair = world.as_("D1", "chair")
    if returned:
        back = await client.post(
            f"{path}/decisions", json={"action": "return", "comment": "Bổ sung"}, headers=chair
        )
        assert back.status_code == 200, back.text
    answer = await client.post(
        f"{path}/deadline-extensions",
        json={"working_days": 3, "comment": "Chờ xác minh"},
        headers=chair,
    )
    assert answer.status_code == 200, answer.text
    read = await client.get(path, headers=chair)
    assert read.status_code == 200, read.text
    return answer.json(), read.json()


@pytest.mark.parametrize("returned", [True, False])
async def test_extension_is_the_chairs_with_days_and_new_deadline(
    client: httpx.AsyncClient, world: World, returned: bool
) -> None:
    answered, read = await _extended(client, world, returned=returned)
    for view in (answered, read):  # the update's answer and the read model agree
        last = view["history"][-1]  # type: ignore[index]
        assert last["action"] == "extended"
        assert (last["org_code"], last["level"]) == (world.code("D1"), "district")
        assert last["working_days"] == 3
        due = view["stage"]["due_at"]  # type: ignore[index]
        assert datetime.fromisoformat(last["due_at"]) == datetime.fromisoformat(due)


async def test_the_proposing_officers_hear_of_the_new_deadline(
    client: httpx.AsyncClient, world: World
) -> None:
    answered, _ = await _extended(client, world, returned=False)
    officer = world.as_("U1", "officer")
    listed = await client.get("/api/v1/notifications", headers=officer)
    assert listed.status_code == 200, listed.text
    mine = [n for n in listed.json()["items"] if n["dossier_id"] == answered["id"]]
    assert [n["kind"] for n in mine if n["kind"] == "extended"] == ["extended"]
    english = await client.get("/api/v1/notifications", headers=officer | {"Accept-Language": "en"})
    titles = [n["title"] for n in english.json()["items"] if n["kind"] == "extended"]
    assert titles
    assert answered["id"] in titles[0]
