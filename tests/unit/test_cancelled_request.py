"""A request uvicorn cancels at shutdown (still running after its graceful wait) is answered
503 problem+json with Retry-After, in the request's language — not uvicorn's bare "500
Internal Server Error" — and the cancellation still propagates. An answer already on its way
is left alone."""

from __future__ import annotations

import asyncio
import json

import pytest
from starlette.types import Message, Receive, Scope, Send

from api.middleware import RequestContextMiddleware
from api.schemas.common import JSON_BODY


def _scope(lang: str) -> Scope:
    return {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/dossiers/HS-2026-0000001",
        "raw_path": b"/api/v1/dossiers/HS-2026-0000001",
        "query_string": b"",
        "headers": [(b"accept-language", lang.encode())],
        "scheme": "http",
        "server": ("tdkt.test", 80),
        "client": ("127.0.0.1", 5000),
        "http_version": "1.1",
        "root_path": "",
    }


async def _call(app_raises_after_start: bool, lang: str = "vi") -> list[Message]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if app_raises_after_start:
            await send({"type": "http.response.start", "status": 200, "headers": []})
        raise asyncio.CancelledError

    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    middleware = RequestContextMiddleware(app, max_body_bytes=1000, max_upload_bytes=1000)
    with pytest.raises(asyncio.CancelledError):
        await middleware(_scope(lang), receive, send)
    return sent


@pytest.mark.parametrize(
    ("lang", "words"), [("vi", "Máy chủ đang khởi động lại"), ("en", "The server is restarting")]
)
async def test_a_request_cancelled_at_shutdown_is_a_503_to_retry(lang: str, words: str) -> None:
    sent = await _call(app_raises_after_start=False, lang=lang)
    start, body = sent[0], sent[1]
    assert start["status"] == 503
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    assert headers["retry-after"] == "5"
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body["body"])
    assert problem["status"] == 503
    assert problem["detail"].startswith(words)
    assert "Idempotency-Key" in problem["detail"]


async def test_an_answer_already_started_is_not_answered_twice() -> None:
    sent = await _call(app_raises_after_start=True)
    assert [m["type"] for m in sent] == ["http.response.start"]
    assert sent[0]["status"] == 200


async def test_a_json_request_leaves_the_caller_s_context_as_it_was() -> None:
    """The strict-integer switch is the request's own: a caller running the app in its own
    context (tests, in-process ASGI transports) does not inherit it."""
    seen: list[bool] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(JSON_BODY.get())
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> Message:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: Message) -> None:
        return None

    scope = {
        **_scope("vi"),
        "method": "POST",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")],
    }
    middleware = RequestContextMiddleware(app, max_body_bytes=1000, max_upload_bytes=1000)
    await middleware(scope, receive, send)
    assert seen == [True]
    assert JSON_BODY.get() is False
