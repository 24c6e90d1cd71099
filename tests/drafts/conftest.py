"""Drafts and objections: the API harness of tests/api with a province policy that enforces the
papers checklist at submission and a public posting of a few seconds (so a test can wait for
its end)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from tests.api.conftest import ADMIN_PASSWORD, app, client, worker, world

__all__ = ["app", "client", "worker", "world"]

POLICY = """
public_posting = "PT4S"
enforce_documents = true
"""


@pytest.fixture(scope="session")
def api_settings(
    fresh_database_url: Callable[[], str], dev_env: WorkflowEnvironment, tmp_root: Path
) -> Settings:
    policy = tmp_root / "drafts-policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    return Settings(
        database_url=fresh_database_url(),
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=f"drafts-{uuid.uuid4().hex[:10]}",
        env="test",
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
        max_body_bytes=64_000,
        data_dir=tmp_root / "drafts-data",
        sla_policy=policy,
    )
