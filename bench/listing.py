"""List and search latency with a large dossier table.

The projection rows are bulk-loaded straight into PostgreSQL with COPY (the same columns the
projection activity writes), then `GET /api/v1/dossiers` is timed with filters, search and
pagination, as a unit officer (sees its own unit) and as the provincial chair (sees every
dossier routed through the province).

`scope_orgs` (the proposer's ancestry and the route orgs, which the list's visibility filter
reads) is not in the COPY: the `dossiers_scope_orgs` trigger (migration 0003) fills it for
every inserted row, from the org tree, exactly as for the API's and the projection's writes.

Ids are collision-free by construction: `HS-<year>-BK<row number>` (the row number is unique
within a load; the `K`, not a hexadecimal digit, keeps them apart from the API's ids).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from bench.client import Api, ApiError
from bench.fixtures import Orgs
from bench.names import name
from bench.stats import Summary

AWARDS_DISTRICT = ("GIAY_KHEN", "LDTT", "CSTD_CS", "TTLDTT")
AWARDS_PROVINCE = ("BK_TINH", "CSTD_TINH", "TTLDXS")
STATUSES = (("in_review", 40), ("decided", 45), ("returned", 5), ("rejected", 5), ("withdrawn", 5))
COLUMNS = (
    "id, workflow_id, award_code, proposer_org, route_profile, route, route_orgs, status, round, "
    "late, summary, year, stage, stage_level, stage_org, due_at, overdue, decision, search_text, "
    "created_by, created_at, updated_at, version"
)


def _pg_array(items: list[str]) -> str:
    return "{" + ",".join(items) + "}"


def bench_id(year: int, i: int) -> str:
    """The i-th bulk-loaded dossier's id: unique per row number, never an API id."""
    return f"HS-{year}-BK{i:07d}"


def _rows(orgs: Orgs, count: int, seed: int = 7) -> tuple[list[tuple[Any, ...]], list[str]]:
    rows: list[tuple[Any, ...]] = []
    names: list[str] = []
    for row, nominee in iter_rows(orgs, count, seed):
        rows.append(row)
        names.append(nominee)
    return rows, names


def iter_rows(orgs: Orgs, count: int, seed: int = 7) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(dossiers row in `COLUMNS` order, nominee name) for `count` dossiers, deterministic."""
    rng = random.Random(seed)
    statuses = [s for s, w in STATUSES for _ in range(w)]
    units = [(u, d) for d in orgs.districts for u in d.units]
    now = datetime.now(UTC)
    for i in range(count):
        unit, district = units[i % len(units)]
        provincial = rng.random() < 0.3
        award = rng.choice(AWARDS_PROVINCE if provincial else AWARDS_DISTRICT)
        route = ["unit", "district", "province"] if provincial else ["unit", "district"]
        route_orgs = [unit, district.code] + ([orgs.province] if provincial else [])
        status = rng.choice(statuses)
        created = now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        dossier_id = bench_id(created.year, i)
        nominee = name(i)
        summary = f"Hoàn thành xuất sắc nhiệm vụ năm học {created.year}"
        stage = stage_level = stage_org = due_at = decision = None
        overdue = False
        if status == "in_review":
            at_province = provincial and rng.random() < 0.5
            stage_level = "province" if at_province else "district"
            stage_org = orgs.province if at_province else district.code
            due = created + timedelta(days=28)
            overdue = due < now
            due_at = due
            stage = json.dumps(
                {
                    "level": stage_level,
                    "org_code": stage_org,
                    "arrived_at": created.isoformat(),
                    "due_at": due.isoformat(),
                    "overdue": overdue,
                    "escalation_level": 1 if overdue else 0,
                    "phase": "review",
                    "reminder_at": None,
                    "seq": 1,
                }
            )
        elif status == "decided":
            decision = json.dumps(
                {
                    "number": f"{i}/QĐ-UBND",
                    "date": created.date().isoformat(),
                    "authority_org": route_orgs[-1],
                    "bonus": [],
                }
            )
        search = f"{dossier_id} {award} {summary} {nominee}".lower()
        yield (
            (
                dossier_id,
                f"dossier-{dossier_id}",
                award,
                unit,
                "three_tier",
                json.dumps(route),
                _pg_array(route_orgs),
                status,
                1,
                False,
                summary,
                created.year,
                stage,
                stage_level,
                stage_org,
                due_at,
                overdue,
                decision,
                search,
                "bench-bulk",
                created,
                created,
                3,
            ),
            nominee,
        )


def bulk_load(dsn: str, orgs: Orgs, count: int) -> tuple[float, list[str]]:
    """COPY `count` projection rows into `dossiers`; returns seconds taken and nominee names."""
    rows, names = _rows(orgs, count)
    started = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        with conn.cursor() as cur, cur.copy(f"COPY dossiers ({COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE dossiers")
        conn.execute("VACUUM ANALYZE dossier_scopes")  # filled by the triggers (0013)
    return time.perf_counter() - started, names


@dataclass(frozen=True)
class ListCase:
    who: str
    label: str
    params: dict[str, Any]


@dataclass(frozen=True)
class ListResult:
    label: str
    who: str
    total: int
    latency: Summary


async def time_lists(api: Api, orgs: Orgs, names: list[str], repeats: int) -> list[ListResult]:
    officer, _unit, district = orgs.officer_units[0]
    chair = orgs.province_chair
    # names[i] belongs to unit i % units: pick one from the officer's own unit (index 0)
    units = len(orgs.all_units)
    full = names[(len(names) // 3) // units * units]
    surname_given = names[len(names) // 2].split()[-1].lower()
    cases: list[ListCase] = []
    for who, user in (("officer", officer), ("province chair", chair)):
        cases += [
            ListCase(user, f"{who}: first page", {}),
            ListCase(user, f"{who}: status=in_review", {"status": "in_review"}),
            ListCase(user, f"{who}: award_code=BK_TINH", {"award_code": "BK_TINH"}),
            ListCase(user, f"{who}: overdue=true", {"overdue": "true"}),
            ListCase(user, f"{who}: q=<full name>", {"q": full}),
            ListCase(user, f"{who}: q=<given name>", {"q": surname_given}),
            ListCase(user, f"{who}: page=20, page_size=50", {"page": 20, "page_size": 50}),
        ]
    cases += [
        ListCase(chair, "province chair: level=province", {"level": "province"}),
        ListCase(chair, "province chair: org_code=<district>", {"org_code": district.code}),
        ListCase(
            chair,
            "province chair: status=decided&award_code=GIAY_KHEN&q=<given>",
            {"status": "decided", "award_code": "GIAY_KHEN", "q": surname_given},
        ),
    ]
    results: list[ListResult] = []
    for case in cases:
        samples: list[float] = []
        total = 0
        for _ in range(repeats):
            t0 = time.perf_counter()
            r = await api.request("GET", "/api/v1/dossiers", case.who, params=case.params)
            samples.append(time.perf_counter() - t0)
            if r.status_code != 200:
                raise ApiError(r)
            total = int(r.json().get("total", 0))
        results.append(ListResult(case.label, case.who, total, Summary.of_seconds(samples)))
    return results
