"""The security tests run against real `python -m api` + `python -m worker` processes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest

from bench.client import Api
from bench.fixtures import Orgs, create_orgs
from tests.support.stack import ProcessStack, started

MAX_BODY = 64 * 1024
# Stages stay open (no timer fires during the tests); public posting lasts ten minutes.
POLICY = """
public_posting = "PT600S"

[review]
district = "PT600S"
province = "PT600S"
"""


@dataclass
class World:
    stack: ProcessStack
    api: Api
    orgs: Orgs  # province P with two districts, two units each, an officer per unit
    other: Orgs  # another province: nobody there may see P's dossiers


@pytest.fixture(scope="session")
def security_stack() -> Iterator[ProcessStack]:
    with started("tdkt-security-", max_body_bytes=MAX_BODY, sla_policy=POLICY) as stack:
        yield stack


@pytest.fixture(scope="session")
async def world(security_stack: ProcessStack) -> AsyncIterator[World]:
    api = Api(security_stack.base_url)
    try:
        orgs = await create_orgs(
            api,
            security_stack.admin_password,
            districts=2,
            units_per_district=2,
            officers_per_district=2,
        )
        other = await create_orgs(
            api,
            security_stack.admin_password,
            districts=1,
            units_per_district=1,
            officers_per_district=1,
        )
        yield World(security_stack, api, orgs, other)
    finally:
        await api.close()
