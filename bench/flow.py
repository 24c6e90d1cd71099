"""The full tdkt path through the API: create a dossier, decide it at the district.

Phase 1 creates `n` GIAY_KHEN dossiers, `concurrency` requests at a time, spread over the units
that have an officer. Phase 2 runs one loop per district chair (20 chairs by default): each
decides its own dossiers one after another and, after each decision, polls the list endpoint
(`GET /api/v1/dossiers?status=decided&q=<id>`) until the dossier shows as decided: that wait is
the projection lag.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from bench.client import Api, ApiError
from bench.fixtures import District, Orgs
from bench.names import nominees
from bench.pool import bounded
from bench.stats import Summary

LAG_POLL_S = 0.01
LAG_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class FlowResult:
    n: int
    concurrency: int
    chairs: int
    create_wall_s: float
    decide_wall_s: float
    create: Summary
    decide: Summary
    lag: Summary
    decide_retries: int
    lag_timeouts: int

    @property
    def create_rate(self) -> float:
        return self.n / self.create_wall_s

    @property
    def decide_rate(self) -> float:
        return self.n / self.decide_wall_s

    @property
    def cycle_rate(self) -> float:
        return self.n / (self.create_wall_s + self.decide_wall_s)


async def visible_as(api: Api, user: str, dossier_id: str, status: str) -> float | None:
    """Seconds until the list endpoint shows `dossier_id` with `status`; None after
    LAG_TIMEOUT_S."""
    started = time.perf_counter()
    while time.perf_counter() - started < LAG_TIMEOUT_S:
        page = await api.call(
            "GET", "/api/v1/dossiers", user, params={"status": status, "q": dossier_id}
        )
        if any(item["id"] == dossier_id and item["status"] == status for item in page["items"]):
            return time.perf_counter() - started
        await asyncio.sleep(LAG_POLL_S)
    return None


async def run_flow(api: Api, orgs: Orgs, n: int, concurrency: int) -> FlowResult:
    slots = orgs.officer_units
    created: dict[str, list[str]] = {d.code: [] for d in orgs.districts}
    creates: list[float] = []

    async def create_one(i: int) -> None:
        officer, unit, district = slots[i % len(slots)]
        t0 = time.perf_counter()
        dossier = await api.create_dossier(
            officer, unit, "GIAY_KHEN", nominees(i, 1), f"Thành tích năm học, hồ sơ {i}"
        )
        creates.append(time.perf_counter() - t0)
        created[district.code].append(dossier["id"])

    # warm-up outside the measurement: one dossier through both phases
    await create_one(0)
    creates.clear()
    warm = orgs.districts[0]
    warm_id = created[warm.code].pop()
    await api.decide(warm.chair, warm_id)

    t0 = time.perf_counter()
    await bounded(concurrency, range(1, n + 1), create_one)
    t1 = time.perf_counter()

    decides: list[float] = []
    lags: list[float] = []
    retries = 0
    timeouts = 0

    async def chair_loop(district: District) -> None:
        nonlocal retries, timeouts
        for dossier_id in created[district.code]:
            r, tries, elapsed = await api.decide(district.chair, dossier_id)
            if r.status_code != 200:
                raise ApiError(r)
            decides.append(elapsed)
            retries += tries
            lag = await visible_as(api, district.chair, dossier_id, "decided")
            if lag is None:
                timeouts += 1
            else:
                lags.append(lag)

    t2 = time.perf_counter()
    await asyncio.gather(*(chair_loop(d) for d in orgs.districts))
    t3 = time.perf_counter()
    return FlowResult(
        n=n,
        concurrency=concurrency,
        chairs=len(orgs.districts),
        create_wall_s=t1 - t0,
        decide_wall_s=t3 - t2,
        create=Summary.of_seconds(creates),
        decide=Summary.of_seconds(decides),
        lag=Summary.of_seconds(lags),
        decide_retries=retries,
        lag_timeouts=timeouts,
    )
