"""Paths only engine v2 has: drafts (contract §13) and objections (§15), on the time-skipping
server with fake database activities; their histories are recorded for the replay test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from tests.workflow.harness import (
    FakeActivities,
    dossier_input,
    fake_worker,
    keep_history,
    settled,
    start,
    status,
    use_engine,
)
from workflows.contracts import (
    REJECT_CONFLICT,
    REJECT_FORBIDDEN,
    UPDATE_DECIDE,
    UPDATE_OBJECT,
    UPDATE_RESOLVE,
    UPDATE_SUBMIT,
    DecideRequest,
    DossierStatus,
    ObjectionRequest,
    ResolutionRequest,
    SubmitRequest,
    VoteInput,
)


@pytest.fixture(autouse=True)
def _v2() -> Iterator[None]:
    use_engine("v2")
    yield None
    use_engine("v1")


async def _update(handle, name: str, request: object) -> DossierStatus:  # type: ignore[no-untyped-def]
    result: DossierStatus = await handle.execute_update(name, request, result_type=DossierStatus)
    return result


async def _refused(handle, name: str, request: object) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowUpdateFailedError) as info:
        await _update(handle, name, request)
    cause = info.value.cause
    assert isinstance(cause, ApplicationError)
    return cause


def _approve(org: str, vote: bool = False) -> DecideRequest:
    return DecideRequest(
        actor=f"chair.{org}",
        actor_org=org,
        action="approve",
        comment="Đồng ý",
        vote=VoteInput(9, 9, 9) if vote else None,
    )


async def test_draft_then_submission_then_decision(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    async with fake_worker(env.client, task_queue, fakes):
        data = replace(
            dossier_input("GIAY_KHEN", submitted_at=await env.get_current_time()), draft=True
        )
        handle = await start(env.client, task_queue, data)
        drafted = await settled(handle)
        assert drafted.status == "draft"
        assert drafted.stage is None
        assert drafted.route_orgs == []
        await env.sleep(30 * 24 * 3600)  # a draft has no deadline: nothing fires
        assert (await status(handle)).version == drafted.version
        submit = SubmitRequest("canbo.u1", "U1", data.route, "Đủ hồ sơ", late=True)
        wrong = replace(submit, actor_org="D1")
        assert (await _refused(handle, UPDATE_SUBMIT, wrong)).type == REJECT_FORBIDDEN
        submitted = await _update(handle, UPDATE_SUBMIT, submit)
        assert submitted.status == "in_review"
        assert submitted.stage is not None
        assert submitted.stage.due_at is not None
        assert submitted.late
        assert (await _refused(handle, UPDATE_SUBMIT, submit)).type == REJECT_CONFLICT
        decided = await _update(handle, UPDATE_DECIDE, _approve("D1"))
        result = await handle.result()
        await keep_history(handle, "draft_submit")
    assert decided.status == result.status == "decided"
    assert [h.action for h in result.history] == ["drafted", "submitted", "decided"]
    assert "arrived" in fakes.kinds()


async def test_objection_holds_the_province_until_resolved(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    async with fake_worker(env.client, task_queue, fakes):
        data = dossier_input("CSTD_TQ", submitted_at=await env.get_current_time())
        handle = await start(env.client, task_queue, data)
        await settled(handle)
        posted = await _update(handle, UPDATE_DECIDE, _approve("D1"))
        assert posted.stage is not None
        assert posted.stage.phase == "public_posting"
        objection = ObjectionRequest("PA-TEST000001", "Chưa đúng thành tích", "0912", "1.2.3.4")
        received = await _update(handle, UPDATE_OBJECT, objection)
        assert received.open_objections == 1
        assert fakes.kinds()[-1] == "objection"
        await env.sleep(3 * 24 * 3600)  # the posting (2 days) ends
        reviewing = await status(handle)
        assert reviewing.stage is not None
        assert reviewing.stage.phase == "review"
        held = await _refused(handle, UPDATE_DECIDE, _approve("P1", vote=True))
        assert held.type == REJECT_CONFLICT
        assert "PA-TEST000001" in str(held)
        resolution = ResolutionRequest("chair.P1", "P1", "PA-TEST000001", "dismissed", "Không đúng")
        resolved = await _update(handle, UPDATE_RESOLVE, resolution)
        assert resolved.open_objections == 0
        forwarded = await _update(handle, UPDATE_DECIDE, _approve("P1", vote=True))
        assert forwarded.stage is not None
        assert forwarded.stage.org_code == "BNV"
        await keep_history(handle, "objection")
        await handle.terminate("test over")
    actions = [h.action for h in forwarded.history]
    assert actions[-4:] == ["objection_received", "posting_ended", "objection_resolved", "approved"]
