"""The benchmark report puts the create-latency target next to its floor: a create answered
after the workflow's first task (update-with-start) cannot be faster than bare Temporal doing
the same, so the report shows that ratio beside tdkt's."""

from __future__ import annotations

from dataclasses import replace

from bench.baseline import BaselineResult
from bench.cycle import CycleResult
from bench.flow import FlowResult
from bench.machine import Machine
from bench.report import Run
from bench.stats import Summary


def _ms(*values: float) -> Summary:
    return Summary.of_seconds([v / 1000 for v in values])


def _run() -> Run:
    cycle = CycleResult(
        n=4, concurrency=2, bare_wall_s=1.0, tdkt_wall_s=2.5,
        bare_start=_ms(40, 50, 60, 100), bare_update=_ms(70, 80, 90, 100),
        tdkt_create=_ms(200, 250, 300, 450), tdkt_decide=_ms(150, 160, 170, 180),
        tdkt_read=_ms(5, 6, 7, 8), bare_with_start=_ms(120, 150, 200, 300),
        bare_cpu_s={"temporal": 0.4, "bench": 0.2}, tdkt_cpu_s={"temporal": 0.8, "api": 1.0},
        two_task_wall_s=2.0, two_task_decide=_ms(90, 100, 110, 120),
        two_task_cpu_s={"temporal": 0.6, "bench": 0.3}, tasks_per_cycle=(1.0, 2.0, 2.0),
    )  # fmt: skip
    baseline = BaselineResult(
        n=4, concurrency=2, start_wall_s=0.2, update_wall_s=0.3, start=_ms(50), update=_ms(80),
        completion_lag=_ms(5),
    )  # fmt: skip
    flow = FlowResult(
        n=4, concurrency=2, chairs=2, create_wall_s=0.5, decide_wall_s=0.5, create=_ms(200),
        decide=_ms(150), lag=_ms(10), decide_retries=0, lag_timeouts=0,
    )  # fmt: skip
    names = ("os", "python", "temporalio", "fastapi", "sqlalchemy", "psycopg", "postgres")
    machine = Machine(cpu="x", cores=2, ram_gib=4.0, temporal_cli="x", **dict.fromkeys(names, "x"))
    return Run(
        command="make bench", machine=machine, ready_s=1.0, total_s=10.0, clean_stop=True,
        baseline=baseline, cycle=cycle, flow=flow, peak=None, list_rows=0, list_load_s=0.0,
        lists=[], notes=[],
    )  # fmt: skip


def _target(run: Run, title: str) -> tuple[str, bool]:
    """The measured text and verdict of the target row whose title starts with ``title``."""
    row = next(r for r in run.targets() if r[0].startswith(title))
    return row[1], row[2]


def test_the_create_target_names_its_floor() -> None:
    run = _run()
    assert run.cycle.create_ratio == 4.5
    assert run.cycle.floor_ratio == 3.0
    assert _target(run, "create p99") == (
        "450 ms vs 100 ms = 4.50× (bare update-with-start, the floor of a create answered "
        "after its first transition: 300 ms = 3.00×)",
        False,
    )


def test_the_cycle_section_lists_the_floor_latencies() -> None:
    markdown = _run().markdown()
    assert (
        "| bare two-task: execute_update_with_start (floor of a create) | 4 | 150.0 |" in markdown
    )
    assert "| bare two-task: execute_update (decide) | 4 | 100.0 |" in markdown
    assert "| bare: start_workflow | 4 | 50.0 |" in markdown


def test_the_throughput_target_also_names_the_two_task_shape() -> None:
    """The target stays against the issue's bare approval (one workflow task per cycle); the
    row adds tdkt's ratio to the bare approval driven in tdkt's two-task shape."""
    run = _run()
    assert run.cycle.throughput_ratio == 0.4
    assert run.cycle.two_task_ratio == 0.8
    assert _target(run, "single-stage cycle throughput") == (
        "1.6/s vs 4.0/s = 0.40× (vs the bare two-task approval, tdkt's shape: 2.0/s = 0.80×)",
        False,  # judged against the baseline only
    )


def test_the_cycle_section_counts_workflow_tasks_and_cpu_per_side() -> None:
    markdown = _run().markdown()
    assert "| bare Temporal | 1.0 | 4.0 | 1.00 |" in markdown
    assert "| bare two-task | 2.0 | 2.0 | 2.00 |" in markdown
    assert "| tdkt | 2.5 | 1.6 | 2.00 |" in markdown
    assert "| Temporal server | 100.0 | 150.0 | 200.0 |" in markdown
    assert "| **total** | **150.0** | **225.0** | **450.0** |" in markdown


def test_with_rounds_the_ratios_are_the_medians_of_the_rounds() -> None:
    """One slow spell (round 2: the bare side slow) moves a pooled ratio, not the median."""
    run = _run()
    rounds = ((1.0, 2.0, 2.0), (3.0, 4.0, 2.0), (1.0, 1.5, 2.5))
    cycle = replace(
        run.cycle,
        n=12,
        rounds=rounds,
        bare_wall_s=sum(r[0] for r in rounds),
        two_task_wall_s=sum(r[1] for r in rounds),
        tdkt_wall_s=sum(r[2] for r in rounds),
    )
    run = replace(run, cycle=cycle)
    assert (cycle.throughput_ratio, cycle.two_task_ratio) == (0.5, 1.0)
    assert _target(run, "single-stage cycle throughput") == (
        "1.8/s vs 2.4/s in all rounds, median of 3 rounds 0.50× (vs the bare two-task approval, "
        "tdkt's shape: 1.6/s in all rounds, median of 3 rounds 1.00×)",
        False,
    )
    markdown = run.markdown()
    assert "in 3 rounds: the sides take turns within each round" in markdown
    assert "| 2 | 1.3 | 1.0 | 2.0 | 1.50 | 2.00 |" in markdown
    assert "| median | | | | **0.50** | **1.00** |" in markdown
