"""The web's input refusals, over ASGI: a list page's filter it cannot use is a 422 naming the
filter (never quietly dropped), a dossier forged for another org is refused as the API refuses
it, and the admin forms answer 403 only for what the admin may not do (422 bad input, 404 no
such account or override); each refusal changes nothing."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from tests.browser.conftest import ADMIN_PASSWORD, People
from tests.browser.test_paper_pages import bearer, csrf_of, sign_in


def _text(page: httpx.Response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text)))


async def _admin(client: httpx.AsyncClient) -> str:
    client.cookies.clear()
    page = await client.get("/login")
    form = {"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text)}
    assert (await client.post("/login", data=form)).status_code == 303
    return csrf_of((await client.get("/quan-tri/tai-khoan")).text)


# (address, the filter's label in the refusal, words of the refusal)
OFFICER_LISTS = (
    ("/ho-so?status=dang-xet", "Trạng thái:", "Đang xét (in_review)"),
    ("/ho-so?level=tinh", "Cấp:", "Cấp tỉnh (province)"),
    ("/ho-so?overdue=yes", "Quá hạn:", "(1)"),
    ("/ho-so?award_code=KHONG_CO", "Danh hiệu / hình thức khen thưởng:", "KHONG_CO"),
    ("/ho-so?org_code=KHONG-CO", "Đơn vị:", "KHONG-CO"),
    ("/ho-so.xlsx?status=dang-xet", "Trạng thái:", "Đang xét (in_review)"),
    ("/?page=abc", "Trang:", "từ 1 đến 10000"),
    ("/?page=0", "Trang:", "từ 1 đến 10000"),
    ("/thong-ke?year=20x6", "Năm:", "từ 1945 đến 2100"),
    ("/thong-bao?truoc=abc", "Trước thông báo số:", "số nguyên"),
    ("/thong-bao?chua-doc=2", "Chỉ chưa đọc:", "Chỉ thông báo chưa đọc (1)"),
)


@pytest.mark.parametrize(("address", "label", "words"), OFFICER_LISTS)
async def test_a_list_filter_it_cannot_use_is_a_422_naming_it(
    client: httpx.AsyncClient, people: People, address: str, label: str, words: str
) -> None:
    await sign_in(client, people.username("U", "officer"))
    page = await client.get(address, headers={"Accept": "text/html"})
    assert page.status_code == 422, page.text
    shown = _text(page)
    assert label in shown, shown
    assert words in shown, shown


async def test_the_registers_page_number_is_refused_next_to_the_list(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, people.username("U", "officer"))
    page = await client.get("/so-khen-thuong?page=abc")
    assert page.status_code == 422, page.text
    assert "Trang: phải là số nguyên từ 1 đến 10000" in _text(page)


async def test_a_list_filter_in_english(client: httpx.AsyncClient, people: People) -> None:
    await sign_in(client, people.username("U", "officer"))
    page = await client.get("/ho-so?status=open&lang=en")
    assert page.status_code == 422, page.text
    assert "Status: must be one of: " in _text(page)
    assert "In review (in_review)" in _text(page)


async def test_the_admins_list_filters_are_refused_too(
    client: httpx.AsyncClient, people: People
) -> None:
    await _admin(client)
    calendar = await client.get("/quan-tri/lich?nam=1800")
    assert calendar.status_code == 422, calendar.text
    assert "Năm: phải là số nguyên từ 1990 đến 2100" in _text(calendar)
    accounts = await client.get(f"/quan-tri/tai-khoan?don_vi=KHONG-{people.tag}")
    assert accounts.status_code == 422, accounts.text
    assert f"Đơn vị: Không có đơn vị mã 'KHONG-{people.tag}'" in _text(accounts)
    shown = await client.get(f"/quan-tri/tai-khoan?don_vi={people.orgs['U']}")
    assert shown.status_code == 200


@pytest.mark.parametrize(
    ("alias", "status", "words"),
    [("P", 403, "Chỉ cán bộ của UBND tỉnh Bắc Ninh được thực hiện"), (None, 422, "Không có")],
)
async def test_a_dossier_forged_for_another_org_is_refused_as_the_api_does(
    client: httpx.AsyncClient, people: People, alias: str | None, status: int, words: str
) -> None:
    officer = people.username("U", "officer")
    headers = await bearer(client, officer)
    mine = {"org_code": people.orgs["U"]}
    before = (await client.get("/api/v1/dossiers", params=mine, headers=headers)).json()
    csrf = await sign_in(client, officer)
    forged = people.orgs[alias] if alias else f"KHONG-{people.tag}"
    page = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": csrf,
            "proposer_org": forged,
            "award_code": "GIAY_KHEN",
            "year": "2025",
            "summary": "Hồ sơ giả đơn vị khác",
            "nominee_count": "1",
            "nominees-0-name": "Mạc Thị Duyên",
            "nominees-0-kind": "individual",
            "draft": "1",
        },
    )
    assert page.status_code == status, page.text
    shown = _text(page)
    assert "Đơn vị đề nghị" in shown, shown
    assert words in shown, shown
    assert (await client.get("/api/v1/dossiers", params=mine, headers=headers)).json() == before


async def test_the_account_form_says_403_only_for_permission(
    client: httpx.AsyncClient, people: People
) -> None:
    admin = await bearer(client, "admin", ADMIN_PASSWORD)
    username = people.username("U", "viewer")
    read = {"org_code": people.orgs["U"]}
    before = (await client.get("/api/v1/users", params=read, headers=admin)).json()
    csrf = await _admin(client)

    unknown = await client.post(
        f"/quan-tri/tai-khoan/khong-ai-{people.tag.lower()}",
        data={"csrf_token": csrf, "action": "disable"},
    )
    assert unknown.status_code == 404, unknown.text
    action = await client.post(
        f"/quan-tri/tai-khoan/{username}", data={"csrf_token": csrf, "action": "xoa"}
    )
    assert action.status_code == 422, action.text
    short = await client.post(
        f"/quan-tri/tai-khoan/{username}",
        data={"csrf_token": csrf, "action": "password", "password": "ngan"},
    )
    assert short.status_code == 422, short.text
    forged = await client.post(
        f"/quan-tri/tai-khoan/{username}", data={"csrf_token": "sai", "action": "disable"}
    )
    assert forged.status_code == 403, forged.text
    no_override = await client.post(
        "/quan-tri/lich", data={"csrf_token": csrf, "day": "2031-03-04", "action": "remove"}
    )
    assert no_override.status_code == 404, no_override.text
    assert (await client.get("/api/v1/users", params=read, headers=admin)).json() == before


async def test_the_calendar_page_names_holidays_in_the_readers_language(
    client: httpx.AsyncClient,
) -> None:
    await _admin(client)
    english = _text(await client.get("/quan-tri/lich?nam=2026&lang=en"))
    assert "National Day" in english
    assert "Hung Kings' Commemoration Day (day off in lieu)" in english
    assert "Quốc khánh" not in english
    vietnamese = _text(await client.get("/quan-tri/lich?nam=2026&lang=vi"))
    assert "Quốc khánh" in vietnamese


@pytest.mark.parametrize(
    ("alias", "status", "words"),
    [("D", 403, "UBND huyện Tiên Du"), (None, 422, "Không có đơn vị")],
)
async def test_a_round_forged_for_another_org_is_refused_as_the_api_does(
    client: httpx.AsyncClient, people: People, alias: str | None, status: int, words: str
) -> None:
    chair = people.username("P", "chair")
    headers = await bearer(client, chair)
    before = (await client.get("/api/v1/rounds", headers=headers)).json()
    csrf = await sign_in(client, chair)
    forged = people.orgs[alias] if alias else f"KHONG-{people.tag}"
    page = await client.post(
        "/dot-xet",
        data={
            "csrf_token": csrf,
            "owner_org": forged,
            "code": f"DX-{people.tag}-{status}",
            "name": "Đợt xét giả đơn vị khác",
            "year": "2026",
            "award_codes": "GIAY_KHEN",
            "deadline_district": "2027-01-15",  # a complete form: only the owner is wrong
            "deadline_unit": "2027-01-08",
        },
    )
    assert page.status_code == status, page.text
    shown = _text(page)
    assert "Đơn vị" in shown, shown
    assert words in shown, shown
    assert (await client.get("/api/v1/rounds", headers=headers)).json() == before
