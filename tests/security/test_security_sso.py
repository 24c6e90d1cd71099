"""Single sign-on against a real OpenID Provider (node-oidc-provider from the npm registry).

The provider runs as a node process started by the test (dev interactions: any login name is
accepted, which stands for the provider's own authentication); tdkt runs in process with
`TDKT_OIDC_*` set. The browser is played by httpx: cookies per site, redirects by hand.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
import urllib.parse
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from core.settings import Settings
from launcher.ports import free_port
from tests.security.conftest import PASSWORD, Accounts, client_at, make_user
from tests.support.app import seeded_app
from tests.support.stack import REPO

CLIENT_ID = "tdkt-test"
CLIENT_SECRET = "tdkt-test-secret-0123456789abcdef"
BASE = "http://tdkt.test"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    command = [
        "node",
        str(REPO / "tests/security/oidc/provider.mjs"),
        str(port),
        CLIENT_ID,
        CLIENT_SECRET,
        f"{BASE}/login/oidc/callback",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, log_path.read_text(errors="replace")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                    break
            time.sleep(0.2)
        yield issuer
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


@pytest.fixture(scope="module")
async def sso_app(hard_settings: Settings, provider: str) -> AsyncIterator[FastAPI]:
    settings = hard_settings.model_copy(
        update={
            "oidc_issuer": provider,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": SecretStr(CLIENT_SECRET),
        }
    )
    async with seeded_app(settings) as application:
        yield application


async def _sign_in_at_provider(start: str, login: str) -> str:
    """Play the browser at the provider; the URL it finally sends the browser back to."""
    async with httpx.AsyncClient(timeout=10) as browser:
        url = start
        for _ in range(12):
            r = await browser.get(url)
            if r.status_code == 200:
                action = re.search(r'action="([^"]+)"', r.text)
                assert action, r.text[:500]
                prompt = re.search(r'name="prompt" value="(\w+)"', r.text)
                assert prompt
                form = {"prompt": prompt.group(1)}
                if prompt.group(1) == "login":
                    form |= {"login": login, "password": "sso-pass"}
                r = await browser.post(urllib.parse.urljoin(url, action.group(1)), data=form)
            assert r.status_code in (302, 303), (r.status_code, r.text[:500])
            url = urllib.parse.urljoin(url, r.headers["location"])
            if url.startswith(BASE):
                return url
    raise AssertionError("the provider never sent the browser back")


async def _sso(http: httpx.AsyncClient, login: str, next_url: str = "/") -> httpx.Response:
    r = await http.get("/login/oidc", params={"next": next_url})
    assert r.status_code == 303, r.text[:300]
    back = await _sign_in_at_provider(r.headers["location"], login)
    return await http.get(back.removeprefix(BASE))


async def test_sso_signs_in_the_mapped_account(sso_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(sso_app) as http:
        username = f"sso.ok.{accounts.tag}".lower()
        await make_user(http, accounts.admin, username, accounts.unit, "viewer")
        page = await http.get("/login")
        assert "/login/oidc" in page.text
        r = await _sso(http, username, "/ho-so")
        assert r.status_code == 303, r.text[:300]
        assert r.headers["location"] == "/ho-so"
        token = http.cookies["tdkt_session"]
        me = await http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["username"] == username
        audit = await http.get(
            "/api/v1/audit",
            params={"actor": username, "action": "auth.login_sso"},
            headers=accounts.admin,
        )
        assert audit.json()["total"] == 1


async def test_sso_refuses_unknown_or_disabled_accounts(
    sso_app: FastAPI, accounts: Accounts
) -> None:
    async with client_at(sso_app) as http:
        r = await _sso(http, f"stranger.{accounts.tag}")
        assert r.status_code == 401, r.text[:300]
        assert "Đăng nhập một lần không thành công" in r.text
        assert "tdkt_session" not in http.cookies
        username = f"sso.off.{accounts.tag}".lower()
        await make_user(http, accounts.admin, username, accounts.unit, "viewer")
        r = await http.patch(
            f"/api/v1/users/{username}", json={"active": False}, headers=accounts.admin
        )
        assert r.status_code == 200
        assert (await _sso(http, username)).status_code == 401
        audit = await http.get(
            "/api/v1/audit", params={"action": "auth.sso_failed"}, headers=accounts.admin
        )
        actors = [i["actor"] for i in audit.json()["items"]]
        assert f"stranger.{accounts.tag}" in actors
        assert username in actors


async def test_sso_refuses_a_forged_state(sso_app: FastAPI, accounts: Accounts) -> None:
    async with client_at(sso_app) as http:
        username = f"sso.state.{accounts.tag}".lower()
        await make_user(http, accounts.admin, username, accounts.unit, "viewer")
        r = await http.get("/login/oidc")
        back = await _sign_in_at_provider(r.headers["location"], username)
        forged = re.sub(r"state=[^&]+", "state=forged", back)
        assert (await http.get(forged.removeprefix(BASE))).status_code == 401
        # Without the flow cookie (another browser) the callback is refused too.
        async with client_at(sso_app) as other:
            assert (await other.get(back.removeprefix(BASE))).status_code == 401


async def test_sso_is_off_unless_configured(hard_app: FastAPI) -> None:
    async with client_at(hard_app) as http:
        assert "/login/oidc" not in (await http.get("/login")).text
        assert (await http.get("/login/oidc")).status_code == 404
        assert PASSWORD  # local passwords stay the way in
