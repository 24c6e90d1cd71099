"""What the administration pages share: the posted form with its CSRF check, the admin, a
field as typed, and running the API's schema and service on a form (errors by field, named by
the page's labels, with the status the API would answer)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.authz import Principal
from api.errors import AppError
from api.web.context import Web
from api.web.forms import service_errors, single, text, validation_errors
from api.web.session import csrf_ok

Errors = dict[str, str]
Refusal = tuple[Errors, int]  # the errors by field and the page's status (200: none)
T = TypeVar("T", bound=BaseModel)


async def posted(web: Web) -> tuple[FormData, Refusal]:
    """The form, and a 403 when its CSRF token is not this session's (the only 403 a form
    gives itself: the rest is the service's word)."""
    form = await web.request.form()
    ok = await csrf_ok(web.request, text(form, "csrf_token"))
    return form, ({}, 200) if ok else ({"": web.t("csrf.failed")}, 403)


def admin(web: Web) -> Principal:
    assert web.user is not None  # admin_only ran first
    return web.user


def ip(web: Web) -> str:
    return web.ip


def raw(form: FormData, name: str) -> str:
    """A field as typed (not stripped): the schema decides what blank and too long mean."""
    return single(form, name)


async def apply(
    web: Web,
    schema: type[T],
    data: dict[str, Any],
    call: Callable[[T], Awaitable[object]],
    labels: Mapping[str, str],
) -> Refusal:
    """Validate ``data`` with the API's schema and run the service; errors by field, named by
    the form's labels (``labels``: field → msgid), with the status the API would answer (422
    for what the schema refuses, the service's own otherwise)."""
    worded = {field: web.t(msgid) for field, msgid in labels.items()}
    return await apply_worded(web, schema, data, call, worded)


async def apply_worded(
    web: Web,
    schema: type[T],
    data: dict[str, Any],
    call: Callable[[T], Awaitable[object]],
    worded: Mapping[str, str],
) -> Refusal:
    """:func:`apply` with the labels already in the visitor's words (field → label)."""
    try:
        body = schema.model_validate(data)
    except ValidationError as exc:
        return validation_errors(exc, worded), 422
    try:
        await call(body)
    except AppError as exc:
        await web.session.rollback()
        typed = {k: v.strip() for k, v in data.items() if isinstance(v, str)}
        return service_errors(exc, worded, typed), exc.status
    return {}, 200
