"""Path and query parameters are text: one check for every route of the app, API and web.

`create_app` installs `text_params` as an application dependency, so it runs before any
route's own dependencies and handler, and a new route cannot forget it. A parameter holding a
character that is not text (NUL and the other control characters, lone surrogates,
non-characters, line separators) is refused with 422 naming it by its label: PostgreSQL never
sees it (it refuses NUL outright), and the web answers with its error page.
Query parameters a route does not declare are checked too: they are ignored, but a link that
carries one is still wrong. Protected API routes are the exception (authorization first): their
parameters are typed `Text` or carry a pattern, which tests/api/test_input_params.py checks for
every route.

A query parameter a route takes one value of may be sent once: `?days=1&days=2` is refused
(422 naming it), not read as its last value, as JSON refuses a repeated key
(:func:`repeated_query`). Web and public routes check it here; protected API routes check it
once the caller is authenticated and, where a role gates the route, holds it (api.deps).
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from api.schemas.text import char_problem, key_text
from core.i18n import _


def _error(where: str, name: str, value: str, reason: str) -> dict[str, Any]:
    return {
        "type": "text_invalid",
        "loc": (where, name),
        "msg": reason,
        "input": key_text(value),
        "ctx": {"reason": reason},
    }


# Protected API routes answer 401/403 before any validation (tests/security/
# test_security_authz_order.py); an application dependency runs before their authorization,
# so there the parameters' own types (`Text`, patterns) refuse such characters, after it.
PROTECTED_API = "/api/v1/"
PUBLIC_API = ("/api/v1/public/", "/api/v1/auth/token")  # as api.middleware


async def text_params(request: Request) -> None:
    """Refuse (422) every path or query parameter that is not text (web and public routes)."""
    path = request.url.path
    if path.startswith(PROTECTED_API) and not path.startswith(PUBLIC_API):
        return
    errors = repeated_query(request)
    for name, value in request.path_params.items():
        reason = char_problem(value) if isinstance(value, str) else None
        if reason is not None:
            errors.append(_error("path", name, value, reason))
    for name, value in request.query_params.multi_items():
        for text in (name, value):
            reason = char_problem(text)
            if reason is not None:
                errors.append(_error("query", key_text(name), value, reason))
                break
    if errors:
        raise RequestValidationError(errors)


def _takes_many(annotation: Any) -> bool:
    """True for a list-like annotation (``list[str] | None`` included)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _takes_many(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return any(_takes_many(arg) for arg in get_args(annotation))
    return origin in (list, tuple, set, frozenset) or origin is Sequence


def _single_query_names(dependant: Dependant) -> set[str]:
    """The single-valued query parameters of a route and of all its dependencies."""
    names = {f.alias for f in dependant.query_params if not _takes_many(f.field_info.annotation)}
    for sub in dependant.dependencies:
        names |= _single_query_names(sub)
    return names


_SINGLE: dict[int, frozenset[str]] = {}  # by id of the route (routes live as long as the app)


def repeated_query(request: Request) -> list[dict[str, Any]]:
    """An error for each single-valued query parameter of the matched route sent twice."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return []
    names = _SINGLE.get(id(route))
    if names is None:
        names = _SINGLE[id(route)] = frozenset(_single_query_names(route.dependant))
    seen: set[str] = set()
    errors = []
    for name, value in request.query_params.multi_items():
        if name in names and name in seen:
            errors.append(_error("query", name, value, _("query.repeated")))
        seen.add(name)
    return errors


def refuse_repeated_query(request: Request) -> None:
    """422 naming each single-valued query parameter sent more than once."""
    errors = repeated_query(request)
    if errors:
        raise RequestValidationError(errors)
