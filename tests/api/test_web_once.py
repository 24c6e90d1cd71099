"""Web forms are applied once per rendered form (audit A5, finding 5): each carries a one-time
token (`form_key`) that its handler sends as the command's Idempotency-Key. The same form posted
twice, one after the other or both at once, has one effect and both posts get the first answer;
a freshly rendered form is a new request. A refusal does not use the token up. A permission
refusal is said plainly, not as "n things to fix" (finding 13)."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import PASSWORD, World, submit

pytestmark = pytest.mark.usefixtures("worker")

TOKEN = re.compile(r'name="form_key" value="([^"]+)"')
FIX_THESE = ("chỗ cần sửa", "thing to fix", "things to fix")


@asynccontextmanager
async def signed_in(app: FastAPI, username: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client: the session cookie and the CSRF cookie of a web login."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as web:
        await web.get("/login")
        form = {"username": username, "password": PASSWORD, "csrf_token": web.cookies["tdkt_csrf"]}
        assert (await web.post("/login", data=form)).status_code == 303
        yield web


def user(world: World, role: str, alias: str) -> str:
    return f"{role}.{alias}.{world.tag}".lower()


def form_token(html: str, action: str) -> str:
    """The token of the form posting to `action` on the page."""
    start = html.index(f'action="{action}"')
    found = TOKEN.search(html, start, html.index("</form>", start))
    assert found is not None, action
    return found.group(1)


def create_form(
    web: httpx.AsyncClient, token: str | None, name: str, **extra: str
) -> dict[str, str]:
    data = {
        "csrf_token": web.cookies["tdkt_csrf"],
        "award_code": "GIAY_KHEN",
        "award_type": "regular",
        "year": str(datetime.now(UTC).year),
        "summary": "Bấm gửi hai lần",
        "nominee_count": "1",
        "nominees-0-name": name,
        "nominees-0-kind": "individual",
        **extra,
    }
    return data if token is None else {**data, "form_key": token}


async def dossiers_named(http: httpx.AsyncClient, world: World, name: str) -> list[str]:
    found = await http.get(
        "/api/v1/dossiers", params={"q": name}, headers=world.as_("U1", "officer")
    )
    assert found.status_code == 200, found.text
    return [d["id"] for d in found.json()["items"]]


async def test_the_same_create_form_makes_one_dossier(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    async with signed_in(app, user(world, "officer", "u1")) as web:
        # sent twice in a row
        name = f"Bấm Hai Lần {uuid.uuid4().hex[:6]}"
        token = form_token((await web.get("/ho-so/moi")).text, "/ho-so/moi")
        first = await web.post("/ho-so/moi", data=create_form(web, token, name))
        second = await web.post("/ho-so/moi", data=create_form(web, token, name))
        assert (first.status_code, second.status_code) == (303, 303), second.text[:300]
        assert first.headers["location"] == second.headers["location"]
        assert len(await dossiers_named(client, world, name)) == 1
        # sent twice at once, from a freshly rendered form
        name = f"Bấm Cùng Lúc {uuid.uuid4().hex[:6]}"
        token = form_token((await web.get("/ho-so/moi")).text, "/ho-so/moi")
        both = await asyncio.gather(
            *(web.post("/ho-so/moi", data=create_form(web, token, name)) for _ in range(2))
        )
        assert [r.status_code for r in both] == [303, 303], both[1].text[:300]
        assert both[0].headers["location"] == both[1].headers["location"]
        ids = await dossiers_named(client, world, name)
        assert len(ids) == 1
        assert both[0].headers["location"] == f"/ho-so/{ids[0]}"
        # a post without a token (a page rendered before tokens, a script) works as before
        name = f"Không Mã {uuid.uuid4().hex[:6]}"
        for _ in range(2):
            sent = await web.post("/ho-so/moi", data=create_form(web, None, name))
            assert sent.status_code == 303
        assert len(await dossiers_named(client, world, name)) == 2


async def test_a_refused_create_does_not_use_its_token_up(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    name = f"Sửa Rồi Gửi {uuid.uuid4().hex[:6]}"
    async with signed_in(app, user(world, "officer", "u1")) as web:
        token = form_token((await web.get("/ho-so/moi")).text, "/ho-so/moi")
        # refused by the create's service (with the key): a round that does not exist
        refused = await web.post(
            "/ho-so/moi", data=create_form(web, token, name, round_code="KHONG-CO-DOT-NAY")
        )
        assert refused.status_code in (404, 409, 422), refused.text[:300]
        assert 'id="f-round_code"' in refused.text or "KHONG-CO-DOT-NAY" in refused.text
        assert await dossiers_named(client, world, name) == []
        # the form shown again is a new request (the refused one changed nothing)
        assert form_token(refused.text, "/ho-so/moi") != token
        # the corrected form, sent with the first token (the page kept open, Back): accepted
        done = await web.post("/ho-so/moi", data=create_form(web, token, name))
        assert done.status_code == 303, done.text[:300]
        assert len(await dossiers_named(client, world, name)) == 1


async def _extensions(http: httpx.AsyncClient, world: World, dossier_id: str) -> dict[str, Any]:
    body = (
        await http.get(f"/api/v1/dossiers/{dossier_id}", headers=world.as_("D1", "chair"))
    ).json()
    return {
        "extended": [h for h in body["history"] if h["action"] == "extended"],
        "due_at": body["stage"]["due_at"],
    }


async def test_the_same_extension_form_extends_once(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    dossier = (await submit(client, world)).json()
    page = f"/ho-so/{dossier['id']}"
    action = f"{page}/gia-han"
    before = await _extensions(client, world, dossier["id"])
    async with signed_in(app, user(world, "chair", "d1")) as web:
        token = form_token((await web.get(page)).text, action)
        sent = {
            "csrf_token": web.cookies["tdkt_csrf"],
            "working_days": "5",
            "comment": "Gia hạn",
            "form_key": token,
        }
        # twice at once, then once more: one extension, the same answer each time
        both = await asyncio.gather(web.post(action, data=sent), web.post(action, data=sent))
        again = await web.post(action, data=sent)
        answers = [*both, again]
        assert [r.status_code for r in answers] == [303] * 3, [r.text[:300] for r in answers]
        assert {r.headers["location"] for r in answers} == {page}
        once = await _extensions(client, world, dossier["id"])
        assert len(once["extended"]) == len(before["extended"]) + 1
        assert once["due_at"] > before["due_at"]
        # a freshly rendered form is a second request: a second extension
        fresh = form_token((await web.get(page)).text, action)
        assert fresh != token
        second = await web.post(action, data={**sent, "form_key": fresh})
        assert second.status_code == 303, second.text[:300]
        twice = await _extensions(client, world, dossier["id"])
        assert len(twice["extended"]) == len(before["extended"]) + 2
        assert twice["due_at"] > once["due_at"]


async def test_a_refused_decision_does_not_use_its_token_up(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    """Refused inside the command (the key held, then released): the corrected form, sent with
    the same token, is applied."""
    dossier = (await submit(client, world)).json()
    page = f"/ho-so/{dossier['id']}"
    action = f"{page}/quyet-dinh"
    async with signed_in(app, user(world, "chair", "d1")) as web:
        token = form_token((await web.get(page)).text, action)
        sent = {
            "csrf_token": web.cookies["tdkt_csrf"],
            "action": "approve",
            "comment": "Đồng ý",
            "form_key": token,
        }
        refused = await web.post(action, data={**sent, "decision_number": "1/QĐ-TTg"})
        assert refused.status_code == 422, refused.text[:300]
        assert "QĐ-TTg" in refused.text
        assert form_token(refused.text, action) != token
        done = await web.post(action, data=sent)
        assert done.status_code == 303, done.text[:300]
        again = await web.post(action, data=sent)  # the same form once more: its first answer
        assert again.status_code == 303
        assert again.headers["location"] == done.headers["location"]
    after = await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=world.as_("D1", "chair"))
    approvals = [h for h in after.json()["history"] if h["action"] == "decided"]
    assert len(approvals) == 1, after.json()["history"]


async def test_a_malformed_token_is_refused_by_name(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    dossier = (await submit(client, world)).json()
    action = f"/ho-so/{dossier['id']}/gia-han"
    before = await _extensions(client, world, dossier["id"])
    async with signed_in(app, user(world, "chair", "d1")) as web:
        sent = {"csrf_token": web.cookies["tdkt_csrf"], "working_days": "5", "comment": "Gia hạn"}
        for bad in ("", "có dấu cách và chữ Việt", "x" * 200, "short"):
            page = await web.post(action, data={**sent, "form_key": bad})
            assert page.status_code == 422, (bad, page.text[:300])
            assert "Mã gửi một lần của biểu mẫu" in page.text, bad
        twice = [("form_key", "a" * 32), ("form_key", "b" * 32), *sent.items()]
        page = await web.post(action, content=_encoded(twice), headers=_FORM)
        assert page.status_code == 422
        assert "Mã gửi một lần của biểu mẫu" in page.text
    assert await _extensions(client, world, dossier["id"]) == before


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _encoded(pairs: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(pairs).encode()


async def test_a_permission_refusal_is_not_a_field_to_fix(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    dossier = (await submit(client, world)).json()
    page = f"/ho-so/{dossier['id']}"
    async with signed_in(app, user(world, "officer", "d1")) as web:
        for action, data in (
            ("gia-han", {"working_days": "5", "comment": "Gia hạn"}),
            ("quyet-dinh", {"action": "approve", "comment": "Đồng ý"}),
        ):
            sent = {"csrf_token": web.cookies["tdkt_csrf"], "form_key": "k" * 32, **data}
            refused = await web.post(f"{page}/{action}", data=sent)
            assert refused.status_code == 403, (action, refused.text[:300])
            summary = re.search(r'id="error-summary".*?</div>', refused.text, re.S)
            assert summary is not None, action
            assert not any(words in summary.group(0) for words in FIX_THESE), summary.group(0)
            assert "<p>" in summary.group(0)  # the refusal itself, said plainly
        # English too
        sent = {"csrf_token": web.cookies["tdkt_csrf"], "working_days": "5", "comment": "x"}
        refused = await web.post(f"{page}/gia-han?lang=en", data=sent)
        assert refused.status_code == 403
        assert not any(words in refused.text for words in FIX_THESE)
    after = await _extensions(client, world, dossier["id"])
    assert after["extended"] == []


async def test_the_same_round_forms_open_and_close_once(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    code = f"DX-{uuid.uuid4().hex[:6].upper()}"
    due = datetime.now(UTC).date().replace(year=datetime.now(UTC).year + 1)
    async with signed_in(app, user(world, "chair", "p3")) as web:
        token = form_token((await web.get("/dot-xet")).text, "/dot-xet")
        sent = {
            "csrf_token": web.cookies["tdkt_csrf"],
            "form_key": token,
            "code": code,
            "name": f"Đợt bấm hai lần {code}",
            "year": str(datetime.now(UTC).year),
            "award_codes": "GIAY_KHEN",
            "deadline_unit": due.isoformat(),
        }
        opened = await asyncio.gather(
            web.post("/dot-xet", data=sent), web.post("/dot-xet", data=sent)
        )
        assert [r.status_code for r in opened] == [303, 303], opened[1].text[:300]
        assert {r.headers["location"] for r in opened} == {f"/dot-xet/{code}"}
        page = f"/dot-xet/{code}"
        action = f"{page}/ket-thuc"
        token = form_token((await web.get(page)).text, action)
        sent = {"csrf_token": web.cookies["tdkt_csrf"], "form_key": token, "comment": "Xong"}
        closed = await asyncio.gather(web.post(action, data=sent), web.post(action, data=sent))
        assert [r.status_code for r in closed] == [303, 303], closed[1].text[:300]
        # a new request (no token) is refused: the round was closed once, by the first post
        again = await web.post(action, data={"csrf_token": web.cookies["tdkt_csrf"]})
        assert again.status_code == 409
    found = await client.get(f"/api/v1/rounds/{code}", headers=world.as_("P3", "chair"))
    assert found.json()["status"] == "closed"
