"""Every path of contract §7 on the time-skipping server, with fake database activities."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from domain.bonus import compute_bonus
from domain.levels import Subject
from tests.workflow.harness import (
    FakeActivities,
    dossier_input,
    fake_worker,
    keep_history,
    start,
    settled,
    status,
)
from workflows.contracts import (
    REJECT_CONFLICT,
    REJECT_FORBIDDEN,
    REJECT_INVALID,
    DecideRequest,
    ResubmitRequest,
    VoteInput,
    WithdrawRequest,
)
from workflows.dossier import DossierWorkflow


async def refused(handle, update, request) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowUpdateFailedError) as info:
        await handle.execute_update(update, request)
    cause = info.value.cause
    assert isinstance(cause, ApplicationError)
    return cause


def approve(org: str, **kwargs: object) -> DecideRequest:
    return DecideRequest(actor=f"chair.{org}", actor_org=org, action="approve", **kwargs)  # type: ignore[arg-type]


async def test_straight_approval_up_to_the_president(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    data = dossier_input("AHLD")
    async with fake_worker(env.client, task_queue, fakes):
        handle = await start(env.client, task_queue, data)
        first = await settled(handle)
        assert first.status == "in_review"
        assert first.route == ["unit", "district", "province", "central", "government", "president"]
        assert first.stage is not None
        assert (first.stage.level, first.stage.org_code) == ("district", "D1")
        assert first.stage.due_at == first.stage.arrived_at + timedelta(days=4)

        at_province = await handle.execute_update(DossierWorkflow.decide, approve("D1"))
        assert at_province.stage is not None
        assert at_province.stage.phase == "public_posting"
        assert at_province.posting_ends_at == at_province.stage.due_at
        error = await refused(handle, DossierWorkflow.decide, approve("P1"))
        assert error.type == REJECT_CONFLICT
        version = (await status(handle)).version

        await env.sleep(timedelta(days=2, minutes=1))
        in_review = await status(handle)
        assert in_review.stage is not None
        assert in_review.stage.phase == "review"
        assert in_review.version > version
        error = await refused(handle, DossierWorkflow.decide, approve("P1"))
        assert (error.type, error.details[0]["field"]) == (REJECT_INVALID, "vote")
        low = VoteInput(members_total=10, present=10, in_favor=8)
        error = await refused(handle, DossierWorkflow.decide, approve("P1", vote=low))
        assert error.type == REJECT_INVALID
        assert "không đạt" in error.message

        vote = VoteInput(members_total=10, present=9, in_favor=9)
        central = await handle.execute_update(DossierWorkflow.decide, approve("P1", vote=vote))
        assert central.stage is not None and central.stage.level == "central"
        await handle.execute_update(DossierWorkflow.decide, approve("BNV", vote=vote))
        await handle.execute_update(DossierWorkflow.decide, approve("TTG"))
        decided = await handle.execute_update(
            DossierWorkflow.decide, approve("CTN", decision_date=date(2026, 11, 20))
        )
        result = await handle.result()
        await keep_history(handle, "straight_approval")
    assert decided.status == result.status == "decided"
    assert result.stage is None
    assert result.decision is not None
    assert result.decision.authority_org == "CTN"
    assert result.decision.number.endswith("/QĐ-CTN")
    expected = compute_bonus(data.award, Subject.individual, date(2026, 11, 20)).amount_vnd
    assert [b.amount_vnd for b in result.decision.bonus] == [expected] == [39_220_000]
    assert [n.outcome for n in result.nominees] == ["approved"]
    assert [h.action for h in result.history] == [
        "submitted",
        "approved",
        "posting_ended",
        "approved",
        "approved",
        "approved",
        "decided",
    ]
    assert fakes.projections[-1].version == result.version
    assert [a.decision_number for a in fakes.awards] == [result.decision.number]
    assert fakes.kinds().count("arrived") == 5
    assert fakes.kinds()[-1] == "decided"
