"""Replay the recorded histories of every path: the workflow code must stay deterministic.

Re-record after an intentional, patched change with:
    TDKT_RECORD_HISTORIES=1 .venv/bin/python -m pytest tests/workflow -q
(new files are added next to the old ones; keep the old ones, they are what running
workflows look like).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.workflow.harness import HISTORIES
from workflows.dossier import DossierWorkflow

RECORDED = sorted(HISTORIES.glob("*.json"))
EXPECTED = {
    "straight_approval",
    "return_and_resubmit",
    "reject",
    "withdraw",
    "subset_approval",
    "escalation",
    "expiry",
    "continue_as_new_final_run",
}


def test_every_path_has_a_recorded_history() -> None:
    assert {path.stem for path in RECORDED} >= EXPECTED


@pytest.mark.parametrize("path", RECORDED, ids=[p.stem for p in RECORDED])
async def test_replay(path: Path) -> None:
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    history = WorkflowHistory.from_json(f"dossier-{path.stem}", text)
    replayer = Replayer(workflows=[DossierWorkflow], data_converter=pydantic_data_converter)
    result = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None
