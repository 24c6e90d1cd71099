"""`python -m bench --scale`: the read side at 1,000,000 dossiers.

Bulk-loads the dossiers with COPY in batches (one nominee each, and a closed review stage for
each decided dossier, so the statistics have something to count), through every trigger the
product's writes go through (scope, statistics summaries), then times every list, search and
statistics request as a unit officer, a district chair, the provincial chair and the admin.
"""

from __future__ import annotations

import itertools
import os
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg

from bench.client import Api, ApiError
from bench.fixtures import Orgs
from bench.listing import COLUMNS, iter_rows
from bench.stats import Summary

NAME = "scale"  # its section of docs/benchmarks.md (bench/blocks.py)

BATCH = 100_000
NOMINEE_COLUMNS = "id, dossier_id, position, kind, name, is_direct_worker, outcome"
STAGE_COLUMNS = "dossier_id, seq, level, org_code, phase, arrived_at, due_at, closed_at, outcome"


def _children(
    row: tuple[Any, ...], name: str, i: int
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    dossier_id, status, created = row[0], row[7], row[20]
    route_orgs = row[6].strip("{}").split(",")
    decided = status == "decided"
    nominee = (
        f"{dossier_id}-001",
        dossier_id,
        0,
        "individual",
        name,
        i % 3 == 0,
        "approved" if decided else "pending",
    )
    if not decided:
        return nominee, None
    due = created + timedelta(days=28)
    closed: datetime = created + timedelta(days=(i * 7) % 40)
    stage = (dossier_id, 1, "district", route_orgs[1], "review", created, due, closed, "approved")
    return nominee, stage


@dataclass(frozen=True)
class Loaded:
    seconds: float
    names: list[str]
    ids: list[str]


def bulk_load(dsn: str, orgs: Orgs, count: int, say: Any) -> Loaded:
    """COPY `count` dossiers (+ nominees, stages) in batches; seconds taken, names and ids."""
    names: list[str] = []
    ids: list[str] = []
    started = time.perf_counter()
    rows: Iterator[tuple[tuple[Any, ...], str]] = iter_rows(orgs, count)
    with psycopg.connect(dsn) as conn:
        for batch_no in itertools.count():
            batch = list(itertools.islice(rows, BATCH))
            if not batch:
                break
            children = [
                _children(row, name, batch_no * BATCH + k) for k, (row, name) in enumerate(batch)
            ]
            with conn.cursor() as cur:
                with cur.copy(f"COPY dossiers ({COLUMNS}) FROM STDIN") as copy:
                    for row, _ in batch:
                        copy.write_row(row)
                with cur.copy(f"COPY nominees ({NOMINEE_COLUMNS}) FROM STDIN") as copy:
                    for nominee, _ in children:
                        copy.write_row(nominee)
                with cur.copy(f"COPY stages ({STAGE_COLUMNS}) FROM STDIN") as copy:
                    for _, stage in children:
                        if stage is not None:
                            copy.write_row(stage)
            conn.commit()
            names += [name for _, name in batch]
            ids += [row[0] for row, _ in batch]
            say(f"loaded {len(names):,} dossiers in {time.perf_counter() - started:.0f} s")
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE dossiers")
        conn.execute("VACUUM ANALYZE nominees")
        conn.execute("VACUUM ANALYZE stages")
        conn.execute("VACUUM ANALYZE dossier_scopes")  # filled by the triggers (0013)
    return Loaded(time.perf_counter() - started, names, ids)


@dataclass(frozen=True)
class Case:
    who: str
    label: str
    path: str
    params: dict[str, Any]
    cursor_pages: int = 0  # follow next_cursor this many times first (not timed)


@dataclass(frozen=True)
class ScaleResult:
    label: str
    total: str
    latency: Summary


def _plain(text: str) -> str:
    """``text`` as typed on a keyboard without Vietnamese input: no marks, đ as d, lower case."""
    marks = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in marks if not unicodedata.combining(c))


def cases(orgs: Orgs, names: list[str], ids: list[str]) -> list[Case]:
    officer, _unit, district = orgs.officer_units[0]
    units = len(orgs.all_units)
    full = names[(len(names) // 3) // units * units]  # a name of the officer's unit
    given = names[len(names) // 2].split()[-1].lower()
    plain = _plain(full)  # the officer's name, typed without diacritics
    own = (len(ids) // 7) // units * units  # a dossier of the officer's unit
    roles = (
        ("officer", officer),
        ("district chair", district.chair),
        ("province chair", orgs.province_chair),
        ("admin", "admin"),
    )
    out: list[Case] = []
    lists = "/api/v1/dossiers"
    for who, user in roles:
        out += [
            Case(user, f"{who}: first page", lists, {}),
            Case(user, f"{who}: status=in_review", lists, {"status": "in_review"}),
            Case(user, f"{who}: award_code=BK_TINH", lists, {"award_code": "BK_TINH"}),
            Case(user, f"{who}: level=province", lists, {"level": "province"}),
            Case(user, f"{who}: org_code=<district>", lists, {"org_code": district.code}),
            Case(user, f"{who}: overdue=true", lists, {"overdue": "true"}),
            Case(
                user,
                f"{who}: status=decided&award_code=GIAY_KHEN&q=<given>",
                lists,
                {"status": "decided", "award_code": "GIAY_KHEN", "q": given},
            ),
            Case(user, f"{who}: q=<full name>", lists, {"q": full}),
            Case(user, f"{who}: q=<given name>", lists, {"q": given}),
            Case(user, f"{who}: q=<name without diacritics>", lists, {"q": plain}),
            Case(user, f"{who}: q=<dossier id>", lists, {"q": ids[own].lower()}),
            Case(user, f"{who}: page=20, page_size=50", lists, {"page": 20, "page_size": 50}),
            Case(user, f"{who}: cursor after 20 pages", lists, {"page_size": 50}, 20),
            Case(user, f"{who}: tasks", "/api/v1/tasks", {}),
            Case(user, f"{who}: stats", "/api/v1/stats", {}),
            Case(user, f"{who}: stats year=2025", "/api/v1/stats", {"year": 2025}),
        ]
    out.append(
        Case(
            orgs.province_chair,
            "province chair: stats org_code=<district>",
            "/api/v1/stats",
            {"org_code": district.code},
        )
    )
    return out


async def _start(api: Api, case: Case) -> dict[str, Any]:
    params = dict(case.params)
    for _ in range(case.cursor_pages):
        body = await api.call("GET", case.path, case.who, params=params)
        if body.get("next_cursor") is None:
            break
        params["cursor"] = body["next_cursor"]
    return params


def _total(body: Any) -> str:
    if "total" not in body:
        return str(sum(body.get("by_status", {}).values()))  # stats: dossiers counted
    estimated = "≈ " if body.get("total_is_estimate") else ""
    return f"{estimated}{body['total']:,}"


async def time_cases(api: Api, all_cases: list[Case], repeats: int) -> list[ScaleResult]:
    results: list[ScaleResult] = []
    for case in all_cases:
        params = await _start(api, case)
        samples: list[float] = []
        body: Any = {}
        for _ in range(repeats):
            t0 = time.perf_counter()
            r = await api.request("GET", case.path, case.who, params=params)
            samples.append(time.perf_counter() - t0)
            if r.status_code != 200:
                raise ApiError(r)
            body = r.json()
        results.append(ScaleResult(case.label, _total(body), Summary.of_seconds(samples)))
    return results


def markdown(
    *,
    command: str,
    rows: int,
    load_s: float,
    results: list[ScaleResult],
    when: datetime,
    load_avg: tuple[float, float],
    reused: bool = False,
) -> str:
    worst = max(results, key=lambda r: r.latency.p99)
    met = "met" if worst.latency.p99 <= 50 else "**not met**"
    lines = [
        f"## Read side at {rows:,} dossiers (`--scale`)",
        "",
        f"Written by `{command}` on {when:%Y-%m-%d %H:%M} UTC; the other sections come from the "
        "default run. "
        f"{rows:,} dossiers (one nominee each; a closed review stage per decided dossier) were "
        f"bulk-loaded with COPY in batches of {BATCH:,} in {load_s:.0f} s"
        f"{' (by an earlier run kept with --keep-data, then migrated to head)' if reused else ''}"
        ", through the scope and statistics triggers, into one province of 20 districts × 5 "
        "units: the province chair "
        "and the admin see all of them, a district chair 5 %, a unit officer 1 %. Each request "
        "was repeated sequentially; `total` is what the endpoint reported (≈: estimated, "
        "`total_is_estimate`); for statistics, the dossiers counted. Machine load average "
        f"(1 min) when the timing started / ended: {load_avg[0]:.1f} / {load_avg[1]:.1f} on "
        f"{os.cpu_count()} cores (other jobs on the machine inflate every latency).",
        "",
        f"Target: every request p99 ≤ 50 ms — {met} (worst p99 {worst.latency.p99:.1f} ms, "
        f"{worst.label}).",
        "",
        "| request | total | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
        *[
            f"| {r.label} | {r.total} | {r.latency.p50:.1f} | {r.latency.p95:.1f} | "
            f"{r.latency.p99:.1f} | {r.latency.max:.1f} |"
            for r in results
        ],
    ]
    return "\n".join(lines)
