"""Every refusal of what a client sent names its field: ``errors[0].field`` is the field and its
message (the detail too) says the field's label, in Vietnamese or, asked, in English; the
refusal changes nothing (each case reads its state again).

One case per class of refusal: a value that names something taken (an org code, a username, a
register entry), something outside the caller's reach (a proposer org, an org of a list or a
register, another user's notice), something that does not exist (an org to count, a notice,
an objection's reference), a singleton level, or a wrong current password.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import ADMIN_PASSWORD, PASSWORD, World, login, submit
from tests.api.test_org_pages import text_of
from tests.registry.workbook import cccd

pytestmark = pytest.mark.usefixtures("worker")

Ctx = dict[str, Any]
Call = Callable[[httpx.AsyncClient, World, Ctx, dict[str, str]], Awaitable[httpx.Response]]
Read = Callable[[httpx.AsyncClient, World, Ctx], Awaitable[Any]]
Prepare = Callable[[httpx.AsyncClient, World], Awaitable[Ctx]]


@dataclass(frozen=True)
class Case:
    status: int
    field: str
    vi: str  # the field's label, Vietnamese
    en: str  # and English
    prepare: Prepare
    call: Call
    read: Read


async def _nothing(_client: httpx.AsyncClient, _world: World) -> Ctx:
    return {}


def _with(headers: dict[str, str], lang: dict[str, str]) -> dict[str, str]:
    return {**headers, **lang}


# ---- orgs and accounts -------------------------------------------------------------------


async def _taken_code(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    body = {"code": world.code("U1").lower(), "name": "Trùng mã", "level": "unit"}
    body["parent_code"] = world.code("D1")
    return await client.post("/api/v1/orgs", json=body, headers=_with(world.admin, lang))


async def _orgs_under_d1(client: httpx.AsyncClient, world: World, _ctx: Ctx) -> Any:
    params = {"parent_code": world.code("D1")}
    return (await client.get("/api/v1/orgs", params=params, headers=world.admin)).json()


async def _second_central(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    body = {"code": f"TW-{world.tag}", "name": "Ban Thi đua thứ hai", "level": "central"}
    return await client.post("/api/v1/orgs", json=body, headers=_with(world.admin, lang))


async def _centrals(client: httpx.AsyncClient, world: World, _ctx: Ctx) -> Any:
    params = {"level": "central"}
    return (await client.get("/api/v1/orgs", params=params, headers=world.admin)).json()


async def _taken_username(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    body = {
        "username": f"officer.u1.{world.tag}".lower(),
        "password": PASSWORD,
        "full_name": "Người trùng tên",
        "org_code": world.code("U2"),
        "roles": ["viewer"],
    }
    return await client.post("/api/v1/users", json=body, headers=_with(world.admin, lang))


async def _users_of_u1_u2(client: httpx.AsyncClient, world: World, _ctx: Ctx) -> Any:
    found = []
    for alias in ("U1", "U2"):
        params = {"org_code": world.code(alias)}
        found.append((await client.get("/api/v1/users", params=params, headers=world.admin)).json())
    return found


async def _own_account(client: httpx.AsyncClient, world: World) -> Ctx:
    username = f"pw.{uuid.uuid4().hex[:8]}"
    body = {
        "username": username,
        "password": PASSWORD,
        "full_name": "Người đổi mật khẩu",
        "org_code": world.code("U1"),
        "roles": ["viewer"],
    }
    created = await client.post("/api/v1/users", json=body, headers=world.admin)
    assert created.status_code == 201, created.text
    return {"headers": await login(client, username)}


async def _wrong_password(
    client: httpx.AsyncClient, _world: World, ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    body = {"current_password": "Sai#Matkhau-2026", "new_password": "Moi#Matkhau-2026"}
    return await client.post("/api/v1/me/password", json=body, headers=_with(ctx["headers"], lang))


async def _me(client: httpx.AsyncClient, _world: World, ctx: Ctx) -> Any:
    me = await client.get("/api/v1/me", headers=ctx["headers"])  # the token still works
    return me.status_code, me.json()["username"]


# ---- scope: an org the caller may not act for or read ---------------------------------------


async def _other_proposer(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    return await submit(
        client, world, proposer="U2", headers=_with(world.as_("U1", "officer"), lang)
    )


async def _u2_dossiers(client: httpx.AsyncClient, world: World, _ctx: Ctx) -> Any:
    listed = await client.get("/api/v1/dossiers", headers=world.as_("U2", "officer"))
    return sorted(item["id"] for item in listed.json()["items"])


async def _stats_of(
    alias_or_code: str, client: httpx.AsyncClient, world: World, lang: dict[str, str]
) -> httpx.Response:
    code = world.orgs.get(alias_or_code, alias_or_code)
    headers = _with(world.as_("D1", "chair"), lang)
    return await client.get("/api/v1/stats", params={"org_code": code}, headers=headers)


async def _stats_unknown(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    return await _stats_of(f"KHONG-{world.tag}", client, world, lang)


async def _stats_outside(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    return await _stats_of("D2", client, world, lang)


async def _d1_stats(client: httpx.AsyncClient, world: World, _ctx: Ctx) -> Any:
    params = {"org_code": world.code("D1")}
    got = await client.get("/api/v1/stats", params=params, headers=world.as_("D1", "chair"))
    return got.json()


# ---- the register --------------------------------------------------------------------------


def _record(world: World, alias: str) -> dict[str, Any]:
    serial = uuid.uuid4().int % 900_000
    return {
        "person": {
            "name": f"Lê Thị Mai {serial}",
            "birth_date": "1985-03-02",
            "identity_number": cccd(serial),
        },
        "org_code": world.code(alias),
        "award_code": "CSTD_CS",
        "year": 2024,
        "decision_number": f"{serial}/QĐ-UBND",
        "decision_date": "2025-01-10",
    }


async def _recorded(client: httpx.AsyncClient, world: World) -> Ctx:
    body = _record(world, "U1")
    created = await client.post("/api/v1/registry", json=body, headers=world.as_("U1", "officer"))
    assert created.status_code == 201, created.text
    return {"body": body}


async def _unrecorded(_client: httpx.AsyncClient, world: World) -> Ctx:
    return {"body": _record(world, "U2")}


async def _record_again(
    client: httpx.AsyncClient, world: World, ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    headers = _with(world.as_("U1", "officer"), lang)
    return await client.post("/api/v1/registry", json=ctx["body"], headers=headers)


async def _register_entries(client: httpx.AsyncClient, world: World, ctx: Ctx) -> Any:
    params = {"q": ctx["body"]["person"]["identity_number"]}
    page = await client.get("/api/v1/registry", params=params, headers=world.admin)
    return page.json()["total"]


async def _register_outside(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    params = {"org_code": world.code("U2")}
    headers = _with(world.as_("U1", "officer"), lang)
    return await client.get("/api/v1/registry", params=params, headers=headers)


# ---- notices and objections ----------------------------------------------------------------


async def _a_notice(client: httpx.AsyncClient, world: World) -> Ctx:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    listed = await client.get("/api/v1/notifications", headers=world.as_("D1", "chair"))
    mine = [n for n in listed.json()["items"] if n["dossier_id"] == created.json()["id"]]
    return {"id": int(mine[0]["id"])}


async def _mark_theirs(
    client: httpx.AsyncClient, world: World, ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    headers = _with(world.as_("D2", "chair"), lang)
    return await client.post(
        "/api/v1/notifications/read", json={"ids": [ctx["id"]]}, headers=headers
    )


async def _mark_unknown(
    client: httpx.AsyncClient, world: World, ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    headers = _with(world.as_("D1", "chair"), lang)
    body = {"ids": [ctx["id"], 4_000_000_000]}
    return await client.post("/api/v1/notifications/read", json=body, headers=headers)


async def _d1_unread(client: httpx.AsyncClient, world: World, ctx: Ctx) -> Any:
    params = {"unread": "true"}
    listed = await client.get(
        "/api/v1/notifications", params=params, headers=world.as_("D1", "chair")
    )
    return ctx["id"] in [n["id"] for n in listed.json()["items"]]


async def _unknown_reference(
    client: httpx.AsyncClient, world: World, _ctx: Ctx, lang: dict[str, str]
) -> httpx.Response:
    return await client.get(f"/api/v1/public/objections/PA-{world.tag}", headers=lang)


async def _postings(client: httpx.AsyncClient, _world: World, _ctx: Ctx) -> Any:
    return (await client.get("/api/v1/public/postings")).json()


CASES = {
    "org code taken": Case(
        409, "code", "Mã đơn vị", "Org code", _nothing, _taken_code, _orgs_under_d1
    ),
    "second central org": Case(409, "level", "Cấp", "Level", _nothing, _second_central, _centrals),
    "username taken": Case(
        409, "username", "Tên đăng nhập", "Username", _nothing, _taken_username, _users_of_u1_u2
    ),
    "wrong current password": Case(
        403, "current_password", "Mật khẩu hiện tại", "Current password",
        _own_account, _wrong_password, _me,
    ),
    "dossier for another org": Case(
        403, "proposer_org", "Đơn vị đề nghị", "Proposer", _nothing, _other_proposer, _u2_dossiers
    ),
    "stats of no org": Case(
        404, "org_code", "Đơn vị", "Organisation", _nothing, _stats_unknown, _d1_stats
    ),
    "stats outside scope": Case(
        403, "org_code", "Đơn vị", "Organisation", _nothing, _stats_outside, _d1_stats
    ),
    "register entry twice": Case(
        409, "person.name", "Họ tên", "Full name", _recorded, _record_again, _register_entries
    ),
    "register outside scope": Case(
        403, "org_code", "Đơn vị", "Organisation", _unrecorded, _record_again, _register_entries
    ),
    "register list outside scope": Case(
        403, "org_code", "Đơn vị", "Organisation", _unrecorded, _register_outside, _register_entries
    ),
    "another user's notice": Case(
        403, "ids[0]", "Danh sách mã (dòng 1)", "Identifiers (row 1)",
        _a_notice, _mark_theirs, _d1_unread,
    ),
    "no such notice": Case(
        404, "ids[1]", "Danh sách mã (dòng 2)", "Identifiers (row 2)",
        _a_notice, _mark_unknown, _d1_unread,
    ),
    "no such objection reference": Case(
        404, "reference", "Mã tra cứu", "Reference", _nothing, _unknown_reference, _postings
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
async def test_the_refusal_names_its_field_and_changes_nothing(
    client: httpx.AsyncClient, world: World, case: Case
) -> None:
    ctx = await case.prepare(client, world)
    before = await case.read(client, world, ctx)
    for lang, label, other in (("vi", case.vi, case.en), ("en", case.en, case.vi)):
        refused = await case.call(client, world, ctx, {"Accept-Language": lang})
        assert refused.status_code == case.status, refused.text
        problem = refused.json()
        error = problem["errors"][0]
        assert error["field"] == case.field, problem
        assert label.casefold() in error["message"].casefold(), problem
        assert other not in error["message"], problem  # one language
        assert error["message"].casefold().count(f"{label.casefold()}:") <= 1, problem  # once
        assert await case.read(client, world, ctx) == before


async def test_the_web_form_shows_a_taken_code_next_to_its_field(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    """The admin's new-org form: the taken code is refused next to the code field (409, as the
    API answers a duplicate; not a page-wide 403) by the form's own label, once; nothing is
    created."""
    before = await _orgs_under_d1(client, world, {})
    admin_web = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t.test")
    await admin_web.get("/login")
    csrf = admin_web.cookies["tdkt_csrf"]
    signed_in = {"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": csrf}
    assert (await admin_web.post("/login", data=signed_in)).status_code == 303
    form = {
        "csrf_token": admin_web.cookies["tdkt_csrf"],
        "code": world.code("U1"),
        "name": "Trùng mã qua trang",
        "level": "unit",
        "parent_code": world.code("D1"),
    }
    page = await admin_web.post("/quan-tri/don-vi", data=form)
    await admin_web.aclose()
    assert page.status_code == 409, page.text
    shown = text_of(page)
    assert f"Mã đơn vị {world.code('U1')} đã được dùng" in shown
    assert 'id="e-code"' in page.text
    assert "Mã đơn vị: Mã đơn vị" not in shown
    assert await _orgs_under_d1(client, world, {}) == before


async def test_the_registers_duplicate_is_worded_in_the_readers_language(
    client: httpx.AsyncClient, world: World
) -> None:
    """The register's duplicate refusal was worded once, at import, in Vietnamese for all."""
    ctx = await _recorded(client, world)
    english = await _record_again(client, world, ctx, {"Accept-Language": "en"})
    assert english.status_code == 409
    assert english.json()["detail"].startswith("Full name: ")
    assert "Sổ khen thưởng" not in english.json()["detail"]
