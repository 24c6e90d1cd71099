"""Request id, structured request logging, metrics and the request body limit."""

from __future__ import annotations

import time
import uuid

import structlog
from fastapi import FastAPI, Request, Response
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from api.errors import problem
from core.settings import Settings

log = structlog.get_logger("tdkt.api")


class RequestContextMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: object, max_body_bytes: int) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.max_body_bytes = max_body_bytes

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            request_id=request_id, method=request.method, path=request.url.path
        )
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            response: Response = problem(
                413,
                f"Dữ liệu vượt quá {self.max_body_bytes} byte / "
                f"Body exceeds {self.max_body_bytes} bytes",
            )
        else:
            started = time.perf_counter()
            response = await call_next(request)
            elapsed = time.perf_counter() - started
            route = request.scope.get("route")
            route_path = getattr(route, "path", "unmatched")
            state = getattr(request.app.state, "tdkt", None)
            if state is not None:
                state.metrics.requests.labels(
                    request.method, route_path, str(response.status_code)
                ).inc()
                state.metrics.latency.labels(request.method, route_path).observe(elapsed)
            log.info("request.completed", status=response.status_code, ms=round(elapsed * 1000, 1))
        response.headers["X-Request-ID"] = request_id
        return response


def install_middleware(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
