"""`tdkt dev` refuses to start when a port it would serve on is already held by another server,
before it starts anything: otherwise its API died on "address in use" while the readiness probe
was answered by the other server, and the stack stopped half-seeded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from launcher.ports import free_port, listening


def test_a_listening_port_is_taken_and_a_closed_one_is_free() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert listening("127.0.0.1", port)
    assert not listening("127.0.0.1", port)


def test_dev_refuses_a_taken_http_port_before_starting_anything(tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        taken = server.getsockname()[1]
        env = {
            **os.environ,
            "TDKT_DATA_DIR": str(tmp_path / "var"),
            "TDKT_HTTP_PORT": str(taken),
            "TDKT_TEMPORAL_PORT": str(free_port()),
            "TDKT_SEED_DEMO": "false",
        }
        env.pop("TDKT_DATABASE_URL", None)
        env.pop("TDKT_TEMPORAL_ADDRESS", None)
        done = subprocess.run(
            [sys.executable, "-m", "launcher", "dev"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"port {taken} (TDKT_HTTP_PORT) is already in use" in done.stdout
    assert not (tmp_path / "var").exists()  # nothing was started, not even PostgreSQL's files
