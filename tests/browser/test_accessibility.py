"""Every page an officer, a chair and a citizen open, audited by axe-core (no serious or
critical violation) at 1280 px and 390 px, and free of sideways page scrolling on the phone
(wide tables scroll inside their own box)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, expect

from tests.browser.audit import VIEWPORTS, check_page
from tests.browser.conftest import PASSWORD, People
from tests.browser.test_dossier_flow import submit_more


@pytest.mark.parametrize("size", ["desktop", "phone"])
async def test_pages_pass_axe_and_fit_a_phone(
    browser: Browser, live_server: str, people: People, web_app: FastAPI, size: str
) -> None:
    if size == "desktop":
        await submit_more(web_app, people)  # dossiers for the inbox, the list and the page
    width, height = VIEWPORTS[size]
    problems: list[str] = []
    for username, pages in (
        (people.username("U", "officer"), ["/ho-so/moi"]),
        (
            people.username("D", "chair"),
            ["/", "/ho-so", "/thong-ke", "/dot-xet", "/thong-bao", "/cong-khai"],
        ),
    ):
        context = await browser.new_context(
            base_url=live_server,
            viewport={"width": width, "height": height},
            locale="vi-VN",
            bypass_csp=True,
        )
        page = await context.new_page()
        await page.goto("/login")
        problems += await check_page(page, "/login")
        await page.get_by_label("Tên đăng nhập").fill(username)
        await page.get_by_label("Mật khẩu").fill(PASSWORD)
        await page.get_by_role("button", name="Đăng nhập").click()
        await expect(page.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()
        for path in pages:
            await page.goto(path)
            problems += await check_page(page, path)
        if username.startswith("chair"):
            await page.goto("/")
            link = page.get_by_role("link", name=re.compile(r"^HS-\d{4}-")).first
            await expect(link).to_be_visible(timeout=15_000)
            await link.click()
            await expect(page.get_by_role("heading", name=re.compile("Hồ sơ HS-"))).to_be_visible()
            problems += await check_page(page, "dossier page")
        await context.close()
    assert problems == []
