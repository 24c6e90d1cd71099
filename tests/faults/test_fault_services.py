"""Restarts of the file-backed Temporal dev server and of PostgreSQL under running dossiers."""

from __future__ import annotations

import asyncio

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


async def test_temporal_dev_server_restart(
    fault_stack: ProcessStack, fault_api: Api, fault_orgs: Orgs
) -> None:
    district = fault_orgs.districts[0]
    officer, unit = list(district.officers.items())[2][::-1]
    ids = await create_dossiers(fault_api, officer, unit, 3, "temporal-restart")
    await wait_for(fault_api, officer, ids, at_level("district"), 30, "at the district")
    await decide_until_done(fault_api, district.chair, ids[0], within=30)

    fault_stack.stop_temporal()
    # While Temporal is down a submission fails and leaves nothing behind.
    r = await fault_api.request(
        "POST",
        "/api/v1/dossiers",
        officer,
        json={
            "proposer_org": unit,
            "award_code": "GIAY_KHEN",
            "summary": "Nộp khi Temporal ngừng",
            "nominees": [{"kind": "individual", "name": "Trần Thị Mất Kết Nối"}],
        },
    )
    assert r.status_code >= 500, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    fault_stack.start_temporal()

    for dossier_id in ids[1:]:
        await decide_until_done(fault_api, district.chair, dossier_id, within=40)
    await assert_consistent(fault_stack, fault_api, officer, ids)
    lost = fault_stack.sql("select count(*) from dossiers where summary = 'Nộp khi Temporal ngừng'")
    assert lost == [(0,)]


async def test_postgres_restart(
    fault_stack: ProcessStack, fault_api: Api, fault_orgs: Orgs
) -> None:
    district = fault_orgs.districts[0]
    officer, unit = list(district.officers.items())[3][::-1]
    ids = await create_dossiers(fault_api, officer, unit, 3, "postgres-restart")
    await wait_for(fault_api, officer, ids, at_level("district"), 30, "at the district")

    fault_stack.stop_postgres()
    r = await fault_api.request("GET", "/readyz", None)
    assert r.status_code == 503
    # A decision sent while PostgreSQL is down: the API answers 5xx and the client retries.
    pending = asyncio.create_task(decide_until_done(fault_api, district.chair, ids[0], within=45))
    await asyncio.sleep(3)
    fault_stack.start_postgres()
    await pending
    for dossier_id in ids[1:]:
        await decide_until_done(fault_api, district.chair, dossier_id, within=30)
    await assert_consistent(fault_stack, fault_api, officer, ids)
    assert (await fault_api.request("GET", "/readyz", None)).status_code == 200
