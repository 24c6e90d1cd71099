"""Recorded RoundWorkflow histories replay on today's code: one from before the patch
``2026-12-round-coalesce-escalations`` (an on-time round: two escalations, a submission, the
close) and one opened two days after its cut-off (the old code escalated twice at once) take
the old branch; the ones after it take the new branch, including a round whose
cut-off was long past when it opened (one coalesced escalation, then one a day).
``with-audit`` is a round opened by its schedule and closed with its audit entries (``origin``)
riding in the workflow (tests/rounds/test_round_audit.py records it). ``decided-rank`` is a
district round of its own awards opened with ``RoundInput.decided_rank`` (units only, nobody
escalated above the owner), recorded from the run of
tests/rounds/test_round_owner_workflow.py; the others, started without it, replay on the old
forwarder rule.

Re-record (with the code of the side being recorded) through a time-skipping run that stores
``handle.fetch_history().to_json()`` under ``tests/workflow/histories/rounds/``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from core.converter import data_converter
from tests.support.histories import patch_ids
from workflows.round import RoundWorkflow
from workflows.round_contracts import ROUND_COALESCE

HISTORIES = Path(__file__).parents[1] / "workflow" / "histories" / "rounds"
RECORDED = sorted(HISTORIES.glob("*.json"))
TEXTS = {path.stem: path.read_text(encoding="utf-8") for path in RECORDED}


def started_with_rank(text: str) -> bool:
    """True when the history's RoundInput carries a ``decided_rank``."""
    started = json.loads(text)["events"][0]["workflowExecutionStartedEventAttributes"]
    data = json.loads(base64.b64decode(started["input"]["payloads"][0]["data"]))
    return data.get("decided_rank") is not None


def test_both_sides_of_the_patch_are_recorded() -> None:
    sides = {path.stem: ROUND_COALESCE in patch_ids(path) for path in RECORDED}
    assert sides["before-coalesce"] is False
    assert sides["before-coalesce-missed"] is False  # two missed escalations at once
    assert sides["after-coalesce"] is True


def test_both_forwarder_rules_are_recorded() -> None:
    """Histories started with and without ``decided_rank`` (the owner never forwards)."""
    with_rank = {name for name, text in TEXTS.items() if started_with_rank(text)}
    assert with_rank == {"decided-rank"}


@pytest.mark.parametrize("name", sorted(TEXTS))
async def test_recorded_round_histories_replay(name: str) -> None:
    history = WorkflowHistory.from_json(name, TEXTS[name])
    replayer = Replayer(workflows=[RoundWorkflow], data_converter=data_converter)
    result = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None
