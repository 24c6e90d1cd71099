"""Administration in a real Chromium at 1280 px and 390 px: organisations, accounts and the
calendar's overrides through the web pages, each change confirmed in words, errors tied to
their fields, every page audited by axe-core and free of sideways scrolling on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.audit import VIEWPORTS, check_page
from tests.browser.conftest import ADMIN_PASSWORD, PASSWORD, People


async def _admin_page(browser: Browser, base: str, size: str) -> Page:
    width, height = VIEWPORTS[size]
    context = await browser.new_context(
        base_url=base,
        viewport={"width": width, "height": height},
        locale="vi-VN",
        bypass_csp=True,  # axe-core is injected into the page under test
    )
    page = await context.new_page()
    await page.goto("/quan-tri/don-vi")
    await expect(page).to_have_url(re.compile(r"/login"))
    await page.get_by_label("Tên đăng nhập").fill("admin")
    await page.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("heading", name="Đơn vị", exact=True)).to_be_visible()
    return page


@pytest.mark.parametrize("size", ["desktop", "phone"])
async def test_admin_manages_orgs_accounts_and_calendar(
    browser: Browser, live_server: str, people: People, size: str
) -> None:
    page = await _admin_page(browser, live_server, size)
    problems = await check_page(page, "orgs")
    tag = f"{people.tag}{size[0].upper()}"
    form = page.locator("form[action='/quan-tri/don-vi']")

    # An empty form: every required field flagged in Vietnamese, listed in the summary, focus
    # on the first invalid field.
    await form.get_by_role("button", name="Thêm đơn vị").click()
    summary = page.locator("#error-summary")
    await expect(summary.get_by_role("link")).not_to_have_count(0)
    name = page.get_by_label(re.compile("^Tên đơn vị"))
    await expect(name).to_be_focused()
    await expect(name).to_have_attribute("aria-invalid", "true")
    await expect(name).to_have_attribute("aria-describedby", re.compile("e-name"))
    await expect(page.locator("#e-name")).not_to_be_empty()
    await expect(page.locator("#e-level")).not_to_be_empty()
    problems += await check_page(page, "orgs with errors")

    # A name of spaces is refused, a pasted over-long name too (never cut), what was typed stays.
    await name.fill("   ")
    await page.get_by_label(re.compile("^Mã đơn vị")).fill(f"X-{tag}")
    await page.get_by_label(re.compile("^Cấp")).select_option("unit")
    await page.get_by_label("Đơn vị cấp trên").select_option(people.orgs["D"])
    await form.get_by_role("button", name="Thêm đơn vị").click()
    await expect(page.locator("#e-name")).not_to_be_empty()
    await expect(page.get_by_label(re.compile("^Mã đơn vị"))).to_have_value(f"X-{tag}")
    await name.fill("Trường " + "A" * 400)
    await form.get_by_role("button", name="Thêm đơn vị").click()
    await expect(page.locator("#e-name")).to_contain_text("300")

    # Created: the page says so, and the table shows the name and its parent by name.
    await name.fill(f"Trường Tiểu học Hoàn Sơn {tag}")
    await page.get_by_label("Loại đơn vị cơ sở").select_option("legal_entity")
    await form.get_by_role("button", name="Thêm đơn vị").click()
    await expect(page.get_by_role("status")).to_have_text(
        f"Đã thêm đơn vị Trường Tiểu học Hoàn Sơn {tag}."
    )
    row = page.get_by_role("row", name=re.compile(f"Hoàn Sơn {tag}"))
    await expect(row).to_contain_text("UBND huyện Tiên Du")
    await expect(row).to_contain_text("Có tư cách pháp nhân")

    # An account for the new school, then its roles, disabling and a password reset.
    await page.get_by_role("link", name="Tài khoản", exact=True).click()
    problems += await check_page(page, "accounts")
    username = f"hs.{tag.lower()}"
    await page.get_by_label(re.compile("^Họ và tên")).fill("Vũ Thị Mai")
    await page.get_by_label(re.compile("^Tên đăng nhập")).fill(username)
    await page.get_by_label(re.compile("^Mật khẩu ban đầu")).fill(PASSWORD)
    await page.locator("#f-org_code").select_option(f"X-{tag}")
    roles = page.locator("fieldset", has=page.locator("#f-roles"))
    await roles.get_by_label(re.compile("cán bộ thi đua", re.I)).check()
    await page.get_by_role("button", name="Thêm tài khoản").click()
    await expect(page.get_by_role("status")).to_have_text(
        f"Đã tạo tài khoản {username} cho Vũ Thị Mai."
    )
    card = page.locator("li.account", has_text=username)
    await card.locator("summary").click()
    await card.get_by_label(re.compile("lãnh đạo", re.I)).check()
    await card.get_by_role("button", name="Lưu vai trò").click()
    await expect(page.get_by_role("status")).to_contain_text(
        f"Đã lưu vai trò của tài khoản {username}"
    )
    card = page.locator("li.account", has_text=username)
    await expect(card).to_contain_text("lãnh đạo")
    await card.locator("summary").click()
    page.once("dialog", lambda dialog: dialog.accept())
    await card.get_by_role("button", name="Vô hiệu hóa").click()
    await expect(page.get_by_role("status")).to_contain_text(f"Đã vô hiệu hóa tài khoản {username}")
    await expect(page.locator("li.account", has_text=username)).to_contain_text("Đã vô hiệu hóa")
    card = page.locator("li.account", has_text=username)
    await card.locator("summary").click()
    await card.get_by_label(re.compile("Mật khẩu mới")).fill("Moi#Matkhau-2027")
    await card.get_by_role("button", name="Đặt lại mật khẩu").click()
    await expect(page.get_by_role("status")).to_contain_text("Đã đặt lại mật khẩu")
    problems += await check_page(page, "accounts after changes")

    # The calendar: a make-up working Saturday, listed, then removed.
    await page.get_by_role("link", name="Lịch làm việc").click()
    day = "2031-03-01" if size == "desktop" else "2031-03-08"
    shown = "01/03/2031" if size == "desktop" else "08/03/2031"
    await page.get_by_label(re.compile("^Ngày", re.I)).first.fill(day)
    await page.get_by_label(re.compile("^Loại ngày")).select_option("1")
    await page.get_by_label("Ghi chú").fill("Làm bù cho ngày nghỉ")
    await page.get_by_role("button", name="Lưu ngày điều chỉnh").click()
    await expect(page.get_by_role("status")).to_contain_text(
        f"Đã ghi ngày {shown} là ngày làm việc"
    )
    await expect(page.locator("tbody tr", has_text=shown)).to_contain_text("Làm bù")
    problems += await check_page(page, "calendar")
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name=f"Bỏ điều chỉnh ngày {shown}").click()
    await expect(page.get_by_role("status")).to_contain_text(f"Đã bỏ điều chỉnh ngày {shown}")
    await expect(page.locator("tbody tr", has_text=shown)).to_have_count(0)

    # Signing out says so.
    await page.get_by_role("button", name="Đăng xuất").click()
    await expect(page.get_by_role("status")).to_have_text("Bạn đã đăng xuất.")
    problems += await check_page(page, "login after logout")
    await page.context.close()
    assert problems == []
