"""Sessions that end: logout, deactivation and password changes revoke tokens at once."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.security.conftest import PASSWORD, Accounts, bearer, client_at, make_user


async def _me(http: httpx.AsyncClient, headers: dict[str, str]) -> int:
    return (await http.get("/api/v1/me", headers=headers)).status_code


async def _new_user(http: httpx.AsyncClient, accounts: Accounts, suffix: str) -> str:
    username = f"sess.{suffix}.{accounts.tag}".lower()
    await make_user(http, accounts.admin, username, accounts.unit, "officer")
    return username


async def test_logout_revokes_only_that_token(hard_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(hard_app) as http:
        user = await _new_user(http, accounts, "logout")
        first = await bearer(http, user, PASSWORD)
        second = await bearer(http, user, PASSWORD)
        assert await _me(http, first) == 200
        r = await http.post("/api/v1/auth/logout", headers=first)
        assert r.status_code == 204, r.text
        assert await _me(http, first) == 401
        assert (await http.post("/api/v1/auth/logout", headers=first)).status_code == 401
        assert await _me(http, second) == 200  # another session of the same user lives on
        assert (await http.post("/api/v1/auth/logout")).status_code == 401
        audit = await http.get(
            "/api/v1/audit", params={"actor": user, "action": "auth.logout"}, headers=accounts.admin
        )
        assert audit.json()["total"] == 1


async def test_disabling_a_user_revokes_every_token(hard_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(hard_app) as http:
        user = await _new_user(http, accounts, "disable")
        tokens = [await bearer(http, user, PASSWORD) for _ in range(2)]
        r = await http.patch(
            f"/api/v1/users/{user}", json={"active": False}, headers=accounts.admin
        )
        assert r.status_code == 200, r.text
        assert r.json()["active"] is False
        assert [await _me(http, t) for t in tokens] == [401, 401]
        r = await http.post("/api/v1/auth/token", data={"username": user, "password": PASSWORD})
        assert r.status_code == 401
        r = await http.patch(f"/api/v1/users/{user}", json={"active": True}, headers=accounts.admin)
        assert r.status_code == 200, r.text
        assert [await _me(http, t) for t in tokens] == [401, 401]  # still revoked
        assert await _me(http, await bearer(http, user, PASSWORD)) == 200
        revoked = await http.get(
            "/api/v1/audit", params={"action": "auth.tokens_revoked"}, headers=accounts.admin
        )
        assert user in [i["target"] for i in revoked.json()["items"]]


async def test_changing_a_password_revokes_earlier_tokens(
    hard_app: FastAPI, accounts: Accounts
) -> None:
    async with client_at(hard_app) as http:
        user = await _new_user(http, accounts, "password")
        old = await bearer(http, user, PASSWORD)
        other = await bearer(http, user, PASSWORD)
        r = await http.post(
            "/api/v1/me/password",
            json={"current_password": "not-mine", "new_password": "Moi#2026-abc"},
            headers=old,
        )
        assert r.status_code == 403, r.text
        assert await _me(http, old) == 200
        r = await http.post(
            "/api/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "Moi#2026-abc"},
            headers=old,
        )
        assert r.status_code == 200, r.text
        new = {"Authorization": f"Bearer {r.json()['access_token']}"}
        assert [await _me(http, t) for t in (old, other, new)] == [401, 401, 200]
        refused = await http.post(
            "/api/v1/auth/token", data={"username": user, "password": PASSWORD}
        )
        assert refused.status_code == 401
        assert await _me(http, await bearer(http, user, "Moi#2026-abc")) == 200

        # An admin resetting the password revokes the tokens too.
        r = await http.patch(
            f"/api/v1/users/{user}", json={"password": "Reset#2026-xyz"}, headers=accounts.admin
        )
        assert r.status_code == 200, r.text
        assert await _me(http, new) == 401
        assert await _me(http, await bearer(http, user, "Reset#2026-xyz")) == 200


async def test_admin_changes_roles_and_org_of_an_account(
    hard_app: FastAPI, accounts: Accounts
) -> None:
    async with client_at(hard_app) as http:
        user = await _new_user(http, accounts, "roles")
        token = await bearer(http, user, PASSWORD)
        body = {"roles": ["viewer"], "org_code": accounts.district, "full_name": "Tên mới"}
        r = await http.patch(f"/api/v1/users/{user}", json=body, headers=accounts.admin)
        assert r.status_code == 200, r.text
        me = (await http.get("/api/v1/me", headers=token)).json()
        assert (me["roles"], me["org_code"], me["full_name"]) == (
            ["viewer"],
            accounts.district,
            "Tên mới",
        )
        bad_bodies: list[dict[str, object]] = [
            {"org_code": "NO-SUCH-ORG"},
            {"roles": []},
            {"full_name": "\u200b\u3000"},
        ]
        for bad in bad_bodies:
            r = await http.patch(f"/api/v1/users/{user}", json=bad, headers=accounts.admin)
            assert r.status_code == 422, (bad, r.text)
        r = await http.patch(
            "/api/v1/users/nobody.here", json={"active": False}, headers=accounts.admin
        )
        assert r.status_code == 404
        r = await http.patch("/api/v1/users/admin", json={"active": False}, headers=accounts.admin)
        assert r.status_code == 422  # an admin cannot lock themself out


async def test_web_logout_revokes_the_cookie_token(hard_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(hard_app) as http:
        user = await _new_user(http, accounts, "web")
        await http.get("/login")
        form = {"username": user, "password": PASSWORD, "csrf_token": http.cookies["tdkt_csrf"]}
        r = await http.post("/login", data=form)
        assert r.status_code == 303, r.text[:300]
        token = http.cookies["tdkt_session"]
        headers = {"Authorization": f"Bearer {token}"}
        assert await _me(http, headers) == 200
        r = await http.post("/logout", data={"csrf_token": http.cookies["tdkt_csrf"]})
        assert r.status_code == 303
        assert await _me(http, headers) == 401
        # The old cookie replayed by hand is no session either.
        http.cookies.set("tdkt_session", token)
        page = await http.get("/")
        assert page.status_code in (302, 303, 307)
        assert "/login" in page.headers["location"]


async def test_null_account_fields_are_refused_by_name(
    hard_app: FastAPI, accounts: Accounts
) -> None:
    """`null` for a field that cannot be empty is a 422 naming it (it was a 500, or for `roles`
    a silent wipe of every role), and the account is unchanged; `email: null` clears it."""
    async with client_at(hard_app) as http:
        user = await _new_user(http, accounts, "nulls")
        token = await bearer(http, user, PASSWORD)
        before = (await http.get("/api/v1/me", headers=token)).json()
        for name in ("full_name", "org_code", "roles", "active", "password"):
            for lang, words in (("vi", "không được là null"), ("en", "must not be null")):
                r = await http.patch(
                    f"/api/v1/users/{user}",
                    json={name: None},
                    headers={**accounts.admin, "Accept-Language": lang},
                )
                assert r.status_code == 422, (name, r.text)
                problem = r.json()
                assert [e["field"] for e in problem["errors"]] == [name], problem
                assert words in problem["errors"][0]["message"], problem
        assert await _me(http, token) == 200  # no revocation: nothing was changed
        assert (await http.get("/api/v1/me", headers=token)).json() == before
        r = await http.patch(f"/api/v1/users/{user}", json={"email": None}, headers=accounts.admin)
        assert r.status_code == 200, r.text
