"""Drafts and objections in the pure state machine (domain.dossier_public)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.ballot import Vote
from domain.catalog import default_catalog
from domain.dossier import (
    Decide,
    DossierError,
    DossierState,
    Nominee,
    Object,
    ObjectionStatus,
    Phase,
    Resolve,
    Status,
    Submit,
    TimerFired,
    Withdraw,
    apply,
    draft_dossier,
    next_timer,
    open_dossier,
)
from domain.policy import DeadlinePolicy, PolicyError, parse_policy_toml
from domain.route_plan import plan_route
from tests.support.chain import ANCESTRY, AT, STATE_ORGS

VOTE = Vote(10, 10, 10)


def _base(code: str) -> DossierState:
    award = default_catalog().get(code)
    route = plan_route(ANCESTRY, award, STATE_ORGS)
    return DossierState("HS1", award, "U1", route, "Tóm tắt", "canbo.u1")


def _people(state: DossierState, n: int = 2) -> tuple[Nominee, ...]:
    return tuple(Nominee(f"n{i}", state.award.subjects[0], f"Người {i}") for i in range(n))


def drafted(code: str = "GIAY_KHEN") -> DossierState:
    base = _base(code)
    state, events = draft_dossier(base, _people(base), "canbo.u1", AT)
    assert [e.action for e in events] == ["drafted"]
    return state


def posted() -> DossierState:
    """CSTĐ toàn quốc: approved by the district, in public posting at the province."""
    base = _base("CSTD_TQ")
    state, _ = open_dossier(base, _people(base), "canbo.u1", AT)
    state, _ = apply(state, Decide("c", "D1", "approve"), AT)
    assert state.stage is not None
    assert state.stage.phase is Phase.public_posting
    return state


def _refused(state: DossierState, command: object, kind: str, field: str | None = None) -> None:
    with pytest.raises(DossierError) as caught:
        apply(state, command, AT)  # type: ignore[arg-type]
    assert caught.value.kind.value == kind
    assert caught.value.field == field


def test_a_draft_has_no_stage_no_timer_and_is_submitted_along_the_route_given() -> None:
    state = drafted()
    assert state.status is Status.draft
    assert state.stage is None
    assert next_timer(state) is None
    route = plan_route(ANCESTRY, state.award, STATE_ORGS)
    later = AT + timedelta(days=3)
    people = (Nominee("m1", state.award.subjects[0], "Người mới"),)
    command = Submit("canbo.u1", "U1", route, "Đủ hồ sơ", "Tóm tắt mới", people, late=True)
    submitted, events = apply(state, command, later)
    assert [e.action for e in events] == ["submitted"]
    assert events[0].comment == "Đủ hồ sơ"
    assert submitted.status is Status.in_review
    assert submitted.stage is not None
    assert submitted.stage.org_code == "D1"
    assert submitted.stage.arrived_at == later
    assert submitted.nominees == people
    assert submitted.summary == "Tóm tắt mới"
    assert submitted.late
    assert submitted.version == state.version + 1


def test_a_draft_joins_the_round_given_at_submission_or_keeps_its_own() -> None:
    state = replace(drafted(), round_code="TK-2026")
    route = plan_route(ANCESTRY, state.award, STATE_ORGS)
    kept, _ = apply(state, Submit("o", "U1", route), AT)
    assert kept.round_code == "TK-2026"
    moved, _ = apply(state, Submit("o", "U1", route, round_code="SK-2027"), AT)
    assert moved.round_code == "SK-2027"


def test_submission_refusals() -> None:
    state = drafted()
    route = state.route
    _refused(state, Submit("x", "D1", route), "Forbidden")
    _refused(state, Submit("o", "U1", route, nominees=()), "Invalid", "nominees")
    _refused(state, Submit("o", "U1", replace(route, stages=())), "Invalid", "route")
    opened, _ = apply(state, Submit("o", "U1", route), AT)
    _refused(opened, Submit("o", "U1", route), "Conflict")


def test_a_draft_cannot_be_decided_but_can_be_discarded() -> None:
    state = drafted()
    _refused(state, Decide("c", "D1", "approve"), "Conflict")
    gone, events = apply(state, Withdraw("o", "U1", "Không nộp"), AT)
    assert gone.status is Status.withdrawn
    assert [e.action for e in events] == ["withdrawn"]


def test_objection_during_posting_holds_approval_until_resolved() -> None:
    state = posted()
    state, events = apply(state, Object("PA-1", "Không đúng sự thật", "0912", "1.2.3.4"), AT)
    assert [e.action for e in events] == ["objection_received"]
    assert events[0].actor == "public"
    assert len(state.open_objections) == 1
    assert state.objections[0].org_code == "P1"
    _refused(state, Object("PA-1", "lần nữa"), "Conflict")
    _refused(state, Object("PA-2", "ai đó", nominee_id="zz"), "Invalid", "nominee_id")
    state, _ = apply(state, TimerFired("posting_end"), AT)
    _refused(state, Object("PA-3", "muộn"), "Conflict")
    _refused(state, Decide("c", "P1", "approve", vote=VOTE), "Conflict")
    _refused(state, Resolve("c", "D1", "PA-1", "dismissed", "lý do"), "Forbidden")
    _refused(state, Resolve("c", "P1", "PA-1", "maybe", "lý do"), "Invalid", "outcome")
    _refused(state, Resolve("c", "P1", "PA-1", "upheld", "  "), "Invalid", "comment")
    _refused(state, Resolve("c", "P1", "PA-9", "upheld", "lý do"), "Invalid", "objection")
    state, events = apply(state, Resolve("c", "P1", "PA-1", "upheld", "Có cơ sở"), AT)
    assert events[0].action == "objection_resolved"
    assert "chấp nhận" in events[0].comment
    assert state.objections[0].status is ObjectionStatus.upheld
    assert state.objections[0].resolved_by == "c"
    assert state.open_objections == ()
    _refused(state, Resolve("c", "P1", "PA-1", "dismissed", "lại"), "Conflict")
    approved, _ = apply(state, Decide("c", "P1", "approve", vote=VOTE), AT)
    assert approved.stage is not None
    assert approved.stage.org_code == "BNV"


def test_a_closed_dossier_takes_no_resolution() -> None:
    state, _ = apply(posted(), Object("PA-1", "Không đúng"), AT)
    state, _ = apply(state, Withdraw("o", "U1"), AT)
    _refused(state, Resolve("c", "P1", "PA-1", "dismissed", "lý do"), "Conflict")


@pytest.mark.parametrize(
    ("text", "province", "enforced"),
    [
        ("", "P1", False),
        ("enforce_documents = true", "P1", True),
        ("enforce_documents = true", None, True),
        ("enforce_documents = false", "P1", False),
        ('enforce_documents = ["P1", "P2"]', "P2", True),
        ('enforce_documents = ["P1"]', "P3", False),
        ('enforce_documents = ["P1"]', None, False),
    ],
)
def test_the_papers_switch_is_per_province(text: str, province: str | None, enforced: bool) -> None:
    assert parse_policy_toml(text).documents_enforced(province) is enforced
    assert not DeadlinePolicy.default().documents_enforced(province)


@pytest.mark.parametrize("text", ["enforce_documents = 1", 'enforce_documents = [""]'])
def test_a_bad_papers_switch_is_refused(text: str) -> None:
    with pytest.raises(PolicyError):
        parse_policy_toml(text)
