"""Crash loop: SIGKILL the API, the worker, or the whole stack (PostgreSQL and Temporal too) at
random instants while clients create and decide dossiers, and a provincial chair opens and
closes rounds, with Idempotency-Keys; every client retries each request with the same key until
it gets an answer.

Afterwards: every acknowledged write is there, no dossier, decision, award row, notification,
round or audit entry is duplicated, every dossier reached its end and every round it closed is
closed, and no key stays "in progress". The instants are
random (the seed is printed so a failure can be replayed with TDKT_CRASH_SEED).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest

from bench.client import Api
from bench.fixtures import create_orgs
from bench.names import nominees
from tests.support.stack import ProcessStack, started

CLIENTS = 3
MIN_PER_CLIENT = 4  # each client keeps going until the crashes are over, at least this many
MAX_PER_CLIENT = 40
CRASHES = 5
LOAD_LIMIT = 420.0  # seconds: the whole load, crashes and restarts included

pytestmark = pytest.mark.slow


async def keyed(
    api: Api, user: str, path: str, body: dict[str, Any], expect: int, within: float
) -> dict[str, Any]:
    """Send the same request with the same key until it is answered (2xx), as a client that
    saw its connection drop would. 409 "in progress" and 5xx are retried; other 4xx fail."""
    key = str(uuid.uuid4())
    deadline = time.monotonic() + within
    last = ""
    while time.monotonic() < deadline:
        try:
            r = await api.request("POST", path, user, json=body, headers={"Idempotency-Key": key})
        except httpx.TransportError as exc:
            last = repr(exc)
        else:
            if r.status_code == expect:
                answer: dict[str, Any] = r.json()
                return answer
            last = f"{r.status_code} {r.text[:200]}"
            in_progress = r.status_code == 409 and "Idempotency-Key" in r.text
            if r.status_code < 500 and not in_progress:
                raise AssertionError(f"{path} refused: {last}")
        await asyncio.sleep(0.3 + random.random() * 0.4)
    raise AssertionError(f"{path} never answered within {within:.0f}s: {last}")


async def officer_load(
    api: Api,
    officer: str,
    unit: str,
    chair: str,
    tag: str,
    answers: list[dict[str, Any]],
    chaos_over: asyncio.Event,
) -> None:
    for i in range(MAX_PER_CLIENT):
        if i >= MIN_PER_CLIENT and chaos_over.is_set():
            return
        body = {
            "proposer_org": unit,
            "award_code": "GIAY_KHEN",
            "summary": f"Hồ sơ vòng sự cố {tag} #{i}",
            "nominees": nominees(i, 2),
        }
        created = await keyed(api, officer, "/api/v1/dossiers", body, 201, LOAD_LIMIT)
        decision = {"action": "approve", "comment": "Đồng ý"}
        path = f"/api/v1/dossiers/{created['id']}/decisions"
        decided = await keyed(api, chair, path, decision, 200, LOAD_LIMIT)
        assert decided["status"] == "decided", decided
        answers.append(decided)


async def round_load(
    api: Api, chair: str, province: str, tag: str, closed: list[str], chaos_over: asyncio.Event
) -> None:
    """Open a round and close it, each keyed and retried like the dossier commands."""
    for i in range(MAX_PER_CLIENT):
        if i >= MIN_PER_CLIENT and chaos_over.is_set():
            return
        code = f"VS-{tag}-{i}"
        body = {
            "code": code,
            "name": f"Đợt vòng sự cố {tag} #{i}",
            "year": 2026,
            "owner_org": province,
            "award_codes": ["GIAY_KHEN"],
            "submission_deadlines": {"unit": "P10D"},
        }
        opened = await keyed(api, chair, "/api/v1/rounds", body, 201, LOAD_LIMIT)
        assert (opened["code"], opened["status"]) == (code, "open"), opened
        path = f"/api/v1/rounds/{code}/close"
        done = await keyed(api, chair, path, {"comment": "Hết hạn"}, 200, LOAD_LIMIT)
        assert done["status"] == "closed", done
        closed.append(code)


def crash(stack: ProcessStack, what: str) -> None:
    if what == "api":
        stack.kill_api()
        stack.start_api()
    elif what == "worker":
        stack.kill_worker()
        stack.start_worker()
    else:
        stack.kill_all()
        stack.restart_all()


async def chaos(stack: ProcessStack, rng: random.Random, over: asyncio.Event) -> list[str]:
    """Crash something at random instants while the clients work; then let them finish."""
    crashed: list[str] = []
    kinds = ["api", "worker", "all"]
    try:
        for n in range(CRASHES):
            await asyncio.sleep(rng.uniform(0.5, 4.0))
            what = kinds[n] if n < len(kinds) else rng.choice(kinds)
            await asyncio.to_thread(crash, stack, what)
            crashed.append(what)
    finally:
        over.set()
    return crashed


async def test_random_crashes_lose_nothing_and_leave_nothing_stuck() -> None:
    seed = int(os.environ.get("TDKT_CRASH_SEED") or random.randrange(1_000_000))
    print(f"crash loop seed: {seed} (TDKT_CRASH_SEED={seed} replays it)")
    rng = random.Random(seed)
    with started("tdkt-crash-") as stack:
        api = Api(stack.base_url)
        try:
            orgs = await create_orgs(
                api,
                stack.admin_password,
                districts=1,
                units_per_district=CLIENTS,
                officers_per_district=CLIENTS,
            )
            district = orgs.districts[0]
            answers: list[dict[str, Any]] = []
            over = asyncio.Event()
            chaos_task = asyncio.create_task(chaos(stack, rng, over))
            closed: list[str] = []
            loads = [
                officer_load(api, officer, unit, district.chair, f"{seed}-{n}", answers, over)
                for n, (officer, unit, _) in enumerate(orgs.officer_units)
            ]
            loads.append(
                round_load(api, orgs.province_chair, orgs.province, str(seed), closed, over)
            )
            try:
                await asyncio.wait_for(asyncio.gather(*loads), LOAD_LIMIT)
            finally:
                crashed = await chaos_task
            print(f"crashes: {crashed}; dossiers: {len(answers)}; rounds: {len(closed)}")
            assert len(crashed) == CRASHES
            check_everything(stack, answers)
            check_rounds(stack, closed)
        finally:
            await api.close()


def check_everything(stack: ProcessStack, answers: list[dict[str, Any]]) -> None:
    ids = [a["id"] for a in answers]
    assert len(ids) == len(set(ids)) >= CLIENTS * MIN_PER_CLIENT
    rows = stack.sql("select id, status, decision->>'number' from dossiers")
    assert sorted(r[0] for r in rows) == sorted(ids), "a dossier is missing or duplicated"
    by_id = {r[0]: r for r in rows}
    for answer in answers:
        found = by_id[answer["id"]][1:]
        if found != ("decided", answer["decision"]["number"]):
            wid = stack.sql("select workflow_id, version from dossiers where id = %s", answer["id"])
            events = stack.sql(
                "select action, data, event_key from dossier_events where dossier_id = %s "
                "order by id",
                answer["id"],
            )
            commits = stack.sql(
                "select version, result from dossier_commits where workflow_id = %s",
                wid[0][0],
            )
            raise AssertionError(
                f"{answer['id']} answered decided, stored {found}: row {wid}, events {events}, "
                f"commits {commits}, answer history {answer['history']}, v{answer['version']}"
            )
    events = stack.sql("select dossier_id, action, event_key from dossier_events")
    per_dossier = Counter((d, a) for d, a, _ in events)
    assert all(per_dossier[(d, "decided")] == 1 for d in ids), per_dossier
    assert all(per_dossier[(d, "submitted")] == 1 for d in ids), per_dossier
    assert len({k for *_, k in events}) == len(events)
    awards = stack.sql("select dossier_id, nominee_id from award_registry")
    assert len(awards) == len(set(awards)) == 2 * len(ids), "award rows lost or doubled"
    outbox = stack.sql("select event_key, recipient from outbox")
    assert len(outbox) == len(set(outbox)), "a notification was queued twice"
    decided = stack.sql("select dossier_id from outbox where kind = 'decided'")
    assert {d for (d,) in decided} == set(ids), "a decision was never notified"
    stuck = stack.sql("select key from idempotency_keys where status_code is null")
    assert stuck == [], f"keys left in progress: {stuck}"


def check_rounds(stack: ProcessStack, closed: list[str]) -> None:
    """Every round the chair opened it saw closed, once; opened and closed once in the log."""
    assert len(closed) == len(set(closed)) >= MIN_PER_CLIENT
    ours = "VS-%"
    rows = dict(stack.sql("select code, status from rounds where code like %s", ours))
    assert rows == dict.fromkeys(closed, "closed"), rows
    once = Counter({(c, k): 1 for c in closed for k in ("opened", "closed")})
    events = stack.sql(
        "select round_code, kind from round_events where kind in ('opened', 'closed') "
        "and round_code like %s",
        ours,
    )
    assert Counter(events) == once, events
    audit = stack.sql(
        "select target, action from audit_log where action in ('round.opened', 'round.closed') "
        "and target like %s",
        ours,
    )
    assert Counter((t, a.removeprefix("round.")) for t, a in audit) == once, audit
