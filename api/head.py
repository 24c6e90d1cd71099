"""HEAD wherever GET is served (RFC 9110 §9.3.2), for the API's routes too.

Starlette's own routes (the web pages, static files) answer HEAD already; FastAPI's API routes
declare GET only and would say 405 (fastapi/fastapi#1773, still open in the installed version).
Adding HEAD to every route's methods would also add a second OpenAPI operation per GET, so this
small ASGI middleware asks the application for GET instead and sends the answer's status and
headers (``Content-Length`` included, as GET would) without its body. The servers we run under
(uvicorn) drop a HEAD body as well; doing it here keeps the answer right under any server.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the body's pieces are not sent; the last one ends the answer
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
