"""Who reads objections and what an anonymous caller learns (contract §15): the proposing org
is on the route and handles public feedback (ND152 Art.44.2), so it reads them as the other
route orgs do (never the objector's contact); the public endpoint answers one 404 for every
dossier not in public posting, existing or not, so dossier numbers cannot be enumerated."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import World
from tests.drafts.helpers import draft, submitted
from tests.drafts.test_objections import _object, _posted

pytestmark = pytest.mark.usefixtures("worker")


@pytest.fixture
async def anonymous(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A caller without sign-in from an address of its own (objections are rate-limited per
    address)."""
    address = f"198.18.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://tdkt.test") as http:
        yield http


def _cookie(headers: dict[str, str]) -> dict[str, str]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"tdkt_session={token}"}


async def _listed(client: httpx.AsyncClient, dossier_id: str, headers: dict[str, str]) -> Any:
    answer = await client.get(f"/api/v1/dossiers/{dossier_id}/objections", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_proposing_org_reads_its_dossiers_objections(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, world: World
) -> None:
    posted = await _posted(client, world)
    dossier_id = posted["id"]
    received = await _object(anonymous, dossier_id, contact="0912 345 678")
    assert received.status_code == 201, received.text
    reference = received.json()["reference"]

    seen_above = await _listed(client, dossier_id, world.as_("P3", "chair"))
    assert [o["reference"] for o in seen_above["items"]] == [reference]
    for role in ("officer", "chair", "viewer"):
        mine = world.as_("U1", role)
        assert await _listed(client, dossier_id, mine) == seen_above, role
        assert "0912 345 678" not in str(seen_above)
        page = await client.get(f"/ho-so/{dossier_id}", headers=_cookie(mine))
        assert page.status_code == 200, page.text
        assert reference in page.text, role
        assert "0912 345 678" not in page.text
    outsider = await client.get(
        f"/api/v1/dossiers/{dossier_id}/objections", headers=world.as_("U2", "officer")
    )
    assert outsider.status_code == 404, outsider.text
    after = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=world.as_("U1", "officer"))
    assert after.json()["open_objections"] == 1


def _unposted(problem: dict[str, Any], dossier_id: str) -> dict[str, Any]:
    """The problem with the dossier id (what the caller typed) replaced by a placeholder."""
    return {
        k: v.replace(dossier_id, "<id>") if isinstance(v, str) else v for k, v in problem.items()
    }


async def test_no_anonymous_caller_can_tell_a_draft_from_a_missing_dossier(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, world: World
) -> None:
    """A draft (or a draft withdrawn before it was ever submitted) is its org's only: from
    outside it answers as a number naming no dossier. A submitted dossier out of its posting is a
    409 in words (tests/drafts/test_objections.py)."""
    in_review = await submitted(client, world)
    a_draft = await draft(client, world)
    withdrawn = await draft(client, world)
    officer = world.as_("U1", "officer")
    gone = await client.post(
        f"/api/v1/dossiers/{withdrawn['id']}/withdraw", json={"comment": "Bỏ"}, headers=officer
    )
    assert gone.status_code == 200, gone.text
    answers = {}
    for dossier_id in (a_draft["id"], withdrawn["id"], "HS-2026-9999999"):
        refused = await _object(anonymous, dossier_id)
        assert refused.status_code == 404, refused.text
        problem = refused.json()
        assert problem["detail"] == f"Không có hồ sơ {dossier_id} đang niêm yết công khai"
        answers[dossier_id] = _unposted(problem, dossier_id)
    assert len({str(a) for a in answers.values()}) == 1, answers
    reviewed = await _object(anonymous, in_review["id"])
    assert reviewed.status_code == 409, reviewed.text
    english = await anonymous.post(
        f"/api/v1/public/postings/{a_draft['id']}/objections",
        json={"content": "Cá nhân này chưa hoàn thành nhiệm vụ năm 2026"},
        headers={"Accept-Language": "en"},
    )
    assert english.status_code == 404, english.text
    assert english.json()["detail"] == f"No dossier {a_draft['id']} is in public posting"
    for dossier in (in_review, a_draft):  # nothing received
        read = await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=officer)
        assert read.json()["open_objections"] == 0
        assert read.json()["version"] == dossier["version"]
