"""A frozen worker (SIGSTOP): keyed decisions say what is happening, then converge (SIGCONT).

While the worker process is stopped, Temporal answers the API's updates in three distinct ways,
each a 503 with ``Retry-After`` and its own words (never "Temporal unreachable", which is kept
for a Temporal that cannot be reached):

* the update waits for a workflow task nobody runs: the API gives up after ``UPDATE_TIMEOUT``;
* more than ten updates in flight for one workflow: ``RESOURCE_EXHAUSTED`` at once;
* the workflow task timed out three times: ``FAILED_PRECONDITION`` ("Workflow Task in failed
  state") at once, for every further update of that workflow.

After SIGCONT, each key sent again answers its first request's outcome: one decision per
dossier, however many keyed requests were sent.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from collections import Counter

import httpx
from temporalio.client import Client

from bench.client import Api
from bench.fixtures import Orgs
from tests.faults.checks import assert_consistent, at_level, create_dossiers, wait_for
from tests.support.stack import ProcessStack

BUSY_VI = "Hệ thống xử lý hồ sơ đang bận"
SAME_KEY_VI = "vui lòng gửi lại sau với cùng Idempotency-Key"
TIMED_OUT_VI = "Hệ thống xử lý hồ sơ chưa phản hồi kịp"
UNREACHABLE_VI = "Không kết nối được máy chủ quy trình"
IN_FLIGHT_LIMIT = 10  # the dev server's history.maxInFlightUpdates


async def _decide(
    api: Api, chair: str, dossier_id: str, key: str | None, lang: str = "vi"
) -> tuple[httpx.Response, float]:
    headers = {"Accept-Language": lang} | ({"Idempotency-Key": key} if key else {})
    started = time.monotonic()
    r = await api.request(
        "POST",
        f"/api/v1/dossiers/{dossier_id}/decisions",
        chair,
        json={"action": "approve", "comment": "Đồng ý"},
        headers=headers,
    )
    return r, time.monotonic() - started


def _assert_busy(
    r: httpx.Response, elapsed: float, *, words: str, retry_after: str, within: float = 5
) -> None:
    """A worded 503 (not the "unreachable" of a Temporal that is down), at once by default."""
    assert r.status_code == 503, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["retry-after"] == retry_after
    assert words in r.json()["detail"], r.json()
    assert UNREACHABLE_VI not in r.json()["detail"]
    assert elapsed < within, elapsed


async def _wait_stalled(client: Client, workflow_ids: list[str], within: float) -> None:
    """Until each workflow's task has timed out into its third attempt (updates now refused)."""
    deadline = time.monotonic() + within
    for workflow_id in workflow_ids:
        while True:
            described = await client.get_workflow_handle(workflow_id).describe()
            pending = described.raw_description.pending_workflow_task
            if pending.attempt >= 3:
                break
            assert time.monotonic() < deadline, f"{workflow_id}: attempt {pending.attempt}"
            await asyncio.sleep(0.5)


async def _retry_until_answered(api: Api, chair: str, dossier_id: str, key: str) -> int:
    deadline = time.monotonic() + 30
    while True:
        r, _ = await _decide(api, chair, dossier_id, key)
        if r.status_code != 503 or time.monotonic() > deadline:
            return r.status_code
        await asyncio.sleep(0.5)


async def test_keyed_decisions_while_the_worker_is_frozen(
    fault_stack: ProcessStack, fault_api: Api, fault_orgs: Orgs
) -> None:
    district = fault_orgs.districts[0]
    officer, unit = next(iter(district.officers.items()))[::-1]
    chair = district.chair
    ids = await create_dossiers(fault_api, officer, unit, 2, "frozen-worker")
    await wait_for(fault_api, officer, ids, at_level("district"), 30, "at the district")
    crowded, single = ids
    workflows = [
        r[0]
        for r in fault_stack.sql(
            "select workflow_id from dossiers where id = any(%s) order by id", ids
        )
    ]
    client = await Client.connect(fault_stack.temporal.address)
    keys = {i: uuid.uuid4().hex for i in range(IN_FLIGHT_LIMIT)}
    single_key, extra_key = uuid.uuid4().hex, uuid.uuid4().hex

    group = fault_stack.procs["worker"].pid
    os.killpg(group, signal.SIGSTOP)
    frozen_at = time.monotonic()
    try:
        waiting = [
            asyncio.create_task(_decide(fault_api, chair, crowded, key)) for key in keys.values()
        ]
        waiting.append(asyncio.create_task(_decide(fault_api, chair, single, single_key)))
        await asyncio.sleep(1.5)  # the ten updates are admitted: the eleventh is one too many
        # (the SDK's client retries RESOURCE_EXHAUSTED with backoff for ~15 s before giving up)
        r, elapsed = await _decide(fault_api, chair, crowded, extra_key)
        _assert_busy(r, elapsed, words="có quá nhiều yêu cầu đang chờ", retry_after="10", within=25)
        assert SAME_KEY_VI in r.json()["detail"]

        for r, elapsed in await asyncio.gather(*waiting):  # UPDATE_TIMEOUT, then a worded 503
            assert r.status_code == 503, r.text
            assert r.headers["retry-after"] == "5"
            assert r.json()["detail"].startswith(TIMED_OUT_VI), r.json()
            assert SAME_KEY_VI in r.json()["detail"]
            assert 14 < elapsed < 20, elapsed

        await _wait_stalled(client, workflows, within=60)
        print(f"stalled after {time.monotonic() - frozen_at:.1f} s")
        r, elapsed = await _decide(fault_api, chair, single, single_key, lang="en")
        _assert_busy(r, elapsed, words="has not finished the earlier requests", retry_after="10")
        assert "send it again later with the same Idempotency-Key" in r.json()["detail"]
        r, elapsed = await _decide(fault_api, chair, single, None)  # no key: look first
        _assert_busy(
            r, elapsed, words="các yêu cầu trước đó chưa được xử lý xong", retry_after="10"
        )
        assert "kiểm tra lại hồ sơ" in r.json()["detail"]
        r, elapsed = await _decide(fault_api, chair, crowded, keys[0])
        _assert_busy(r, elapsed, words=BUSY_VI, retry_after="10")
        log = fault_stack.log_tail("api", 20_000)
        assert (
            "grpc_status=FAILED_PRECONDITION" in log
            or '"grpc_status": "FAILED_PRECONDITION"' in log
        )
    finally:
        os.killpg(group, signal.SIGCONT)

    answers = Counter(
        [await _retry_until_answered(fault_api, chair, crowded, k) for k in keys.values()]
    )
    assert answers == Counter({200: 1, 409: IN_FLIGHT_LIMIT - 1}), answers
    assert await _retry_until_answered(fault_api, chair, single, single_key) == 200
    assert await _retry_until_answered(fault_api, chair, single, single_key) == 200
    assert await _retry_until_answered(fault_api, chair, crowded, extra_key) == 409
    await assert_consistent(fault_stack, fault_api, officer, ids)
    for dossier_id in ids:
        decided = fault_stack.sql(
            "select count(*) from audit_log where target = %s and action = 'dossier.approve'",
            dossier_id,
        )
        assert decided == [(1,)], (dossier_id, decided)
