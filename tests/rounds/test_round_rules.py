"""Pure round rules: cut-offs, who is expected, which cut-off applies, who is late."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.calendar import VN_TZ, end_of_day
from domain.due import DueClass, classify_due
from domain.levels import Level
from domain.round import (
    RoundError,
    close_round,
    deadline_key,
    escalate,
    expected_submitters,
    next_timer,
    open_round,
    record_submission,
    resolve_deadline,
    resolve_deadlines,
    submitting_levels,
)
from domain.round_roles import Role, is_late
from domain.routes import OrgNode

OPEN = datetime(2026, 11, 2, 8, 0, tzinfo=VN_TZ)
P = OrgNode("P", Level.province, None)
NODES = [
    P,
    OrgNode("D1", Level.district, "P"),
    OrgNode("U1", Level.unit, "D1"),
    OrgNode("U2", Level.unit, "D1"),
    OrgNode("D2", Level.district, "P"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-10", end_of_day(date(2026, 12, 10))),
        ("PT5S", OPEN + timedelta(seconds=5)),
        ("P10D", OPEN + timedelta(days=10)),
    ],
)
def test_a_cut_off_is_a_date_or_a_duration(text: str, expected: datetime) -> None:
    assert resolve_deadline(text, OPEN) == expected


@pytest.mark.parametrize("text", ["2026-13-01", "10 ngày", "P1M", "P99999999999D"])
def test_malformed_cut_offs_are_refused(text: str) -> None:
    with pytest.raises(RoundError):
        resolve_deadline(text, OPEN)


def test_only_levels_present_in_the_round_may_have_a_cut_off() -> None:
    allowed = submitting_levels(P, NODES)
    assert allowed == [Level.unit, Level.district, Level.province]
    with pytest.raises(RoundError) as refused:
        resolve_deadlines({"commune": "PT5S"}, OPEN, allowed)
    assert refused.value.field == "submission_deadlines.commune"


def test_units_submit_levels_forward_and_the_owner_only_with_its_own_cut_off() -> None:
    subs = expected_submitters(P, NODES, {"unit"})
    assert [(s.org_code, s.role) for s in subs] == [
        ("U1", Role.submitter),
        ("U2", Role.submitter),
        ("D1", Role.forwarder),
        ("D2", Role.forwarder),
    ]
    assert expected_submitters(P, NODES, {"province"})[-1].org_code == "P"


@pytest.mark.parametrize(
    ("keys", "level", "key"),
    [
        ({"unit", "district"}, Level.unit, "unit"),
        ({"district"}, Level.unit, "district"),  # inherits the nearest level above
        ({"unit"}, Level.district, None),
        ({"unit", "province"}, Level.district, "province"),
    ],
)
def test_which_cut_off_applies(keys: set[str], level: Level, key: str | None) -> None:
    assert deadline_key(level, dict.fromkeys(keys, OPEN)) == key


def test_late_means_after_the_cut_off() -> None:
    deadlines = {"unit": OPEN}
    assert not is_late(Level.unit, deadlines, OPEN)
    assert is_late(Level.unit, deadlines, OPEN + timedelta(seconds=1))
    assert not is_late(Level.district, deadlines, OPEN + timedelta(days=9))


def test_escalation_targets_pending_orgs_and_stops_when_none_is_left() -> None:
    cut = OPEN + timedelta(days=2)
    state, events = open_round(
        code="TK",
        name="Tổng kết",
        year=2026,
        owner=P,
        award_codes=["GIAY_KHEN"],
        opened_at=OPEN,
        deadlines={"unit": cut},
        subtree=NODES,
    )
    assert [e.kind for e in events] == ["opened"]
    state, events = record_submission(state, "U1", "HS-1", OPEN + timedelta(days=1))
    assert [e.kind for e in events] == ["submitted"]
    assert record_submission(state, "U1", "HS-1", OPEN)[1] == []  # already known
    assert next_timer(state) == ("unit", cut)
    state, events = escalate(state, "unit", cut, cut + timedelta(days=1))
    assert [(e.org_code, e.escalation_level, e.parent_code) for e in events] == [("U2", 1, "D1")]
    state, events = record_submission(state, "U2", "HS-2", cut + timedelta(hours=1))
    assert [e.kind for e in events] == ["submitted_late"]
    u2 = state.find("U2")
    assert u2 is not None
    assert (u2.done, u2.is_late) == (True, True)
    state, events = escalate(state, "unit", cut + timedelta(days=1), cut + timedelta(days=2))
    assert events == []
    assert next_timer(state) is None
    state, events = close_round(state, "chair", cut + timedelta(days=3))
    assert [e.kind for e in events] == ["closed"]
    assert record_submission(state, "U2", "HS-3", cut)[1] == []
    with pytest.raises(RoundError) as closed:
        close_round(state, "chair", cut)
    assert " / " not in closed.value.message  # Vietnamese only: the API words it for people


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (None, DueClass.later),
        (OPEN - timedelta(seconds=1), DueClass.overdue),
        (OPEN + timedelta(days=1), DueClass.due_soon),
        (OPEN + timedelta(days=9), DueClass.later),
    ],
)
def test_digest_classes(due: datetime | None, expected: DueClass) -> None:
    assert classify_due(due, OPEN, OPEN + timedelta(days=3)) == expected
