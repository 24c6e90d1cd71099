"""Drafts and objections on the web, over ASGI (no browser): "Lưu nháp" and "Nộp hồ sơ"; the
posting org's chair resolves an objection from the inbox; the route's other orgs read it; the
citizen looks the reference up on /cong-khai."""

from __future__ import annotations

import asyncio
import re
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from store.db import transaction
from store.models import DossierEvent
from tests.api.test_web_once import form_token
from tests.browser.conftest import People
from tests.browser.test_paper_pages import attach, csrf_of, sign_in
from tests.browser.test_public_posting import _to_posting
from tests.documents.samples import PDF

pytestmark = pytest.mark.usefixtures("web_worker")


async def test_officer_saves_a_draft_attaches_and_submits(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    saved = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": csrf,
            "award_code": "GIAY_KHEN",
            "year": "2025",
            "summary": "Nháp: còn thiếu tài liệu",
            "nominee_count": "1",
            "nominees-0-name": "Mạc Thị Duyên",
            "nominees-0-kind": "individual",
            "draft": "1",
        },
    )
    assert saved.status_code == 303, saved.text
    dossier_id = saved.headers["location"].rsplit("/", 1)[-1]
    saying = (await client.get(saved.headers["location"])).text
    assert f"Đã lưu bản nháp {dossier_id}. Hồ sơ ở lại Trường THCS Lạc Vệ" in saying
    inbox = (await client.get("/")).text
    assert "Hồ sơ nháp của đơn vị" in inbox
    assert f'href="/ho-so/{dossier_id}"' in inbox
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Hồ sơ đang là bản nháp" in page
    assert f'action="/ho-so/{dossier_id}/nop"' in page
    assert "Khi nộp, hồ sơ được chuyển đến UBND huyện Tiên Du" in page  # by its name
    assert "Còn thiếu</span> Tờ trình" in page  # judged at the level it will go to
    assert (await attach(client, dossier_id, csrf, PDF)).status_code == 303
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Đã có</span> Tờ trình" in page
    assert f"/tai-lieu/{attachment_id(page, dossier_id)}/thay" in page  # a draft's papers change

    await sign_in(client, people.username("D", "chair"))
    hidden = await client.get(f"/ho-so/{dossier_id}")
    assert hidden.status_code == 404  # a draft is its org's alone

    csrf = await sign_in(client, people.username("U", "officer"))
    forged = await client.post(f"/ho-so/{dossier_id}/nop", data={"comment": "Nộp"})
    assert forged.status_code == 403
    assert 'id="e-submit"' in forged.text
    submitted = await client.post(
        f"/ho-so/{dossier_id}/nop", data={"csrf_token": csrf, "comment": "Đã đủ tài liệu"}
    )
    assert submitted.status_code == 303, submitted.text
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    # what happened and where the dossier went, by name, with its deadline
    assert re.search(
        rf"Đã gửi hồ sơ {dossier_id} đến UBND huyện Tiên Du; hạn xử lý \d\d/\d\d/\d{{4}}\.", page
    )
    assert "Hồ sơ đang là bản nháp" not in page
    assert "Đang xét" in page
    inbox = (await client.get("/")).text
    assert not re.search(rf'id="drafts-h".*href="/ho-so/{dossier_id}"', inbox, re.S)
    again = await client.post(f"/ho-so/{dossier_id}/nop", data={"csrf_token": csrf})
    assert again.status_code == 409
    assert "không phải hồ sơ nháp" in again.text


def attachment_id(html: str, dossier_id: str) -> str:
    found = re.search(rf'href="/ho-so/{dossier_id}/tai-lieu/(TL-[0-9A-F]{{12}})"', html)
    assert found, "no attachment on the page"
    return found.group(1)


async def _object(client: httpx.AsyncClient, dossier_id: str, content: str) -> str:
    """A citizen (not signed in) objects to the posted dossier; the objection's reference."""
    client.cookies.clear()
    sent = await client.post(
        f"/api/v1/public/postings/{dossier_id}/objections", json={"content": content}
    )
    assert sent.status_code == 201, sent.text
    reference: str = sent.json()["reference"]
    return reference


async def test_the_posting_chair_resolves_an_objection_and_the_citizen_reads_it(
    client: httpx.AsyncClient, people: People, web_app: FastAPI
) -> None:
    dossier_id = await _to_posting(web_app, people)
    reference = await _object(
        client, dossier_id, "Cá nhân này từng bị kỷ luật năm 2024, đề nghị xem xét lại"
    )
    public = await client.get("/cong-khai", params={"ma": reference.lower()})
    assert public.status_code == 200
    assert re.search(r'data-testid="objection-status".*Chưa xử lý', public.text, re.S)
    bad = await client.get("/cong-khai", params={"ma": "PA-\x00<b>"})
    assert bad.status_code == 422
    # a control character is not text: refused before the lookup, naming the parameter
    assert "U+0000" in bad.text
    assert "Mã tra cứu" in bad.text
    odd = await client.get("/cong-khai", params={"ma": "PA-<b>"})
    assert odd.status_code == 422
    assert 'id="e-lookup">Mã tra cứu không đúng dạng' in odd.text
    unknown = await client.get("/cong-khai", params={"ma": "PA-0000000000"})
    assert unknown.status_code == 404
    assert "Không tìm thấy phản ánh PA-0000000000" in unknown.text

    await sign_in(client, people.username("D", "chair"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert reference in page  # the district is on the route: it reads the objection
    assert "/xu-ly" not in page  # but only the posting org's chair resolves it

    csrf = await sign_in(client, people.username("P", "chair"))
    inbox = (await client.get("/")).text
    assert f'data-testid="objection-{reference}"' in inbox
    assert "từng bị kỷ luật năm 2024" in inbox
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Chưa thể đồng ý hồ sơ khi còn phản ánh" in page
    action = f"/ho-so/{dossier_id}/phan-anh/{reference}/xu-ly"
    empty = await client.post(action, data={"csrf_token": csrf, "back": "inbox"})
    assert empty.status_code == 422
    assert f'id="e-objection-{reference}-outcome"' in empty.text
    assert f'id="e-objection-{reference}-comment"' in empty.text
    assert f'href="#f-objection-{reference}-outcome"' in empty.text  # in the summary
    forged = await client.post(action, data={"outcome": "upheld", "comment": "Có cơ sở"})
    assert forged.status_code == 403
    done = await client.post(
        action,
        data={
            "csrf_token": csrf_of(page),
            "back": "inbox",
            "outcome": "upheld",
            "comment": "Đã xác minh: có quyết định kỷ luật khiển trách",
        },
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/"
    inbox = (await client.get("/")).text
    assert f"Đã ghi nhận kết quả xử lý phản ánh {reference} (hồ sơ {dossier_id}): có cơ sở" in inbox
    assert f'data-testid="objection-{reference}"' not in inbox
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Chưa thể đồng ý hồ sơ khi còn phản ánh" not in page
    assert "Đã xác minh: có quyết định kỷ luật khiển trách" in page
    twice = await client.post(
        action, data={"csrf_token": csrf, "outcome": "dismissed", "comment": "Lần hai"}
    )
    assert twice.status_code == 409

    client.cookies.clear()
    public = await client.get("/cong-khai", params={"ma": reference})
    assert re.search(r'data-testid="objection-status".*Có cơ sở', public.text, re.S)
    assert "có quyết định kỷ luật khiển trách" in public.text


async def test_the_same_resolution_form_resolves_an_objection_once(
    client: httpx.AsyncClient, people: People, web_app: FastAPI
) -> None:
    """A resolution form posted twice at once, and once more after (a double click, a resend),
    records one resolution and answers each post as the first; a second form rendered after it
    is a new request, refused because the objection is resolved already."""
    dossier_id = await _to_posting(web_app, people)
    reference = await _object(
        client, dossier_id, "Thành tích trong báo cáo chưa đúng với thực tế của đơn vị"
    )
    csrf = await sign_in(client, people.username("P", "chair"))
    action = f"/ho-so/{dossier_id}/phan-anh/{reference}/xu-ly"
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    data = {
        "csrf_token": csrf,
        "back": "inbox",
        "outcome": "dismissed",
        "comment": "Đã đối chiếu báo cáo: đúng thực tế",
        "form_key": form_token(page, action),
    }
    both = await asyncio.gather(client.post(action, data=data), client.post(action, data=data))
    again = await client.post(action, data=data)
    answers = [*both, again]
    assert [r.status_code for r in answers] == [303] * 3, [r.text[:300] for r in answers]
    assert {r.headers["location"] for r in answers} == {"/"}
    async with transaction(web_app.state.tdkt.sessions) as session:
        events = select(func.count()).where(
            DossierEvent.dossier_id == dossier_id, DossierEvent.action == "objection_resolved"
        )
        resolved = await session.scalar(events)
    assert resolved == 1
    fresh = (await client.get(f"/ho-so/{dossier_id}")).text
    assert action not in fresh  # resolved: no form any more
    second = await client.post(action, data={**data, "form_key": uuid.uuid4().hex})
    assert second.status_code == 409
