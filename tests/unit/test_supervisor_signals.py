"""`make run` stops on SIGTERM even when signals arrive while the supervisor is writing.

make forwards SIGTERM to the launcher that the process group already delivered, so the
handler can run inside itself or while the main thread holds the output lock. A handler that
logged (took that lock) deadlocked the launcher: the stack kept running until killed (seen
once in ~13 runs of the contract smoke's "clean stop"). Run in a child interpreter so that a
regression hangs there, bounded by a timeout, not in the test process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from launcher.supervisor import ORPHAN_GUARD, lifeline
from tests.support.processes import wait_until_stopped

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import io, os, signal, sys, time
from launcher.supervisor import Supervisor

out = io.StringIO()
sup = Supervisor(out=out)
sup.install_signal_handlers()
child = sup.start("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"])
with sup._lock:  # the main thread is writing a line when both signals arrive
    os.kill(os.getpid(), signal.SIGTERM)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.2)  # the handlers run here, inside the locked section
started = time.monotonic()
code = sup.watch()
sys.stdout.write(out.getvalue())
print("exit", code, "stopped", child.process.poll() is not None, "in", time.monotonic() - started)
"""


def test_two_sigterms_while_the_output_lock_is_held_still_stop_the_stack() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines.count("tdkt     | received SIGTERM, stopping") == 1
    last = lines[-1].split()
    assert last[:4] == ["exit", "0", "stopped", "True"]
    assert float(last[-1]) < 20  # the sleeper stopped on SIGTERM, not after a kill timeout


ORPHAN_SCRIPT = """
import sys, time
from launcher.supervisor import Supervisor

sup = Supervisor()
child = sup.start("sleeper", [sys.executable, "-c", "import time; time.sleep(120)"])
print(child.process.pid, flush=True)
time.sleep(120)
"""


def _exec_settled(pid: int, command: list[str], within: float = 10.0) -> list[str]:
    """The command line of ``pid`` once it has exec'd ``command``: right after the fork it is
    still setpriv, then the guard's shell, then (for an instant) empty."""
    deadline = time.monotonic() + within
    while True:
        line = psutil.Process(pid).cmdline()
        if line[-len(command) :] == command or time.monotonic() > deadline:
            return line
        time.sleep(0.02)


@pytest.mark.skipif(not lifeline(signal.SIGTERM), reason="no setpriv or sh (not Linux)")
def test_a_killed_supervisor_leaves_no_child_running() -> None:
    """SIGKILL reaches the supervisor only (its children have sessions of their own, as under
    `make run`); the kernel then sends each child its stop signal through the lifeline."""
    with subprocess.Popen(
        [sys.executable, "-c", ORPHAN_SCRIPT], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as supervisor:
        assert supervisor.stdout is not None
        child = int(supervisor.stdout.readline())
        sleeper = ["-c", "import time; time.sleep(120)"]
        assert _exec_settled(child, sleeper)[-2:] == sleeper
        assert psutil.Process(child).ppid() == supervisor.pid  # setpriv exec'd it: same pid
        supervisor.kill()
    assert wait_until_stopped([psutil.Process(child)], 10) == [], (
        "the child outlived its supervisor"
    )


def test_the_lifeline_names_the_child_stop_signal() -> None:
    setpriv = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    shell = shutil.which("sh")
    guard = [shell, "-c", ORPHAN_GUARD, str(os.getpid())]
    expected = (
        [] if setpriv is None or shell is None else [setpriv, "--pdeathsig=INT", "--", *guard]
    )
    assert lifeline(signal.SIGINT) == expected


@pytest.mark.skipif(not lifeline(signal.SIGTERM), reason="no setpriv or sh (not Linux)")
def test_a_child_whose_supervisor_died_before_its_lifeline_never_runs() -> None:
    """The window between fork and setpriv: the guard finds that the child's parent is not the
    supervisor that started it (here: a pid that is not ours) and ends it before the command."""
    command = [sys.executable, "-c", "print('ran')"]
    for parent, code, output in ((os.getpid(), 0, "ran\n"), (os.getppid(), 70, "")):
        done = subprocess.run(
            [*lifeline(signal.SIGTERM, parent=parent), *command],
            capture_output=True, text=True, check=False, timeout=30,
        )  # fmt: skip
        assert (done.returncode, done.stdout) == (code, output), done.stderr
