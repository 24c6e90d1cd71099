"""The digest schedule follows the deployment's task queue (one schedule per namespace)."""

from __future__ import annotations

import uuid

from temporalio.client import ScheduleActionStartWorkflow
from temporalio.testing import WorkflowEnvironment

from workflows.round_contracts import DIGEST_SCHEDULE_ID
from workflows.schedules import TIME_ZONE, ensure_digest_schedule


async def queue_of(env: WorkflowEnvironment) -> str:
    described = await env.client.get_schedule_handle(DIGEST_SCHEDULE_ID).describe()
    action = described.schedule.action
    assert isinstance(action, ScheduleActionStartWorkflow)
    assert described.schedule.spec.time_zone_name == TIME_ZONE
    return action.task_queue


async def test_an_existing_schedule_is_repointed_at_the_callers_queue(
    dev_env: WorkflowEnvironment,
) -> None:
    old, new = f"old-{uuid.uuid4().hex[:8]}", f"new-{uuid.uuid4().hex[:8]}"
    await ensure_digest_schedule(dev_env.client, old)  # created now or re-pointed
    assert await queue_of(dev_env) == old
    # A deployment on another queue: the schedule exists, so it is not created but re-pointed.
    assert await ensure_digest_schedule(dev_env.client, new) is False
    assert await queue_of(dev_env) == new
    # Already right: nothing changes.
    assert await ensure_digest_schedule(dev_env.client, new) is False
    assert await queue_of(dev_env) == new
