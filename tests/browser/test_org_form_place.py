"""The admin's org form on the web (over ASGI, no browser) sets an org's place name (địa danh
of its papers) and symbol; a bad place name is shown at its field and creates nothing."""

from __future__ import annotations

import uuid

import httpx

from tests.browser.conftest import ADMIN_PASSWORD, People
from tests.browser.test_paper_pages import csrf_of


async def _admin(client: httpx.AsyncClient) -> str:
    client.cookies.clear()
    page = await client.get("/login")
    form = {"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text)}
    assert (await client.post("/login", data=form)).status_code == 303
    return csrf_of((await client.get("/quan-tri/don-vi")).text)


async def test_the_org_form_sets_the_place_name_and_refuses_a_bad_one(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await _admin(client)
    code = f"F5W-{uuid.uuid4().hex[:6].upper()}"
    form = {
        "csrf_token": csrf,
        "name": "Trường Mầm non Hoa Sen",
        "code": code,
        "level": "unit",
        "parent_code": people.orgs["D"],
        "locality": "Bắc\u0000Ninh",
    }
    refused = await client.post("/quan-tri/don-vi", data=form)
    assert refused.status_code == 422
    assert 'id="e-locality"' in refused.text
    assert 'name="locality"' in refused.text
    api = {"Authorization": await _bearer(client)}
    assert (await client.get(f"/api/v1/orgs/{code}", headers=api)).status_code == 404

    created = await client.post("/quan-tri/don-vi", data={**form, "locality": "Từ Sơn"})
    assert created.status_code == 303, created.text
    org = (await client.get(f"/api/v1/orgs/{code}", headers=api)).json()
    assert (org["locality"], org["doc_symbol"]) == ("Từ Sơn", "MNHS")


async def _bearer(client: httpx.AsyncClient) -> str:
    token = await client.post(
        "/api/v1/auth/token", data={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert token.status_code == 200, token.text
    return f"Bearer {token.json()['access_token']}"
