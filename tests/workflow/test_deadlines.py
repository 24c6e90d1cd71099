"""Working-day deadlines with the real calendar, extensions and continue-as-new."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from temporalio.testing import WorkflowEnvironment

from domain.calendar import VN_TZ, end_of_day
from domain.policy import DeadlinePolicy
from tests.workflow.harness import (
    FakeActivities,
    dossier_input,
    execute,
    fake_worker,
    keep_history,
    settled,
    start,
    status,
)
from workflows.contracts import DecideRequest, ExtendRequest
from workflows.dossier import DossierWorkflow

pytestmark = pytest.mark.usefixtures("engine")


async def test_twenty_working_days_span_tet_2026(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    """Arrival Monday 9 Feb 2026; Tết 16-20 Feb is skipped: due Monday 16 March, 23:59:59."""
    env, fakes = time_skipping_env, FakeActivities()
    arrival = datetime(2026, 2, 9, 9, 0, tzinfo=VN_TZ)
    data = dossier_input("LDTT", policy=DeadlinePolicy.default(), submitted_at=arrival)
    async with fake_worker(env.client, task_queue, fakes):
        handle = await start(env.client, task_queue, data)
        current = await settled(handle)
        assert current.stage is not None
        assert current.stage.due_at == end_of_day(date(2026, 3, 16))
        assert current.stage.reminder_at == end_of_day(date(2026, 3, 11))
        # That deadline is long past on the server clock: the stage is overdue at once.
        for _ in range(100):
            current = await status(handle)
            if current.stage is not None and current.stage.overdue:
                break
        assert current.stage is not None
        assert (current.stage.overdue, current.stage.escalation_level) == (True, 1)
        assert [h.action for h in current.history] == ["submitted", "reminded", "escalated"]
        await handle.terminate("test over")


async def test_extension_moves_the_deadline_by_working_days(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    data = dossier_input("LDTT", submitted_at=await env.get_current_time())
    async with fake_worker(env.client, task_queue, fakes):
        handle = await start(env.client, task_queue, data)
        before = await settled(handle)
        extended = await execute(
            handle,
            DossierWorkflow.extend_deadline,
            ExtendRequest("chair.D1", "D1", 5, "Chờ ý kiến hiệp y của Mặt trận"),
        )
        assert before.stage is not None
        assert extended.stage is not None
        assert before.stage.due_at is not None
        assert extended.stage.due_at is not None
        assert extended.stage.due_at - before.stage.due_at >= timedelta(days=5)
        assert extended.history[-1].action == "extended"
        await execute(handle, DossierWorkflow.decide, DecideRequest("chair.D1", "D1", "approve"))
        assert (await handle.result()).status == "decided"
    assert "extended" in fakes.kinds()


async def test_continue_as_new_carries_the_state(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    data = dossier_input(
        "BK_TINH", submitted_at=await env.get_current_time(), continue_as_new_after=25
    )
    async with fake_worker(env.client, task_queue, fakes):
        handle = await start(env.client, task_queue, data)
        first = await settled(handle)
        await env.sleep(timedelta(days=6))  # reminder + escalations grow the history
        later = await status(handle)
        assert later.version > first.version
        description = await handle.describe()
        assert description.run_id != handle.result_run_id
        await execute(handle, DossierWorkflow.decide, DecideRequest("chair.D1", "D1", "approve"))
        await execute(handle, DossierWorkflow.decide, DecideRequest("chair.P1", "P1", "approve"))
        result = await handle.result()
        await keep_history(handle, "continue_as_new_final_run")
    assert result.status == "decided"
    assert [h.action for h in result.history][:2] == ["submitted", "reminded"]
    assert result.version == fakes.projections[-1].version
