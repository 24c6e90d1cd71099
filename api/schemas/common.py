"""Shared schema pieces: the problem+json body and the error responses of the OpenAPI document."""

from __future__ import annotations

import re
import types
import unicodedata
from contextvars import ContextVar
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from fastapi import Body
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from api.schemas.text import first_bad_string
from domain.calendar import VN_TZ


def nfc(value: Any) -> Any:
    """`value` with every plain string in it (keys too) normalised to Unicode NFC."""
    if type(value) is str:
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(nfc(v) for v in value)
    return value


# What pydantic would read as Unix seconds: "0" is 1 January 1970, "1700000000" a day in 2023.
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _written(kind: str) -> Any:
    """A validator that lets a date (``kind`` "date") or a date-time ("datetime") through only
    as ISO-8601 text (or the object itself): pydantic would take a number, or a string of
    digits, as Unix seconds, and a typo would silently become a day in 1970."""

    def check(value: Any) -> Any:
        if isinstance(value, date | str) and not (
            isinstance(value, str) and _NUMBER.fullmatch(value)
        ):
            return value
        message = "Input should be a valid date" if kind == "date" else "Input should be a datetime"
        raise PydanticCustomError(f"{kind}_type", message)  # worded by api.validation_text

    return check


# Every date and date-time of a request (body, query, path): ISO-8601 text, never a number.
IsoDate = Annotated[date, BeforeValidator(_written("date"))]
IsoDateTime = Annotated[datetime, BeforeValidator(_written("datetime"))]


def _bare(annotation: Any) -> Any:
    """The type of a field, optional or constrained (``Annotated``) or not; None for a union of
    several types."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else None
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _time_kind(annotation: Any) -> str | None:
    """ "date" or "datetime" for a field of that type (optional or constrained), else None."""
    bare = _bare(annotation)
    if bare is datetime:
        return "datetime"
    return "date" if bare is date else None


# The OpenAPI shape of a CCCD (a field's validator words the refusal, and checks the province
# and the birth year the digits encode): exactly twelve ASCII digits.
IDENTITY_SHAPE: dict[str, Any] = {"minLength": 12, "pattern": "^[0-9]{12}$"}


FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def _bounded_day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "date_out_of_range",
            "The date must lie between {first} and {last}",  # worded by api.validation_text
            {"first": FIRST_DAY.strftime("%d/%m/%Y"), "last": LAST_DAY.strftime("%d/%m/%Y")},
        )
    return value


# Every date the API takes: bounded so that no calendar computation leaves `date`'s range.
Day = Annotated[IsoDate, AfterValidator(_bounded_day)]


def _business_time(value: datetime) -> datetime:
    return value.replace(tzinfo=VN_TZ) if value.tzinfo is None else value


# Every date-time the API takes (the audit's `since`): with its UTC offset as sent, or without
# one read in the business time zone, Asia/Ho_Chi_Minh (UTC+7, the contract's header), as a
# person there types it; never as UTC, seven hours off.
BusinessTime = Annotated[IsoDateTime, AfterValidator(_business_time)]


# True while the current request's body is JSON (set by the request middleware): integers must
# then be JSON integers. Web forms and spreadsheet imports send text, which pydantic converts.
JSON_BODY: ContextVar[bool] = ContextVar("tdkt_json_body", default=False)


def _is_int(annotation: Any) -> bool:
    return annotation is int or (
        get_origin(annotation) is Annotated and get_args(annotation)[0] is int
    )


def _is_bool(annotation: Any) -> bool:
    """A true/false field, optional or not."""
    return _bare(annotation) is bool


def _int_shape(annotation: Any) -> str | None:
    """ "int" for an integer field (optional or constrained), "list" for a list of them."""
    annotation = _bare(annotation)
    if _is_int(annotation):
        return "int"
    if get_origin(annotation) is list and _is_int(get_args(annotation)[0]):
        return "list"
    return None


def _refuse_loose_ints(shape: str, value: Any) -> None:
    """A boolean is never an integer; in a JSON body neither is "5" nor 5.0. An item of a list
    is named by its index (``ctx["index"]``, joined to the path by api.validation_text)."""
    if shape == "list" and not isinstance(value, list):
        return  # not a list at all: pydantic says so
    for index, item in enumerate(value if shape == "list" else [value]):
        if isinstance(item, bool) or (
            JSON_BODY.get() and item is not None and not isinstance(item, int)
        ):
            ctx = {"index": index} if shape == "list" else None
            raise PydanticCustomError("int_strict", "An integer is expected", ctx)


class RequestModel(BaseModel):
    """Base of every request body: all text is normalised to NFC (contract: "UTF-8, NFC").

    Normalisation runs before field validation, so length limits count NFC code points. Fields
    named in `NFC_EXEMPT` (secrets compared byte for byte elsewhere) are left as sent. Before
    that, anything that is not text at all (NUL and other control characters, lone surrogates,
    non-characters) is refused wherever it sits, keys included; the field types of
    `api.schemas.text` (`Text`, `MultilineText`, `Secret`) then apply the per-field rules.
    """

    NFC_EXEMPT: ClassVar[frozenset[str]] = frozenset({"password"})

    @model_validator(mode="before")
    @classmethod
    def _normalise_text(cls, data: Any) -> Any:
        bad = first_bad_string(data)
        if bad is not None:
            field, reason = bad
            raise PydanticCustomError(
                "text_invalid", "{field}: {reason}", {"field": field, "reason": reason}
            )
        if isinstance(data, dict):
            return {k: v if k in cls.NFC_EXEMPT else nfc(v) for k, v in data.items()}
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _strict_ints(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        shape = None if field is None else _int_shape(field.annotation)
        if shape is not None:
            _refuse_loose_ints(shape, value)
        kind = None if field is None else _time_kind(field.annotation)
        if kind is not None and value is not None:  # a date is its ISO text, never Unix seconds
            _written(kind)(value)
        if (
            field is not None
            and JSON_BODY.get()
            and _is_bool(field.annotation)
            and value is not None
            and not isinstance(value, bool)
        ):  # in JSON, "off", "yes", 0 or 1.0 are not true/false ("draft": "off" submitted)
            raise PydanticCustomError("bool_type", "Input should be a valid boolean")
        return value


class NoBody(RequestModel):
    """The body of a command that takes none: nothing at all, or an empty JSON object. A field
    sent is refused (422 naming it), as every other body refuses the fields it does not have:
    a client that believes it set something is told it did not."""

    model_config = ConfigDict(extra="forbid")


# A command route's ``_body: EmptyBody = None`` (authorization still runs first).
EmptyBody = Annotated[NoBody | None, Body(description="None: send nothing or {}")]


class FieldError(BaseModel):
    field: str = Field(examples=["nominees[0].kind"])
    message: str = Field(examples=["Loại đối tượng (dòng 1): bắt buộc nhập"])
    code: str | None = Field(
        default=None, description="Machine-readable error type", examples=["missing"]
    )


class Problem(BaseModel):
    """RFC 9457 problem details, served as `application/problem+json`."""

    type: str = Field(examples=["https://tdkt.gov.vn/problems/404"])
    title: str = Field(examples=["Không tìm thấy"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["Không tìm thấy hồ sơ HS-2026-000123"])
    errors: list[FieldError] | None = None


_DESCRIPTIONS = {
    400: "The body cannot be read: malformed JSON, not UTF-8, a multipart without its boundary",
    401: "Missing, invalid or expired bearer token",
    403: "Not your org or not your role",
    404: "Not found, or outside your scope",
    409: "Duplicate, wrong state or stage, or Idempotency-Key reused with another body",
    413: "Payload too large",
    415: "The body is not of the type the route reads, or a file's bytes are not its type",
    422: "Validation failed; `errors` names the fields",
    429: "Too many requests from this client address",
    503: "Temporal or the worker is unavailable",
}


def error_description(status: int) -> str:
    """The OpenAPI description of an error status."""
    return _DESCRIPTIONS[status]


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the given error statuses, all problem+json."""
    return {
        status: {
            "model": Problem,
            "description": _DESCRIPTIONS[status],
            "content": {"application/problem+json": {}},
        }
        for status in statuses
    }


def multipart_body(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI `openapi_extra=` of a route that reads its multipart body itself (streamed
    through `api.services.uploads`), so FastAPI cannot describe it from parameters."""
    schema = {"type": "object", "required": required, "properties": properties}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


BINARY = {"type": "string", "format": "binary"}

AUTH_ERRORS = errors(401, 422)
