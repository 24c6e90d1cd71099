"""kill -9 of the worker: during a stage, and in the middle of a projection write."""

from __future__ import annotations

import asyncio
import time

import psycopg

from bench.client import Api
from bench.fixtures import Orgs
from tests.faults.checks import (
    assert_consistent,
    at_level,
    create_dossiers,
    decide_until_done,
    wait_for,
)
from tests.support.stack import ProcessStack


async def test_worker_killed_during_a_stage(
    fault_stack: ProcessStack, fault_api: Api, fault_orgs: Orgs
) -> None:
    district = fault_orgs.districts[0]
    officer, unit = next(iter(district.officers.items()))[::-1]
    ids = await create_dossiers(fault_api, officer, unit, 4, "worker-stage")
    await wait_for(fault_api, officer, ids, at_level("district"), 30, "at the district")

    fault_stack.kill_worker()
    # Decisions arrive while no worker runs; the worker comes back 3 s later.
    pending = [
        asyncio.create_task(decide_until_done(fault_api, district.chair, i, within=45))
        for i in ids[:2]
    ]
    await asyncio.sleep(3)
    fault_stack.start_worker()
    await asyncio.gather(*pending)
    for dossier_id in ids[2:]:
        await decide_until_done(fault_api, district.chair, dossier_id, within=30)
    await assert_consistent(fault_stack, fault_api, officer, ids)


async def test_worker_killed_during_a_projection_write(
    fault_stack: ProcessStack, fault_api: Api, fault_orgs: Orgs
) -> None:
    district = fault_orgs.districts[0]
    officer, unit = list(district.officers.items())[1][::-1]
    ids = await create_dossiers(fault_api, officer, unit, 3, "worker-projection")
    await wait_for(fault_api, officer, ids, at_level("district"), 30, "at the district")

    # Hold the projection table: reads go on, the worker's upsert blocks inside its transaction.
    with psycopg.connect(fault_stack.dsn) as lock:
        lock.execute("lock table dossiers in exclusive mode")
        decisions = [
            asyncio.create_task(decide_until_done(fault_api, district.chair, i, within=50))
            for i in ids
        ]
        deadline = time.monotonic() + 20
        waiting = 0
        while waiting == 0:
            assert time.monotonic() < deadline, fault_stack.log_tail("worker")
            await asyncio.sleep(0.2)
            waiting = fault_stack.sql(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                "and query ilike 'insert into dossiers%%'"
            )[0][0]
        fault_stack.kill_worker()  # mid-write: the upsert is in flight, never committed
        lock.rollback()
    fault_stack.start_worker()
    await asyncio.gather(*decisions)
    await assert_consistent(fault_stack, fault_api, officer, ids)
