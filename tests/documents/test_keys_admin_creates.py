"""`Idempotency-Key` on the admins' and chairs' creates (contract §2, §16), over HTTP against
the real app, PostgreSQL and Temporal: organisations, user accounts, recurring round schedules
and the outbox's retries (``test_keys_everywhere`` covers the routes keyed before).

For each: the same key and body twice → the same status and JSON, one row and one audit entry;
the same key with another body → 409 naming `Idempotency-Key`, nothing made; two callers with
one key → independent; three at once → one effect; a keyed retry after the first request's
transaction committed (the API dying right after) gets the first answer and writes nothing."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from temporalio.testing import WorkflowEnvironment

from api.schemas.orgs import UserCreate
from api.services import idempotency, round_gateway
from store.models import User
from tests.api.conftest import PASSWORD, World, login
from tests.documents.keyed import (
    Crash,
    another_admin,
    audits,
    dies_after_answer,
    key_row,
    keyed,
    new_code,
    org_body,
    schedule_body,
    schedule_exists,
    unanswered,
)
from tests.documents.test_keys_everywhere import check_route, new_key
from tests.support.outbox import dead_letter
from workflows.round_contracts import ROUND_SCHEDULE_PREFIX

pytestmark = pytest.mark.usefixtures("worker")


async def test_orgs(client: httpx.AsyncClient, world: World, app: FastAPI) -> None:
    admins = {"A": world.admin, "B": await another_admin(client, world)}
    codes: dict[int, str] = {}

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        code = codes.setdefault(variant, new_code(world, variant))
        body = org_body(world, code)
        return await client.post("/api/v1/orgs", json=body, headers=keyed(admins[user], key))

    async def count(variant: int) -> int:
        found = await client.get(f"/api/v1/orgs/{codes[variant]}", headers=world.admin)
        rows = int(found.status_code == 200)
        assert await audits(app, "org.created", codes[variant]) == rows
        return rows

    await check_route(send, count, ("A", "B"), 201)
    unkeyed = await client.post("/api/v1/orgs", json=org_body(world, codes[0]), headers=world.admin)
    assert unkeyed.status_code == 409  # without a key a resend is a duplicate (contract §3)
    assert unkeyed.json()["errors"][0]["field"] == "code"


async def test_users(client: httpx.AsyncClient, world: World, app: FastAPI) -> None:
    """Variant 1 is variant 0's account with another password: another body (409)."""
    admins = {"A": world.admin, "B": await another_admin(client, world)}
    names: dict[int, str] = {}

    def body(variant: int) -> dict[str, Any]:
        name = names.setdefault(
            variant, names[0] if variant == 1 else f"k{variant}.{uuid.uuid4().hex[:8]}"
        )
        return {
            "username": name,
            "password": PASSWORD + ("-khac" if variant == 1 else ""),
            "full_name": f"Người dùng khóa {variant}",
            "org_code": world.code("U1"),
            "roles": ["viewer"],
        }

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        return await client.post(
            "/api/v1/users", json=body(variant), headers=keyed(admins[user], key)
        )

    async def count(variant: int) -> int:
        async with app.state.tdkt.sessions() as session:
            found = await session.scalar(
                select(func.count()).select_from(User).where(User.username == names[variant])
            )
        rows = int(found or 0)
        assert await audits(app, "user.created", f"{names[variant]} [%") == rows
        return rows - 1 if variant == 1 else rows

    await check_route(send, count, ("A", "B"), 201)
    assert (await login(client, names[0]))["Authorization"]  # the first password is the one


async def test_a_users_key_keeps_no_fast_hash_of_the_password(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    """The request hash stored with the key covers the password only as an HMAC under the
    server's secret: a leaked table gives no fast hash of the password to try guesses on."""
    key = new_key()
    body = {
        "username": f"hash.{uuid.uuid4().hex[:8]}",
        "password": "Matkhau#Rieng-2026",
        "full_name": "Người dùng băm",
        "org_code": world.code("U1"),
        "roles": ["viewer"],
    }
    made = await client.post("/api/v1/users", json=body, headers=keyed(world.admin, key))
    assert made.status_code == 201, made.text
    row = await key_row(app, key, "admin")
    assert row is not None
    sent = UserCreate.model_validate(body)
    assert row.request_hash != idempotency.request_hash("user-create", sent)
    seal = idempotency.sealed(app.state.tdkt.settings, "user", sent.password)
    sealed = sent.model_copy(update={"password": seal})
    assert row.request_hash == idempotency.request_hash("user-create", sealed)


async def test_round_schedules(
    client: httpx.AsyncClient,
    world: World,
    app: FastAPI,
    dev_env: WorkflowEnvironment,
    schedules: list[str],
) -> None:
    prefixes: dict[int, str] = {}
    owners = {"P3": "P3", "P2": "P2"}

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        if variant not in prefixes:
            prefixes[variant] = new_code(world, variant)
            schedules.append(ROUND_SCHEDULE_PREFIX + prefixes[variant])
        body = schedule_body(world, owners[user], prefixes[variant])
        headers = keyed(world.as_(user, "chair"), key)
        return await client.post("/api/v1/round-schedules", json=body, headers=headers)

    async def count(variant: int) -> int:
        schedule_id = ROUND_SCHEDULE_PREFIX + prefixes[variant]
        made = int(await schedule_exists(dev_env, schedule_id))
        assert await audits(app, "round.scheduled", schedule_id) == made
        return made

    await check_route(send, count, ("P3", "P2"), 201)
    again = schedule_body(world, "P3", prefixes[0])
    unkeyed = await client.post(
        "/api/v1/round-schedules", json=again, headers=world.as_("P3", "chair")
    )
    assert unkeyed.status_code == 409  # the schedule id is taken, by another request
    assert unkeyed.json()["errors"][0]["field"] == "code_prefix"


async def test_a_schedule_made_before_a_crash_is_answered_as_the_first_would_have_been(
    client: httpx.AsyncClient,
    world: World,
    app: FastAPI,
    dev_env: WorkflowEnvironment,
    schedules: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The API dies after Temporal made the schedule but before the key was answered: the
    retry finds the schedule stamped with this request and answers 201 (not 409), and the
    schedule's audit entry is written once, with the key's answer."""
    prefix = new_code(world, "S")
    schedule_id = ROUND_SCHEDULE_PREFIX + prefix
    schedules.append(schedule_id)
    body = schedule_body(world, "P3", prefix)
    headers = keyed(world.as_("P3", "chair"), new_key())
    create = round_gateway.create_round_schedule

    async def create_then_die(**kwargs: Any) -> str:
        await create(**kwargs)
        raise Crash("after the schedule was made")

    with monkeypatch.context() as patched:
        patched.setattr(round_gateway, "create_round_schedule", create_then_die)
        await unanswered(lambda: client.post("/api/v1/round-schedules", json=body, headers=headers))
    assert await schedule_exists(dev_env, schedule_id)
    assert await audits(app, "round.scheduled", schedule_id) == 0

    retried = await client.post("/api/v1/round-schedules", json=body, headers=headers)
    assert retried.status_code == 201, retried.text
    assert retried.json() == {
        "schedule_id": schedule_id,
        "cron": body["cron"],
        "time_zone": "Asia/Ho_Chi_Minh",
    }
    assert await audits(app, "round.scheduled", schedule_id) == 1
    other = {**headers, "Idempotency-Key": new_key()}  # another request: the id is taken
    assert (
        await client.post("/api/v1/round-schedules", json=body, headers=other)
    ).status_code == 409


async def test_outbox_retry(client: httpx.AsyncClient, world: World, app: FastAPI) -> None:
    admins = {"A": world.admin, "B": await another_admin(client, world)}
    letters = {variant: await dead_letter(app) for variant in range(5)}

    async def send(user: str, variant: int, key: str) -> httpx.Response:
        path = f"/api/v1/outbox/{letters[variant]}/retry"
        return await client.post(path, headers=keyed(admins[user], key))

    async def count(variant: int) -> int:
        return await audits(app, "outbox.retried", str(letters[variant]))

    await check_route(send, count, ("A", "B"), 200)
    unkeyed = await client.post(f"/api/v1/outbox/{letters[0]}/retry", headers=world.admin)
    assert unkeyed.status_code == 409  # without a key: no longer dead


async def test_outbox_retry_dead_replays_and_retries_nothing_new(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    first_letter = await dead_letter(app)
    headers = keyed(world.admin, new_key())
    first = await client.post("/api/v1/outbox/retry-dead", headers=headers)
    assert first.status_code == 200, first.text
    assert first_letter in {m["id"] for m in first.json()["items"]}
    later_letter = await dead_letter(app)  # dies after the first request
    again = await client.post("/api/v1/outbox/retry-dead", headers=headers)
    assert (again.status_code, again.json()) == (200, first.json())
    assert await audits(app, "outbox.retried", str(first_letter)) == 1
    assert await audits(app, "outbox.retried", str(later_letter)) == 0  # the replay did nothing
    dead = await client.get("/api/v1/outbox", params={"status": "dead"}, headers=world.admin)
    assert later_letter in {m["id"] for m in dead.json()["items"]}


async def test_a_keyed_retry_after_the_commit_replays(
    client: httpx.AsyncClient,
    world: World,
    app: FastAPI,
    schedules: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each route's write and its key's answer commit together: the API dying right after
    that commit leaves the key answered, so the retry replays what the first would have
    answered (without the key table it would be a 409 'exists' / 'not dead' or a second
    audit entry) and writes nothing more."""
    code, user = new_code(world, "C"), f"crash.{uuid.uuid4().hex[:8]}"
    letter = await dead_letter(app)
    prefix = new_code(world, "R")
    user_body = {
        "username": user,
        "password": PASSWORD,
        "full_name": "Người dùng sau sự cố",
        "org_code": world.code("U1"),
        "roles": ["viewer"],
    }
    cases: list[tuple[str, dict[str, Any] | None, dict[str, str], int, tuple[str, str]]] = [
        ("/api/v1/orgs", org_body(world, code), world.admin, 201, ("org.created", code)),
        ("/api/v1/users", user_body, world.admin, 201, ("user.created", f"{user} [%")),
        (f"/api/v1/outbox/{letter}/retry", None, world.admin, 200, ("outbox.retried", str(letter))),
    ]
    for path, body, who, status, audit in cases:
        headers = keyed(who, new_key())
        with dies_after_answer(monkeypatch) as answered:
            await unanswered(partial(client.post, path, json=body, headers=headers))
        assert answered == [headers["Idempotency-Key"]], path
        assert await audits(app, *audit) == 1, path  # committed before the API died
        retried = await client.post(path, json=body, headers=headers)
        assert retried.status_code == status, (path, retried.text)
        assert await audits(app, *audit) == 1, path
        if path == "/api/v1/orgs":
            assert retried.json() == (await client.get(f"/api/v1/orgs/{code}", headers=who)).json()
        if path == "/api/v1/users":
            assert retried.json()["username"] == user
        if body is None:
            assert letter in {m["id"] for m in retried.json()["items"]}
    schedule_id = ROUND_SCHEDULE_PREFIX + prefix
    schedules.append(schedule_id)
    body = schedule_body(world, "P3", prefix)
    headers = keyed(world.as_("P3", "chair"), new_key())
    post = partial(client.post, "/api/v1/round-schedules", json=body, headers=headers)
    with dies_after_answer(monkeypatch) as answered:
        await unanswered(post)
    assert answered == [headers["Idempotency-Key"]]
    assert await audits(app, "round.scheduled", schedule_id) == 1
    retried = await post()
    assert retried.status_code == 201, retried.text
    assert retried.json()["schedule_id"] == schedule_id
    assert await audits(app, "round.scheduled", schedule_id) == 1
