"""Sampling the RSS and CPU of the stack's processes during a run (the peak's and the cycle's)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import psutil  # no types-psutil in the lock


@dataclass
class Sampler:
    """Samples RSS and CPU of the stack's processes (with their children) every second."""

    procs: dict[str, psutil.Process]
    rss_peak: dict[str, float] = field(default_factory=dict)
    rss_last: dict[str, float] = field(default_factory=dict)
    cpu_s: dict[str, float] = field(default_factory=dict)
    # (perf_counter, CPU seconds of each role since `begin`) at every sample while running
    timeline: list[tuple[float, dict[str, float]]] = field(default_factory=list)
    _cpu0: dict[str, dict[int, float]] = field(default_factory=dict)

    @staticmethod
    def _tree(proc: psutil.Process) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            return [proc, *proc.children(recursive=True)]
        return []

    def _read(self, proc: psutil.Process) -> tuple[float, dict[int, float]]:
        """RSS (MiB) of the tree and CPU seconds by pid, each with its reaped children's (a
        PostgreSQL backend that ends between two readings is then counted in the
        postmaster's), in one walk of the tree."""
        rss, cpu = 0.0, {}
        for p in self._tree(proc):
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system + t.children_user + t.children_system
                rss += p.memory_info().rss / 2**20
        return rss, cpu

    def sample(self) -> dict[str, float]:
        """Records RSS; returns the CPU seconds each role used since `begin`."""
        used: dict[str, float] = {}
        for role, proc in self.procs.items():
            rss, cpu = self._read(proc)
            self.rss_last[role] = rss
            self.rss_peak[role] = max(rss, self.rss_peak.get(role, 0.0))
            before = self._cpu0.get(role, {})
            used[role] = sum(v - before.get(pid, 0.0) for pid, v in cpu.items())
        return used

    def begin(self) -> None:
        self._cpu0 = {role: self._read(p)[1] for role, p in self.procs.items()}
        self.sample()

    def end(self) -> None:
        self.cpu_s = self.sample()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.timeline.append((time.perf_counter(), self.sample()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
