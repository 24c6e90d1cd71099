"""In a real Chromium: the resubmission panel's nominee table adds and removes rows with the
new-nomination form's script, and what the officer typed reaches the dossier."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, expect

from tests.browser.conftest import PASSWORD, People
from tests.browser.test_accessibility import _sign_in
from tests.browser.test_resubmit_nominees import api_nominees, returned_dossier
from tests.registry.workbook import cccd


async def test_rows_are_added_removed_and_resubmitted(
    browser: Browser, live_server: str, client: httpx.AsyncClient, people: People
) -> None:
    dossier_id, before = await returned_dossier(client, people)
    context = await browser.new_context(base_url=live_server, locale="vi-VN")
    page = await context.new_page()
    await _sign_in(page, people.username("U", "officer"), PASSWORD)
    await page.goto(f"/ho-so/{dossier_id}")
    panel = page.locator("#trinh-lai")
    rows = panel.locator("#nominee-rows tr")
    await expect(rows).to_have_count(2)
    await rows.nth(1).get_by_role("button", name="Xóa dòng").click()  # Lò Văn Sơn
    await expect(rows).to_have_count(1)
    await panel.get_by_role("button", name="Thêm dòng").click()
    await expect(rows).to_have_count(2)
    number = cccd(987_654, 1990, "001")
    await panel.locator("#f-nominees-1-name").fill("Đặng Văn Khoa")
    await panel.locator("#f-nominees-1-birth_date").fill("1990-03-15")
    await panel.locator("#f-nominees-1-identity_number").fill(number)
    await panel.get_by_label("Ý kiến").fill("Đã bổ sung số định danh")
    await panel.get_by_role("button", name="Trình lại hồ sơ").click()
    await expect(page.get_by_role("status").filter(has_text="Đã trình lại")).to_be_visible()
    await expect(page.get_by_text("Đặng Văn Khoa").first).to_be_visible()
    after = await api_nominees(client, people, dossier_id)
    assert [(n["name"], n["identity_number"]) for n in after] == [
        ("Hà Thị Mai", before[0]["identity_number"]),
        ("Đặng Văn Khoa", number),
    ]
    await context.close()
