"""`tdkt`: the command line of tdkt.

tdkt dev      start PostgreSQL, Temporal, migrate, seed, worker and API in the foreground
tdkt migrate  apply the Alembic migrations to TDKT_DATABASE_URL
tdkt seed     load the bootstrap admin (and demo data unless TDKT_SEED_DEMO=false)
tdkt api      serve the HTTP API and web UI
tdkt worker   run the Temporal worker
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence

import httpx

from core.settings import Settings, get_settings
from launcher.ports import free_port, listening
from launcher.postgres import EmbeddedPostgres
from launcher.supervisor import Supervisor
from launcher.temporal import TemporalDevServer

DATABASE_NAME = "tdkt"


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def _ports_taken(settings: Settings) -> list[str]:
    """The ports ``dev`` would serve on that another server already holds. Checked before
    anything starts: otherwise the API dies on "address in use" while the launcher's readiness
    probe is answered by whatever holds the port, and the stack stops half-seeded."""
    wanted = [(settings.http_host, settings.http_port, "TDKT_HTTP_PORT")]
    if settings.temporal_address is None:
        wanted.append(("127.0.0.1", settings.temporal_port, "TDKT_TEMPORAL_PORT"))
        wanted.append(("127.0.0.1", settings.temporal_ui_port, "TDKT_TEMPORAL_PORT + 1000, its UI"))
    if settings.database_url is None and settings.postgres_port:
        wanted.append(("127.0.0.1", settings.postgres_port, "TDKT_POSTGRES_PORT"))
    return [f"{port} ({name})" for host, port, name in wanted if listening(host, port)]


def dev() -> int:
    """Run the whole stack in the foreground until Ctrl-C or SIGTERM."""
    settings = get_settings()
    sup = Supervisor()
    taken = _ports_taken(settings)
    if taken:
        sup.log(
            f"start-up refused: port {', '.join(taken)} is already in use (another tdkt dev "
            "running?); stop it or choose other ports"
        )
        return 1
    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    sup.install_signal_handlers()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    try:
        database_url = settings.database_url
        if database_url is None:
            pg = EmbeddedPostgres(data_dir / "pg", settings.postgres_port or free_port())
            sup.log(f"starting PostgreSQL in {pg.pgdata} on port {pg.port}")
            pg.init()
            sup.start("postgres", popen=pg.popen, stop_signal=signal.SIGINT)
            pg.wait_ready()
            pg.ensure_database(DATABASE_NAME)
            database_url = pg.url(DATABASE_NAME)
        env["TDKT_DATABASE_URL"] = database_url
        temporal_address = settings.temporal_address
        if temporal_address is None:
            server = TemporalDevServer(data_dir / "temporal.db", settings.temporal_port)
            sup.log(f"starting the Temporal dev server on {server.address}")
            sup.start("temporal", server.command())
            server.wait_ready()
            temporal_address = server.address
        env["TDKT_TEMPORAL_ADDRESS"] = temporal_address
        if sup.stop_requested():
            sup.stop_all()
            return 0
        sup.run_once("migrate", _python("-m", "launcher", "migrate"), env=env)
        sup.run_once("seed", _python("-m", "launcher", "seed"), env=env)
        sup.start("worker", _python("-m", "worker"), env=env)
        sup.start("api", _python("-m", "api"), env=env)
        base = f"http://{settings.http_host}:{settings.http_port}"
        if settings.seed_demo and settings.env != "production":
            _demo_dossiers(sup, base)
        sup.log(f"web UI        {base}/")
        sup.log(f"API docs      {base}/docs")
        if settings.temporal_address is None:
            sup.log(f"Temporal UI   http://127.0.0.1:{settings.temporal_ui_port}/")
        sup.log("press Ctrl-C to stop")
    except Exception as exc:  # stop whatever started, then report
        sup.log(f"start-up failed: {exc}")
        sup.stop_all()
        return 1
    return sup.watch()


def _demo_dossiers(sup: Supervisor, base: str) -> None:
    """Once the API answers, create demo dossiers through it (skipped when some exist)."""
    from launcher.demo import seed_demo_dossiers

    deadline = time.monotonic() + 60
    while not sup.stop_requested() and time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    try:
        created = seed_demo_dossiers(base)
        sup.log(f"demo dossiers created: {created}")
    except (httpx.HTTPError, TimeoutError) as exc:
        sup.log(f"demo dossiers skipped: {exc}")


def migrate() -> int:
    from store.migrate import upgrade_head

    upgrade_head(_require_database_url())
    return 0


def seed() -> int:
    import asyncio

    from core.logging import configure_logging
    from store.seed import seed_all

    settings = get_settings()
    configure_logging(json=settings.log_json, level=settings.log_level, service="seed")
    asyncio.run(seed_all(settings))
    return 0


def _require_database_url() -> str:
    url = get_settings().database_url
    if url is None:
        raise SystemExit("TDKT_DATABASE_URL is not set")
    return url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tdkt", description=__doc__.splitlines()[0] if __doc__ else None
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("dev", "start the whole stack (make run)"),
        ("migrate", "apply database migrations"),
        ("seed", "load bootstrap and demo data"),
        ("api", "serve the HTTP API"),
        ("worker", "run the Temporal worker"),
    ):
        sub.add_parser(name, help=help_text)
    args = parser.parse_args(argv)
    if args.command == "dev":
        return dev()
    if args.command == "migrate":
        return migrate()
    if args.command == "seed":
        return seed()
    # `tdkt api` / `tdkt worker` become `python -m api` / `python -m worker` (same process id).
    os.execv(sys.executable, [sys.executable, "-m", args.command])


def _exit(code: int) -> None:
    """Flush and leave without interpreter finalisation (temporalio threads: sdk-python#300)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run() -> None:
    """Console-script entry point."""
    _exit(main())
