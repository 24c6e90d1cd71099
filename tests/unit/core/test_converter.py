"""The shared-schema data converter: same wire format, one pydantic schema per type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from temporalio.contrib.pydantic import pydantic_data_converter

from core.converter import SharedSchemaPayloadConverter, _shared_type_adapters, data_converter


@dataclass
class Sample:
    name: str
    at: datetime
    day: date
    tags: list[str]


VALUE = Sample("Nguyễn Văn An", datetime(2026, 2, 16, 8, tzinfo=UTC), date(2026, 2, 20), ["Tết"])


def test_round_trip_matches_the_stock_pydantic_converter() -> None:
    ours = data_converter.payload_converter.to_payloads([VALUE])
    stock = pydantic_data_converter.payload_converter.to_payloads([VALUE])
    assert ours == stock
    assert data_converter.payload_converter.from_payloads(ours, [Sample]) == [VALUE]


def test_new_converter_instances_reuse_the_schema() -> None:
    payloads = SharedSchemaPayloadConverter().to_payloads([VALUE])
    SharedSchemaPayloadConverter().from_payloads(payloads, [Sample])
    before = _shared_type_adapters.cache_info()
    # The SDK makes a converter per workflow instance: a fresh one must not rebuild the schema.
    assert SharedSchemaPayloadConverter().from_payloads(payloads, [Sample]) == [VALUE]
    after = _shared_type_adapters.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses
