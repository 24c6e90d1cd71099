"""The year-end peak: many dossiers of 6 nominees through unit → district → province.

A pipeline: officer loops create BK_TINH dossiers (decided by the province); one loop per
district chair approves them at the district (forwarding them to the province); provincial
chair loops approve them at the province, which decides them. Meanwhile a sampler
(``bench.sampler``) records the RSS and CPU of the stack's processes. Temporal actions are
counted afterwards from the workflows' histories.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass
from statistics import median

import psutil  # no types-psutil in the lock
import psycopg
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from bench.client import Api, ApiError
from bench.fixtures import Orgs
from bench.names import nominees
from bench.sampler import Sampler
from bench.stats import Summary

NOMINEES = 6
AWARD = "BK_TINH"

# History events that Temporal Cloud bills as actions (docs: "What is an Action?"); queries,
# heartbeats and polls are not in the history and are not counted here.
ACTION_EVENTS = {
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    EventType.EVENT_TYPE_TIMER_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
    EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
    EventType.EVENT_TYPE_MARKER_RECORDED,
}


def _cpu_when(timeline: tuple[tuple[float, dict[str, float]], ...], at: float) -> dict[str, float]:
    """The CPU used by `at`, interpolated between the samples around it."""
    after = next((i for i, (t, _) in enumerate(timeline) if t >= at), len(timeline) - 1)
    before = max(0, after - 1)
    (t0, c0), (t1, c1) = timeline[before], timeline[after]
    share = 0.0 if t1 <= t0 else min(1.0, max(0.0, (at - t0) / (t1 - t0)))
    return {role: c0.get(role, 0.0) + (c1[role] - c0.get(role, 0.0)) * share for role in c1}


@dataclass(frozen=True)
class PeakResult:
    dossiers: int
    nominees: int
    wall_s: float
    create: Summary
    district: Summary
    province: Summary
    decided: int
    history_events: int
    actions: int
    action_kinds: dict[str, int]
    rss_peak_mib: dict[str, float]
    rss_end_mib: dict[str, float]
    cpu_s: dict[str, float]
    db_bytes_before: int
    db_bytes_after: int
    # seconds from the start at which each dossier was decided, in order
    decided_at: tuple[float, ...] = ()
    # (seconds from the start, CPU seconds each process had used by then), about every second
    cpu_at: tuple[tuple[float, dict[str, float]], ...] = ()

    def _window(self, lo: float, hi: float) -> tuple[int, int] | None:
        t = self.decided_at
        a, b = int(lo * len(t)), int(hi * len(t)) - 1
        return None if b <= a or t[b] <= t[a] else (a, b)

    def rate_between(self, lo: float, hi: float) -> float:
        """Dossiers decided per second between the lo-th and hi-th fraction of the decisions:
        the 2nd tenth against the 9th shows whether the chain slows as the tables grow, free of
        the warm-up at the start and the drain at the end."""
        window = self._window(lo, hi)
        if window is None:
            return 0.0
        a, b = window
        return (b - a) / (self.decided_at[b] - self.decided_at[a])

    def cpu_between(self, lo: float, hi: float) -> dict[str, float]:
        """CPU milliseconds each process used per dossier decided between the lo-th and hi-th
        fraction of the decisions: which part of the stack costs more as the tables grow."""
        window = self._window(lo, hi)
        if window is None or len(self.cpu_at) < 2:
            return {}
        a, b = window
        start, end = (
            _cpu_when(self.cpu_at, self.decided_at[a]),
            _cpu_when(self.cpu_at, self.decided_at[b]),
        )
        return {role: (end[role] - start.get(role, 0.0)) * 1000 / (b - a) for role in end}

    @property
    def tenths(self) -> tuple[float, float]:
        """The decision rates of the 2nd and the 9th tenth (see `rate_between`)."""
        return self.rate_between(0.1, 0.2), self.rate_between(0.8, 0.9)

    @property
    def trend(self) -> tuple[float, float]:
        """The decision rate at the 2nd and at the 9th tenth on the Theil–Sen line (median of
        the pairwise slopes) through the rates of the 2nd to 9th tenths: a slow-down as the
        tables grow is a trend across the run, which one tenth's noise (±10 % on a shared
        2-core machine) cannot fake or hide."""
        points = [(k, self.rate_between(k / 10, (k + 1) / 10)) for k in range(1, 9)]
        if any(rate == 0.0 for _, rate in points):
            return 0.0, 0.0
        slope = median(
            (r2 - r1) / (k2 - k1) for i, (k1, r1) in enumerate(points) for k2, r2 in points[i + 1 :]
        )
        level = median(r - slope * k for k, r in points)
        return level + slope, level + slope * 8

    @property
    def events_per_s(self) -> float:
        return self.history_events / self.wall_s

    @property
    def actions_per_s(self) -> float:
        return self.actions / self.wall_s


async def _decide(api: Api, chair: str, dossier_id: str, samples: list[float]) -> str:
    r, _, elapsed = await api.decide(chair, dossier_id, retry_for=120)
    if r.status_code != 200:
        raise ApiError(r)
    samples.append(elapsed)
    status: str = r.json()["status"]
    return status


async def run_pipeline(
    api: Api, orgs: Orgs, n: int, creators: int, province_loops: int
) -> tuple[float, list[str], dict[str, list[float]], list[float]]:
    """Runs the pipeline; its start (perf_counter), the dossier ids, the latencies by step and
    the seconds from the start at which each dossier was decided."""
    slots = orgs.officer_units
    todo: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        todo.put_nowait(i)
    at_district: dict[str, asyncio.Queue[str | None]] = {
        d.code: asyncio.Queue() for d in orgs.districts
    }
    at_province: asyncio.Queue[str | None] = asyncio.Queue()
    lat: dict[str, list[float]] = {"create": [], "district": [], "province": []}
    ids: list[str] = []
    decided_at: list[float] = []

    async def creator() -> None:
        while not todo.empty():
            i = todo.get_nowait()
            officer, unit, district = slots[i % len(slots)]
            t0 = time.perf_counter()
            d = await api.create_dossier(
                officer, unit, AWARD, nominees(i, NOMINEES), f"Thành tích xuất sắc năm {2026}, #{i}"
            )
            lat["create"].append(time.perf_counter() - t0)
            ids.append(d["id"])
            at_district[district.code].put_nowait(d["id"])

    async def district_chair(code: str, chair: str) -> None:
        queue = at_district[code]
        while (dossier_id := await queue.get()) is not None:
            await _decide(api, chair, dossier_id, lat["district"])
            at_province.put_nowait(dossier_id)

    async def province_chair() -> None:
        while (dossier_id := await at_province.get()) is not None:
            if await _decide(api, orgs.province_chair, dossier_id, lat["province"]) == "decided":
                decided_at.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    chairs = [asyncio.create_task(district_chair(d.code, d.chair)) for d in orgs.districts]
    provincials = [asyncio.create_task(province_chair()) for _ in range(province_loops)]
    await asyncio.gather(*(creator() for _ in range(creators)))
    for q in at_district.values():
        q.put_nowait(None)
    await asyncio.gather(*chairs)
    for _ in provincials:
        at_province.put_nowait(None)
    await asyncio.gather(*provincials)
    return t0, ids, lat, decided_at


async def count_actions(
    client: Client, workflow_ids: list[str], sample: int = 100
) -> tuple[int, int, dict[str, int]]:
    """Total history events of the given workflows (exact, from visibility) and an estimate of
    billable actions from a random sample of their full histories."""
    wanted = set(workflow_ids)
    events = 0
    async for wf in client.list_workflows(
        "WorkflowType IN ('DossierWorkflow', 'DossierWorkflowV2')"
    ):
        if wf.id in wanted:
            events += wf.history_length
    kinds: Counter[str] = Counter()
    picked = random.Random(1).sample(workflow_ids, min(sample, len(workflow_ids)))
    for workflow_id in picked:
        handle = client.get_workflow_handle(workflow_id)
        async for event in handle.fetch_history_events():
            if event.event_type in ACTION_EVENTS:
                kinds[EventType.Name(event.event_type).removeprefix("EVENT_TYPE_").lower()] += 1
    scale = len(workflow_ids) / max(1, len(picked))
    estimated = {k: round(v * scale) for k, v in kinds.items()}
    return events, sum(estimated.values()), estimated


def db_size(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("select pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0


def workflow_ids(dsn: str, dossier_ids: list[str]) -> list[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "select workflow_id from dossiers where id = any(%s)", (dossier_ids,)
        ).fetchall()
        return [r[0] for r in rows]


async def run_peak(
    api: Api,
    orgs: Orgs,
    *,
    n: int,
    creators: int,
    province_loops: int,
    procs: dict[str, psutil.Process],
    dsn: str,
    temporal_address: str,
) -> PeakResult:
    before = db_size(dsn)
    sampler = Sampler(procs)
    sampler.begin()
    stop = asyncio.Event()
    sampling = asyncio.create_task(sampler.run(stop))
    try:
        t0, ids, lat, decided_at = await run_pipeline(api, orgs, n, creators, province_loops)
        wall = time.perf_counter() - t0
    finally:
        stop.set()
        await sampling
    sampler.end()
    after = db_size(dsn)
    client = await Client.connect(temporal_address)
    events, actions, kinds = await count_actions(client, workflow_ids(dsn, ids))
    return PeakResult(
        dossiers=n,
        nominees=NOMINEES,
        wall_s=wall,
        create=Summary.of_seconds(lat["create"]),
        district=Summary.of_seconds(lat["district"]),
        province=Summary.of_seconds(lat["province"]),
        decided=len(decided_at),
        history_events=events,
        actions=actions,
        action_kinds=kinds,
        rss_peak_mib=sampler.rss_peak,
        rss_end_mib=sampler.rss_last,
        cpu_s=sampler.cpu_s,
        db_bytes_before=before,
        db_bytes_after=after,
        decided_at=tuple(decided_at),
        cpu_at=tuple((t - t0, used) for t, used in sampler.timeline),
    )
