"""`python -m api`: serve the HTTP API and web UI with uvicorn."""

from __future__ import annotations

import os
import signal
import sys

import structlog
import uvicorn

from api.app import create_app
from api.services.temporal_gateway import UPDATE_TIMEOUT
from core.heap import freeze_startup_heap
from core.logging import configure_logging
from core.settings import get_settings


def main() -> int:
    settings = get_settings()
    configure_logging(json=settings.log_json, level=settings.log_level, service="api")
    app = create_app(settings)
    # the process's start-up heap, not the app's: tests that start apps keep their collector
    structlog.get_logger("tdkt.api").info("api.starting", frozen_objects=freeze_startup_heap())
    # uvicorn restores the previous handlers after its graceful shutdown and re-raises the signal
    # it caught; with these no-ops in place that ends in a normal exit (0) instead of -15.
    signal.signal(signal.SIGTERM, lambda *_: None)
    signal.signal(signal.SIGINT, lambda *_: None)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        timeout_keep_alive=settings.http_keep_alive_seconds,
        # in-flight requests finish with their own answer: the longest waits on a workflow
        # update (UPDATE_TIMEOUT); what is still running after this is answered 503 (middleware)
        timeout_graceful_shutdown=int(UPDATE_TIMEOUT.total_seconds()) + 3,
    )
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
