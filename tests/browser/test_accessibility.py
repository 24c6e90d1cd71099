"""Every page a person can reach — the public's, an officer's, two chairs', an administrator's,
each dossier state, the refused forms and the error pages — audited by axe-core in Vietnamese
and in English at 1280 px and 390 px (no serious or critical violation), and free of sideways
page scrolling at 390 px and 360 px (wide tables scroll inside their own box)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Page, expect

from tests.browser.audit import PHONES, VIEWPORTS, check_page, page_overflow, wide_elements
from tests.browser.conftest import ADMIN_PASSWORD, PASSWORD, SCREENSHOTS, People
from tests.browser.test_untranslated import _dossiers_in_every_state, _papers_and_objections

Step = Callable[[Page], Awaitable[None]]


@dataclass(frozen=True)
class Made:
    """The dossiers of every state (`fresh`, `decided`, `returned`, `posting`, `withdrawn`,
    `draft`) and the reference of an objection to the posted one."""

    ids: dict[str, str]
    reference: str


@pytest.fixture(scope="module")
async def made(
    web_app: FastAPI, web_worker: None, people: People, client: httpx.AsyncClient
) -> Made:
    ids = await _dossiers_in_every_state(web_app, people)
    reference = await _papers_and_objections(web_app, client, people, ids)
    client.cookies.clear()
    return Made(ids, reference)


def goto(path: str) -> Step:
    async def step(page: Page) -> None:
        await page.goto(path)

    return step


def submit(path: str, form: str) -> Step:
    """Open `path` and send the form `form` (a CSS selector) as it is: the refused form."""

    async def step(page: Page) -> None:
        await page.goto(path)
        await page.locator(f"{form} [type=submit]").first.click()
        await page.wait_for_load_state()
        await expect(page.locator("#error-summary")).to_be_visible()

    return step


def choose(path: str, control: str) -> Step:
    """Open `path` and tick `control` (what it then shows is audited too)."""

    async def step(page: Page) -> None:
        await page.goto(path)
        await page.locator(control).check()

    return step


def open_and_submit(path: str, section: str) -> Step:
    """Open `path`, unfold the form in `section` and send it empty."""

    async def step(page: Page) -> None:
        await page.goto(path)
        await page.locator(f"{section} summary").first.click()
        await page.locator(f"{section} form [type=submit]").first.click()
        await page.wait_for_load_state()
        await expect(page.locator("#error-summary")).to_be_visible()

    return step


def walks(people: People, made: Made) -> list[tuple[str | None, str, dict[str, Step]]]:
    """(account, password, {what: how to get there}) for every reader of the site."""
    d = made.ids
    errors = {
        "404 page": goto("/trang-khong-co"),
        "422 page": goto("/ho-so?page=0"),
    }
    anonymous: dict[str, Step] = {
        "login": goto("/login"),
        "login refused": submit("/login", "form[action='/login']"),
        "public": goto("/cong-khai"),
        "public lookup": goto(f"/cong-khai?ma={made.reference}"),
        "public lookup refused": goto("/cong-khai?ma=x"),
        "objection refused": open_and_submit("/cong-khai", f"#p-{d['posting']}"),
        "404 page, signed out": goto("/trang-khong-co"),
    }
    officer = {
        "inbox with drafts": goto("/"),
        "list": goto("/ho-so"),
        "drafts": goto("/ho-so?status=draft"),
        "new": goto("/ho-so/moi"),
        "new refused": submit("/ho-so/moi", "#new-form"),
        **{f"dossier {state}": goto(f"/ho-so/{d[state]}") for state in d},
        "dashboard": goto("/thong-ke"),
        "rounds": goto("/dot-xet"),
        "notifications": goto("/thong-bao"),
        "403 page": goto("/quan-tri/don-vi"),
        "registry": goto("/so-khen-thuong"),
        "registry filter refused": goto("/so-khen-thuong?year=x"),
        "registry add refused": submit(
            "/so-khen-thuong/them", "form[action='/so-khen-thuong/them']"
        ),
        "registry import refused": submit(
            "/so-khen-thuong/nhap-excel", "form[action='/so-khen-thuong/nhap-excel']"
        ),
        "discipline refused": submit(
            "/so-khen-thuong/ky-luat", "form[action='/so-khen-thuong/ky-luat']"
        ),
        "initiatives refused": submit(
            "/so-khen-thuong/sang-kien", "form[action='/so-khen-thuong/sang-kien']"
        ),
        **errors,
    }
    district = {
        "chair inbox": goto("/"),
        "chair notifications": goto("/thong-bao"),
        "chair rounds": goto("/dot-xet"),
        "decision panel": goto(f"/ho-so/{d['fresh']}"),
        "decision panel, approving": choose(f"/ho-so/{d['fresh']}", "#f-decide-action"),
        "decision refused": submit(f"/ho-so/{d['fresh']}", "#decide form"),
        "extension refused": submit(f"/ho-so/{d['fresh']}", "#gia-han form"),
        "decided, to sign": goto(f"/ho-so/{d['decided']}"),
        "returned, chair": goto(f"/ho-so/{d['returned']}"),
    }
    province = {
        "inbox with objections": goto("/"),
        "posted dossier": goto(f"/ho-so/{d['posting']}"),
        "resolution refused": submit(
            f"/ho-so/{d['posting']}", f"[data-testid='objection-{made.reference}'] form"
        ),
    }
    admin = {
        "orgs": goto("/quan-tri/don-vi"),
        "orgs refused": submit("/quan-tri/don-vi", "form[action='/quan-tri/don-vi']"),
        "accounts": goto("/quan-tri/tai-khoan"),
        "accounts refused": submit("/quan-tri/tai-khoan", "form[method=post][data-keep]"),
        "calendar": goto("/quan-tri/lich"),
        "calendar refused": submit("/quan-tri/lich", "form[action='/quan-tri/lich'][data-keep]"),
        "audit log": goto("/nhat-ky"),
        "all dossiers": goto("/ho-so"),
        "statistics": goto("/thong-ke"),
    }
    return [
        (None, "", anonymous),
        (people.username("U", "officer"), PASSWORD, officer),
        (people.username("D", "chair"), PASSWORD, district),
        (people.username("P", "chair"), PASSWORD, province),
        ("admin", ADMIN_PASSWORD, admin),
    ]


async def _sign_in(page: Page, username: str, password: str) -> None:
    await page.goto("/login")
    await page.locator("#f-username").fill(username)
    await page.locator("#f-password").fill(password)
    await page.locator("form[action='/login'] [type=submit]").click()
    await expect(page).not_to_have_url(re.compile("/login"))


async def _narrow_phone(page: Page, where: str) -> list[str]:
    """At 360 px too (the narrowest phones in use), nothing scrolls sideways."""
    problems: list[str] = []
    for width, height in PHONES:
        await page.set_viewport_size({"width": width, "height": height})
        if overflow := await page_overflow(page):
            culprits = await wide_elements(page)
            problems.append(f"{where} at {width} px: scrolls sideways by {overflow} ({culprits})")
    return problems


SHOTS = {  # the README's pictures of the forms (taken in Vietnamese)
    ("desktop", "new refused"): "new-refused.png",
    ("desktop", "decision panel, approving"): "decision-panel.png",
    ("phone", "objection refused"): "public-phone.png",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
async def test_every_page_passes_axe_and_fits_a_phone(
    browser: Browser, live_server: str, people: People, made: Made, size: str, lang: str
) -> None:
    width, height = VIEWPORTS[size]
    problems: list[str] = []
    visited = 0
    for username, password, steps in walks(people, made):
        context = await browser.new_context(
            base_url=live_server,
            viewport={"width": width, "height": height},
            locale="vi-VN" if lang == "vi" else "en-GB",
            bypass_csp=True,  # axe-core is injected into the page under test
        )
        await context.add_cookies([{"name": "tdkt_lang", "value": lang, "url": live_server}])
        page = await context.new_page()
        if username is not None:
            await _sign_in(page, username, password)
        for what, step in steps.items():
            await step(page)
            where = f"{lang} {size} {username or 'public'}: {what} ({page.url})"
            assert await page.locator("html").get_attribute("lang") == lang, where
            problems += await check_page(page, where)
            if size == "phone":
                problems += await _narrow_phone(page, where)
                await page.set_viewport_size({"width": width, "height": height})
            if lang == "vi" and (size, what) in SHOTS:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                shot = SCREENSHOTS / SHOTS[(size, what)]
                await page.screenshot(path=str(shot), full_page=size == "phone")
            visited += 1
        await context.close()
    assert visited >= 40
    assert problems == [], "\n".join(problems)


async def test_forms_tell_what_is_wrong_and_where(
    browser: Browser, live_server: str, people: People, made: Made
) -> None:
    """Focus lands on the first invalid field; the decision panel shows number and date only
    while approving, and offers no approval during public posting; a counter, not a cut."""
    context = await browser.new_context(base_url=live_server, locale="vi-VN")
    await context.add_cookies([{"name": "tdkt_lang", "value": "vi", "url": live_server}])
    page = await context.new_page()
    await _sign_in(page, people.username("U", "officer"), PASSWORD)
    await page.goto("/ho-so/moi")
    summary = page.locator("#f-summary")
    await summary.fill("x" * 10_005)
    await expect(page.locator("#c-summary")).to_have_text("vượt quá 5 ký tự — hãy rút gọn")
    await expect(summary).to_have_value("x" * 10_005)  # nothing cut
    await summary.fill("Thành tích năm học")
    await expect(page.locator("#c-summary")).to_have_text("còn 9.982 ký tự")
    await page.locator("#new-form [type=submit]").first.click()
    await expect(page.locator("#f-award_code")).to_be_focused()
    await expect(page.locator("#error-summary a")).to_have_count(3)
    await page.locator("#error-summary a", has_text="Năm thành tích").click()
    await expect(page.locator("#f-year")).to_be_focused()
    await context.close()

    context = await browser.new_context(base_url=live_server, locale="vi-VN")
    await context.add_cookies([{"name": "tdkt_lang", "value": "vi", "url": live_server}])
    page = await context.new_page()
    await _sign_in(page, people.username("D", "chair"), PASSWORD)
    await page.goto(f"/ho-so/{made.ids['fresh']}")
    number = page.locator("#f-decide-decision_number")
    await expect(page.locator("input[name=action]:checked")).to_have_count(0)  # none chosen
    await expect(number).to_be_hidden()
    await page.locator("#decide [type=submit]").click()
    await expect(page.locator("#f-decide-action")).to_be_focused()
    await expect(page.locator("#e-decide-action")).to_have_text("Quyết định: bắt buộc chọn")
    await page.get_by_label("Đồng ý", exact=True).check()
    await expect(number).to_be_visible()
    await expect(page.locator("#f-decide-decision_date")).to_be_visible()
    for action in ("Trả lại để bổ sung", "Không đồng ý"):
        await page.get_by_label(action, exact=True).check()
        await expect(number).to_be_hidden()
        await expect(page.locator("#f-decide-decision_date")).to_be_hidden()
    await page.locator("#decide [type=submit]").click()
    await expect(page.locator("#f-decide-comment")).to_be_focused()  # a return needs its reason
    await expect(page.locator("#e-decide-comment")).to_contain_text("lý do")
    await context.close()

    context = await browser.new_context(base_url=live_server, locale="vi-VN")
    page = await context.new_page()
    await _sign_in(page, people.username("P", "chair"), PASSWORD)
    await page.goto(f"/ho-so/{made.ids['posting']}")
    await expect(page.locator("#decide")).to_be_visible()
    await expect(page.locator("#decide input[value=approve]")).to_have_count(0)
    await expect(page.locator("#f-decide-decision_number")).to_have_count(0)
    await context.close()
