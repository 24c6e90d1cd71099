"""The notification area in a real Chromium at 1280 px and 390 px: after a dossier arrives, the
district chair's navigation says how many notifications are unread, `/thong-bao` lists the
notice by names (award, unit) linked to the dossier, and marking one or all read is said and
counted down. Every state of the page passes axe-core and fits a phone."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Page, expect

from api.authz import Principal
from api.schemas.dossiers import DossierCreate
from api.services import dossiers
from tests.browser.audit import check_page
from tests.browser.conftest import People
from tests.browser.test_rounds_pages import sign_in

pytestmark = pytest.mark.usefixtures("web_worker")
UNREAD = re.compile(r"^\((\d+) chưa đọc\)$")


async def arrive(app: FastAPI, people: People, name: str) -> str:
    """A dossier of the unit, submitted through the service the form uses: it arrives at the
    district, whose chair is notified in the same transaction."""
    officer = Principal(
        username=people.username("U", "officer"),
        full_name="Nguyễn Thị Hoa",
        org_code=people.orgs["U"],
        roles=frozenset({"officer"}),
    )
    async with app.state.tdkt.sessions() as session:
        created = await dossiers.create(
            ip="127.0.0.1",
            state=app.state.tdkt,
            session=session,
            principal=officer,
            body=DossierCreate.model_validate(
                {
                    "proposer_org": people.orgs["U"],
                    "award_code": "GIAY_KHEN",
                    "summary": "Thành tích năm học 2025-2026",
                    "nominees": [{"kind": "individual", "name": name}],
                }
            ),
        )
    return created.id


async def unread_in_nav(page: Page) -> int:
    """The count the navigation announces (0 when it announces none)."""
    hidden = page.get_by_test_id("nav-notices").locator(".sr-only")
    if not await hidden.count():
        return 0
    found = UNREAD.match((await hidden.text_content() or "").strip())
    assert found, await hidden.text_content()
    return int(found.group(1))


@pytest.mark.parametrize("size", ["desktop", "phone"])
async def test_a_chair_is_notified_of_an_arrival_and_marks_it_read(
    browser: Browser, live_server: str, people: People, web_app: FastAPI, size: str
) -> None:
    dossier_id = await arrive(web_app, people, f"Đinh Văn Khoa {size}")
    context = await sign_in(browser, live_server, people.username("D", "chair"), size)
    page = context.pages[0]
    nav = page.get_by_test_id("nav-notices")
    await expect(nav).to_have_accessible_name(re.compile(r"^Thông báo \(\d+ chưa đọc\)$"))
    before = await unread_in_nav(page)
    assert before >= 1
    await nav.click()
    await expect(page.get_by_role("heading", name="Thông báo", exact=True)).to_be_visible()
    item = page.locator("ul.notices li", has_text=dossier_id)
    title = f"Hồ sơ {dossier_id} — Giấy khen của Trường THCS Lạc Vệ chờ xét duyệt"
    await expect(item.get_by_role("link", name=title)).to_have_attribute(
        "href", f"/ho-so/{dossier_id}"
    )
    await expect(item).to_contain_text("Chưa đọc")
    assert people.orgs["U"] not in await page.locator("main").inner_text()
    problems = await check_page(page, "/thong-bao")

    await item.get_by_role("button", name="Đánh dấu đã đọc").click()
    await expect(page.get_by_role("status")).to_have_text("Đã đánh dấu 1 thông báo là đã đọc.")
    item = page.locator("ul.notices li", has_text=dossier_id)
    await expect(item).not_to_contain_text("Chưa đọc")
    await expect(item.get_by_role("button", name="Đánh dấu đã đọc")).to_have_count(0)
    assert await unread_in_nav(page) == before - 1
    problems += await check_page(page, "/thong-bao after marking one")

    if before > 1:
        await page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
        await expect(page.get_by_role("status")).to_have_text(
            f"Đã đánh dấu {before - 1} thông báo là đã đọc."
        )
    await expect(nav).to_have_accessible_name("Thông báo")
    await page.get_by_role("link", name="Chưa đọc (0)").click()
    await expect(page.get_by_text("Không có thông báo chưa đọc.")).to_be_visible()
    problems += await check_page(page, "/thong-bao unread, none left")

    await page.get_by_role("link", name="Tất cả", exact=True).click()
    await page.locator("ul.notices li", has_text=dossier_id).get_by_role("link").click()
    await expect(page.get_by_role("heading", name=re.compile(dossier_id))).to_be_visible()
    await context.close()
    assert problems == []
