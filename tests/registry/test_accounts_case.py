"""Usernames and org codes are one whatever their case; e-mail addresses must be addresses.

Decided: a username is stored in lower case and found by ``lower(username)``, so "LV.OFFICER"
logs in as lv.officer and cannot be created beside it. An org code keeps the spelling it was
created with, but a code differing from an existing one only in case is refused (409 naming the
org that has it). Unique indexes on ``lower(...)`` (migration 0020) hold both in the database.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.conftest import PASSWORD, World, login


def user(world: World, username: str, **extra: object) -> dict[str, object]:
    return {
        "username": username, "password": PASSWORD, "full_name": "Đào Thị Mai",
        "org_code": world.code("U1"), "roles": ["officer"], **extra,
    }  # fmt: skip


async def usernames(client: httpx.AsyncClient, world: World) -> list[str]:
    page = await client.get(
        "/api/v1/users", params={"org_code": world.code("U1")}, headers=world.admin
    )
    assert page.status_code == 200, page.text
    return sorted(u["username"] for u in page.json())


async def test_a_username_is_one_account_whatever_its_case(
    client: httpx.AsyncClient, world: World
) -> None:
    name = f"Mai.Dao.{uuid.uuid4().hex[:6]}"
    created = await client.post("/api/v1/users", json=user(world, name), headers=world.admin)
    assert created.status_code == 201, created.text
    assert created.json()["username"] == name.lower()
    before = await usernames(client, world)
    again = await client.post("/api/v1/users", json=user(world, name.upper()), headers=world.admin)
    assert again.status_code == 409, again.text
    assert name.lower() in again.json()["detail"]
    assert await usernames(client, world) == before
    for typed in (name.upper(), name.lower(), name):
        headers = await login(client, typed)
        me = await client.get("/api/v1/me", headers=headers)
        assert me.json()["username"] == name.lower()


async def test_an_org_code_differing_only_in_case_is_refused_naming_the_org(
    client: httpx.AsyncClient, world: World
) -> None:
    code = f"aud-lower-{uuid.uuid4().hex[:6]}"
    body = {"code": code, "name": "Tổ Văn thử", "level": "unit", "parent_code": world.code("D1")}
    created = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert created.status_code == 201, created.text
    twin = {**body, "code": code.upper(), "name": "Tổ Toán thử"}
    refused = await client.post("/api/v1/orgs", json=twin, headers=world.admin)
    assert refused.status_code == 409, refused.text
    assert "Tổ Văn thử" in refused.json()["detail"]
    missing = await client.get(f"/api/v1/orgs/{code.upper()}", headers=world.admin)
    assert missing.status_code == 404


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "an bình@x.vn", "a..b@x.vn"])
async def test_an_email_that_is_no_address_is_refused(
    client: httpx.AsyncClient, world: World, email: str
) -> None:
    name = f"email.{uuid.uuid4().hex[:6]}"
    before = await usernames(client, world)
    created = await client.post(
        "/api/v1/users", json=user(world, name, email=email), headers=world.admin
    )
    assert created.status_code == 422, created.text
    assert [e["field"] for e in created.json()["errors"]] == ["email"]
    assert "Thư điện tử" in created.json()["errors"][0]["message"]
    assert await usernames(client, world) == before
    changed = await client.patch(
        f"/api/v1/users/officer.u1.{world.tag.lower()}", json={"email": email}, headers=world.admin
    )
    assert changed.status_code == 422, changed.text
    assert [e["field"] for e in changed.json()["errors"]] == ["email"]


async def test_the_database_holds_the_rule_too(session: AsyncSession, world: World) -> None:
    for statement in (
        "INSERT INTO users (username, password_hash, full_name, org_code, roles) "
        "VALUES (:name, 'x', 'x', :org, ARRAY['viewer'])",
        "INSERT INTO orgs (code, name, level) VALUES (:org_upper, 'x', 'unit')",
    ):
        params = {
            "name": f"OFFICER.U1.{world.tag}",
            "org": world.code("U1"),
            "org_upper": world.code("U1").lower(),
        }
        with pytest.raises(IntegrityError, match="_lower"):
            await session.execute(text(statement), params)
        await session.rollback()
