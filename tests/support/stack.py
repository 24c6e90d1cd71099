"""A tdkt stack made of separate processes that a test can kill and restart one by one.

Shared by the fault, security and schema-fuzz tests (`started(...)` runs one for a fixture).

embedded PostgreSQL, the file-backed Temporal dev server (headless), `python -m worker` and
`python -m api`, each in its own process group, with logs in the stack's directory. Every
process is ours and is stopped by its pid; nothing is looked up by name.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from launcher.ports import free_port
from launcher.postgres import EmbeddedPostgres
from launcher.temporal import TemporalDevServer

REPO = Path(__file__).resolve().parents[2]
DB = "tdkt"
# Second-scale deadlines (contract §6) so that timers fire while processes are down.
SLA_POLICY = """
reminder_before = "PT5S"
escalate_every = "PT15S"
resubmit = "PT60S"

[review]
district = "PT20S"
province = "PT40S"
"""


def _stop(process: subprocess.Popen[bytes] | None, sig: int, timeout: float = 20) -> None:
    """Signal a process group we started; SIGKILL it if it does not stop in time."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@dataclass
class ProcessStack:
    root: Path
    pg: EmbeddedPostgres
    temporal: TemporalDevServer
    http_port: int
    admin_password: str = field(default_factory=lambda: "Adm-" + secrets.token_hex(6))
    jwt_secret: str = field(default_factory=lambda: secrets.token_hex(32))
    sla_policy: str = SLA_POLICY
    max_body_bytes: int = 1_000_000
    task_queue: str = field(default_factory=lambda: f"faults-{uuid.uuid4().hex[:8]}")
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    extra_ports: dict[str, int] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)  # more TDKT_* settings

    @classmethod
    def create(cls, prefix: str = "tdkt-stack-", **options: Any) -> ProcessStack:
        root = Path(tempfile.mkdtemp(prefix=prefix))
        return cls(
            root=root,
            pg=EmbeddedPostgres(root / "pg", free_port()),
            temporal=TemporalDevServer(root / "temporal.db", free_port(), headless=True),
            http_port=free_port(),
            **options,
        )

    # --- addresses -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg.port}/{DB}"

    def env(self) -> dict[str, str]:
        policy = self.root / "sla.toml"
        policy.write_text(self.sla_policy)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
        env.update(
            TDKT_ENV="test",
            TDKT_DATA_DIR=str(self.root),
            TDKT_DATABASE_URL=self.pg.url(DB),
            TDKT_TEMPORAL_ADDRESS=self.temporal.address,
            TDKT_HTTP_PORT=str(self.http_port),
            TDKT_ADMIN_PASSWORD=self.admin_password,
            TDKT_JWT_SECRET=self.jwt_secret,
            TDKT_MAX_BODY_BYTES=str(self.max_body_bytes),
            TDKT_SEED_DEMO="false",
            TDKT_SLA_POLICY=str(policy),
            TDKT_LOG_LEVEL="WARNING",
            TDKT_TASK_QUEUE=self.task_queue,
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, command: list[str], **kwargs: Any) -> None:
        log = (self.root / f"{name}.log").open("ab")
        popen = kwargs.pop("popen", None)
        options: dict[str, Any] = {
            "stdout": log,
            "stderr": subprocess.STDOUT,
            "stdin": subprocess.DEVNULL,
            "start_new_session": True,
            **kwargs,
        }
        self.procs[name] = popen(**options) if popen else subprocess.Popen(command, **options)
        log.close()

    # --- PostgreSQL ----------------------------------------------------------------------

    def start_postgres(self) -> None:
        self.pg.init()
        self._spawn("postgres", [], popen=self.pg.popen)
        self.pg.wait_ready()

    def stop_postgres(self) -> None:
        """Fast shutdown: open transactions are aborted, clients are disconnected."""
        _stop(self.procs.pop("postgres", None), signal.SIGINT)

    # --- Temporal ------------------------------------------------------------------------

    def start_temporal(self) -> None:
        self._spawn("temporal", self.temporal.command())
        self.temporal.wait_ready()

    def stop_temporal(self, sig: int = signal.SIGTERM) -> None:
        _stop(self.procs.pop("temporal", None), sig)

    # --- worker and API ------------------------------------------------------------------

    def start_worker(self) -> None:
        self._spawn("worker", [sys.executable, "-m", "worker"], cwd=REPO, env=self.env())

    def kill_worker(self) -> None:
        """kill -9: no graceful shutdown, in-flight activities and workflow tasks are lost."""
        _stop(self.procs.pop("worker", None), signal.SIGKILL)

    def kill_api(self) -> None:
        _stop(self.procs.pop("api", None), signal.SIGKILL)

    def kill_all(self) -> None:
        """kill -9 every process at once, PostgreSQL and Temporal included (a power cut)."""
        victims = [self.procs.pop(n, None) for n in ("api", "worker", "temporal", "postgres")]
        for process in victims:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        for process in victims:
            if process is not None:
                process.wait(timeout=20)

    def restart_all(self) -> None:
        """After :meth:`kill_all`: the same data directories, the same ports."""
        self.start_postgres()
        self.start_temporal()
        self.start_worker()
        self.start_api()

    def start_api(self, timeout: float = 60) -> None:
        self._spawn("api", [sys.executable, "-m", "api"], cwd=REPO, env=self.env())
        self.wait_ready(timeout)

    def start_extra_api(self, name: str, timeout: float = 60) -> str:
        """Another `python -m api` replica on its own port (same database); its base URL."""
        port = free_port()
        self.extra_ports[name] = port
        env = self.env() | {"TDKT_HTTP_PORT": str(port)}
        self._spawn(name, [sys.executable, "-m", "api"], cwd=REPO, env=env)
        url = f"http://127.0.0.1:{port}"
        self.wait_ready(timeout, name=name, base_url=url)
        return url

    def wait_ready(self, timeout: float = 60, *, name: str = "api", base_url: str = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            api = self.procs.get(name)
            if api is not None and api.poll() is not None:
                raise RuntimeError(f"{name} exited: {self.log_tail(name)}")
            with contextlib.suppress(httpx.HTTPError):
                url = (base_url or self.base_url) + "/readyz"
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"{name} not ready: {self.log_tail(name)}")

    def log_tail(self, name: str, chars: int = 2000) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    # --- whole stack ---------------------------------------------------------------------

    def start(self) -> None:
        from store.migrate import upgrade_head

        self.start_postgres()
        self.pg.ensure_database(DB)
        upgrade_head(self.pg.url(DB))
        subprocess.run(
            [sys.executable, "-m", "launcher", "seed"],
            cwd=REPO,
            env=self.env(),
            check=True,
            capture_output=True,
        )
        self.start_temporal()
        self.start_worker()
        self.start_api()

    def close(self) -> None:
        for name in (*self.extra_ports, "api", "worker", "temporal"):
            _stop(self.procs.pop(name, None), signal.SIGTERM)
        self.stop_postgres()
        shutil.rmtree(self.root, ignore_errors=True)

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.dsn) as conn:
            return conn.execute(query, params).fetchall()


@contextlib.contextmanager
def started(prefix: str = "tdkt-stack-", **options: Any) -> Iterator[ProcessStack]:
    """A started stack, closed (every process stopped, its directory removed) afterwards."""
    stack = ProcessStack.create(prefix, **options)
    try:
        stack.start()
        yield stack
    finally:
        stack.close()
