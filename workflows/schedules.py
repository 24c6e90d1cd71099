"""Temporal Schedules of tdkt, defined once for the API and the worker.

The daily digest runs at 07:00 Vietnam time; the worker makes sure it exists when it starts, the
API when a round opens (both are idempotent).
"""

from __future__ import annotations

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleSpec,
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


async def create_schedule(client: Client, schedule_id: str, schedule: Schedule) -> bool:
    """Create a schedule; False when it already exists."""
    try:
        await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        return False
    return True


async def ensure_digest_schedule(client: Client, task_queue: str) -> bool:
    """Create the daily digest schedule unless it exists; True when it was created now."""
    return await create_schedule(client, DIGEST_SCHEDULE_ID, digest_schedule(task_queue))
