"""Shared loaders for the deployment checks: the repository's deploy/ folder, parsed offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.compose_model import interpolate, load_env_file

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="session")
def env_example() -> dict[str, str]:
    return load_env_file(DEPLOY / ".env.example")


@pytest.fixture(scope="session")
def compose_raw() -> dict[str, Any]:
    """deploy/compose.yaml as written (anchors and merge keys resolved, not interpolated)."""
    data = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="session")
def compose(compose_raw: dict[str, Any], env_example: dict[str, str]) -> dict[str, Any]:
    """The compose model as `docker compose --env-file deploy/.env.example config` sees it."""
    model = interpolate(compose_raw, env_example)
    assert isinstance(model, dict)
    return model
