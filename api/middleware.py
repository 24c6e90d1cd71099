"""Request id, structured request logging, metrics and the request body limit.

A pure ASGI middleware (not ``BaseHTTPMiddleware``): it counts the body bytes as they arrive, so
a chunked upload without ``Content-Length`` is held to ``TDKT_MAX_BODY_BYTES`` too. A body is read
before the application runs (it is bounded by the limit); once over the limit the request is
answered 413 and the application is never called.

File uploads (`STREAMED_UPLOADS`) are the exception: they are passed through unbuffered and
their handlers hold the file to ``TDKT_MAX_UPLOAD_BYTES`` while streaming; a declared
``Content-Length`` far above that limit is refused here already.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

import structlog
from fastapi import FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import RETRY_SOON, PageHook, fault_problem, problem
from api.head import HeadAsGetMiddleware
from api.json_body import BODY_FAULT, STAND_IN, BodyFault, is_json, json_fault
from api.route_lookup import reads_body
from api.schemas.common import JSON_BODY
from api.validation_text import body_parse_problem
from core import i18n
from core.settings import Settings

log = structlog.get_logger("tdkt.api")


# POST/PUT paths whose handlers stream the body themselves (multipart file uploads).
STREAMED_UPLOADS = re.compile(
    r"^/api/v1/(dossiers/[^/]+/attachments(/[^/]+)?|dossiers/import|orgs/[^/]+/signing-certificate)$"
)
# The web UI's multipart forms with a file (attachments, the nominee import): streamed too, but
# their handlers answer a declared oversize themselves, with the page and the field's message.
WEB_UPLOADS = re.compile(r"^/ho-so/(nhap-excel|[^/]+/tai-lieu(/[^/]+/thay)?)$")
MULTIPART_SLACK = 64 * 1024  # room for the form fields and part headers around the file
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _TooLarge(Exception):
    pass


# /api/v1 paths anyone may call; every other /api/v1 path needs a bearer token.
PUBLIC_API = ("/api/v1/public/", "/api/v1/auth/token")
LANG_COOKIE = "tdkt_lang"  # the web's language cookie (api.web.session sets it)


def request_lang(scope: Scope, headers: dict[str, str]) -> i18n.Lang:
    """The API speaks the language of ``Accept-Language``; the web that of ``?lang=`` or its
    cookie. Vietnamese when nothing (known) is asked for."""
    if scope["path"].startswith("/api/"):
        return i18n.negotiate(headers.get("accept-language"))
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
    cookie: str | None = None
    try:
        morsel = SimpleCookie(headers.get("cookie", "")).get(LANG_COOKIE)
        cookie = morsel.value if morsel else None
    except CookieError:
        cookie = None
    return i18n.pick_lang(query, cookie)


def needs_token_first(scope: Scope, headers: dict[str, str]) -> bool:
    """True for an existing protected API route called without any credentials.

    Such a request is answered 401 before its body is even read, so an anonymous caller learns
    nothing from validation (not even that its JSON is malformed). The token itself is checked
    by `api.deps.get_principal`, as before; unknown paths still answer 404.
    """
    path: str = scope["path"]
    if not path.startswith("/api/v1/") or path.startswith(PUBLIC_API):
        return False
    if "authorization" in headers:
        return False
    app = scope.get("app")
    routes = getattr(getattr(app, "router", None), "routes", [])
    return any(route.matches(scope)[0] != Match.NONE for route in routes)


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        max_upload_bytes: int,
        pages: PageHook | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.pages = pages  # the web's error page (api.errors.PageHook)

    async def _refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        status: int,
        detail: str,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        """Answer before the application runs: problem+json, or the error page when a person's
        browser sent the request to a web page (as the app's own error handlers do)."""
        answer = problem(status, detail, errors=errors)
        if self.pages is not None and not scope["path"].startswith("/api/"):
            try:
                shown = await self.pages(Request(scope), status, detail)
            except Exception:  # the page needs the database: the plain answer still goes out
                log.warning("request.error_page_failed", exc_info=True)
                shown = None
            if shown is not None:
                await shown(scope, receive, send)
                return
        await answer(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        detail = i18n.gettext("error.body_too_large", limit=limit)
        await self._refuse(scope, receive, send, 413, detail)

    async def _read_body(self, receive: Receive) -> list[Message]:
        """The request's body messages, raising `_TooLarge` once past the limit."""
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages  # a disconnect: the application will see it
            size += len(message.get("body", b""))
            if size > self.max_body_bytes:
                raise _TooLarge
            if not message.get("more_body", False):
                return messages

    @staticmethod
    def _no_boundary(method: str, headers: dict[str, str]) -> dict[str, str] | None:
        """A multipart body without its boundary cannot be read at all: 400 naming the header."""
        content_type = headers.get("content-type", "").lower()
        multipart = method in BODY_METHODS and content_type.startswith("multipart/")
        if multipart and "boundary=" not in content_type.replace(" ", ""):
            return body_parse_problem("boundary")
        return None

    @staticmethod
    def _json_fault(
        scope: Scope, headers: dict[str, str], buffered: list[Message]
    ) -> BodyFault | None:
        """What is wrong with a body FastAPI would parse as JSON (see `api.json_body`); only the
        API reads JSON, web pages read forms."""
        if scope["method"] not in BODY_METHODS or not is_json(headers.get("content-type")):
            return None
        if not scope["path"].startswith("/api/"):
            return None
        body = b"".join(m.get("body", b"") for m in buffered if m["type"] == "http.request")
        return json_fault(body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = headers.get("x-request-id") or uuid.uuid4().hex
        method: str = scope["method"]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            request_id=request_id, method=method, path=scope["path"]
        )
        status = 500
        lang = request_lang(scope, headers)
        i18n.set_lang(lang)

        answered = False  # the response has started

        async def send_with_id(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status = message["status"]
                answered = True
                out = MutableHeaders(scope=message)
                out["X-Request-ID"] = request_id
                out.setdefault("Content-Language", lang)
            await send(message)

        if needs_token_first(scope, headers):
            anonymous = problem(
                401, i18n.gettext("auth.missing_token"), headers={"WWW-Authenticate": "Bearer"}
            )
            await anonymous(scope, receive, send_with_id)
            return
        unreadable = self._no_boundary(method, headers)
        if unreadable is not None:
            message = unreadable["message"]
            await self._refuse(scope, receive, send_with_id, 400, message, [unreadable])
            return
        declared = headers.get("content-length")
        streamed = method in ("POST", "PUT") and STREAMED_UPLOADS.match(scope["path"]) is not None
        web_upload = method == "POST" and WEB_UPLOADS.match(scope["path"]) is not None
        streamed = streamed or web_upload
        limit = self.max_upload_bytes + MULTIPART_SLACK if streamed else self.max_body_bytes
        oversize = declared is not None and declared.isdigit() and int(declared) > limit
        if oversize and not web_upload:
            limit = self.max_upload_bytes if streamed else self.max_body_bytes
            await self._too_large(scope, receive, send_with_id, limit)
            return
        downstream = receive
        # what the models read (strict JSON integers) for this request only: reset after it, as
        # a caller running the app in its own context (tests, ASGI transports) keeps its own
        json_body = JSON_BODY.set(method in BODY_METHODS and is_json(headers.get("content-type")))
        try:
            if not streamed and (declared not in (None, "0") or "transfer-encoding" in headers):
                try:
                    buffered = await self._read_body(receive)
                except _TooLarge:
                    log.info("request.body_too_large", limit=self.max_body_bytes)
                    await self._too_large(scope, receive, send_with_id, self.max_body_bytes)
                    return

                fault = self._json_fault(scope, headers, buffered)
                if fault is not None and not reads_body(scope["app"], method, scope["path"]):
                    await fault_problem(fault)(scope, receive, send_with_id)
                    return
                if fault is not None:  # refused after the route's role checks (api.errors)
                    scope[BODY_FAULT] = fault
                    buffered = [{"type": "http.request", "body": STAND_IN, "more_body": False}]

                async def replay() -> Message:
                    return buffered.pop(0) if buffered else await receive()

                downstream = replay

            started = time.perf_counter()
            try:
                await self.app(scope, downstream, send_with_id)
            except asyncio.CancelledError:
                # uvicorn cancels what its graceful shutdown did not see finish, and would answer
                # a bare "500 Internal Server Error": say 503, retry (the outcome of a keyed
                # request is its key's to tell), unless the answer is already on its way.
                if not answered:
                    log.warning("request.cancelled_at_shutdown")
                    stopping = problem(503, i18n.gettext("error.shutting_down"), headers=RETRY_SOON)
                    await stopping(scope, receive, send_with_id)
                raise
            finally:
                elapsed = time.perf_counter() - started
                route_path = getattr(scope.get("route"), "path", "unmatched")
                app = scope.get("app")
                state = getattr(getattr(app, "state", None), "tdkt", None)
                if state is not None:
                    state.metrics.requests.labels(method, route_path, str(status)).inc()
                    state.metrics.latency.labels(method, route_path).observe(elapsed)
                log.info("request.completed", status=status, ms=round(elapsed * 1000, 1))
        finally:
            JSON_BODY.reset(json_body)


def install_middleware(app: FastAPI, settings: Settings, pages: PageHook | None = None) -> None:
    """`pages` is the web's error page, for what is refused before the app runs."""
    app.add_middleware(HeadAsGetMiddleware)  # inside: the request is logged as the HEAD it is
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        pages=pages,
    )
