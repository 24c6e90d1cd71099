"""Schemathesis over the live OpenAPI schema: no 5xx, every response fits the schema.

The stack is real and out of process (PostgreSQL, Temporal dev server, `python -m worker`,
`python -m api`), so generated requests hit exactly what production runs. Examples per
operation are bounded to keep `make test` short.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.security.test_security_text_fuzz import ANY_TEXT
from tests.support.stack import ProcessStack, started

pytestmark = pytest.mark.e2e

EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def live_stack() -> Iterator[ProcessStack]:
    with started("tdkt-schema-") as stack:
        yield stack


@pytest.fixture(scope="module")
def admin_headers(live_stack: ProcessStack) -> dict[str, str]:
    response = httpx.post(
        f"{live_stack.base_url}/api/v1/auth/token",
        data={"username": "admin", "password": live_stack.admin_password},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def api_schema(live_stack: ProcessStack) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{live_stack.base_url}/openapi.json")


# Lone surrogates cannot be encoded by an HTTP client at all (the hardening suite sends them
# escaped in JSON); every other code point of the hardening strategy goes through schemathesis.
SENDABLE_TEXT = ANY_TEXT.filter(lambda text: not any(0xD800 <= ord(c) <= 0xDFFF for c in text))


def _hostile(case: schemathesis.Case[Any], text: str) -> schemathesis.Case[Any]:
    """The case with one of its strings replaced by text from the whole Unicode range (the
    hardening suite's strategy: controls, surrogates, invisible-only, huge numbers …)."""
    for where in (case.body, case.query):
        if isinstance(where, dict):
            for name, value in where.items():
                if isinstance(value, str):
                    where[name] = text
                    return case
    return case


def test_api_never_fails_and_fits_its_schema(
    api_schema: schemathesis.BaseSchema, admin_headers: dict[str, str]
) -> None:
    # schemathesis' own pytest plugin does not run under pytest 9, so drive Hypothesis directly:
    # one bounded property test per operation, failures collected and reported together.
    failures: list[str] = []
    calls: list[str] = []
    operations = []
    for result in api_schema.get_all_operations():
        assert isinstance(result, Ok), result
        operations.append(result.ok())
    assert len(operations) > 20
    for operation in operations:
        strategy = st.tuples(operation.as_strategy(), SENDABLE_TEXT).map(
            lambda pair: _hostile(*pair)
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(headers=admin_headers, checks=CHECKS, timeout=30)
            calls.append(case.operation.label)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert failures == [], "\n\n".join(failures)
    assert len(set(calls)) == len(operations)
