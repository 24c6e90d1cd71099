"""Rounds on the web in a real Chromium at 1280 px and 390 px: a province chair opens a round
(errors tied to their fields, what was typed kept, then a message saying who must submit by
when), a unit's officer creates a dossier in it from the new-nomination form, the round's page
shows the unit as submitted with its dossier linked, and the chair closes the round. Every page
passes the axe-core audit and does not scroll sideways on a phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from domain.calendar import VN_TZ
from tests.browser.audit import VIEWPORTS, check_page
from tests.browser.conftest import PASSWORD, People

pytestmark = pytest.mark.usefixtures("web_worker")


async def sign_in(browser: Browser, base: str, username: str, size: str) -> BrowserContext:
    width, height = VIEWPORTS[size]
    context = await browser.new_context(
        base_url=base,
        viewport={"width": width, "height": height},
        locale="vi-VN",
        bypass_csp=True,  # axe-core is injected into the pages under test
    )
    page = await context.new_page()
    await page.goto("/login")
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()
    return context


async def _open_round(page: Page, name: str, code: str, due: str) -> tuple[list[str], int]:
    """The chair's opening form: refused first (nothing chosen), then opened; the problems
    found and the number of units that must submit."""
    await page.goto("/dot-xet")
    problems = await check_page(page, "/dot-xet")
    form = page.locator("form[action='/dot-xet']")
    await page.get_by_label(re.compile("^Tên đợt")).fill(name)
    await form.get_by_role("button", name="Mở đợt xét").click()
    code_box = page.get_by_label(re.compile("^Mã đợt"))
    await expect(page.locator("#error-summary")).to_be_visible()
    await expect(code_box).to_be_focused()  # the first invalid field (app.js)
    await expect(code_box).to_have_attribute("aria-invalid", "true")
    await expect(code_box).to_have_attribute("aria-describedby", re.compile("e-code"))
    await expect(page.locator("#e-code")).to_have_text("Bắt buộc nhập")
    await expect(page.locator("#e-award_codes")).to_have_text(
        "Chọn ít nhất một hình thức khen thưởng."
    )
    await expect(page.locator("#e-deadline_unit")).to_have_text(
        "Cần nhập hạn gửi cho ít nhất một cấp."
    )
    unit_due = page.get_by_label("Hạn gửi: Đơn vị")
    await expect(unit_due).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label(re.compile("^Tên đợt"))).to_have_value(name)  # kept
    await expect(page.locator("#error-summary")).to_contain_text("Hình thức khen thưởng được xét")
    problems += await check_page(page, "/dot-xet with errors")

    await code_box.fill(code)
    awards = page.locator("#f-award_codes")
    await awards.get_by_label("Giấy khen", exact=True).check()
    await awards.get_by_label("Lao động tiên tiến", exact=True).check()
    await unit_due.fill(due)
    await page.locator("form[action='/dot-xet']").get_by_role("button", name="Mở đợt xét").click()
    day = datetime.fromisoformat(due).strftime("%d/%m/%Y")
    # the province's units: ours, and any another test of the session added under it
    said = (
        re.escape(f"Đã mở đợt xét {name}; ")
        + r"(\d+)"
        + re.escape(f" đơn vị phải nộp hồ sơ trước 23:59 {day}.")
    )
    notice = page.get_by_role("status").first
    await expect(notice).to_have_text(re.compile(f"^{said}$"))
    found = re.match(said, await notice.inner_text())
    assert found is not None
    units = int(found.group(1))
    assert units >= 1
    await expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    await expect(page.get_by_test_id("round-summary")).to_contain_text(f"0/{units} đơn vị đã gửi")
    row = page.get_by_role("row", name=re.compile("Trường THCS Lạc Vệ"))
    await expect(row).to_contain_text("Chưa gửi")
    problems += await check_page(page, "round page")
    return problems, units


async def _create_in_round(page: Page, name: str, code: str) -> str:
    """The officer's new-nomination form: the round list follows the award chosen."""
    await page.goto("/ho-so/moi")
    rounds = page.get_by_label("Đợt xét khen thưởng")
    award = page.get_by_label("Danh hiệu / hình thức khen thưởng")
    await award.select_option(label="Tập thể lao động tiên tiến")
    await expect(rounds.locator("option")).to_have_count(1)  # it does not review this award
    await expect(page.locator("#round-help")).to_contain_text("Không có đợt xét nào đang mở")
    await award.select_option(label="Giấy khen")
    await expect(rounds.locator("option", has_text=name)).to_have_count(1)
    await rounds.select_option(code)
    problems = await check_page(page, "/ho-so/moi with a round")
    assert problems == []
    await page.locator("#f-year").fill("2026")
    await page.locator("#f-summary").fill("Hoàn thành xuất sắc nhiệm vụ năm học")
    await page.locator("#f-nominees-0-name").fill("Tổ Khoa học tự nhiên")
    await page.locator("#f-nominees-0-kind").select_option("collective")
    await page.get_by_role("button", name="Gửi hồ sơ").click()
    heading = page.get_by_role("heading", name=re.compile(r"Hồ sơ HS-\d{4}-"))
    await expect(heading).to_be_visible(timeout=15_000)
    facts = page.locator("dl.facts").first
    await expect(facts).to_contain_text(name)
    await expect(facts.get_by_role("link", name=name)).to_have_attribute(
        "href", re.compile(r"^/dot-xet/")
    )
    found = re.search(r"HS-\d{4}-\d+", await heading.inner_text())
    assert found
    return found.group(0)


@pytest.mark.parametrize("size", ["desktop", "phone"])
async def test_a_chair_opens_a_round_an_officer_joins_it_the_chair_closes_it(
    browser: Browser, live_server: str, people: People, size: str
) -> None:
    tag = f"{people.tag}{size[0].upper()}"
    name = f"Tổng kết năm học 2026 {tag}"
    code = f"TK-{tag}"
    due = (datetime.now(UTC).astimezone(VN_TZ) + timedelta(days=30)).date().isoformat()
    chair = await sign_in(browser, live_server, people.username("P", "chair"), size)
    page = chair.pages[0]
    problems, units = await _open_round(page, name, code, due)
    round_url = page.url
    assert round_url.endswith(f"/dot-xet/{code}")

    officer = await sign_in(browser, live_server, people.username("U", "officer"), size)
    dossier_id = await _create_in_round(officer.pages[0], name, code)
    problems += await check_page(officer.pages[0], "dossier page in a round")
    await officer.close()

    # the round shows the unit as submitted (on time), its dossier linked, names only
    await page.goto(round_url)
    row = page.get_by_role("row", name=re.compile("Trường THCS Lạc Vệ"))
    for _ in range(30):
        if await row.get_by_role("link", name=dossier_id).count():
            break
        await page.wait_for_timeout(300)
        await page.reload()
    await expect(row.get_by_role("link", name=dossier_id)).to_have_attribute(
        "href", f"/ho-so/{dossier_id}"
    )
    await expect(row).to_contain_text("Đúng hạn")
    await expect(page.get_by_test_id("round-summary")).to_contain_text(
        f"1/{units} đơn vị đã gửi, 0 trễ hạn"
    )
    assert people.orgs["U"] not in await page.locator("main").inner_text()
    problems += await check_page(page, "round page after the submission")

    # closing: confirmed, then said
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Kết thúc đợt xét").click()
    await expect(page.get_by_role("status").first).to_have_text(f"Đã kết thúc đợt xét {name}.")
    await expect(page.locator("dl.facts")).to_contain_text("Đã kết thúc")
    await expect(page.get_by_role("button", name="Kết thúc đợt xét")).to_have_count(0)
    problems += await check_page(page, "closed round")
    await chair.close()
    assert problems == []
