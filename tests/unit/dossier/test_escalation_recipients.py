"""Who hears of an escalation (contract §6): the chair of the late stage's org and the chair of
the next org up: the route's next stage, or, at the route's last (deciding) stage, the org above
it in the tree (it heard nothing: the route names no org up from there)."""

from __future__ import annotations

from datetime import timedelta

from domain.dossier import DossierState, SetDeadline, TimerFired, apply
from tests.support.chain import AT
from tests.unit.dossier.test_dossier import at_province, opened
from workflows.activity_contracts import Recipient
from workflows.effects import notification


def _escalated(state: DossierState) -> list[Recipient]:
    due = AT + timedelta(days=30)
    state, _ = apply(state, SetDeadline(due, due - timedelta(days=3)), AT)
    state, (event,) = apply(state, TimerFired("escalate", due + timedelta(days=7)), due)
    message = notification(state, event, "wf")
    assert message is not None
    assert message.kind == "escalated"
    return list(message.recipients)


def test_a_stage_below_the_deciding_one_tells_the_next_stage() -> None:
    state = opened("BK_TINH")  # at the district, the province decides
    assert state.stage is not None
    assert _escalated(state) == [Recipient("D1"), Recipient("P1")]


def test_the_deciding_stage_tells_the_org_above_it() -> None:
    single = opened("GIAY_KHEN")  # the district decides: the last stage of its route
    assert single.stage is not None
    assert single.stage.org_code == "D1"
    assert _escalated(single) == [Recipient("D1"), Recipient("D1", parent=True)]
    province = at_province("BK_TINH")
    assert _escalated(province) == [Recipient("P1"), Recipient("P1", parent=True)]
