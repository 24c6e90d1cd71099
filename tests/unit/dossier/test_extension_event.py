"""An attributed extension (engine v2 since the patch ``2026-12-extension-attributed``): the
event names the acting chair's org and level and the days granted; settling the transition
dates it with the new deadline; the proposing unit's officers are notified. An extension
recorded before the patch (``attributed`` false) keeps its old event, so histories replay."""

from __future__ import annotations

from datetime import timedelta

from domain.dossier import Decide, DossierState, Extend, apply
from tests.support.chain import AT
from tests.unit.dossier.test_dossier import opened
from workflows.activity_contracts import Recipient
from workflows.effects import notification
from workflows.transition import TransitionResult, settle


def _returned() -> DossierState:
    state, _ = apply(opened("LDTT"), Decide("c", "D1", "return", "Bổ sung"), AT)
    assert state.stage is not None
    assert state.stage.org_code == "U1"
    return state


def test_the_extension_is_the_chairs_with_its_days() -> None:
    state, (event,) = apply(_returned(), Extend("c", "D1", 4, "Chờ xác minh", True), AT)
    assert (event.org_code, event.level, event.working_days, event.due_at) == (
        "D1", "district", 4, None,
    )  # fmt: skip
    due = AT + timedelta(days=8)
    settled = settle(state, TransitionResult(due_at=due), AT)
    assert settled.history[-1].due_at == due
    assert settled.history[-1].working_days == 4
    again = settle(settled, TransitionResult(due_at=due + timedelta(days=1)), AT)
    assert again.history[-1].due_at == due  # dated once, by its own transition


def test_an_extension_recorded_before_the_patch_is_unchanged() -> None:
    state, (event,) = apply(_returned(), Extend("c", "D1", 4, "Chờ xác minh"), AT)
    assert (event.org_code, event.working_days) == ("U1", None)
    settled = settle(state, TransitionResult(due_at=AT + timedelta(days=8)), AT)
    assert settled.history[-1] == event


def test_the_proposing_officers_are_notified_of_the_new_deadline() -> None:
    for before in (opened("LDTT"), _returned()):
        state, _ = apply(before, Extend("c", "D1", 2, "Chờ", True), AT)
        due = AT + timedelta(days=5)
        settled = settle(state, TransitionResult(due_at=due), AT)
        message = notification(settled, settled.history[-1], "wf")
        assert message is not None
        assert message.kind == "extended"
        assert Recipient("U1", "officer") in message.recipients
        assert message.due_at == due
