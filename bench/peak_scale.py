"""`python -m bench --scale-peak`: the year-end peak at national size (issue 17).

One fresh stack runs the peak at 1,000 dossiers, then at 10,000, then at 1,000 again (6
nominees each), so the actions-per-second figures come from the same machine and server, and
the last run shows how far the machine drifted in between; the larger run also
compares its own 2nd and 9th tenths, which shows a slow-down as the tables grow without a second
run to compare against. Its section of docs/benchmarks.md sits between its own markers.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import UTC, datetime

from bench.client import Api
from bench.fixtures import create_orgs
from bench.peak import PeakResult, run_peak
from bench.report import peak_lines
from bench.stack import LauncherStack

NAME = "scale-peak"


async def run_peak_scale(args: argparse.Namespace, command: str, say: Callable[[str], None]) -> str:
    stack = LauncherStack.create(keep_data=args.keep_data)
    say(f"starting the stack in {stack.data_dir}")
    stack.start()
    api = Api(stack.base_url)
    results: list[PeakResult] = []
    try:
        orgs = await create_orgs(api, stack.admin_password, districts=args.districts)
        load_before = os.getloadavg()[0]
        # the small size again afterwards: how far the machine drifted between the runs
        sizes = (args.peak_dossiers, args.scale_peak_dossiers, args.peak_dossiers)
        for n in sizes:
            say(f"year-end peak: {n:,} dossiers")
            results.append(
                await run_peak(
                    api,
                    orgs,
                    n=n,
                    creators=args.peak_creators,
                    province_loops=args.peak_province_loops,
                    procs=stack.processes(),
                    dsn=stack.database_dsn,
                    temporal_address=stack.temporal_address,
                )
            )
        load_avg = (load_before, os.getloadavg()[0])
    finally:
        await api.close()
        say("stopping the stack")
        stack.stop()
    small, large, again = results
    text = markdown(command, small, large, datetime.now(UTC), load_avg)
    text += (
        f"\n\nThe {again.dossiers:,}-dossier peak run again afterwards, on the grown tables: "
        f"{again.wall_s:.1f} s, {again.actions_per_s:.0f} actions/s "
        f"({again.actions_per_s / small.actions_per_s if small.actions_per_s else 0:.2f}× the "
        "first), worker RSS peak "
        f"{again.rss_peak_mib.get('worker', 0):.0f} MiB."
    )
    if api.unavailable or api.dropped:
        text += (
            f"\n\nRetried by the harness: {api.unavailable} answers 503, {api.dropped} keyed "
            "requests whose connection failed before an answer (same Idempotency-Key)."
        )
    return text


def verdict(small: PeakResult, large: PeakResult) -> tuple[bool, str]:
    """Met when the large peak decides everything and keeps the small one's actions per second
    (5 % allowed for the machine's noise), and its late tenth keeps its early tenth's rate."""
    early, late = large.tenths
    ratio = large.actions_per_s / small.actions_per_s if small.actions_per_s else 0.0
    tenths = late / early if early else 0.0
    met = large.decided == large.dossiers and ratio >= 0.95 and tenths >= 0.95
    return met, (
        f"{large.dossiers:,} dossiers: {large.actions_per_s:.0f} actions/s vs "
        f"{small.actions_per_s:.0f} at {small.dossiers:,} ({ratio:.2f}×); within the "
        f"{large.dossiers:,}, decisions per s in the 9th tenth vs the 2nd: {late:.1f} vs "
        f"{early:.1f} ({tenths:.2f}×)"
    )


def markdown(
    command: str,
    small: PeakResult,
    large: PeakResult,
    when: datetime,
    load_avg: tuple[float, float],
) -> str:
    met, measured = verdict(small, large)
    return "\n".join(
        [
            f"## Year-end peak at {large.dossiers:,} dossiers (`--scale-peak`)",
            "",
            f"Written by `{command}` on {when:%Y-%m-%d %H:%M} UTC; the other sections come from "
            f"other runs. One fresh stack ran the peak at {small.dossiers:,} dossiers and then at "
            f"{large.dossiers:,}, then at {small.dossiers:,} again (at the end of this section), "
            "6 nominees each. Machine load average (1 min) at the start / "
            f"end: {load_avg[0]:.1f} / {load_avg[1]:.1f} on 2 cores.",
            "",
            "Target (issue 17): the larger peak completes and its actions/s is no lower than at "
            f"the smaller (within 5 %) — {'met' if met else '**not met**'}: {measured}.",
            "",
            *peak_lines(small, f"### {small.dossiers:,} dossiers"),
            *peak_lines(large, f"### {large.dossiers:,} dossiers"),
        ]
    )
