"""Run child processes in the foreground, prefix their output, stop them all on a signal.

Each child gets its own session (process group), so Ctrl-C reaches only the supervisor, which
then stops the children in reverse start order (API first, PostgreSQL last) and kills any
straggler group.

A supervisor that is itself killed (SIGKILL, OOM killer) cannot stop anything, so each child
also gets a lifeline: on Linux it starts under util-linux ``setpriv --pdeathsig``, which has the
kernel send the child its stop signal when the supervisor dies, and then execs the command
(the child keeps its pid). Without it the API and the worker, in sessions of their own, lived
on holding their ports and the data directory. A supervisor that dies in the instant between
fork and ``setpriv`` is caught too: ``setpriv`` runs a shell guard that ends the child unless
its parent is still the supervisor, and only then execs the command (still the same pid).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO

COLOURS = ("\033[36m", "\033[35m", "\033[33m", "\033[32m", "\033[34m", "\033[31m")
RESET = "\033[0m"


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    stop_signal: int = signal.SIGTERM
    reader: threading.Thread | None = None


@dataclass
class Supervisor:
    """Owns the children of `tdkt dev` and guarantees none outlives it."""

    out: IO[str] = field(default_factory=lambda: sys.stdout)
    children: list[Child] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _signal: int | None = None  # the first stop signal received (set by the handler only)
    _announced: bool = False

    def _prefix(self, name: str) -> str:
        colour = COLOURS[len(self.children) % len(COLOURS)] if self.out.isatty() else ""
        return f"{colour}{name:<9}|{RESET if colour else ''} "

    def _pump(self, prefix: str, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            with self._lock:
                self.out.write(prefix + line + "\n")
                self.out.flush()

    def log(self, message: str) -> None:
        with self._lock:
            self.out.write(f"{'tdkt':<9}| {message}\n")
            self.out.flush()

    def start(
        self,
        name: str,
        command: Sequence[str] | None = None,
        *,
        popen: Callable[..., subprocess.Popen[bytes]] | None = None,
        env: dict[str, str] | None = None,
        stop_signal: int = signal.SIGTERM,
    ) -> Child:
        """Start a child in its own process group, with its lifeline, stdout/stderr merged and
        prefixed. ``popen`` (instead of ``command``) receives the lifeline as ``prefix`` and the
        Popen options."""
        kwargs: dict[str, object] = {
            "stdout": subprocess.PIPE,
            "stderr": subprocess.STDOUT,
            "stdin": subprocess.DEVNULL,
            "start_new_session": True,
        }
        if env is not None:
            kwargs["env"] = env
        prefix = lifeline(stop_signal)
        if popen is not None:
            process = popen(prefix=prefix, **kwargs)
        else:
            assert command is not None
            process = subprocess.Popen([*prefix, *command], **kwargs)  # type: ignore[call-overload]
        child = Child(name, process, stop_signal)
        assert process.stdout is not None
        child.reader = threading.Thread(
            target=self._pump, args=(self._prefix(name), process.stdout), daemon=True
        )
        child.reader.start()
        self.children.append(child)
        return child

    def run_once(
        self, name: str, command: Sequence[str], env: dict[str, str] | None = None
    ) -> None:
        """Run a short step (migrations, seed) to completion; raise if it fails."""
        child = self.start(name, command, env=env)
        code = child.process.wait()
        if child.reader:
            child.reader.join(timeout=5)
        self.children.remove(child)
        if code != 0:
            raise RuntimeError(f"{name} failed with exit code {code}")

    def stop_requested(self) -> bool:
        return self._signal is not None or self.stopping.is_set()

    def watch(self) -> int:
        """Block until a signal arrives or a child dies; then stop everything."""
        exit_code = 0
        while not self.stop_requested():
            for child in self.children:
                code = child.process.poll()
                if code is not None:
                    self.log(f"{child.name} exited with code {code}; stopping the stack")
                    exit_code = code or 1
                    self.stopping.set()
                    break
            time.sleep(0.5)  # a signal interrupts it; its handler only records the signal
        self.stop_all()
        return exit_code

    def install_signal_handlers(self) -> None:
        def handle(signum: int, _frame: object) -> None:
            # Record the signal and nothing else: no lock, no I/O. A handler runs in the main
            # thread between any two bytecodes, also inside another handler (`make run` gets
            # SIGTERM twice: from the process group and from make), and one that took the
            # output lock (or an Event's) that the interrupted code held waited for itself
            # forever, with the whole stack left running.
            if self._signal is None:
                self._signal = signum

        signal.signal(signal.SIGINT, handle)
        signal.signal(signal.SIGTERM, handle)

    def stop_all(self, timeout: float = 15.0) -> None:
        """Stop children in reverse order; kill whole groups that do not stop in time."""
        if self._signal is not None and not self._announced:
            self._announced = True
            self.log(f"received {signal.Signals(self._signal).name}, stopping")
        self.stopping.set()
        for child in reversed(self.children):
            if child.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, child.stop_signal)
                try:
                    child.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.log(f"{child.name} did not stop in {timeout:.0f}s; killing it")
            _kill_group(child.process.pid)
            if child.reader:
                child.reader.join(timeout=2)
        self.children.clear()


# After setpriv has armed the parent-death signal: a parent that is no longer ``parent`` ($0)
# died before that, and nothing will signal this child; end it (EX_SOFTWARE) instead of running.
ORPHAN_GUARD = 'test "$PPID" = "$0" || exit 70; exec "$@"'


def lifeline(stop_signal: int, parent: int | None = None) -> list[str]:
    """The command prefix that has the kernel send a child ``stop_signal`` when ``parent`` (by
    default this process, which starts it) dies, and that ends the child at once when it
    already has (empty where util-linux ``setpriv`` or a shell is missing, e.g. macOS)."""
    setpriv = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    shell = shutil.which("sh")
    if setpriv is None or shell is None:
        return []
    name = signal.Signals(stop_signal).name.removeprefix("SIG")
    expected = str(os.getpid() if parent is None else parent)
    return [setpriv, f"--pdeathsig={name}", "--", shell, "-c", ORPHAN_GUARD, expected]


def _kill_group(pgid: int) -> None:
    """SIGKILL whatever is left in a child's process group, then reap the leader."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    time.sleep(0.05)
