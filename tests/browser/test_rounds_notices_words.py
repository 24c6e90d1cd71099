"""The rounds and notification pages over ASGI: a draft is submitted into a round from its own
page, and every new page and form state (the opening form refused and opened, a round's page,
the new-nomination form with its rounds, a draft's round choice, the notifications) reads as
Vietnamese — no English, no msgid, no org or award code where a name belongs — and its English
version is complete."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from api.authz import Principal
from api.schemas.rounds import RoundCreate
from api.services import rounds
from domain.calendar import VN_TZ
from tests.browser.conftest import ADMIN_PASSWORD, People
from tests.browser.test_notification_pages import arrive
from tests.browser.test_paper_pages import csrf_of, sign_in
from tests.browser.untranslated import offences, visible_text

pytestmark = pytest.mark.usefixtures("web_worker")

# a cut-off well ahead (a round's cut-offs lie after its opening and within two years of it)
DUE = (datetime.now(UTC).astimezone(VN_TZ) + timedelta(days=300)).date()


async def _open_round(client: httpx.AsyncClient, people: People, csrf: str, code: str) -> str:
    """A round of the province opened through the form (as its chair); its page's URL."""
    answer = await client.post(
        "/dot-xet",
        data={
            "csrf_token": csrf,
            "code": code,
            "name": f"Sơ kết học kỳ {code}",
            "year": "2026",
            "award_codes": ["GIAY_KHEN", "LDTT"],
            "deadline_unit": DUE.isoformat(),
        },
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


async def test_a_draft_is_submitted_into_a_round_from_its_page(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    saved = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": csrf,
            "award_code": "GIAY_KHEN",
            "year": "2026",
            "summary": "Hoàn thành tốt nhiệm vụ học kỳ",
            "nominee_count": "1",
            "nominees-0-name": "Hà Thị Thu",
            "draft": "1",
        },
    )
    assert saved.status_code == 303, saved.text
    dossier_id = saved.headers["location"].rsplit("/", 1)[-1]
    code = f"SK-{people.tag}-D"
    chair_csrf = await sign_in(client, people.username("P", "chair"))
    await _open_round(client, people, chair_csrf, code)

    csrf = await sign_in(client, people.username("U", "officer"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert 'name="round_code"' in page  # the draft's round choice
    assert f'<option value="{code}"' in page
    assert f"Sơ kết học kỳ {code} — hạn gửi 23:59 {DUE:%d/%m/%Y}" in page
    submitted = await client.post(
        f"/ho-so/{dossier_id}/nop", data={"csrf_token": csrf, "round_code": code}
    )
    assert submitted.status_code == 303, submitted.text
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert f'href="/dot-xet/{code}">Sơ kết học kỳ {code}</a>' in page
    assert "Hồ sơ đang là bản nháp" not in page


async def test_new_pages_read_as_vietnamese(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    codes = [people.orgs[a] for a in ("P", "D", "U")]
    found: list[str] = []

    def check(url: str, response: httpx.Response) -> str:
        assert response.status_code < 500, (url, response.status_code)
        found.extend(f"{url}: {o}" for o in offences(visible_text(response.text), codes))
        return response.text

    csrf = await sign_in(client, people.username("P", "chair"))
    listed = check("/dot-xet", await client.get("/dot-xet"))
    assert "Mở đợt xét" in listed
    refused = check(
        "POST /dot-xet (empty)",
        await client.post("/dot-xet", data={"csrf_token": csrf, "code": "x y", "year": "năm"}),
    )
    assert 'id="error-summary"' in refused
    assert "Năm: Phải là số nguyên" in refused
    forged = await client.post("/dot-xet", data={"code": "X"})
    assert forged.status_code == 403
    nul = await client.post("/dot-xet", data={"csrf_token": csrf, "name": "a\x00b", "code": "N"})
    assert nul.status_code == 422  # refused before the database, worded
    check("POST /dot-xet (NUL)", nul)
    code = f"HK-{people.tag}-W"
    round_url = await _open_round(client, people, csrf, code)
    check(round_url, await client.get(round_url))
    again = check(
        "POST /dot-xet (twice)",
        await client.post(
            "/dot-xet",
            data={
                "csrf_token": csrf,
                "code": code,
                "name": "Lại",
                "year": "2026",
                "award_codes": "GIAY_KHEN",
                "deadline_unit": DUE.isoformat(),
            },
        ),
    )
    assert f"Đợt {code} đã tồn tại" in again
    past = f"HK-{people.tag}-Q"
    opened_past = await client.post(
        "/dot-xet",
        data={
            "csrf_token": csrf,
            "code": past,
            "name": "Quá hạn",
            "year": "2026",
            "award_codes": "GIAY_KHEN",
            "deadline_unit": "2020-01-01",
        },
    )
    assert opened_past.status_code == 422
    words = check("POST /dot-xet (past cut-off)", opened_past)
    assert "Hạn “2020-01-01” đã qua: hạn nộp phải sau thời điểm mở đợt" in words
    assert 'id="e-deadline_unit"' in opened_past.text  # tied to the unit's cut-off field
    assert (await client.get(f"/dot-xet/{past}")).status_code == 404  # nothing opened

    officer_csrf = await sign_in(client, people.username("U", "officer"))
    assert "Mở đợt xét" not in (await client.get("/dot-xet")).text  # not an officer's form
    refused = check(
        "POST /dot-xet (officer)",
        await client.post("/dot-xet", data={"csrf_token": officer_csrf, "code": "X"}),
    )
    assert "Chỉ chủ tịch của đơn vị có đơn vị cấp dưới" in refused
    new = check("/ho-so/moi", await client.get("/ho-so/moi"))
    assert ">Hoàn thành xuất sắc nhiệm vụ</option>" in new  # ratings by name, not HTXS
    assert ">HTXS</option>" not in new
    choices = check(
        "round choices",
        await client.get("/ho-so/dot-xet-phu-hop", params={"award_code": "LDTT"}),
    )
    assert f'<option value="{code}"' in choices
    none = check(
        "round choices (none)",
        await client.get("/ho-so/dot-xet-phu-hop", params={"award_code": "TTLDTT"}),
    )
    assert '<option value=""' in none
    assert code not in none

    dossier_id = await arrive(web_app, people, "Lý Thị Mai")
    await sign_in(client, people.username("D", "chair"))
    notices = check("/thong-bao", await client.get("/thong-bao"))
    assert f"Hồ sơ {dossier_id} — Giấy khen của Trường THCS Lạc Vệ chờ xét duyệt" in notices
    assert re.search(r'<span class="sr-only">\(\d+ chưa đọc\)</span>', notices)
    check("/thong-bao?chua-doc=1", await client.get("/thong-bao?chua-doc=1"))
    huge = await client.get("/thong-bao", params={"truoc": str(10**30)})
    assert huge.status_code == 422  # an id past any row is refused, never sent to the database
    assert "Trước thông báo số: phải là số nguyên từ 1 đến" in huge.text
    english = (await client.get("/thong-bao", params={"lang": "en"})).text
    assert f"Dossier {dossier_id} — Certificate of Commendation from Trường THCS Lạc Vệ" in english
    assert "Mark as read" in english
    assert "notices." not in english
    await client.get("/", params={"lang": "vi"})

    # an administrator chooses the owner org; the deadline fields follow it
    client.cookies.clear()
    login = await client.get("/login")
    signed = await client.post(
        "/login",
        data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(login.text)},
    )
    assert signed.status_code == 303
    admin_form = check("/dot-xet (admin)", await client.get("/dot-xet"))
    assert f'<option value="{people.orgs["D"]}"' in admin_form
    assert ">UBND huyện Tiên Du</option>" in admin_form
    fields = check(
        "deadline fields of the district",
        await client.get("/dot-xet/han-gui", params={"owner_org": people.orgs["D"]}),
    )
    # the units' only: the district owns the round, it receives (no cut-off of its own)
    assert re.findall(r"Hạn gửi: [^<]+", fields) == ["Hạn gửi: Đơn vị"]
    odd = await client.get("/dot-xet/han-gui", params={"owner_org": "a\x00b"})
    assert odd.status_code == 422  # not text: refused naming the parameter
    assert "U+0000" in odd.text
    unknown = await client.get("/dot-xet/han-gui", params={"owner_org": "KHONG-CO"})
    assert unknown.status_code == 200
    assert "Đơn vị này không có đơn vị cấp dưới gửi hồ sơ." in unknown.text
    admin_csrf = csrf_of(admin_form)
    forged = await client.post(
        "/dot-xet", data={"csrf_token": admin_csrf, "owner_org": "P\x00", "code": "N"}
    )
    assert forged.status_code == 422  # refused in words, never sent to the database
    assert 'id="e-owner_org"' in forged.text
    assert not found, "\n".join(found)


async def test_a_late_unit_is_marked_by_name_and_its_chairs_are_notified(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    """A round whose units' cut-off passes in two seconds: the round's page lists the unit
    behind schedule by name with its escalations; its chair reads the notice on /thong-bao."""
    code = f"TR-{people.tag}"
    name = f"Đợt thi đua chuyên đề {code}"
    chair = Principal(
        username=people.username("P", "chair"),
        full_name="Lê Minh Đức",
        org_code=people.orgs["P"],
        roles=frozenset({"chair"}),
    )
    state = web_app.state.tdkt
    async with state.sessions() as session:
        await rounds.create(
            ip="127.0.0.1",
            state=state,
            session=session,
            principal=chair,
            body=RoundCreate(
                code=code,
                name=name,
                year=2026,
                owner_org=people.orgs["P"],
                award_codes=["GIAY_KHEN"],
                submission_deadlines={"unit": "PT2S"},
                escalate_every="P30D",
            ),
        )
    await sign_in(client, people.username("P", "chair"))
    page = ""
    ours = "<strong>Trường THCS Lạc Vệ</strong> — Đã báo cáo cấp trên 1 lần"
    for _ in range(100):
        page = (await client.get(f"/dot-xet/{code}")).text
        if ours in page:
            break
        await asyncio.sleep(0.2)
    behind = page[page.index('data-testid="round-behind"') :]
    assert ours in behind
    assert '<span class="badge overdue">Trễ hạn</span>' in page
    # Other orgs of the province (made by other tests of the session) may be late too: the
    # summary counts every escalation of the round, ours at least.
    total = re.search(r"(\d+) lần báo cáo cấp trên", page)
    assert total is not None
    assert int(total.group(1)) >= 1
    assert people.orgs["U"] not in visible(page)

    await sign_in(client, people.username("U", "chair"))
    title = f"Chậm gửi hồ sơ (lần 1): Trường THCS Lạc Vệ — {name}"
    notices = ""
    for _ in range(50):
        notices = (await client.get("/thong-bao")).text
        if title in notices:
            break
        await asyncio.sleep(0.2)
    assert f'<a href="/dot-xet/{code}">{title}</a>' in notices
    assert not offences(visible_text(notices), [people.orgs[a] for a in ("P", "D", "U")])


def visible(html: str) -> str:
    return " ".join(visible_text(html))
