"""Decision round-trip timing on the dev server with the real worker and PostgreSQL.

Not a gate (no timed assertion): skipped unless ``TDKT_TIMING=1``. Run with

    TDKT_TIMING=1 .venv/bin/python -m pytest tests/workflow/test_decision_timing.py -q -s

It starts ``TDKT_TIMING_N`` (default 50) dossiers, waits until each has its deadline, then
decides all of them at ``TDKT_TIMING_CONCURRENCY`` (default 20) at a time and prints p50 / p95 /
p99 of the update round trip and of the projection lag (update returned → the row of that
version is in PostgreSQL).
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from store.models import Dossier
from tests.workflow.harness import dossier_input, execute, settled, start
from tests.workflow.test_projection import Db, db  # noqa: F401  (fixture)
from worker.registry import build_worker
from workflows.contracts import DecideRequest
from workflows.dossier import DossierWorkflow

pytestmark = pytest.mark.skipif(
    not os.environ.get("TDKT_TIMING"), reason="timing run: set TDKT_TIMING=1"
)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    cut = "  ".join(f"p{p} {_pct(ms, p):.0f} ms" for p in (50, 95, 99))
    return f"{name}: {cut}"


async def _visible(store: Db, dossier_id: str, version: int) -> None:
    while True:
        async with store.sessions() as session:
            row = await session.scalar(select(Dossier.version).where(Dossier.id == dossier_id))
        if row is not None and row >= version:
            return
        await asyncio.sleep(0.005)


async def test_decision_round_trip(
    dev_env: WorkflowEnvironment,
    db: Db,  # noqa: F811
    task_queue: str,
) -> None:
    count = int(os.environ.get("TDKT_TIMING_N", "50"))
    concurrency = int(os.environ.get("TDKT_TIMING_CONCURRENCY", "20"))
    gate = asyncio.Semaphore(concurrency)
    trips: list[float] = []
    lags: list[float] = []
    async with build_worker(dev_env.client, Settings(), db.sessions, task_queue=task_queue):
        handles = []
        for _ in range(count):
            handles.append(await start(dev_env.client, task_queue, dossier_input("BK_TINH")))
        await asyncio.gather(*(settled(h) for h in handles))
        for h in handles:  # the first projection is in: the decision is all that is measured
            wanted = await h.query(DossierWorkflow.get_status)
            await _visible(db, wanted.id, wanted.version)

        async def one(handle: object) -> None:
            async with gate:
                began = time.perf_counter()
                done = await execute(
                    handle,  # type: ignore[arg-type]
                    DossierWorkflow.decide,
                    DecideRequest("chair.D1", "D1", "approve", "Đồng ý"),
                )
                returned = time.perf_counter()
                trips.append(returned - began)
                await _visible(db, done.id, done.version)
                lags.append(time.perf_counter() - returned)

        await asyncio.gather(*(one(h) for h in handles))
    print(f"\n{count} decisions, concurrency {concurrency}, {datetime.now(UTC):%Y-%m-%d %H:%M}")
    print(_line("decision round trip", trips))
    print(_line("projection lag", lags))
