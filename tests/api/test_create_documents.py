"""The 201 of a create (an import is one too) and the 200 of a decision carry
the papers checklist the next GET shows (contract §13 ``documents``, §16)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")


@pytest.mark.parametrize("award_code", ["GIAY_KHEN", "CSTD_TINH"])
async def test_a_created_dossier_answers_with_its_checklist(
    client: httpx.AsyncClient, world: World, award_code: str
) -> None:
    officer, chair = world.as_("U1", "officer"), world.as_("D1", "chair")
    created = await submit(client, world, award_code=award_code)
    assert created.status_code == 201, created.text
    body = created.json()
    path = f"/api/v1/dossiers/{body['id']}"
    read = (await client.get(path, headers=officer)).json()
    assert body["documents"] is not None
    assert body["documents"]["missing"]  # nothing attached yet
    assert body["documents"] == read["documents"]

    decided = await client.post(
        f"{path}/decisions", json={"action": "return", "comment": "Bổ sung"}, headers=chair
    )
    assert decided.status_code == 200, decided.text
    again = (await client.get(path, headers=chair)).json()
    assert decided.json()["documents"] == again["documents"] is not None
