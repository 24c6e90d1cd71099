"""Temporal Schedules of tdkt, defined once for the API and the worker.

The daily digest runs at 07:00 Vietnam time; the worker makes sure it exists when it starts, the
API when a round opens or an admin runs it (all idempotent). The schedule id is fixed, one per
namespace: when it exists but starts its workflow on another task queue (a deployment moved to a
new queue), it is re-pointed at the caller's queue, so the digest never runs on a stale worker.
"""

from __future__ import annotations

from collections.abc import Mapping

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from workflows.round_contracts import DIGEST_SCHEDULE_ID, DIGEST_WORKFLOW_TYPE, DigestInput

TIME_ZONE = "Asia/Ho_Chi_Minh"
DIGEST_CRON = "0 7 * * *"  # 07:00 every day, Vietnam time


def digest_schedule(task_queue: str) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            DIGEST_WORKFLOW_TYPE, DigestInput(), id="digest", task_queue=task_queue
        ),
        spec=ScheduleSpec(cron_expressions=[DIGEST_CRON], time_zone_name=TIME_ZONE),
    )


async def create_schedule(
    client: Client, schedule_id: str, schedule: Schedule, memo: Mapping[str, str] | None = None
) -> bool:
    """Create a schedule (``memo``: kept with it, read back by ``describe``); False when it
    already exists."""
    try:
        await client.create_schedule(schedule_id, schedule, memo=memo)
    except ScheduleAlreadyRunningError:
        return False
    return True


async def ensure_digest_schedule(client: Client, task_queue: str) -> bool:
    """Create the daily digest schedule unless it exists, or re-point it at ``task_queue``;
    True when it was created now."""
    wanted = digest_schedule(task_queue)
    if await create_schedule(client, DIGEST_SCHEDULE_ID, wanted):
        return True

    def repoint(current: ScheduleUpdateInput) -> ScheduleUpdate | None:
        action = current.description.schedule.action
        if isinstance(action, ScheduleActionStartWorkflow) and action.task_queue == task_queue:
            return None  # already right: no update, no new conflict token
        return ScheduleUpdate(schedule=wanted)

    await client.get_schedule_handle(DIGEST_SCHEDULE_ID).update(repoint)
    return False
