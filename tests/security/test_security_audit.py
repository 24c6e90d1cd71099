"""The audit log: what is recorded, who may read it, and that nobody may rewrite it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from store.repositories.audit import record_audit, search
from tests.security.conftest import PASSWORD, Accounts, bearer, client_at


async def test_admin_actions_are_audited_with_the_address(
    hard_app: FastAPI, accounts: Accounts
) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    async with client_at(hard_app, "10.77.0.9") as http:
        admin = await bearer(http, "admin", _admin_password(hard_app))
        code = f"AUD-{accounts.tag}"
        body = {"code": code, "name": "Đơn vị kiểm toán", "level": "unit"}
        r = await http.post(
            "/api/v1/orgs", json=body | {"parent_code": accounts.district}, headers=admin
        )
        assert r.status_code == 201, r.text
        r = await http.put(
            "/api/v1/calendar/overrides/2031-05-03",
            json={"working": True, "note": "Làm bù"},
            headers=admin,
        )
        assert r.status_code == 200, r.text
        r = await http.get("/api/v1/audit", params={"since": started.isoformat()}, headers=admin)
        assert r.status_code == 200, r.text
        page = r.json()
        assert set(page) == {"items", "total"}
        mine = [i for i in page["items"] if i["ip"] == "10.77.0.9"]
        assert {(i["actor"], i["action"], i["target"]) for i in mine} >= {
            ("admin", "auth.login", "admin"),
            ("admin", "org.created", code),
            ("admin", "calendar.override_set", "2031-05-03 working"),
        }
        assert all(set(i) == {"at", "actor", "action", "target", "ip"} for i in page["items"])
        ats = [i["at"] for i in page["items"]]
        assert ats == sorted(ats, reverse=True)
        future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        r = await http.get("/api/v1/audit", params={"since": future}, headers=admin)
        assert r.json() == {"items": [], "total": 0}
        created = await http.get(
            "/api/v1/audit", params={"action": "user.created", "limit": 500}, headers=admin
        )
        assert accounts.name("chair", "unit") in str(created.json()["items"])


def _admin_password(app: FastAPI) -> str:
    settings: Settings = app.state.tdkt.settings
    return settings.admin_password.get_secret_value()


@pytest.mark.parametrize("role", ["officer", "chair", "viewer"])
async def test_only_admins_read_the_audit_log(
    hard_app: FastAPI, accounts: Accounts, role: str
) -> None:
    async with client_at(hard_app) as http:
        headers = await bearer(http, accounts.name(role, "province"), PASSWORD)
        assert (await http.get("/api/v1/audit", headers=headers)).status_code == 403
        assert (await http.get("/api/v1/audit")).status_code == 401


async def test_the_audit_log_is_append_only(
    hard_settings: Settings, db_session: AsyncSession
) -> None:
    await record_audit(db_session, "tester", "test.append_only", "x" * 1000, "::1")
    rows, total = await search(session=db_session, actor="tester")
    assert total >= 1
    assert len(rows[0].target) == 300
    assert hard_settings.database_url is not None
    dsn = hard_settings.database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "insert into audit_log (actor, action, target, ip) values ('t', 'test.row', '', '')"
        )
        for statement in (
            "update audit_log set actor = 'someone-else'",
            "delete from audit_log",
            "truncate audit_log",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(statement)
        assert conn.execute(
            "select count(*) from audit_log where action = 'test.row'"
        ).fetchone() == (1,)


async def test_the_audit_web_page_is_for_admins(hard_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(hard_app) as http:
        assert (await http.get("/nhat-ky")).status_code in (302, 303, 307)
        officer = await bearer(http, accounts.name("officer", "unit"), PASSWORD)
        http.cookies.set("tdkt_session", officer["Authorization"].removeprefix("Bearer "))
        assert (await http.get("/nhat-ky")).status_code == 403
        http.cookies.set("tdkt_session", accounts.admin["Authorization"].removeprefix("Bearer "))
        page = await http.get("/nhat-ky", params={"action": "user.created"})
        assert page.status_code == 200, page.text[:300]
        assert "Nhật ký truy cập và thay đổi" in page.text
        assert accounts.name("chair", "unit") in page.text
        assert "auth.login_failed" not in page.text.split("<tbody>")[1]
