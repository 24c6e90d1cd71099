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
    execute,
    fake_worker,
    keep_history,
    settled,
    start,
    start_settled,
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

pytestmark = pytest.mark.usefixtures("engine")


async def refused(handle, update, request) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkflowUpdateFailedError) as info:
        await execute(handle, update, request)
    cause = info.value.cause
    assert isinstance(cause, ApplicationError)
    return cause


def approve(org: str, **kwargs: object) -> DecideRequest:
    return DecideRequest(actor=f"chair.{org}", actor_org=org, action="approve", **kwargs)  # type: ignore[arg-type]


async def test_straight_approval_up_to_the_president(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    data = dossier_input("AHLD", submitted_at=await env.get_current_time())
    async with fake_worker(env.client, task_queue, fakes):
        handle = await start(env.client, task_queue, data)
        first = await settled(handle)
        assert first.status == "in_review"
        assert first.route == ["unit", "district", "province", "central", "government", "president"]
        assert first.stage is not None
        assert (first.stage.level, first.stage.org_code) == ("district", "D1")
        assert first.stage.due_at == first.stage.arrived_at + timedelta(days=4)

        at_province = await execute(handle, DossierWorkflow.decide, approve("D1"))
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
        central = await execute(handle, DossierWorkflow.decide, approve("P1", vote=vote))
        assert central.stage is not None
        assert central.stage.level == "central"
        await execute(handle, DossierWorkflow.decide, approve("BNV", vote=vote))
        await execute(handle, DossierWorkflow.decide, approve("TTG"))
        decided = await execute(
            handle, DossierWorkflow.decide, approve("CTN", decision_date=date(2026, 11, 20))
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


async def test_return_then_resubmit_goes_back_to_the_returning_level(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    async with fake_worker(env.client, task_queue, fakes):
        handle, _ = await start_settled(env, task_queue, "BK_TINH")
        await execute(handle, DossierWorkflow.decide, approve("D1"))
        no_reason = DecideRequest("chair.P1", "P1", "return")
        error = await refused(handle, DossierWorkflow.decide, no_reason)
        assert (error.type, error.details[0]["field"]) == (REJECT_INVALID, "comment")
        back = DecideRequest("chair.P1", "P1", "return", comment="Bổ sung minh chứng thành tích")
        returned = await execute(handle, DossierWorkflow.decide, back)
        assert (returned.status, returned.round) == ("returned", 2)
        assert returned.stage is not None
        assert (returned.stage.phase, returned.stage.org_code) == ("resubmission", "U1")
        # The update answers before the next deadline is computed; the main loop adds it.
        returned = await settled(handle)
        assert returned.stage is not None
        assert returned.stage.due_at == returned.stage.arrived_at + timedelta(days=3)
        error = await refused(handle, DossierWorkflow.decide, approve("P1"))
        assert error.type == REJECT_CONFLICT
        stranger = ResubmitRequest("canbo.x", "D1", "Nộp lại")
        assert (await refused(handle, DossierWorkflow.resubmit, stranger)).type == REJECT_FORBIDDEN
        again = await execute(
            handle,
            DossierWorkflow.resubmit,
            ResubmitRequest("canbo.u1", "U1", "Đã bổ sung", summary="Bổ sung minh chứng"),
        )
        assert again.status == "in_review"
        assert again.stage is not None
        assert (again.stage.level, again.stage.org_code) == ("province", "P1")
        assert again.summary == "Bổ sung minh chứng"
        await execute(handle, DossierWorkflow.decide, approve("P1"))
        result = await handle.result()
        await keep_history(handle, "return_and_resubmit")
    assert (result.status, result.round) == ("decided", 2)
    assert [h.action for h in result.history] == [
        "submitted",
        "approved",
        "returned",
        "resubmitted",
        "decided",
    ]
    assert result.history[2].comment == "Bổ sung minh chứng thành tích"
    assert "returned" in fakes.kinds()


async def test_reject_ends_the_dossier(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    async with fake_worker(env.client, task_queue, fakes):
        handle, _ = await start_settled(env, task_queue, "LDTT")
        outsider = DecideRequest("chair.P1", "P1", "reject", comment="Không đủ điều kiện")
        assert (await refused(handle, DossierWorkflow.decide, outsider)).type == REJECT_FORBIDDEN
        reject = DecideRequest("chair.D1", "D1", "reject", comment="Không đủ điều kiện")
        await execute(handle, DossierWorkflow.decide, reject)
        result = await handle.result()
        await keep_history(handle, "reject")
    assert (result.status, result.stage, result.decision) == ("rejected", None, None)
    assert [n.outcome for n in result.nominees] == ["dropped"]
    assert fakes.awards == []
    assert fakes.kinds()[-1] == "rejected"


async def test_withdraw_while_in_review(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    async with fake_worker(env.client, task_queue, fakes):
        handle, _ = await start_settled(env, task_queue, "CSTD_TINH")
        chair = WithdrawRequest("chair.D1", "D1", "Rút")
        assert (await refused(handle, DossierWorkflow.withdraw, chair)).type == REJECT_FORBIDDEN
        done = await execute(
            handle,
            DossierWorkflow.withdraw,
            WithdrawRequest("canbo.u1", "U1", "Đơn vị xin rút hồ sơ"),
        )
        result = await handle.result()
        await keep_history(handle, "withdraw")
    assert done.status == result.status == "withdrawn"
    assert result.history[-1].action == "withdrawn"
    assert fakes.notifications[-1].recipients[0].org_code == "D1"


async def test_subset_approval_drops_the_others(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    data = dossier_input("CSTD_TINH", nominees=3, submitted_at=await env.get_current_time())
    ids = [n.id for n in data.nominees]
    async with fake_worker(env.client, task_queue, fakes):
        handle = await start(env.client, task_queue, data)
        await settled(handle)
        for bad in ([], [ids[0], "khong-ton-tai"]):
            error = await refused(handle, DossierWorkflow.decide, approve("D1", nominee_ids=bad))
            assert (error.type, error.details[0]["field"]) == (REJECT_INVALID, "nominee_ids")
        forwarded = await execute(
            handle, DossierWorkflow.decide, approve("D1", nominee_ids=ids[:2])
        )
        assert [n.outcome for n in forwarded.nominees] == ["pending", "pending", "dropped"]
        error = await refused(handle, DossierWorkflow.decide, approve("P1", nominee_ids=[ids[2]]))
        assert error.type == REJECT_INVALID
        await execute(handle, DossierWorkflow.decide, approve("P1", nominee_ids=[ids[1]]))
        result = await handle.result()
        await keep_history(handle, "subset_approval")
    assert [n.outcome for n in result.nominees] == ["dropped", "approved", "dropped"]
    assert result.decision is not None
    assert [b.nominee_id for b in result.decision.bonus] == [ids[1]]
    assert [line.nominee_id for line in fakes.awards[0].lines] == [ids[1]]


async def test_reminder_then_repeated_escalation(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    async with fake_worker(env.client, task_queue, fakes):
        handle, first = await start_settled(env, task_queue, "CSTD_TINH")
        assert first.stage is not None
        assert first.stage.reminder_at is not None
        assert first.stage.due_at - first.stage.reminder_at == timedelta(days=1)  # type: ignore[operator]
        await env.sleep(timedelta(days=3, hours=1))
        reminded = await status(handle)
        assert reminded.history[-1].action == "reminded"
        assert reminded.stage is not None
        assert not reminded.stage.overdue
        await env.sleep(timedelta(days=1))
        late = await status(handle)
        assert late.stage is not None
        assert (late.stage.overdue, late.stage.escalation_level) == (True, 1)
        await env.sleep(timedelta(days=2, hours=1))
        later = await status(handle)
        assert later.stage is not None
        assert later.stage.escalation_level == 3
        assert [h.action for h in later.history].count("escalated") == 3
        escalations = [n for n in fakes.notifications if n.kind == "escalated"]
        assert [[r.org_code for r in n.recipients] for n in escalations] == [["D1", "P1"]] * 3
        assert [n.escalation_level for n in escalations] == [1, 2, 3]
        # A decision still works on an overdue stage and stops the escalations.
        await execute(handle, DossierWorkflow.decide, approve("D1"))
        moved = await status(handle)
        assert moved.stage is not None
        assert (moved.stage.org_code, moved.stage.overdue, moved.stage.escalation_level) == (
            "P1",
            False,
            0,
        )
        await keep_history(handle, "escalation")
        await handle.terminate("test over")


async def test_returned_dossier_expires(
    time_skipping_env: WorkflowEnvironment, task_queue: str
) -> None:
    env, fakes = time_skipping_env, FakeActivities()
    async with fake_worker(env.client, task_queue, fakes):
        handle, _ = await start_settled(env, task_queue, "LDTT")
        back = DecideRequest("chair.D1", "D1", "return", comment="Thiếu bản tóm tắt thành tích")
        await execute(handle, DossierWorkflow.decide, back)
        result = await handle.result()  # the test server skips the 3 days of the deadline
        await keep_history(handle, "expiry")
    assert result.status == "expired"
    assert [h.action for h in result.history][-2:] == ["reminded", "expired"]
    assert [n.kind for n in fakes.notifications][-2:] == ["reminder", "expired"]
    assert fakes.notifications[-1].recipients[0].role == "officer"
