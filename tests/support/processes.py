"""Whether processes are still running, for tests that kill a supervisor and watch its children."""

from __future__ import annotations

import contextlib
import time

import psutil


def running(processes: list[psutil.Process]) -> list[str]:
    """Those still running ("pid name"). A zombie has exited: only its new parent (after the
    supervisor died) has not reaped it yet."""
    alive = []
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            if p.status() != psutil.STATUS_ZOMBIE:
                alive.append(f"{p.pid} {p.name()}")
    return alive


def wait_until_stopped(processes: list[psutil.Process], within: float) -> list[str]:
    """Wait up to ``within`` seconds for every process to exit; those still running."""
    deadline = time.monotonic() + within
    while running(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    return running(processes)
