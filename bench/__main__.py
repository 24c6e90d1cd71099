"""`python -m bench`: run every benchmark on a fresh stack and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import blocks, documents, peak_scale, registry_import, scale, scale_reuse
from bench.baseline import run_baseline
from bench.client import Api
from bench.cycle import run_cycle
from bench.fixtures import create_orgs
from bench.flow import run_flow
from bench.listing import bulk_load, time_lists
from bench.machine import Machine
from bench.peak import run_peak
from bench.report import Run
from bench.stack import REPO, LauncherStack


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--baseline-workflows", type=int, default=500, help="bare workflows (500)")
    p.add_argument("--flow-dossiers", type=int, default=300, help="create+decide dossiers (300)")
    p.add_argument(
        "--cycle-dossiers", type=int, default=200, help="single-stage cycles, each side (200)"
    )
    p.add_argument("--cycle-concurrency", type=int, default=10, help="cycles at a time (10)")
    p.add_argument(
        "--cycle-rounds", type=int, default=3, help="rounds of the cycle, sides in turn (3)"
    )
    p.add_argument("--concurrency", type=int, default=20, help="concurrent creators (20)")
    p.add_argument("--districts", type=int, default=20, help="districts = concurrent chairs (20)")
    p.add_argument(
        "--peak-dossiers",
        type=int,
        default=1000,
        help="year-end peak size (1000: what fits 10 minutes on 2 cores; the issue asks 10000)",
    )
    p.add_argument("--peak-creators", type=int, default=10, help="concurrent creators at peak")
    p.add_argument("--peak-province-loops", type=int, default=10, help="provincial loops")
    p.add_argument("--list-dossiers", type=int, default=100_000, help="bulk rows for list timing")
    p.add_argument("--list-repeats", type=int, default=100, help="requests per list case")
    p.add_argument(
        "--scale",
        action="store_true",
        help="only the read side at --scale-dossiers (1,000,000) dossiers: its own report section",
    )
    p.add_argument(
        "--scale-peak",
        action="store_true",
        help="only the year-end peak at --peak-dossiers, --scale-peak-dossiers, --peak-dossiers",
    )
    p.add_argument(
        "--scale-peak-dossiers", type=int, default=10_000, help="the larger peak (10,000)"
    )
    p.add_argument("--scale-dossiers", type=int, default=1_000_000, help="rows for --scale")
    p.add_argument("--scale-repeats", type=int, default=100, help="requests per --scale case")
    p.add_argument(
        "--scale-reuse",
        type=Path,
        default=None,
        help="--scale on a data dir an earlier `--scale --keep-data` left: no loading again",
    )
    p.add_argument("--output", type=Path, default=REPO / "docs" / "benchmarks.md")
    p.add_argument("--keep-data", action="store_true", help="keep the temporary data dir")
    return p.parse_args(argv)


def _say(message: str) -> None:
    sys.stderr.write(f"bench | {message}\n")
    sys.stderr.flush()


async def run(args: argparse.Namespace, command: str) -> Run:
    started = time.monotonic()
    machine = Machine.probe()
    stack = LauncherStack.create(keep_data=args.keep_data)
    _say(f"starting the stack in {stack.data_dir}")
    ready = stack.start()
    notes: list[str] = []
    api = Api(stack.base_url)
    clean = False
    try:
        _say(f"ready in {ready:.1f} s; creating orgs and users")
        orgs = await create_orgs(api, stack.admin_password, districts=args.districts)
        _say(f"baseline: {args.baseline_workflows} bare workflows")
        baseline = await run_baseline(
            stack.temporal_address, args.baseline_workflows, args.concurrency
        )
        _say(
            f"single-stage cycle: {args.cycle_rounds} rounds of {args.cycle_dossiers} bare, "
            f"{args.cycle_dossiers} bare two-task and {args.cycle_dossiers} tdkt"
        )
        cycle = await run_cycle(
            api,
            orgs,
            stack.temporal_address,
            args.cycle_dossiers,
            args.cycle_concurrency,
            stack.processes(),
            rounds=args.cycle_rounds,
        )
        _say(f"tdkt path: {args.flow_dossiers} dossiers")
        flow = await run_flow(api, orgs, args.flow_dossiers, args.concurrency)
        peak = None
        if args.peak_dossiers > 0:
            _say(f"year-end peak: {args.peak_dossiers} dossiers")
            peak = await run_peak(
                api,
                orgs,
                n=args.peak_dossiers,
                creators=args.peak_creators,
                province_loops=args.peak_province_loops,
                procs=stack.processes(),
                dsn=stack.database_dsn,
                temporal_address=stack.temporal_address,
            )
        _say("registry: a 5,000-row .xlsx import")
        registry = registry_import.section(*await registry_import.time_import(api, orgs))
        lists = []
        load_s = 0.0
        if args.list_dossiers > 0:
            _say(f"bulk-loading {args.list_dossiers} dossiers")
            load_s, names = bulk_load(stack.database_dsn, orgs, args.list_dossiers)
            _say("timing list and search")
            lists = await time_lists(api, orgs, names, args.list_repeats)
    finally:
        await api.close()
        _say("stopping the stack")
        clean = stack.stop()
    if api.unavailable:
        notes.append(
            f"{api.unavailable} requests were answered 503 (the API's Temporal pre-check or call "
            "timed out under load) and retried by the harness"
        )
    if api.dropped:
        notes.append(
            f"{api.dropped} keyed requests lost their connection before an answer and were sent "
            "again with the same Idempotency-Key"
        )
    if not clean:
        notes.append("the stack did not stop cleanly: processes had to be killed by pid")
    return Run(
        command=command,
        machine=machine,
        ready_s=ready,
        total_s=time.monotonic() - started,
        clean_stop=clean,
        baseline=baseline,
        cycle=cycle,
        flow=flow,
        peak=peak,
        list_rows=args.list_dossiers,
        list_load_s=load_s,
        lists=lists,
        notes=notes,
        sections=[registry],
    )


async def run_scale(args: argparse.Namespace, command: str) -> str:
    """The `--scale` run: its own stack, bulk load, every read request; its report section."""
    if args.scale_reuse is not None:
        stack, orgs, manifest = scale_reuse.reuse(args.scale_reuse)
        args.scale_dossiers = int(manifest["rows"])
    else:
        stack = LauncherStack.create(keep_data=args.keep_data)
    _say(f"starting the stack in {stack.data_dir}")
    ready = stack.start()
    api = Api(stack.base_url)
    try:
        if args.scale_reuse is not None:
            loaded = scale_reuse.loaded_again(stack.database_dsn, manifest)
            await scale_reuse.sign_in(api, orgs, manifest["admin_password"])
        else:
            _say(f"ready in {ready:.1f} s; creating orgs and users")
            orgs = await create_orgs(api, stack.admin_password, districts=args.districts)
            _say(f"bulk-loading {args.scale_dossiers:,} dossiers")
            loaded = scale.bulk_load(stack.database_dsn, orgs, args.scale_dossiers, _say)
            if args.keep_data:
                scale_reuse.write_manifest(stack, orgs, loaded)
        _say("timing every list, search and statistics request")
        load_before = os.getloadavg()[0]
        results = await scale.time_cases(
            api, scale.cases(orgs, loaded.names, loaded.ids), args.scale_repeats
        )
        load_avg = (load_before, os.getloadavg()[0])
    finally:
        await api.close()
        _say("stopping the stack")
        stack.stop()
    return scale.markdown(
        command=command,
        rows=args.scale_dossiers,
        load_s=loaded.seconds,
        results=results,
        when=datetime.now(UTC),
        load_avg=load_avg,
        reused=args.scale_reuse is not None,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    shown = sys.argv[1:] if argv is None else argv
    command = " ".join(["make bench" if not shown else "python -m bench", *map(shlex.quote, shown)])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    existing = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    if args.scale:
        section = asyncio.run(run_scale(args, command))
        block = blocks.wrap(scale.NAME, section)
        args.output.write_text(blocks.with_block(existing, scale.NAME, block), encoding="utf-8")
        print(section)  # noqa: T201  (the section is the command's output)
    elif args.scale_peak:
        section = asyncio.run(peak_scale.run_peak_scale(args, command, _say))
        block = blocks.wrap(peak_scale.NAME, section)
        args.output.write_text(blocks.with_block(existing, peak_scale.NAME, block), "utf-8")
        print(section)  # noqa: T201  (the section is the command's output)
    else:
        result = asyncio.run(run(args, command))
        _say("documents: a 500-awardee decision, uploads and the blob store")
        papers = documents.section()
        report = result.markdown() + "\n" + papers + "\n"
        for name in (peak_scale.NAME, scale.NAME):  # their sections survive a default run
            report = blocks.with_block(report, name, blocks.block(existing, name))
        args.output.write_text(report, encoding="utf-8")
        print(result.summary())  # noqa: T201  (the summary is the command's output)
    print(f"report written to {args.output}")  # noqa: T201
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # temporalio's native threads can abort interpreter finalisation
