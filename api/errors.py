"""Errors as RFC 9457 problem+json, mapped in one place.

Services raise `AppError` subclasses (never HTTPException); FastAPI's own errors (validation, 404,
405) and unexpected exceptions are rendered in the same shape. Titles, details and per-field
messages come from the gettext catalogues (:mod:`core.i18n`) in the language of ``Accept-Language``
(Vietnamese by default); ``type``, ``status`` and each error's ``field`` and ``code`` stay
machine-readable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Self

import structlog
from fastapi import FastAPI, Request, params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from psycopg import OperationalError as PsycopgOperationalError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import OperationalError as SqlOperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.field_labels import field_label, labelled
from api.json_body import BODY_FAULT, BodyFault, json_fault
from api.route_lookup import routes_at
from api.validation_text import body_parse_problem, translate_all
from core.i18n import _, has

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("tdkt.api")

TITLED = frozenset({400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503})


def title_of(status: int) -> str:
    """The problem's title in the reader's language (msgid ``problem.<status>``)."""
    if status in TITLED:
        return _(f"problem.{status}")
    return _("problem.other", status=status)


class AppError(Exception):
    """A business error with an HTTP status; `errors` names the fields at fault."""

    status = 400

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        detail = _(detail) if has(detail) else detail  # a bare msgid is worded now
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers

    @classmethod
    def field(
        cls,
        field: str,
        message: str,
        *,
        model: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Self:
        """This error, about one field, with the same text as detail and message: the message
        after the field's label ("Đơn vị cấp trên: Không có đơn vị X"), said once (a message
        that opens with its label, or was labelled already, keeps its words). `model` is the
        request model the field belongs to, for labels that depend on it."""
        message = labelled(field_label(field, model), message)
        return cls(message, errors=[{"field": field, "message": message}], headers=headers)


class BadRequest(AppError):
    status = 400


class Unauthorized(AppError):
    status = 401


class Forbidden(AppError):
    status = 403


class NotFound(AppError):
    status = 404


class Conflict(AppError):
    status = 409


class Invalid(AppError):
    status = 422


class Unavailable(AppError):
    status = 503


RETRY_SOON = {"Retry-After": "5"}  # every 503: a dependency or the server itself is coming back


DATABASE_DOWN = "error.database_down"  # msgid


def is_database_unavailable(exc: BaseException) -> bool:
    """True when `exc` (or what caused it) means the database cannot be reached right now.

    Connection refused/reset, a dropped connection, a full pool: all are retryable outages, so
    they are answered 503 rather than 500 (and logged without a traceback).
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(
            current, SqlOperationalError | PsycopgOperationalError | PoolTimeoutError | OSError
        ):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        current = current.__cause__ or current.__context__
    return False


class TooManyRequests(AppError):
    status = 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://tdkt.gov.vn/problems/{status}",
        "title": title_of(status),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def fault_problem(fault: BodyFault) -> JSONResponse:
    """The answer to a JSON body that cannot be taken (`api.json_body`): 400 or 422 naming where."""
    worded = "error.malformed_json" if fault.status == 400 else "error.invalid_input"
    detail = _(worded, detail=fault.message)
    return problem(fault.status, detail, errors=[fault.as_error()])


# The web's error page for a person's browser (api.web.error_pages.html_error): None when the
# request is not for a page, and then the API's problem+json answers.
PageHook = Callable[[Request, int, str], Awaitable[Response | None]]


def body_model(request: Request) -> Any:
    """The model of the matched route's JSON body (labels depend on it), if any."""
    body = getattr(request.scope.get("route"), "body_field", None)
    return getattr(getattr(body, "field_info", None), "annotation", None)


def wrong_media_type(errors: Sequence[Mapping[str, Any]]) -> bool:
    """True when a JSON body came with another Content-Type: FastAPI then hands the raw bytes
    to the body's model, which says "not an object" (misleading: the JSON may be fine)."""
    return any(
        tuple(err.get("loc", ())) == ("body",) and isinstance(err.get("input"), bytes)
        for err in errors
    )


FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")


def wrong_form_media_type(request: Request) -> bool:
    """True when a route that reads a form (the sign-in, OAuth2 password flow) got a body of
    another type: FastAPI then reads no field at all and says each is missing (misleading: a
    JSON body may carry them all)."""
    body = getattr(request.scope.get("route"), "body_field", None)
    if not isinstance(getattr(body, "field_info", None), params.Form):
        return False
    sent = request.headers.get("content-type")
    return sent is not None and sent.split(";", 1)[0].strip().lower() not in FORM_MEDIA


def media_type_problem(request: Request, msgid: str) -> JSONResponse:
    """415 naming ``Content-Type``: the body's type is not the one the route reads."""
    sent = request.headers.get("content-type", "")
    message = _("field.message", field=_("field.Content-Type"), message=_(msgid, sent=sent[:100]))
    error = {"field": "Content-Type", "code": "media_type", "message": message}
    return problem(415, message, errors=[error])


def allowed_methods(request: Request) -> str:
    """Every method the request's path answers, for a 405's ``Allow``: Starlette names only
    those of the first route that matched the path, and a path served by several routes (GET
    and POST of a list) is more than that one. HEAD is answered wherever GET is (`api.head`)."""
    methods: set[str] = set()
    for context in routes_at(request.app, request.scope["path"]):
        methods |= set(context.methods or ())
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI, pages: PageHook | None = None) -> None:
    async def answer(request: Request, status: int, detail: str, body: JSONResponse) -> Response:
        if pages is None:
            return body
        try:
            shown = await pages(request, status, detail)
        except Exception:  # the page needs the database: the plain answer still goes out
            log.warning("request.error_page_failed", path=request.url.path, exc_info=True)
            shown = None
        if shown is None:
            return body
        for name in ("Allow", "Retry-After"):  # what the status itself requires, page or not
            if name in body.headers:
                shown.headers[name] = body.headers[name]
        return shown

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else exc.headers
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        elif exc.status == 503:  # a 503 that knows when to come back says so
            headers = {**RETRY_SOON, **(headers or {})}
        body = problem(exc.status, exc.detail, errors=exc.errors, headers=headers)
        return await answer(request, exc.status, exc.detail, body)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        fault = request.scope.get(BODY_FAULT)
        if fault is not None:  # the route's checks passed; its body was never readable
            return fault_problem(fault)
        raw = exc.errors()
        if wrong_media_type(raw):
            return media_type_problem(request, "error.json_media_type")
        if wrong_form_media_type(request):
            return media_type_problem(request, "error.form_media_type")
        if any(err.get("type") == "json_invalid" for err in raw):
            fault = json_fault(await request.body())
            if fault is not None:
                return fault_problem(fault)
        errors = translate_all(raw, model=body_model(request))
        detail = "; ".join(e["message"] for e in errors)
        body = problem(422, _("error.invalid_input", detail=detail), errors=errors)
        return await answer(request, 422, detail, body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's own details ("Not Found", "Method Not Allowed") are English phrases: the
        # reader gets the catalogue's sentence for the status instead.
        detail = _("problem.detail", title=title_of(exc.status_code))
        cause = exc.__cause__ or exc.__context__
        unread = [body_parse_problem(str(cause))] if exc.status_code == 400 and cause else None
        if unread:  # a body FastAPI or Starlette could not parse (multipart, form)
            detail = unread[0]["message"]
        headers = getattr(exc, "headers", None)
        allowed = allowed_methods(request) if exc.status_code == 405 else ""
        if allowed:  # (a mount, static files, names its own)
            headers = {**(headers or {}), "Allow": allowed}
        body = problem(exc.status_code, detail, errors=unread, headers=headers)
        return await answer(request, exc.status_code, detail, body)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        if is_database_unavailable(exc):
            log.warning(
                "request.database_unavailable",
                path=request.url.path,
                error=f"{type(exc).__name__}: {exc}"[:500],
            )
            return problem(503, _(DATABASE_DOWN), headers=RETRY_SOON)
        log.exception("request.failed", path=request.url.path)
        detail = _("error.unexpected")
        return await answer(request, 500, detail, problem(500, detail))
