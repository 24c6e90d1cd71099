"""Missed escalations coalesce (patch ``2026-12-round-coalesce-escalations``): a round whose
cut-off is long past, or whose interval is zero, escalates once and then waits a real
interval, instead of replaying every missed escalation or looping without a timer.

The rounds are started on the workflow directly (the API refuses such input since the same
change), as an older round or a downtime would leave them.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer

from core.converter import data_converter
from domain.round_bounds import MIN_GAP
from domain.span import Span, parse_span
from tests.rounds.conftest import Tree, round_events
from tests.rounds.test_round_workflow import Handle, levels, round_worker, status, until
from workflows.round import RoundWorkflow
from workflows.round_contracts import RoundInput, round_workflow_id


async def start(
    env: WorkflowEnvironment, tree: Tree, task_queue: str, unit: str, every: Span
) -> Handle:
    code = f"CO-{tree.tag}"
    return await env.client.start_workflow(
        RoundWorkflow.run,
        RoundInput(
            code=code,
            name="Đợt thử quá hạn",
            year=2026,
            owner_org=tree.code("P"),
            award_codes=["GIAY_KHEN"],
            submission_deadlines={"unit": unit},
            escalate_every=every,
            created_by="chair.p",
        ),
        id=round_workflow_id(code),
        task_queue=task_queue,
    )


def unit_levels(tree: Tree, value: int) -> dict[str, int]:
    units = {tree.code(a): value for a in ("U1", "U2", "U3")}
    return {**units, tree.code("D1"): 0, tree.code("D2"): 0}


async def escalated(sessions: async_sessionmaker[AsyncSession], handle: Handle) -> int:
    return len([e for e in await round_events(sessions, handle.id[6:]) if e.kind == "escalated"])


async def test_a_cut_off_years_past_escalates_once_not_once_per_missed_day(
    time_skipping_env: WorkflowEnvironment,
    task_queue: str,
    sessions: async_sessionmaker[AsyncSession],
    tree: Tree,
) -> None:
    env = time_skipping_env
    async with round_worker(env.client, task_queue, sessions):
        handle = await start(env, tree, task_queue, "2020-01-01", parse_span("P1D"))
        view = await until(lambda: status(handle), lambda v: levels(v)[tree.code("U3")] >= 1)
        await until(lambda: escalated(sessions, handle), lambda n: n >= 3)
        await env.sleep(timedelta(hours=12))  # half an interval: nothing more
        assert levels(await status(handle)) == unit_levels(tree, 1), levels(view)
        assert await escalated(sessions, handle) == 3  # one per late unit, not ~2,500 each
        await env.sleep(timedelta(hours=12, minutes=5))  # a whole interval after the notice
        await until(lambda: status(handle), lambda v: levels(v) == unit_levels(tree, 2))
        assert await escalated(sessions, handle) == 6


async def test_a_zero_interval_waits_the_minimum_gap_instead_of_looping(
    time_skipping_env: WorkflowEnvironment,
    task_queue: str,
    sessions: async_sessionmaker[AsyncSession],
    tree: Tree,
) -> None:
    env = time_skipping_env
    async with round_worker(env.client, task_queue, sessions):
        handle = await start(env, tree, task_queue, "P1D", Span(duration=timedelta(0)))
        await status(handle)
        await env.sleep(timedelta(days=1, minutes=1))
        await until(lambda: status(handle), lambda v: levels(v)[tree.code("U3")] >= 1)
        await env.sleep(MIN_GAP / 2)
        assert levels(await status(handle)) == unit_levels(tree, 1)
        assert await escalated(sessions, handle) == 3
        await env.sleep(MIN_GAP / 2 + timedelta(minutes=2))
        await until(lambda: status(handle), lambda v: levels(v) == unit_levels(tree, 2))
        history = await handle.fetch_history()
    # the patched path replays deterministically
    replayer = Replayer(workflows=[RoundWorkflow], data_converter=data_converter)
    result = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None
