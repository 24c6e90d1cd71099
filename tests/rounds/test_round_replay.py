"""Recorded RoundWorkflow histories replay on today's code: one from before the patch
``2026-12-round-coalesce-escalations`` (an on-time round: two escalations, a submission, the
close) and one opened two days after its cut-off (the old code escalated twice at once) take
the old branch; the ones after it take the new branch, including a round whose
cut-off was long past when it opened (one coalesced escalation, then one a day).
``with-audit`` is a round opened by its schedule and closed with its audit entries (``origin``)
riding in the workflow (tests/rounds/test_round_audit.py records it).

Re-record (with the code of the side being recorded) through a time-skipping run that stores
``handle.fetch_history().to_json()`` under ``tests/workflow/histories/rounds/``.
"""

from __future__ import annotations

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


def test_both_sides_of_the_patch_are_recorded() -> None:
    sides = {path.stem: ROUND_COALESCE in patch_ids(path) for path in RECORDED}
    assert sides["before-coalesce"] is False
    assert sides["before-coalesce-missed"] is False  # two missed escalations at once
    assert sides["after-coalesce"] is True


@pytest.mark.parametrize("name", sorted(TEXTS))
async def test_recorded_round_histories_replay(name: str) -> None:
    history = WorkflowHistory.from_json(name, TEXTS[name])
    replayer = Replayer(workflows=[RoundWorkflow], data_converter=data_converter)
    result = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None
