"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import asyncio
from datetime import datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from api.services.reference import expired_bases
from api.state import AppState
from domain.calendar import VN_TZ

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: 200 while the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: 200 only when PostgreSQL and Temporal answer",
    responses={503: {"description": "PostgreSQL or Temporal does not answer"}},
)
async def readyz(request: Request) -> JSONResponse:
    state: AppState = request.app.state.tdkt
    checks: dict[str, str] = {}
    try:
        async with state.engine.connect() as conn:
            await asyncio.wait_for(conn.execute(text("select 1")), 3)
        checks["postgres"] = "ok"
    except Exception as exc:
        checks["postgres"] = f"error: {type(exc).__name__}"
    try:
        client = await state.temporal()
        await asyncio.wait_for(client.service_client.check_health(), 3)
        checks["temporal"] = "ok"
    except Exception as exc:
        checks["temporal"] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    # A rule past its legal end with no successor still decides (flagged on the decision):
    # a warning for operators, not a reason to take the API out of service.
    warnings = expired_bases(datetime.now(VN_TZ).date())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks, "warnings": warnings},
        status_code=200 if ready else 503,
    )


@router.get("/metrics", summary="Prometheus metrics (text format)", response_class=Response)
async def metrics(request: Request) -> Response:
    state: AppState = request.app.state.tdkt
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
