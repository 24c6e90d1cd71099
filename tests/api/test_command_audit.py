"""A command's audit-log entry is committed in its transition's transaction (engine v2): one
entry per command, whatever is retried. Here the API "dies" after each transition committed,
before it stored its answer under the Idempotency-Key (its key row is gone), and the client
retries with the same key: the retry gets the first answer, and the log still holds one entry.
Before, the API wrote the entry itself after the update, so such a retry wrote a second one
(and an API killed between the update and that write left none)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete
from temporalio.testing import WorkflowEnvironment

from api.services.dossiers import plan
from api.services.reference import award_rule
from domain.levels import Subject
from domain.policy import DeadlinePolicy
from store.db import transaction
from store.models import IdempotencyRecord
from tests.api.conftest import World, eventually, submit
from workflows.contracts import WORKFLOW_TYPE, DossierInput, NomineeInput, workflow_id

pytestmark = pytest.mark.usefixtures("worker")

STEPS: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("D1", "chair", "decisions", {"action": "approve", "comment": "Đồng ý"}, "dossier.approve"),
    ("P3", "chair", "decisions", {"action": "return", "comment": "Bổ sung"}, "dossier.return"),
    ("U1", "officer", "resubmit", {"comment": "Đã bổ sung"}, "dossier.resubmit"),
    (
        "P3", "chair", "deadline-extensions", {"working_days": 3, "comment": "Chờ ý kiến"},
        "dossier.extend",
    ),
    ("P3", "chair", "decisions", {"action": "approve", "comment": "Khen"}, "dossier.approve"),
]  # fmt: skip


async def test_each_command_leaves_one_audit_entry_also_when_retried(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    since = datetime.now(UTC).isoformat()
    created = await submit(client, world, award_code="BK_TINH")
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    sessions = app.state.tdkt.sessions
    for alias, role, command, body, _ in STEPS:
        key = f"audit-{uuid.uuid4()}"
        headers = world.as_(alias, role) | {"Idempotency-Key": key}
        path = f"/api/v1/dossiers/{dossier_id}/{command}"
        first = await client.post(path, json=body, headers=headers)
        assert first.status_code == 200, (command, first.text)
        async with transaction(sessions) as session:  # as if the API died before completing it
            await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.key == key))
        again = await client.post(path, json=body, headers=headers)
        assert again.status_code == 200, (command, again.text)
        assert again.json()["version"] == first.json()["version"]
    log = await client.get(
        "/api/v1/audit", params={"since": since, "limit": 500}, headers=world.admin
    )
    assert log.status_code == 200, log.text
    entries = [e for e in log.json()["items"] if e["target"] == dossier_id]
    expected = Counter(step[4] for step in STEPS) + Counter(["dossier.create"])  # its creation
    assert Counter(e["action"] for e in entries) == expected
    actors = {e["action"]: e["actor"] for e in entries}
    assert actors["dossier.resubmit"] == f"officer.u1.{world.tag}".lower()
    assert all(e["ip"] for e in entries)  # from where: the request's client address


async def test_a_dossier_of_engine_v1_still_gets_its_entry_from_the_api(
    client: httpx.AsyncClient, world: World, app: FastAPI, dev_env: WorkflowEnvironment
) -> None:
    """Engine v1 (drained, still registered for dossiers started before v2) commits no audit
    entry: its answer is not ``audited``, so the API writes the entry, once."""
    since = datetime.now(UTC).isoformat()
    state = app.state.tdkt
    rule = award_rule("GIAY_KHEN")
    async with state.sessions() as session:
        route, _ = await plan(session, world.code("U1"), rule)
    dossier_id = f"HS-V1-{uuid.uuid4().hex[:8]}"
    data = DossierInput(
        dossier_id=dossier_id,
        award=rule,
        proposer_org=world.code("U1"),
        route=route,
        nominees=[NomineeInput(f"{dossier_id}-n1", Subject.individual, "Nguyễn Văn Tùng")],
        policy=DeadlinePolicy.default(),
        summary="Hồ sơ của động cơ v1",
        submitted_by=f"officer.u1.{world.tag}".lower(),
        submitted_at=datetime.now(UTC),
        year=2026,
    )
    await dev_env.client.start_workflow(
        WORKFLOW_TYPE, data, id=workflow_id(dossier_id), task_queue=state.settings.task_queue
    )
    chair = world.as_("D1", "chair")
    await eventually(
        client, f"/api/v1/dossiers/{dossier_id}", chair, lambda d: d.get("status") == "in_review"
    )
    decided = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=chair,
    )
    assert decided.status_code == 200, decided.text
    log = await client.get(
        "/api/v1/audit", params={"since": since, "limit": 500}, headers=world.admin
    )
    entries = [e["action"] for e in log.json()["items"] if e["target"] == dossier_id]
    assert entries == ["dossier.approve"]
