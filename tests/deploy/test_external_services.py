"""The API and two workers against an *externally* started Temporal and PostgreSQL, reached only
through TDKT_TEMPORAL_ADDRESS / TDKT_DATABASE_URL: the shape of every real deployment (compose,
Kubernetes), with the containers replaced by processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client

from launcher.ports import free_port
from launcher.postgres import EmbeddedPostgres
from launcher.temporal import TemporalDevServer

pytestmark = pytest.mark.e2e

NAMESPACE = "default"


@pytest.fixture
def temporal_server(tmp_path: Path) -> Iterator[TemporalDevServer]:
    """A Temporal dev server the stack did not start (as a cluster would be)."""
    server = TemporalDevServer(tmp_path / "temporal.db", free_port(), headless=True)
    log = (tmp_path / "temporal.log").open("wb")
    process = subprocess.Popen(server.command(), stdout=log, stderr=subprocess.STDOUT)
    try:
        server.wait_ready(timeout=60)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def empty_database_url(pg: EmbeddedPostgres) -> str:
    """A new, unmigrated database on the session's PostgreSQL."""
    name = f"ext_{uuid.uuid4().hex[:10]}"
    pg.ensure_database(name)
    return pg.url(name)


def _env(database_url: str, temporal_address: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
    env.update(
        TDKT_ENV="test",
        TDKT_DATABASE_URL=database_url.replace("postgresql+psycopg://", "postgresql://"),
        TDKT_TEMPORAL_ADDRESS=temporal_address,
        TDKT_TEMPORAL_NAMESPACE=NAMESPACE,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _group_alive(pgid: int) -> list[str]:
    out = subprocess.run(
        ["ps", "-eo", "pid=,pgid=,args="], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in out.splitlines() if int(line.split()[1]) == pgid]


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> list[int | None]:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    codes: list[int | None] = []
    for process in processes:
        try:
            codes.append(process.wait(30))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            codes.append(None)
    return codes


async def _pollers(client: Client, task_queue: str, kind: TaskQueueType.ValueType) -> set[str]:
    response = await client.workflow_service.describe_task_queue(
        DescribeTaskQueueRequest(
            namespace=NAMESPACE,
            task_queue=TaskQueue(name=task_queue),
            task_queue_type=kind,
        )
    )
    return {poller.identity for poller in response.pollers}


async def test_api_and_two_workers_on_external_temporal_and_postgres(
    tmp_path: Path, temporal_server: TemporalDevServer, empty_database_url: str
) -> None:
    task_queue = f"ext-{uuid.uuid4().hex[:8]}"
    http_port = free_port()
    env = _env(empty_database_url, temporal_server.address, TDKT_TASK_QUEUE=task_queue)
    log = tmp_path / "stack.log"

    migrate = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "launcher", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr

    metrics_port = free_port()
    processes = [
        _spawn(["-m", "worker"], {**env, "TDKT_METRICS_PORT": str(metrics_port)}, log),
        _spawn(["-m", "worker"], env, log),
    ]
    processes.append(_spawn(["-m", "api"], {**env, "TDKT_HTTP_PORT": str(http_port)}, log))
    try:
        deadline = time.monotonic() + 90
        ready = False
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{http_port}") as http:
            while time.monotonic() < deadline and not ready:
                for process in processes:
                    assert process.poll() is None, f"exited early:\n{log.read_text()[-3000:]}"
                with contextlib.suppress(httpx.HTTPError):
                    ready = (await http.get("/readyz", timeout=3)).status_code == 200
                if not ready:
                    await asyncio.sleep(0.3)
            assert ready, f"/readyz never 200:\n{log.read_text()[-3000:]}"
            body = (await http.get("/readyz")).json()
            assert body["checks"] == {"postgres": "ok", "temporal": "ok"}

        client = await Client.connect(temporal_server.address, namespace=NAMESPACE)
        worker_pids = {str(p.pid) for p in processes[:2]}
        workflow_pollers: set[str] = set()
        activity_pollers: set[str] = set()
        while time.monotonic() < deadline:
            workflow_pollers = await _pollers(
                client, task_queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
            )
            activity_pollers = await _pollers(
                client, task_queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY
            )
            if len(workflow_pollers) >= 2 and len(activity_pollers) >= 2:
                break
            await asyncio.sleep(0.3)
        for pollers in (workflow_pollers, activity_pollers):
            # the SDK's default identity is "<pid>@<host>": one per worker process
            assert {identity.split("@")[0] for identity in pollers} == worker_pids, pollers
        # The worker with TDKT_METRICS_PORT exports the Temporal SDK metrics for Prometheus.
        async with httpx.AsyncClient() as http:
            metrics = (await http.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5)).text
        assert "temporal_worker_task_slots_available" in metrics
    finally:
        codes = _stop_all(processes)
    text = log.read_text()
    # every process shuts down gracefully and exits 0 on SIGTERM
    assert codes == [0, 0, 0], f"exit codes {codes}:\n{text[-3000:]}"
    assert text.count("worker.stopped") == 2
    assert "Application shutdown complete" in text
    for process in processes:
        assert _group_alive(process.pid) == [], "a child process outlived its parent"
