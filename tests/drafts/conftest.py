"""Drafts and objections: the API harness of tests/api with a province policy that enforces the
papers checklist at submission and a public posting of a few seconds (so a test can wait for
its end)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from tests.api.conftest import app, client, suite_settings, worker, world

__all__ = ["app", "client", "worker", "world"]

POLICY = """
public_posting = "PT4S"
enforce_documents = true
"""


@pytest.fixture(scope="session")
def api_settings(
    fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment, tmp_root: Path
) -> Settings:
    return suite_settings(fresh_database_url(), dev_env, "drafts", tmp_root=tmp_root, policy=POLICY)
