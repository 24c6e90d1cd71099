"""The fault tests share one process stack (started once, stopped at the end of the session)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from bench.client import Api
from bench.fixtures import Orgs, create_orgs
from tests.support.stack import ProcessStack, started


@pytest.fixture(scope="session")
def fault_stack() -> Iterator[ProcessStack]:
    with started("tdkt-faults-") as stack:
        yield stack


@pytest.fixture(scope="session")
async def fault_api(fault_stack: ProcessStack) -> AsyncIterator[Api]:
    api = Api(fault_stack.base_url)
    try:
        yield api
    finally:
        await api.close()


@pytest.fixture(scope="session")
async def fault_orgs(fault_stack: ProcessStack, fault_api: Api) -> Orgs:
    """One province, one district, four units (one per test) with an officer each."""
    return await create_orgs(
        fault_api,
        fault_stack.admin_password,
        districts=1,
        units_per_district=4,
        officers_per_district=4,
    )
