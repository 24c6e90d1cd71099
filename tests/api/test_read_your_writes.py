"""Engine v2 contract (§16): after any 2xx, every read already reflects it — the dossier (API
and web page), the caller's and the next chair's inbox, the filtered list — `due_at` included.

No polling here: each read follows its command's answer directly. Also the keyed retries:
the same Idempotency-Key reaches the same dossier and the same decision, never a second one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from domain.calendar import VN_TZ
from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")


def _cookie(headers: dict[str, str]) -> dict[str, str]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"tdkt_session={token}"}


async def _reads_show(http: httpx.AsyncClient, world: World, answer: dict[str, Any]) -> None:
    """Every read equals the command's answer, right after it."""
    dossier_id = answer["id"]
    proposer = next(a for a, c in world.orgs.items() if c == answer["proposer_org"])
    viewer = world.as_(proposer, "viewer")
    got = (await http.get(f"/api/v1/dossiers/{dossier_id}", headers=viewer)).json()
    for key in ("status", "round", "version", "stage", "decision", "nominees"):
        assert got[key] == answer[key], (key, got[key], answer[key])
    assert [h["action"] for h in got["history"]] == [h["action"] for h in answer["history"]]
    listed = await http.get(
        "/api/v1/dossiers", params={"status": answer["status"], "q": dossier_id}, headers=viewer
    )
    assert dossier_id in {d["id"] for d in listed.json()["items"]}
    stage = answer["stage"]
    if stage is not None:
        assert stage["due_at"] is not None, "an open stage always has its deadline"
        waiting = next(a for a, c in world.orgs.items() if c == stage["org_code"])
        role = "officer" if stage["phase"] == "resubmission" else "chair"
        tasks = (await http.get("/api/v1/tasks", headers=world.as_(waiting, role))).json()
        assert dossier_id in {t["id"] for t in tasks["items"]}
    page = await http.get(f"/ho-so/{dossier_id}", headers=_cookie(viewer))
    assert page.status_code == 200
    if stage is not None:
        due = datetime.fromisoformat(stage["due_at"]).astimezone(VN_TZ).strftime("%d/%m/%Y")
        assert due in page.text


async def test_every_2xx_is_read_back_at_once(client: httpx.AsyncClient, world: World) -> None:
    created = await submit(client, world, award_code="BK_TINH")
    assert created.status_code == 201, created.text
    answer = created.json()
    assert answer["stage"]["due_at"] is not None  # in the 201 itself
    await _reads_show(client, world, answer)
    dossier_id = answer["id"]

    steps: list[tuple[str, str, str, dict[str, Any]]] = [
        ("D1", "chair", "decisions", {"action": "approve", "comment": "Đồng ý trình tỉnh"}),
        ("P3", "chair", "decisions", {"action": "return", "comment": "Bổ sung minh chứng"}),
        ("U1", "officer", "resubmit", {"comment": "Đã bổ sung"}),
        ("P3", "chair", "deadline-extensions", {"working_days": 3, "comment": "Chờ ý kiến"}),
        ("P3", "chair", "decisions", {"action": "approve", "comment": "Khen thưởng"}),
    ]
    for alias, role, command, body in steps:
        response = await client.post(
            f"/api/v1/dossiers/{dossier_id}/{command}", json=body, headers=world.as_(alias, role)
        )
        assert response.status_code == 200, (command, response.text)
        answer = response.json()
        await _reads_show(client, world, answer)
    assert answer["status"] == "decided"
    assert answer["decision"]["authority_org"] == world.code("P3")


async def test_withdrawal_and_rejection_are_read_back_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    """A dossier that ends (withdrawn by its officer, rejected by the chair) reads as ended in
    the same instant: the dossier, the filtered list, the web page, and no chair's inbox."""
    ending = [
        ("U1", "officer", "withdraw", {"comment": "Rút để bổ sung năm sau"}, "withdrawn"),
        (
            "D1",
            "chair",
            "decisions",
            {"action": "reject", "comment": "Chưa đủ điều kiện"},
            "rejected",
        ),
    ]
    for alias, role, command, body, status in ending:
        created = (await submit(client, world)).json()
        response = await client.post(
            f"/api/v1/dossiers/{created['id']}/{command}", json=body, headers=world.as_(alias, role)
        )
        assert response.status_code == 200, (command, response.text)
        answer = response.json()
        assert (answer["status"], answer["stage"]) == (status, None)
        await _reads_show(client, world, answer)
        tasks = (await client.get("/api/v1/tasks", headers=world.as_("D1", "chair"))).json()
        assert created["id"] not in {t["id"] for t in tasks["items"]}


async def test_extension_moves_the_due_date_in_its_answer(
    client: httpx.AsyncClient, world: World
) -> None:
    created = (await submit(client, world)).json()
    before = datetime.fromisoformat(created["stage"]["due_at"])
    extended = await client.post(
        f"/api/v1/dossiers/{created['id']}/deadline-extensions",
        json={"working_days": 5, "comment": "Chờ xác minh"},
        headers=world.as_("D1", "chair"),
    )
    assert extended.status_code == 200, extended.text
    after = datetime.fromisoformat(extended.json()["stage"]["due_at"])
    assert (after - before).days >= 7  # five working days, a weekend at least
    assert extended.json()["history"][-1]["action"] == "extended"
    # the proposer's officer may not extend the district's deadline
    refused = await client.post(
        f"/api/v1/dossiers/{created['id']}/deadline-extensions",
        json={"working_days": 5, "comment": "x"},
        headers=world.as_("U1", "officer"),
    )
    assert refused.status_code == 403


def _number(dossier_id: str) -> int:
    """The sequence number of ``HS-<year>-<n>``."""
    return int(dossier_id.rsplit("-", 1)[1])


async def test_keyed_create_and_decision_happen_once(
    client: httpx.AsyncClient, world: World
) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    officer = world.as_("U1", "officer") | key
    first = await submit(client, world, headers=officer)
    again = await submit(client, world, headers=officer)
    assert first.status_code == again.status_code == 201, again.text
    assert first.json()["id"] == again.json()["id"]
    other = await submit(
        client, world, headers=officer, nominees=[{"kind": "individual", "name": "Trần Thị Bình"}]
    )
    assert other.status_code == 409, other.text
    _names_the_key_in_vietnamese(other)
    dossier_id = first.json()["id"]
    listed = await client.get(
        "/api/v1/dossiers", params={"q": dossier_id}, headers=world.as_("U1", "viewer")
    )
    assert listed.json()["total"] == 1
    # the resends used up no dossier number (audit A5 §9): the next create takes the next one
    following = await submit(client, world, headers=world.as_("U1", "officer"))
    assert _number(following.json()["id"]) == _number(dossier_id) + 1

    decision = {"action": "approve", "comment": "Đồng ý"}
    chair = world.as_("D1", "chair") | {"Idempotency-Key": str(uuid.uuid4())}
    path = f"/api/v1/dossiers/{dossier_id}/decisions"
    one = await client.post(path, json=decision, headers=chair)
    two = await client.post(path, json=decision, headers=chair)
    assert one.status_code == two.status_code == 200, two.text
    assert one.json()["version"] == two.json()["version"]
    history = two.json()["history"]
    assert [h["action"] for h in history].count("decided") == 1
    other_decision = await client.post(path, json={**decision, "comment": "Khác"}, headers=chair)
    assert other_decision.status_code == 409, other_decision.text
    _names_the_key_in_vietnamese(other_decision)
    # retried after its dossier closed, a keyed create still gets what the first one answered
    late = await submit(client, world, headers=officer)
    assert late.status_code == 201, late.text
    assert late.json() == first.json()
    changed = await submit(
        client, world, headers=officer, nominees=[{"kind": "individual", "name": "Lê Văn Cường"}]
    )
    assert changed.status_code == 409, changed.text
    _names_the_key_in_vietnamese(changed)


def _names_the_key_in_vietnamese(answer: httpx.Response) -> None:
    problem = answer.json()
    assert problem["detail"].startswith("Khóa Idempotency-Key"), problem
    assert problem["errors"] == [{"field": "Idempotency-Key", "message": problem["detail"]}]
