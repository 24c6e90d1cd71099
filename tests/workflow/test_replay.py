"""Replay the recorded histories of every path: the workflow code must stay deterministic.

Re-record after an intentional, patched change with:
    TDKT_RECORD_HISTORIES=1 .venv/bin/python -m pytest tests/workflow -q
(v1 files go to ``histories/2026-11-fast-decisions/``, v2 files to ``histories/v2/``; keep the
top-level ones, recorded before that patch: they are what runs started earlier look like, and
they must replay on the old branch). Every history is replayed with both workflow types
registered, as the worker runs them: the type recorded in the history picks the class.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from core.converter import data_converter
from tests.support.histories import patch_ids
from tests.workflow.harness import HISTORIES, RECORDING, RECORDING_V2
from workflows.dossier import FAST_DECISIONS, DossierWorkflow
from workflows.dossier_v2 import DossierWorkflowV2

BEFORE_PATCH = sorted(HISTORIES.glob("*.json"))  # recorded before 2026-11-fast-decisions
AFTER_PATCH = sorted(RECORDING.glob("*.json"))
ENGINE_V2 = sorted(RECORDING_V2.glob("*.json"))
RECORDED = BEFORE_PATCH + AFTER_PATCH + ENGINE_V2
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


def _id(path: Path) -> str:
    return str(path.relative_to(HISTORIES).with_suffix(""))


def test_every_path_has_a_recorded_history_before_and_after_the_patch() -> None:
    assert {path.stem for path in BEFORE_PATCH} >= EXPECTED
    assert {path.stem for path in AFTER_PATCH} >= EXPECTED
    assert {path.stem for path in ENGINE_V2} >= EXPECTED


def test_old_histories_take_the_unpatched_branch() -> None:
    """Running workflows started before the patch have no marker: they replay the old code."""
    assert all(FAST_DECISIONS not in patch_ids(path) for path in BEFORE_PATCH)
    assert all(FAST_DECISIONS in patch_ids(path) for path in AFTER_PATCH)


@pytest.mark.parametrize("path", RECORDED, ids=[_id(p) for p in RECORDED])
async def test_replay(path: Path) -> None:
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    history = WorkflowHistory.from_json(f"dossier-{path.stem}", text)
    replayer = Replayer(
        workflows=[DossierWorkflow, DossierWorkflowV2], data_converter=data_converter
    )
    result = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None
