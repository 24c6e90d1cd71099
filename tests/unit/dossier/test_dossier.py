"""The pure dossier state machine, table-driven over command × state."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.ballot import Vote
from domain.catalog import default_catalog
from domain.dossier import (
    Decide,
    DossierError,
    DossierState,
    Extend,
    Nominee,
    Resubmit,
    SetDeadline,
    TimerFired,
    Withdraw,
    apply,
    decision_number,
    next_timer,
    open_dossier,
)
from domain.levels import Level
from domain.route_plan import plan_route
from tests.support.chain import ANCESTRY, AT, STATE_ORGS


def opened(code: str, nominees: int = 2) -> DossierState:
    award = default_catalog().get(code)
    route = plan_route(ANCESTRY, award.deciding_level, STATE_ORGS)
    base = DossierState("HS1", award, "U1", route, "Tóm tắt", "canbo.u1")
    kind = award.subjects[0]
    people = tuple(Nominee(f"n{i}", kind, f"Người {i}") for i in range(nominees))
    state, _ = open_dossier(base, people, "canbo.u1", AT)
    return state


def at_province(code: str) -> DossierState:
    state, _ = apply(opened(code), Decide("c", "D1", "approve"), AT)
    return state


VOTE_OK = Vote(10, 10, 9)
VOTE_LOW = Vote(10, 10, 8)


@pytest.mark.parametrize(
    ("state", "command", "kind", "field"),
    [
        (opened("LDTT"), Decide("c", "P1", "approve"), "Forbidden", None),
        (opened("LDTT"), Decide("c", "D1", "return"), "Invalid", "comment"),
        (opened("LDTT"), Decide("c", "D1", "reject", "  "), "Invalid", "comment"),
        (opened("LDTT"), Decide("c", "D1", "approve", nominee_ids=()), "Invalid", "nominee_ids"),
        (
            opened("LDTT"),
            Decide("c", "D1", "approve", nominee_ids=("x",)),
            "Invalid",
            "nominee_ids",
        ),
        (opened("LDTT"), Resubmit("o", "U1"), "Conflict", None),
        (opened("LDTT"), Withdraw("o", "D1"), "Forbidden", None),
        (opened("LDTT"), Extend("c", "D1", 0, "lý do"), "Invalid", "working_days"),
        (opened("LDTT"), Extend("c", "BNV", 3, "lý do"), "Forbidden", None),
        (at_province("AHLD"), Decide("c", "P1", "approve", vote=VOTE_OK), "Conflict", None),
        (at_province("CSTD_TQ"), Decide("c", "P1", "approve"), "Conflict", None),
        (at_province("CO_CP"), Decide("c", "P1", "approve"), "Invalid", "vote"),
        (
            at_province("CO_CP"),
            Decide("c", "P1", "approve", vote=Vote(10, 10, 7)),
            "Invalid",
            "vote",
        ),
    ],
)
def test_refusals(state: DossierState, command: object, kind: str, field: str | None) -> None:
    with pytest.raises(DossierError) as info:
        apply(state, command, AT)  # type: ignore[arg-type]
    assert (info.value.kind.value, info.value.field) == (kind, field)


def test_ballot_at_threshold_passes_and_forwards_to_central() -> None:
    state, events = apply(
        at_province("CO_CP"), Decide("c", "P1", "approve", vote=Vote(10, 8, 8)), AT
    )
    assert state.stage is not None
    assert state.stage.level is Level.central
    assert [e.action for e in events] == ["approved"]


def test_posting_then_review_then_deadline_timers() -> None:
    state = at_province("AHLD")
    assert state.stage is not None
    assert state.stage.phase.value == "public_posting"
    assert next_timer(state) is None  # no deadline computed yet
    state, _ = apply(state, SetDeadline(AT + timedelta(days=14), None), AT)
    assert next_timer(state) == ("posting_end", AT + timedelta(days=14))
    state, _ = apply(state, TimerFired("posting_end"), AT + timedelta(days=14))
    assert state.stage is not None
    assert (state.stage.phase.value, state.stage.due_at) == ("review", None)
    due = AT + timedelta(days=60)
    state, _ = apply(state, SetDeadline(due, due - timedelta(days=3)), AT)
    assert next_timer(state) == ("remind", due - timedelta(days=3))
    state, _ = apply(state, TimerFired("remind"), due - timedelta(days=3))
    assert next_timer(state) == ("escalate", due)
    state, events = apply(state, TimerFired("escalate", due + timedelta(days=7)), due)
    assert state.stage is not None
    assert (state.stage.overdue, state.stage.escalation_level) == (True, 1)
    assert next_timer(state) == ("escalate", due + timedelta(days=7))
    assert events[0].comment == "Quá hạn xử lý: báo cáo cấp trên lần 1"


def test_return_resubmit_and_expiry() -> None:
    state = at_province("BK_TINH")
    returned, _ = apply(state, Decide("c", "P1", "return", "Bổ sung"), AT)
    assert (returned.status.value, returned.round, returned.returned_from) == ("returned", 2, 1)
    back, _ = apply(returned, Resubmit("o", "U1", "Đã bổ sung"), AT)
    assert back.stage is not None
    assert (back.status.value, back.stage.org_code) == ("in_review", "P1")
    due = AT + timedelta(days=10)
    waiting, _ = apply(returned, SetDeadline(due, None), AT)
    assert next_timer(waiting) == ("expire", due)
    expired, _ = apply(waiting, TimerFired("expire"), due)
    assert expired.status.value == "expired"
    assert {n.outcome.value for n in expired.nominees} == {"dropped"}


def test_decision_with_subset_and_generated_number() -> None:
    state, _ = apply(
        opened("CSTD_CS", 3), Decide("c", "D1", "approve", nominee_ids=("n0", "n2")), AT
    )
    assert state.status.value == "decided"
    assert state.decision is not None
    assert state.decision.number == decision_number("HS1", "D1", date(2026, 3, 2))
    assert [b.nominee_id for b in state.decision.bonus] == ["n0", "n2"]
    assert [n.outcome.value for n in state.nominees] == ["approved", "dropped", "approved"]
    assert state.version == 2


def test_extension_is_recorded_and_withdraw_ends() -> None:
    state, events = apply(opened("LDTT"), Extend("c", "D1", 5, "Chờ hiệp y"), AT)
    assert state.stage is not None
    assert state.stage.extension_days == 5
    assert events[0].action == "extended"
    gone, _ = apply(state, Withdraw("o", "U1", "Rút"), AT)
    assert gone.final
    with pytest.raises(DossierError):
        apply(gone, Withdraw("o", "U1"), AT)
    assert replace(gone).status.value == "withdrawn"
