"""``python -m worker``: run the dossier worker and the outbox sender until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from datetime import UTC, datetime

import structlog

from activities.deadline import warm_calendar
from activities.outbox import OutboxSender
from core import i18n
from core.heap import freeze_startup_heap
from core.logging import configure_logging
from core.settings import get_settings
from core.temporal import connect_temporal, metrics_runtime
from domain.calendar import local_date
from store.db import make_engine, make_sessionmaker
from worker.registry import build_worker
from workflows.schedules import ensure_digest_schedule

log = structlog.get_logger("worker")


async def serve() -> int:
    settings = get_settings()
    configure_logging(json=settings.log_json, level=settings.log_level, service="worker")
    i18n.load()  # the e-mails' texts: a broken catalogue stops the worker now, not at a send
    if settings.database_url is None:
        log.error("worker.no_database", hint="set TDKT_DATABASE_URL")
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    engine = make_engine(settings.database_url, pool_size=5)
    try:
        runtime = metrics_runtime(settings.metrics_port) if settings.metrics_port else None
        client = await connect_temporal(settings, runtime=runtime)
        sessions = make_sessionmaker(engine)
        warm_calendar(local_date(datetime.now(UTC)))
        worker = build_worker(client, settings, sessions)
        sender = asyncio.create_task(OutboxSender(sessions, settings).run(stop))
        if await ensure_digest_schedule(client, settings.task_queue):
            log.info("worker.digest_schedule_created")
        log.info(
            "worker.started", task_queue=settings.task_queue, frozen_objects=freeze_startup_heap()
        )
        async with worker:
            await stop.wait()
            log.info("worker.stopping")
        await sender
        return 0
    finally:
        await engine.dispose()
        log.info("worker.stopped")


def main() -> None:
    code = 1
    try:
        code = asyncio.run(serve())
    except Exception:
        log.exception("worker.crashed")
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
    # temporalio's native threads can abort interpreter finalisation (sdk-python#300).
    os._exit(code)


if __name__ == "__main__":
    main()
