"""The dossier path tests run on both engines: v1 (draining) and v2 (every new dossier)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.workflow.harness import use_engine


@pytest.fixture(params=["v1", "v2"])
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    use_engine(request.param)
    yield request.param
    use_engine("v1")
