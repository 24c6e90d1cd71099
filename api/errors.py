"""Errors as RFC 9457 problem+json, mapped in one place.

Services raise `AppError` subclasses (never HTTPException); FastAPI's own errors (validation, 404,
405) and unexpected exceptions are rendered in the same shape. Titles are bilingual because people
read them: Vietnamese first, English after.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg import OperationalError as PsycopgOperationalError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import OperationalError as SqlOperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("tdkt.api")

TITLES: dict[int, str] = {
    400: "Yêu cầu không hợp lệ / Bad request",
    401: "Chưa đăng nhập hoặc phiên hết hạn / Not authenticated",
    403: "Không có quyền / Forbidden",
    404: "Không tìm thấy / Not found",
    405: "Phương thức không được hỗ trợ / Method not allowed",
    409: "Xung đột trạng thái / Conflict",
    413: "Dữ liệu gửi lên quá lớn / Payload too large",
    415: "Kiểu tệp không được chấp nhận / Unsupported media type",
    422: "Dữ liệu không hợp lệ / Validation failed",
    429: "Quá nhiều yêu cầu / Too many requests",
    500: "Lỗi hệ thống / Internal server error",
    503: "Dịch vụ tạm thời không sẵn sàng / Service unavailable",
}


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
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers


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

    @classmethod
    def field(cls, field: str, message: str) -> Invalid:
        return cls(message, errors=[{"field": field, "message": message}])


class Unavailable(AppError):
    status = 503


DATABASE_DOWN = (
    "Không kết nối được cơ sở dữ liệu; vui lòng thử lại sau / "
    "The database is unreachable; please retry later"
)


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
        "title": TITLES.get(status, HTTPStatus(status).phrase),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    name = ""
    for part in parts:
        name += f"[{part}]" if part.isdigit() else (f".{part}" if name else part)
    return name or "body"


def field_error(err: Any) -> dict[str, str]:
    """One pydantic error as `{"field","message"}`; the text safety net names its field in ctx."""
    ctx = err.get("ctx") or {}
    if err.get("type") == "text_invalid" and "field" in ctx:
        prefix = _field_name(err.get("loc", ()))
        inner = str(ctx["field"])
        field = inner if prefix == "body" else f"{prefix}.{inner}"
        return {"field": field, "message": str(ctx["reason"])}
    return {"field": _field_name(err.get("loc", ())), "message": str(err.get("msg", ""))}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else exc.headers
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        return problem(exc.status, exc.detail, errors=exc.errors, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [field_error(err) for err in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        if any(err.get("type") == "json_invalid" for err in exc.errors()):
            return problem(
                400, f"Nội dung JSON không đọc được / Malformed JSON — {detail}", errors=errors
            )
        return problem(422, f"Dữ liệu không hợp lệ / Invalid input — {detail}", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if is_database_unavailable(exc):
            log.warning(
                "request.database_unavailable",
                path=request.url.path,
                error=f"{type(exc).__name__}: {exc}"[:500],
            )
            return problem(503, DATABASE_DOWN, headers={"Retry-After": "5"})
        log.exception("request.failed", path=request.url.path)
        return problem(500, "Lỗi không mong đợi; đã ghi nhật ký / Unexpected error; it was logged")
