"""Single-stage cycle (issue 12): tdkt against the bare-Temporal minimal approval, same server,
same concurrency, in the same run.

tdkt: an officer creates a GIAY_KHEN dossier (201 after its submission is committed), the
district chair approves it (200 after the decision is committed), a GET reads it decided.
Bare: start a workflow, one update with a validator, wait for its completion. Each of the
``concurrency`` lanes runs whole cycles one after another.

The bare approval finishes in ONE workflow task: its update reaches the workflow before the
first task is dispatched, so start, update and completion share a task. tdkt cannot: a create
answers only once the workflow's first transition is committed (update-with-start), and the
decision comes after that answer, in a second task. The bare two-task approval is the same
bare workflow driven that way: ``execute_update_with_start_workflow`` with a no-op ``open``
update (answered in the first task: the floor of a create), then the ``decide`` update, then
the result, on a worker with tdkt's poller settings. The run counts the workflow tasks each
cycle took, from the histories, on all three sides.

The three sides run in turn, ``rounds`` times (bare, two-task, tdkt, bare, …): a slow spell of
the machine (they last tens of seconds here) then weighs on one round, not on one side. The
throughput ratios are the medians of the rounds' ratios; latencies and CPU pool all rounds.
The bare sides are driven by ``bench.cycle_bare``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

import psutil  # no types-psutil in the lock
from temporalio.client import Client

from bench.client import Api, ApiError
from bench.cycle_bare import run_bare, run_bare_two_task, tasks_per_workflow
from bench.fixtures import Orgs
from bench.names import nominees
from bench.pool import bounded
from bench.sampler import Sampler
from bench.stats import Summary
from core.settings import Settings
from workflows.contracts import WORKFLOW_TYPE_V2


@dataclass(frozen=True)
class CycleResult:
    n: int  # cycles each side, all rounds together
    concurrency: int
    bare_wall_s: float
    tdkt_wall_s: float
    bare_start: Summary
    bare_update: Summary
    tdkt_create: Summary
    tdkt_decide: Summary
    tdkt_read: Summary
    bare_with_start: Summary  # the floor of a create answered after its first workflow task
    # CPU seconds each process used during each side ("bench": this process: the HTTP client,
    # or the SDK client and the bare worker), to show where a cycle's cost goes.
    bare_cpu_s: dict[str, float]
    tdkt_cpu_s: dict[str, float]
    # The bare two-task approval (update-with-start `open`, then `decide`): tdkt's shape.
    two_task_wall_s: float
    two_task_decide: Summary
    two_task_cpu_s: dict[str, float]
    # Workflow tasks per cycle, counted in the histories: bare, two-task, tdkt.
    tasks_per_cycle: tuple[float, float, float]
    # Wall seconds of each round: bare, two-task, tdkt (the *_wall_s fields are their sums).
    rounds: tuple[tuple[float, float, float], ...] = ()

    def _median_ratio(self, side: int) -> float:
        if not self.rounds:
            return (self.bare_wall_s, self.two_task_wall_s)[side] / self.tdkt_wall_s
        return statistics.median(r[side] / r[2] for r in self.rounds)

    @property
    def throughput_ratio(self) -> float:
        """tdkt's throughput over the bare approval's: the median of the rounds."""
        return self._median_ratio(0)

    @property
    def two_task_ratio(self) -> float:
        """tdkt's throughput over the bare two-task approval's (the same shape of cycle): the
        median of the rounds."""
        return self._median_ratio(1)

    @property
    def decide_ratio(self) -> float:
        return self.tdkt_decide.p50 / self.bare_update.p50

    @property
    def create_ratio(self) -> float:
        return self.tdkt_create.p99 / self.bare_start.p99

    @property
    def floor_ratio(self) -> float:
        """Bare update-with-start p99 over bare start p99: the create ratio Temporal alone
        reaches when the answer waits for the first workflow task."""
        return self.bare_with_start.p99 / self.bare_start.p99


async def _tdkt(
    api: Api, orgs: Orgs, n: int, concurrency: int
) -> tuple[float, list[float], list[float], list[float]]:
    lanes = orgs.officer_units
    creates: list[float] = []
    decides: list[float] = []
    reads: list[float] = []

    async def cycle(i: int) -> None:
        officer, unit, district = lanes[i % len(lanes)]
        t0 = time.perf_counter()
        created = await api.create_dossier(officer, unit, "GIAY_KHEN", nominees(i, 1), "Chu kỳ")
        t1 = time.perf_counter()
        r, _, _ = await api.decide(district.chair, created["id"])
        t2 = time.perf_counter()
        if r.status_code != 200:
            raise ApiError(r)
        read = await api.call("GET", f"/api/v1/dossiers/{created['id']}", officer)
        t3 = time.perf_counter()
        if read["status"] != "decided":
            raise AssertionError(f"{created['id']} read as {read['status']} after its 200")
        if i >= 0:
            creates.append(t1 - t0)
            decides.append(t2 - t1)
            reads.append(t3 - t2)

    await cycle(-1)  # warm-up
    t0 = time.perf_counter()
    await bounded(concurrency, list(range(n)), cycle)
    return time.perf_counter() - t0, creates, decides, reads


T = TypeVar("T")


class _Cpu:
    """CPU seconds of the stack's processes (with their children) and of this process."""

    def __init__(self, procs: dict[str, psutil.Process]) -> None:
        self.sampler = Sampler(procs)
        self.me = psutil.Process()

    def _own(self) -> float:
        t = self.me.cpu_times()
        return float(t.user + t.system)

    async def measure(self, work: Awaitable[T]) -> tuple[T, dict[str, float]]:
        self.sampler.begin()
        own = self._own()
        result = await work
        self.sampler.end()
        return result, {**self.sampler.cpu_s, "bench": self._own() - own}


async def run_cycle(
    api: Api,
    orgs: Orgs,
    temporal_address: str,
    n: int,
    concurrency: int,
    procs: dict[str, psutil.Process],
    rounds: int = 1,
) -> CycleResult:
    """``rounds`` rounds of ``n`` cycles a side, the sides in turn within each round."""
    cpu = _Cpu(procs)
    walls: list[tuple[float, float, float]] = []
    samples: dict[str, list[float]] = {}
    used: tuple[dict[str, float], dict[str, float], dict[str, float]] = ({}, {}, {})
    tasks: tuple[list[float], list[float]] = ([], [])
    since = datetime.now(UTC).isoformat()
    for _ in range(rounds):
        (bare_wall, starts, updates, bare_tasks), bare_cpu = await cpu.measure(
            run_bare(temporal_address, n, concurrency)
        )
        (two_wall, opens, two_decides, two_tasks), two_cpu = await cpu.measure(
            run_bare_two_task(temporal_address, n, concurrency, Settings())
        )
        (tdkt_wall, creates, decides, reads), tdkt_cpu = await cpu.measure(
            _tdkt(api, orgs, n, concurrency)
        )
        walls.append((bare_wall, two_wall, tdkt_wall))
        for name, values in (
            ("starts", starts), ("updates", updates), ("opens", opens),
            ("two_decides", two_decides), ("creates", creates), ("decides", decides),
            ("reads", reads),
        ):  # fmt: skip
            samples.setdefault(name, []).extend(values)
        for total, measured in zip(used, (bare_cpu, two_cpu, tdkt_cpu), strict=True):
            for role, seconds in measured.items():
                total[role] = total.get(role, 0.0) + seconds
        tasks[0].append(bare_tasks)
        tasks[1].append(two_tasks)
    client = await Client.connect(temporal_address)
    query = f"WorkflowType = '{WORKFLOW_TYPE_V2}' AND StartTime >= '{since}'"
    tdkt_tasks = await tasks_per_workflow(client, query)
    return CycleResult(
        n=n * rounds,
        concurrency=concurrency,
        bare_wall_s=sum(w[0] for w in walls),
        tdkt_wall_s=sum(w[2] for w in walls),
        bare_start=Summary.of_seconds(samples["starts"]),
        bare_update=Summary.of_seconds(samples["updates"]),
        tdkt_create=Summary.of_seconds(samples["creates"]),
        tdkt_decide=Summary.of_seconds(samples["decides"]),
        tdkt_read=Summary.of_seconds(samples["reads"]),
        bare_with_start=Summary.of_seconds(samples["opens"]),
        bare_cpu_s=used[0],
        tdkt_cpu_s=used[2],
        two_task_wall_s=sum(w[1] for w in walls),
        two_task_decide=Summary.of_seconds(samples["two_decides"]),
        two_task_cpu_s=used[1],
        tasks_per_cycle=(statistics.fmean(tasks[0]), statistics.fmean(tasks[1]), tdkt_tasks),
        rounds=tuple(walls),
    )
