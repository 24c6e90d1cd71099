"""No escalation goes above a round's owner (audit A4 §4), on the time-skipping server with the
real activities: a district round of district-decided awards lists its units only and tells
the district's chair, never the province's; a round started before 2026-12 (no
``decided_rank``) that still lists its owner as a forwarder escalates the owner to its own
chair only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.testing import WorkflowEnvironment

from domain.levels import DecidingLevel, deciding_rank
from domain.span import parse_span
from store.models import OutboxMessage
from tests.rounds.conftest import Tree, outbox
from tests.rounds.test_round_workflow import Handle, levels, round_worker, status, until
from workflows.round import RoundWorkflow
from workflows.round_contracts import UPDATE_CLOSE, CloseRequest, RoundInput, RoundView


async def start(
    env: WorkflowEnvironment, tree: Tree, task_queue: str, code: str, **changes: object
) -> Handle:
    data = RoundInput(
        code=f"{code}-{tree.tag}",
        name=f"Đợt {code}",
        year=2026,
        owner_org=tree.code("D1"),
        award_codes=["LDTT", "GIAY_KHEN"],
        submission_deadlines={"unit": "P1D"},
        escalate_every=parse_span("P1D"),
        created_by="chair.d1",
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return await env.client.start_workflow(
        RoundWorkflow.run, data, id=f"round-{data.code}", task_queue=task_queue
    )


async def recipients(
    sessions: async_sessionmaker[AsyncSession], handle: Handle, about: str = ""
) -> set[str]:
    """Who was told of the round's escalations (of ``about`` only, when given)."""
    key = f"{handle.id[6:]}:escalated:{about}"
    rows = await outbox(sessions, OutboxMessage.kind == "round_escalated")
    return {m.recipient for m in rows if m.event_key.startswith(key)}


async def test_escalations_stop_at_the_owner(
    time_skipping_env: WorkflowEnvironment,
    task_queue: str,
    sessions: async_sessionmaker[AsyncSession],
    tree: Tree,
) -> None:
    env = time_skipping_env
    c = tree.code
    local = deciding_rank(DecidingLevel.LOCAL)
    async with round_worker(env.client, task_queue, sessions):
        fresh = await start(env, tree, task_queue, "MOI", decided_rank=local)
        legacy = await start(
            env, tree, task_queue, "CU", submission_deadlines={"unit": "P1D", "district": "P2D"}
        )
        opened = await status(fresh)
        assert ([s.org_code for s in opened.submitters], opened.forwarders) == (
            [c("U1"), c("U2")],
            [],
        )
        assert [s.org_code for s in (await status(legacy)).forwarders] == [c("D1")]

        await env.sleep(timedelta(days=2, hours=1))
        view = await until(lambda: status(legacy), lambda v: levels(v)[c("D1")] >= 1)
        assert view.forwarders[0].escalation_level >= 1
        await until(lambda: status(fresh), lambda v: levels(v)[c("U2")] >= 1)
        told = {tree.chair(a) for a in ("U1", "U2", "D1")}
        assert await until(lambda: recipients(sessions, fresh), lambda r: r >= told) == told
        # the owner D1 late in the old round: its own chair is told, not the province's (the
        # notices of one escalation are committed together)
        owner = await until(lambda: recipients(sessions, legacy, c("D1") + ":"), bool)
        assert owner == {tree.chair("D1")}
        assert await recipients(sessions, legacy) == told
        for handle in (fresh, legacy):
            await handle.execute_update(
                UPDATE_CLOSE, CloseRequest("chair.d1", "Hết"), result_type=RoundView
            )
