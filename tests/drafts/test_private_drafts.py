"""A draft never submitted is its proposing org's only (contract §13), also once withdrawn: no
route, no scope above the unit, not in anybody else's reads (API, lists, export, statistics,
web page, inbox), and not in statistics at all (as a draft)."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.api.conftest import World
from tests.drafts.helpers import draft

pytestmark = pytest.mark.usefixtures("worker")


def _cookie(headers: dict[str, str]) -> dict[str, str]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"tdkt_session={token}"}


async def _ids(http: httpx.AsyncClient, headers: dict[str, str], **params: str) -> set[str]:
    answer = await http.get("/api/v1/dossiers", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return {item["id"] for item in answer.json()["items"]}


async def _exported(http: httpx.AsyncClient, headers: dict[str, str], **params: str) -> str:
    answer = await http.get("/api/v1/dossiers.xlsx", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


async def _stats(http: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    answer = await http.get("/api/v1/stats", headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return {"by_status": body["by_status"], "by_award": body["by_award"]}


async def test_a_withdrawn_draft_stays_its_own_orgs_only(
    client: httpx.AsyncClient, world: World
) -> None:
    officer = world.as_("U1", "officer")
    uppers = [world.as_(alias, role) for alias in ("D1", "P3") for role in ("chair", "officer")]
    outsiders = [*uppers, world.as_("D1", "viewer"), world.as_("U2", "officer"), world.admin]
    counted = [officer, world.as_("D1", "chair"), world.as_("P3", "chair"), world.admin]
    before = [await _stats(client, h) for h in counted]

    created = await draft(client, world)
    dossier_id = created["id"]
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/withdraw",
        json={"comment": "Không nộp nữa"},
        headers=officer,
    )
    assert answer.status_code == 200, answer.text
    withdrawn = answer.json()
    assert withdrawn["status"] == "withdrawn"
    assert (withdrawn["route"], withdrawn["route_orgs"]) == ([], [])  # never on a route

    mine = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)
    assert mine.status_code == 200, mine.text
    assert mine.json()["status"] == "withdrawn"
    assert (mine.json()["route"], mine.json()["route_orgs"]) == ([], [])
    assert dossier_id in await _ids(client, officer, status="withdrawn")
    assert dossier_id in await _exported(client, officer, status="withdrawn")
    listed = await client.get("/ho-so", params={"status": "withdrawn"}, headers=_cookie(officer))
    assert f'href="/ho-so/{dossier_id}"' in listed.text
    own_page = await client.get(f"/ho-so/{dossier_id}", headers=_cookie(officer))
    assert own_page.status_code == 200, own_page.text
    assert "Nguyễn Văn An" in own_page.text

    for outsider in outsiders:
        seen = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=outsider)
        assert seen.status_code == 404, seen.text
        assert seen.json()["detail"] == f"Không tìm thấy hồ sơ {dossier_id}"
        for params in (
            {"page_size": "100"},
            {"status": "withdrawn", "page_size": "100"},
            {"q": dossier_id},
            {"org_code": world.code("U1"), "page_size": "100"},
            {"org_code": world.code("U1"), "status": "withdrawn", "page_size": "100"},
        ):
            assert dossier_id not in await _ids(client, outsider, **params), params
        assert dossier_id not in await _exported(client, outsider, status="withdrawn")
        assert dossier_id not in await _exported(client, outsider, q=dossier_id)
        for path in ("objections", "attachments", "nominees.xlsx"):
            sub = await client.get(f"/api/v1/dossiers/{dossier_id}/{path}", headers=outsider)
            assert sub.status_code == 404, (path, sub.text)
        page = await client.get(f"/ho-so/{dossier_id}", headers=_cookie(outsider))
        assert page.status_code == 404, page.text
        for query in ({"status": "withdrawn"}, {"q": dossier_id}):
            listed = await client.get("/ho-so", params=query, headers=_cookie(outsider))
            assert listed.status_code == 200, listed.text
            assert f'href="/ho-so/{dossier_id}"' not in listed.text  # (`q` is echoed)
        inbox = await client.get("/", headers=_cookie(outsider))
        assert dossier_id not in inbox.text
    # statistics leave drafts out, for their own org too: a withdrawn draft is still one
    assert [await _stats(client, h) for h in counted] == before
    again = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=officer)
    assert again.json()["version"] == withdrawn["version"]
