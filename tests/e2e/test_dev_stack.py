"""`tdkt dev` (what `make run` runs): the whole stack up, ready, stopped cleanly, data reused;
a killed launcher leaves nothing running."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
import pytest

from launcher.ports import free_port
from tests.support.processes import wait_until_stopped

pytestmark = pytest.mark.e2e


def _stack_processes(data_dir: Path, pgid: int) -> list[str]:
    """Processes still alive from a stack: in its process group or naming its data dir."""
    out = subprocess.run(
        ["ps", "-eo", "pid=,pgid=,args="], capture_output=True, text=True, check=True
    ).stdout
    alive = []
    for line in out.splitlines():
        pid, group, args = line.strip().split(None, 2)
        if int(pid) == os.getpid() or args.startswith("ps "):
            continue
        if int(group) == pgid or str(data_dir) in args:
            alive.append(f"{pid} {args[:120]}")
    return alive


def _start(
    data_dir: Path, http_port: int, temporal_port: int, log: Path
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
    env.update(
        TDKT_DATA_DIR=str(data_dir),
        TDKT_HTTP_PORT=str(http_port),
        TDKT_TEMPORAL_PORT=str(temporal_port),
        TDKT_ADMIN_PASSWORD="Dev-Stack-Test-1",
        PYTHONUNBUFFERED="1",
    )
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "launcher", "dev"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _wait_ready(proc: subprocess.Popen[bytes], base: str, log: Path, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        assert proc.poll() is None, f"tdkt dev exited early:\n{log.read_text()[-3000:]}"
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def _get(conn: socket.socket, port: int) -> bytes:
    """One keep-alive GET /healthz on an open connection; its whole answer (b"" when closed)."""
    conn.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = conn.recv(4096)
        if not chunk:
            return answer
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = conn.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _stop(proc: subprocess.Popen[bytes], data_dir: Path, sig: int) -> None:
    os.killpg(proc.pid, sig)
    assert proc.wait(40) == 0
    deadline = time.monotonic() + 10
    while _stack_processes(data_dir, proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _stack_processes(data_dir, proc.pid) == []


def test_dev_stack_starts_serves_stops_and_reuses_data() -> None:
    # Not pytest's tmp_path: its root is re-chmodded 0700 by every pytest session, which would
    # lock the PostgreSQL system user out of its data directory.
    tmp_path = Path(tempfile.mkdtemp(prefix="tdkt-dev-stack-"))
    data_dir = tmp_path / "var"
    log = tmp_path / "dev.log"
    http_port, temporal_port = free_port(), free_port()
    base = f"http://127.0.0.1:{http_port}"

    proc = _start(data_dir, http_port, temporal_port, log)
    try:
        ready_after = _wait_ready(proc, base, log, timeout=90)
        assert ready_after < 60, f"/readyz took {ready_after:.1f}s"
        token = httpx.post(
            f"{base}/api/v1/auth/token",
            data={"username": "admin", "password": "Dev-Stack-Test-1"},
            timeout=10,
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        created = httpx.post(
            f"{base}/api/v1/orgs",
            json={"code": "PERSIST", "name": "Tỉnh Lưu Dữ Liệu", "level": "province"},
            headers=headers,
            timeout=10,
        )
        assert created.status_code == 201, created.text
        assert httpx.get(f"{base}/metrics", timeout=5).status_code == 200
        # Demo data: accounts per role and level, and dossiers in different states.
        officer = httpx.post(
            f"{base}/api/v1/auth/token",
            data={"username": "lv.officer", "password": "Demo@2026"},
            timeout=10,
        ).json()["access_token"]
        statuses: set[str] = set()
        deadline = time.monotonic() + 60  # the launcher seeds them once /readyz answers
        while statuses < {"in_review", "decided"} and time.monotonic() < deadline:
            listed = httpx.get(
                f"{base}/api/v1/dossiers",
                headers={"Authorization": f"Bearer {officer}"},
                timeout=10,
            ).json()
            statuses = {item["status"] for item in listed["items"]}
            time.sleep(0.5)
        assert statuses >= {"in_review", "decided"}
    finally:
        if proc.poll() is None:
            _stop(proc, data_dir, signal.SIGTERM)
    text = log.read_text()
    for prefix in ("postgres", "temporal", "worker", "api"):
        assert f"\n{prefix}" in text, f"no '{prefix}' lines in the log"
    assert (data_dir / "pg" / "PG_VERSION").exists()
    assert (data_dir / "temporal.db").exists()

    # A second run reuses the data: the org created above is still there; Ctrl-C stops it.
    proc = _start(data_dir, http_port, temporal_port, log)
    try:
        _wait_ready(proc, base, log, timeout=90)
        token = httpx.post(
            f"{base}/api/v1/auth/token",
            data={"username": "admin", "password": "Dev-Stack-Test-1"},
            timeout=10,
        ).json()["access_token"]
        org = httpx.get(
            f"{base}/api/v1/orgs/PERSIST",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert org.status_code == 200
        assert org.json()["name"] == "Tỉnh Lưu Dữ Liệu"
        # An idle keep-alive connection outlives a client's own idle timeout (httpx and uvicorn
        # default to 5 s): the server never closes one under a client about to reuse it.
        with socket.create_connection(("127.0.0.1", http_port), timeout=10) as conn:
            assert _get(conn, http_port).startswith(b"HTTP/1.1 200")
            time.sleep(6)
            assert _get(conn, http_port).startswith(b"HTTP/1.1 200")
        # The launcher itself is killed (SIGKILL reaches it alone: the children have sessions
        # of their own): every child still stops, through its lifeline.
        children = psutil.Process(proc.pid).children(recursive=True)
        assert {c.name() for c in children} >= {"postgres", "temporal", "python"}
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert wait_until_stopped(children, 30) == []
    finally:
        if proc.poll() is None:
            _stop(proc, data_dir, signal.SIGINT)

    # ... so the next run starts on the same data and ports; Ctrl-C stops it.
    proc = _start(data_dir, http_port, temporal_port, log)
    try:
        _wait_ready(proc, base, log, timeout=90)
    finally:
        if proc.poll() is None:
            _stop(proc, data_dir, signal.SIGINT)
    shutil.rmtree(tmp_path, ignore_errors=True)  # kept only when the test failed
