"""The award registry's .xlsx import (issue 13): a 5,000-row workbook of past awards sent
through `POST /api/v1/registry/import` as admin, timed end to end (parse, per-row checks, one
transaction)."""

from __future__ import annotations

import time
from datetime import date

from bench.client import Api, ApiError
from bench.fixtures import Orgs
from tests.registry.workbook import cccd, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AWARDS = ("LDTT", "CSTD_CS", "GIAY_KHEN", "BK_TINH")


async def time_import(api: Api, orgs: Orgs, rows: int = 5000) -> tuple[int, int, float]:
    """(rows, workbook bytes, seconds) of one import of ``rows`` past awards."""
    units = orgs.all_units
    content = xlsx(
        (
            f"Nguyễn Văn Sổ {i}",
            date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
            cccd(600_000 + i, 1970 + i % 30, "027"),
            units[i % len(units)],
            AWARDS[i % len(AWARDS)],
            2020 + i % 5,
            f"{i + 1}/QĐ-UBND",
            date(2021 + i % 5, 1, 10),
        )
        for i in range(rows)
    )
    started = time.perf_counter()
    answer = await api.http.post(
        "/api/v1/registry/import",
        files={"file": ("so-khen-thuong.xlsx", content, XLSX)},
        headers=api.headers("admin"),
    )
    seconds = time.perf_counter() - started
    if answer.status_code != 200 or answer.json().get("imported") != rows:
        raise ApiError(answer)
    return rows, len(content), seconds


def section(rows: int, size: int, seconds: float) -> str:
    return "\n".join(
        [
            "## Award registry import",
            "",
            "| measurement | result |",
            "|---|---|",
            f"| {rows:,}-row .xlsx of past awards ({size // 1024} KiB) through "
            f"`POST /api/v1/registry/import` | {seconds:.2f} s ({rows / seconds:,.0f} rows/s) |",
            "",
        ]
    )
