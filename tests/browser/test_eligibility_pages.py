"""Eligibility reasons on pages, in the page's language: the dossier's nominee column (from the
reasons stored at submission, or a stored check without a key, shown as it was stored) and the
new-nomination form's check of one row."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from store.models import Nominee
from tests.browser.conftest import PASSWORD, People
from tests.browser.test_pages import _csrf, _signed_in
from tests.browser.untranslated import AWARD_CODES

VIETNAMESE = re.compile(r"[\u00C0-\u1EF9]")


async def _create(client: httpx.AsyncClient, people: People) -> str:
    token = await client.post(
        "/api/v1/auth/token",
        data={"username": people.username("U", "officer"), "password": PASSWORD},
    )
    nominee = {
        "kind": "individual",
        "name": "Tran Van Binh",
        "history": [{"year": 2026, "rating": "HT"}],
    }
    created = await client.post(
        "/api/v1/dossiers",
        json={"proposer_org": people.orgs["U"], "award_code": "LDTT", "year": 2026,
              "summary": "Thành tích năm 2026", "nominees": [nominee]},
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _eligibility_cell(page: str) -> str:
    """The text of the nominees table's eligibility column (the row's fifth cell)."""
    row = re.search(r"<td>1</td>.*?</tr>", page, re.DOTALL)
    assert row, "no nominee row"
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", cells[4]))


@pytest.mark.usefixtures("web_worker")
async def test_dossier_page_words_the_stored_reasons_in_its_language(
    client: httpx.AsyncClient, people: People, web_app: FastAPI
) -> None:
    dossier_id = await _create(client, people)
    await _signed_in(client, people.username("D", "chair"))
    english = _eligibility_cell((await client.get(f"/ho-so/{dossier_id}?lang=en")).text)
    assert "Not eligible yet" in english
    assert (
        "In 2026 rated “completed tasks”; “completed tasks well” or better is required" in english
    )
    assert not VIETNAMESE.search(english), english
    vietnamese = _eligibility_cell((await client.get(f"/ho-so/{dossier_id}?lang=vi")).text)
    assert "Năm 2026 xếp loại hoàn thành nhiệm vụ; yêu cầu từ hoàn thành tốt" in vietnamese
    assert not AWARD_CODES.search(vietnamese)
    assert "(HT)" not in vietnamese

    old = "Năm 2026 xếp loại hoàn thành nhiệm vụ (HT); lưu trước khi có khóa lý do"
    legacy = {
        "eligible": False,
        "checks": [{"rule": "r", "met": False, "detail": old, "basis": ""}],
    }
    async with web_app.state.tdkt.sessions() as session, session.begin():
        await session.execute(
            update(Nominee).where(Nominee.dossier_id == dossier_id).values(eligibility=legacy)
        )
    assert old in _eligibility_cell((await client.get(f"/ho-so/{dossier_id}?lang=en")).text)


async def test_new_nomination_row_check_in_english(
    client: httpx.AsyncClient, people: People
) -> None:
    await _signed_in(client, people.username("U", "officer"))
    form = await client.get("/ho-so/moi?lang=en")
    fragment = await client.post(
        "/ho-so/kiem-tra?lang=en",
        data={"award_code": "LDTT", "year": "2025", "row": "0",
              "nominees-0-kind": "individual", "nominees-0-rating": "HT"},
        headers={"X-CSRF-Token": _csrf(form.text), "HX-Request": "true"},
    )  # fmt: skip
    assert fragment.status_code == 200, fragment.text
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment.text))
    assert "In 2025 rated “completed tasks”; “completed tasks well” or better is required" in text
    assert "Article 24 of the Law on Emulation and Commendation" in text  # the basis in words
    assert not VIETNAMESE.search(text), text
