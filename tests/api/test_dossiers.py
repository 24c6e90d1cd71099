"""Dossier lifecycle over HTTP with a real worker: submit, read, decide, list, tasks."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import World, eventually, submit

pytestmark = pytest.mark.usefixtures("worker")


async def test_submit_and_decide_at_the_district(client: httpx.AsyncClient, world: World) -> None:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    dossier = created.json()
    assert dossier["id"].startswith("HS-")
    assert dossier["route"] == ["unit", "district"]
    assert dossier["status"] == "in_review"
    assert dossier["stage"]["level"] == "district"
    assert dossier["stage"]["org_code"] == world.code("D1")
    assert dossier["stage"]["phase"] == "review"
    dossier_id = dossier["id"]

    await eventually(
        client,
        "/api/v1/tasks",
        world.as_("D1", "chair"),
        lambda body: dossier_id in {t["id"] for t in body["items"]},
    )

    decided = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=world.as_("D1", "chair"),
    )
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["status"] == "decided"
    assert body["decision"]["authority_org"] == world.code("D1")
    assert body["decision"]["bonus"][0]["amount_vnd"] > 0
    assert body["nominees"][0]["outcome"] == "approved"

    got = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=world.as_("U1", "viewer"))
    assert got.json()["status"] == "decided"
    assert [h["action"] for h in got.json()["history"]]
    listed = await client.get(
        "/api/v1/dossiers", params={"status": "decided"}, headers=world.as_("U1", "officer")
    )
    assert dossier_id in {d["id"] for d in listed.json()["items"]}
