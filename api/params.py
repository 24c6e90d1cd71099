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
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from api.schemas.text import char_problem, key_text


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
    errors = []
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
