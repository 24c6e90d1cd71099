"""Fixtures of the integration tests: a database holding 20,000 dossiers, shared read-only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support import list_data


@pytest.fixture(scope="session")
def database_url_20k(fresh_database_url: Callable[[], str]) -> str:
    url = fresh_database_url()
    list_data.load(url)
    return url
