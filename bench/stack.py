"""The benchmark's own tdkt stack: `python -m launcher dev` in a temporary directory.

Everything runs on free ports with `TDKT_SEED_DEMO=false`; the launcher is stopped with SIGTERM
and every process it started (tracked by pid while it ran, or naming the data directory) is
verified gone, and killed by pid if not.
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
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil  # no types-psutil in the lock

from launcher.ports import free_port, port_in_use

REPO = Path(__file__).resolve().parent.parent


def free_temporal_port() -> int:
    """A free port whose +1000 (the dev server's UI) is free as well."""
    while True:
        port = free_port()
        if port + 1000 < 65000 and not port_in_use(port + 1000):
            return port


@dataclass
class LauncherStack:
    """A whole tdkt stack run by the launcher, as `make run` would."""

    data_dir: Path
    http_port: int
    temporal_port: int
    postgres_port: int
    admin_password: str
    process: subprocess.Popen[bytes] | None = None
    seen_pids: set[int] = field(default_factory=set)
    keep_data: bool = False

    @classmethod
    def create(cls, keep_data: bool = False) -> LauncherStack:
        return cls(
            data_dir=Path(tempfile.mkdtemp(prefix="tdkt-bench-")),
            http_port=free_port(),
            temporal_port=free_temporal_port(),
            postgres_port=free_port(),
            admin_password="Bench-" + secrets.token_hex(8),
            keep_data=keep_data,
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def temporal_address(self) -> str:
        return f"127.0.0.1:{self.temporal_port}"

    @property
    def database_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.postgres_port}/tdkt"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "stack.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
        env.update(
            TDKT_DATA_DIR=str(self.data_dir),
            TDKT_HTTP_PORT=str(self.http_port),
            TDKT_TEMPORAL_PORT=str(self.temporal_port),
            TDKT_POSTGRES_PORT=str(self.postgres_port),
            TDKT_ADMIN_PASSWORD=self.admin_password,
            TDKT_SEED_DEMO="false",
            TDKT_LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self, timeout: float = 180.0) -> float:
        """Start the launcher and wait for /readyz; return the seconds it took."""
        started = time.monotonic()
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "launcher", "dev"],
            cwd=REPO,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        while time.monotonic() - started < timeout:
            self._track()
            if self.process.poll() is not None:
                break
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.base_url + "/readyz", timeout=2).status_code == 200:
                    self._track()
                    return time.monotonic() - started
            time.sleep(0.3)
        tail = self.log_path.read_text(errors="replace")[-3000:]
        self.stop()
        raise RuntimeError(f"the stack did not become ready; log tail:\n{tail}")

    def _track(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(self.process.pid)
            self.seen_pids.update(p.pid for p in root.children(recursive=True))

    def child(self, marker: str) -> psutil.Process | None:
        """The stack's process whose command line contains `marker` (e.g. '-m worker')."""
        if self.process is None:
            return None
        with contextlib.suppress(psutil.Error):
            for proc in psutil.Process(self.process.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if marker in " ".join(proc.cmdline()):
                        return proc
        return None

    def processes(self) -> dict[str, psutil.Process]:
        """The main processes by role (postgres main process, temporal, worker, api)."""
        found: dict[str, psutil.Process] = {}
        for role, marker in (
            ("worker", "-m worker"),
            ("api", "-m api"),
            ("temporal", "start-dev"),
            ("postgres", "/postgres -D"),
        ):
            proc = self.child(marker)
            if proc is not None:
                found[role] = proc
        return found

    def leftovers(self) -> list[psutil.Process]:
        alive: list[psutil.Process] = []
        marker = str(self.data_dir)
        for proc in psutil.process_iter(["pid", "cmdline"]):
            with contextlib.suppress(psutil.Error):
                if proc.pid == os.getpid():
                    continue
                cmd = " ".join(proc.info["cmdline"] or [])
                ours = proc.pid in self.seen_pids or marker in cmd
                if ours and proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(proc)
        return alive

    def stop(self, timeout: float = 40.0) -> bool:
        """SIGTERM the launcher; True when nothing of the stack was left to kill."""
        self._track()
        clean = True
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                clean = False
                self.process.kill()
                self.process.wait(5)
        deadline = time.monotonic() + 10
        left = self.leftovers()
        while left and time.monotonic() < deadline:
            time.sleep(0.3)
            left = self.leftovers()
        for proc in left:  # ours, by pid
            clean = False
            with contextlib.suppress(psutil.Error):
                proc.kill()
        if not self.keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        return clean
