"""Every command that answers with the dossier answers with the papers checklist the next GET
shows (contract §13 ``documents``, §16: the answer is the dossier as every later read shows it):
create (a draft), submit, return, resubmit, extend the deadline, approve, withdraw."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import World
from tests.drafts.helpers import attach_required, draft, submitted

pytestmark = pytest.mark.usefixtures("worker")


async def _same_as_next_read(
    client: httpx.AsyncClient, answer: httpx.Response, headers: dict[str, str]
) -> dict[str, Any]:
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    read = await client.get(f"/api/v1/dossiers/{body['id']}", headers=headers)
    assert read.status_code == 200, read.text
    assert body["documents"] is not None
    assert body["documents"] == read.json()["documents"]
    assert body["version"] == read.json()["version"]
    return body


async def test_each_command_answers_with_the_checklist_of_the_next_read(
    client: httpx.AsyncClient, world: World
) -> None:
    officer, chair = world.as_("U1", "officer"), world.as_("D1", "chair")
    created = await draft(client, world)
    path = f"/api/v1/dossiers/{created['id']}"
    read = (await client.get(path, headers=officer)).json()
    assert created["documents"] == read["documents"]
    assert created["documents"]["missing"] == ["to_trinh", "bao_cao_thanh_tich", "bien_ban"]
    await attach_required(client, world, created)

    steps: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        ("submit", {}, officer),
        ("decisions", {"action": "return", "comment": "Bổ sung minh chứng"}, chair),
        ("resubmit", {"comment": "Đã bổ sung"}, officer),
        ("deadline-extensions", {"working_days": 3, "comment": "Chờ xác minh"}, chair),
        ("decisions", {"action": "approve", "comment": "Đồng ý"}, chair),
    ]
    for command, body, headers in steps:
        answer = await client.post(f"{path}/{command}", json=body, headers=headers)
        shown = await _same_as_next_read(client, answer, headers)
        assert shown["documents"]["present"] == ["to_trinh", "bao_cao_thanh_tich", "bien_ban"]
    assert shown["status"] == "decided"

    other = await submitted(client, world)
    answer = await client.post(
        f"/api/v1/dossiers/{other['id']}/withdraw", json={"comment": "Rút"}, headers=officer
    )
    assert (await _same_as_next_read(client, answer, officer))["status"] == "withdrawn"
