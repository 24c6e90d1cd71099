"""Session-wide test infrastructure: real PostgreSQL, real Temporal servers, clean exit.

* `pg` starts one embedded PostgreSQL per session; `database_url` is a migrated database;
  `fresh_database_url()` clones it (CREATE DATABASE ... TEMPLATE) for tests that need their own.
* `db_session` gives each test a connection-level transaction that is rolled back afterwards.
* `time_skipping_env` is the Java time-skipping test server; `dev_env` the `temporal` dev server.
  Both come from pinned PyPI wheels and are never downloaded.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from temporalio.testing import WorkflowEnvironment

from core.converter import data_converter
from launcher.ports import free_port
from launcher.postgres import EmbeddedPostgres
from launcher.temporal import temporal_binary, test_server_binary
from store.migrate import upgrade_head

TEMPLATE_DB = "tdkt_template"

_exit_status = 0


@pytest.fixture(scope="session")
def tmp_root() -> Iterator[Path]:
    """The session's PostgreSQL cluster, Temporal database and files (about 2 GB), removed
    after the session (set TDKT_KEEP_TEST_FILES=1 to keep them for a post-mortem)."""
    root = Path(tempfile.mkdtemp(prefix="tdkt-tests-"))
    yield root
    if not os.environ.get("TDKT_KEEP_TEST_FILES"):
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg(tmp_root: Path) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(tmp_root / "pg", free_port())
    server.init()
    log = (tmp_root / "pg.log").open("wb")
    process = server.popen(stdout=log, stderr=subprocess.STDOUT)
    try:
        server.wait_ready()
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def template_database(pg: EmbeddedPostgres) -> str:
    """A migrated database used as the template of every test database."""
    pg.ensure_database(TEMPLATE_DB)
    upgrade_head(pg.url(TEMPLATE_DB))
    return TEMPLATE_DB


@pytest.fixture(scope="session")
def fresh_database_url(pg: EmbeddedPostgres, template_database: str) -> Callable[[], str]:
    """Make a new migrated database (a copy of the template) and return its URL."""
    import psycopg

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(pg.admin_dsn, autocommit=True) as conn:
            conn.execute(f'create database "{name}" template "{template_database}"')
        return pg.url(name)

    return make


@pytest.fixture(scope="session")
def database_url(fresh_database_url: Callable[[], str]) -> str:
    """The session's shared migrated database (tests isolate through `db_session`)."""
    return fresh_database_url()


@pytest.fixture
async def db_session(database_url: str) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test."""
    engine = create_async_engine(database_url, pool_size=1, max_overflow=0)
    async with engine.connect() as conn:
        outer = await conn.begin()
        session = AsyncSession(bind=conn, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            await session.close()
            await outer.rollback()
    await engine.dispose()


@pytest.fixture
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """A fresh time-skipping server per test: workflows left running by one test (escalation
    loops never end on their own) would otherwise fire their timers during the next test's
    `env.sleep` and make it time out."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=test_server_binary(),
        data_converter=data_converter,
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture(scope="session")
async def dev_env(tmp_root: Path) -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_binary(),
        data_converter=data_converter,
        dev_server_database_filename=str(tmp_root / "temporal-dev.db"),
        port=free_port(),
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture
def task_queue() -> str:
    return f"tq-{uuid.uuid4()}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without interpreter finalisation: temporalio's native threads can abort it
    ("PyGILState_Release ... finalizing", sdk-python#300). The status pytest chose is kept."""
    if os.environ.get("TDKT_TEST_NO_HARD_EXIT"):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
