"""The year-end peak's Markdown: its measures, latencies and the run by tenth of the decisions."""

from __future__ import annotations

from bench.peak import PeakResult
from bench.stats import LATENCY_HEADER


def peak_lines(p: PeakResult, title: str = "## Year-end peak") -> list[str]:
    roles = sorted(p.rss_peak_mib)
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(p.action_kinds.items()))
    return [
        title,
        "",
        f"{p.dossiers:,} BK_TINH dossiers of {p.nominees} nominees each through unit → "
        "district → province: officers create, each district chair approves (forwarding to "
        "the province), provincial-chair loops approve (deciding), all as a pipeline.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| wall time | {p.wall_s:.1f} s |",
        f"| dossiers decided | {p.decided:,} / {p.dossiers:,} |",
        f"| dossiers per s (end to end) | {p.dossiers / p.wall_s:.1f} |",
        f"| dossiers decided per s, 2nd tenth → 9th tenth | {p.tenths[0]:.1f} → "
        f"{p.tenths[1]:.1f} |",
        f"| Temporal history events (exact, visibility) | {p.history_events:,} "
        f"({p.events_per_s:.0f}/s) |",
        f"| Temporal actions (estimated from 100 sampled histories) | {p.actions:,} "
        f"({p.actions_per_s:.0f}/s) |",
        f"| database size before → after | {p.db_bytes_before / 2**20:.0f} MiB → "
        f"{p.db_bytes_after / 2**20:.0f} MiB |",
        *[
            f"| {role}: RSS peak / end, CPU time | {p.rss_peak_mib[role]:.0f} MiB / "
            f"{p.rss_end_mib.get(role, 0):.0f} MiB, {p.cpu_s.get(role, 0):.0f} s |"
            for role in roles
        ],
        "",
        f"Actions by kind: {kinds}.",
        "",
        LATENCY_HEADER,
        p.create.row("create (6 nominees)"),
        p.district.row("district approve (forward)"),
        p.province.row("province approve (decide)"),
        "",
        *tenth_lines(p, roles),
    ]


def tenth_lines(p: PeakResult, roles: list[str]) -> list[str]:
    """Decisions per second and CPU per decided dossier in each tenth of the decisions: a
    slow-down as the tables grow is a trend down the table; a tenth where every process costs
    more at once is the machine."""
    if not p.cpu_at:
        return []
    lines = [
        "By tenth of the decisions (CPU ms per decided dossier, each process with its children):",
        "",
        "| tenth | decided per s | " + " | ".join(roles) + " | total |",
        "|---:|---:|" + "---:|" * (len(roles) + 1),
    ]
    for k in range(10):
        cpu = p.cpu_between(k / 10, (k + 1) / 10)
        cells = " | ".join(f"{cpu.get(role, 0.0):.1f}" for role in roles)
        lines.append(
            f"| {k + 1} | {p.rate_between(k / 10, (k + 1) / 10):.2f} | {cells} | "
            f"{sum(cpu.values()):.0f} |"
        )
    return [*lines, ""]
