"""The data converter of every tdkt Temporal client and worker: pydantic, with shared schemas.

`temporalio.contrib.pydantic` caches pydantic `TypeAdapter`s per converter instance, but the SDK
builds a payload converter for every workflow instance it creates (inside the sandbox). Each new
dossier therefore rebuilt the pydantic schema of `DossierInput` and its nested dataclasses:
profiling the worker under load (py-spy, `make bench`) put about a third of its CPU there. One
process-wide cache keyed by type removes that; the wire format is unchanged.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import TypeAdapter
from temporalio.contrib.pydantic import (
    PydanticJSONPlainPayloadConverter,
    PydanticPayloadConverter,
)
from temporalio.converter import DataConverter

_shared_type_adapters: functools._lru_cache_wrapper[TypeAdapter[Any]] = functools.lru_cache(
    maxsize=1024
)(TypeAdapter)


class SharedSchemaPayloadConverter(PydanticPayloadConverter):
    """`PydanticPayloadConverter` whose JSON converter uses the process-wide adapter cache."""

    def __init__(self) -> None:
        super().__init__()
        for converter in self.converters.values():
            if isinstance(converter, PydanticJSONPlainPayloadConverter):
                converter._type_adapter = _shared_type_adapters


data_converter = DataConverter(payload_converter_class=SharedSchemaPayloadConverter)
