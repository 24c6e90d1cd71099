"""The single-stage cycle's Markdown tables: each side's rate, each round's, the CPU per cycle."""

from __future__ import annotations

from bench.cycle import CycleResult

CPU_ROLES = (
    ("bench", "bench process (HTTP client; bare: SDK client + bare worker)"),
    ("temporal", "Temporal server"),
    ("postgres", "PostgreSQL"),
    ("api", "tdkt API"),
    ("worker", "tdkt worker"),
)


def cycle_side_rows(c: CycleResult) -> list[str]:
    sides = (
        ("bare Temporal", c.bare_wall_s, c.tasks_per_cycle[0]),
        ("bare two-task", c.two_task_wall_s, c.tasks_per_cycle[1]),
        ("tdkt", c.tdkt_wall_s, c.tasks_per_cycle[2]),
    )
    return [
        f"| {name} | {wall:.1f} | {c.n / wall:.1f} | {tasks:.2f} |" for name, wall, tasks in sides
    ]


def cycle_round_rows(c: CycleResult) -> list[str]:
    """Each round's cycles per second and ratios (the targets take their medians)."""
    if not c.rounds:
        return []
    per_round = c.n / len(c.rounds)
    rows = [
        f"| {i} | {per_round / bare:.1f} | {per_round / two:.1f} | {per_round / tdkt:.1f} "
        f"| {bare / tdkt:.2f} | {two / tdkt:.2f} |"
        for i, (bare, two, tdkt) in enumerate(c.rounds, start=1)
    ]
    return [
        "| round | bare /s | bare two-task /s | tdkt /s | tdkt / bare | tdkt / two-task |",
        "|---:|---:|---:|---:|---:|---:|",
        *rows,
        f"| median | | | | **{c.throughput_ratio:.2f}** | **{c.two_task_ratio:.2f}** |",
    ]


def cycle_cpu_table(c: CycleResult) -> list[str]:
    """Where a cycle's CPU goes, per process and side: with every core busy, the throughput
    ratio is about the inverse of the ratio of the totals."""
    sides = (c.bare_cpu_s, c.two_task_cpu_s, c.tdkt_cpu_s)
    rows = [
        "| " + " | ".join([label, *(f"{s.get(role, 0.0) * 1000 / c.n:.1f}" for s in sides)]) + " |"
        for role, label in CPU_ROLES
    ]
    totals = " | ".join(f"**{sum(s.values()) * 1000 / c.n:.1f}**" for s in sides)
    return [
        "CPU per cycle (user + system, ms; each process with its children, measured over each "
        "side's run):",
        "",
        "| process | bare | bare two-task | tdkt |",
        "|---|---:|---:|---:|",
        *rows,
        f"| **total** | {totals} |",
    ]
