"""The dossier is its documents, in a real Chromium: the officer drafts, attaches papers (a
renamed executable and a file over the limit are refused at the field, which gets the focus)
and submits; the district chair sees the checklist, decides, signs, downloads the signed
decision (validated against the CA) and a certificate; a citizen objects to a posted dossier,
the province chair resolves it from the inbox, the citizen looks the outcome up. No page-level
horizontal scroll at 1280 and 390 px."""

from __future__ import annotations

import re

import anyio
from cryptography import x509
from fastapi import FastAPI
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser.conftest import PASSWORD, SCREENSHOTS, People
from tests.browser.test_public_posting import _to_posting
from tests.documents.samples import EXE, PDF
from tests.support.pdf_signatures import validate

WIDE: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


async def sign_in(browser: Browser, base: str, username: str) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(
        base_url=base, viewport=WIDE, locale="vi-VN", accept_downloads=True
    )
    page = await context.new_page()
    await page.goto("/login")
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()
    return context, page


async def attach(page: Page, kind: str, name: str, data: bytes, mime: str) -> None:
    form = page.locator("form.upload")
    await form.get_by_label("Loại tài liệu").select_option(label=kind)
    await form.get_by_label("Chọn tệp").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    await form.get_by_role("button", name="Tải lên").click()


async def download(page: Page, link_name: str | re.Pattern[str]) -> bytes:
    async with page.expect_download() as info:
        await page.get_by_role("link", name=link_name).click()
    path = await (await info.value).path()
    return await anyio.Path(path).read_bytes()


async def no_horizontal_scroll(page: Page, shot: str) -> None:
    for viewport in (WIDE, PHONE):
        await page.set_viewport_size(viewport)
        await page.reload()
        widths = await page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert widths[0] <= widths[1], f"horizontal scroll at {viewport['width']} px: {widths}"
        name = f"{shot}-{viewport['width']}.png"
        await page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    await page.set_viewport_size(WIDE)


async def test_officer_drafts_attaches_submits_chair_decides_signs_and_resolves(
    browser: Browser,
    live_server: str,
    people: People,
    web_app: FastAPI,
    signing_ca: x509.Certificate,
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # 1. The officer keeps a draft, attaches papers, then submits it.
    officer_ctx, officer = await sign_in(browser, live_server, people.username("U", "officer"))
    await officer.get_by_role("link", name="Lập hồ sơ đề nghị").click()
    form = officer.locator("#new-form")
    await form.get_by_label("Danh hiệu / hình thức khen thưởng").select_option("GIAY_KHEN")
    await form.get_by_label("Năm thành tích").fill("2025")
    await form.get_by_label("Tóm tắt thành tích").fill("Hoàn thành xuất sắc nhiệm vụ năm học")
    await form.get_by_label("Họ tên / tên tập thể").first.fill("Ngô Thị Phương")
    await form.get_by_role("button", name="Lưu nháp").click()
    heading = officer.get_by_role("heading", name=re.compile(r"Hồ sơ HS-\d{4}-"))
    await expect(heading).to_be_visible()
    dossier_id = re.search(r"HS-\d{4}-[0-9A-F]+", await heading.inner_text()).group(0)  # type: ignore[union-attr]
    await expect(officer.get_by_text("Hồ sơ đang là bản nháp")).to_be_visible()

    await attach(officer, "Tờ trình", "bao-cao.pdf", EXE, "application/pdf")
    file_input = officer.locator("form.upload").get_by_label("Chọn tệp")
    await expect(officer.locator("#e-file")).to_contain_text("Loại tệp không được chấp nhận")
    await expect(file_input).to_have_attribute("aria-invalid", "true")
    await expect(file_input).to_have_attribute("aria-describedby", re.compile("e-file"))
    await expect(file_input).to_be_focused()
    # a file over TDKT_MAX_UPLOAD_BYTES (20 MB) is refused in the page, before it is sent
    posts: list[str] = []
    officer.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    huge = PDF + bytes(20 * 1024 * 1024)
    await attach(officer, "Tờ trình", "scan.pdf", huge, "application/pdf")
    await expect(officer.locator("#e-file")).to_have_text(
        "Tệp lớn hơn giới hạn 20 MB; vui lòng chọn tệp nhỏ hơn."
    )
    await expect(file_input).to_be_focused()
    assert posts == []
    await attach(officer, "Tờ trình", "to-trinh.pdf", PDF, "application/pdf")
    await expect(officer.get_by_role("link", name="to-trinh.pdf")).to_be_visible()
    await attach(officer, "Báo cáo thành tích", "bao-cao.pdf", PDF, "application/pdf")
    await expect(officer.get_by_role("link", name="bao-cao.pdf")).to_be_visible()
    await no_horizontal_scroll(officer, "draft")  # the draft's page, with its upload forms
    await officer.get_by_role("button", name="Nộp hồ sơ").click()
    await expect(officer.get_by_text("Đang xét").first).to_be_visible()

    # 2. The district chair sees the checklist and the papers, decides and signs.
    chair_ctx, chair = await sign_in(browser, live_server, people.username("D", "chair"))
    await chair.get_by_role("link", name=dossier_id).click()
    checklist = chair.get_by_test_id("checklist")
    await expect(checklist.get_by_text("Tờ trình")).to_be_visible()
    await expect(checklist.locator("li.ok")).not_to_have_count(0)
    assert await download(chair, "to-trinh.pdf") == PDF
    await expect(chair.locator("form.upload")).to_have_count(0)  # read-only for the route
    decide = chair.locator("#decide")
    await decide.get_by_label("Đồng ý", exact=True).check()
    await decide.get_by_label("Ý kiến").fill("Đồng ý tặng Giấy khen")
    await decide.get_by_role("button", name="Ghi nhận quyết định").click()
    await expect(chair.get_by_test_id("decision-number")).to_be_visible()
    await chair.get_by_role("button", name="Ký quyết định").click()
    signed = await download(chair, "Tải quyết định đã ký (PDF)")
    assert signed.startswith(b"%PDF")
    assert await validate(signed, signing_ca) == (True, True)
    certificate = await download(chair, "Ngô Thị Phương (PDF)")
    assert certificate.startswith(b"%PDF")
    await no_horizontal_scroll(chair, "papers")

    # 3. A citizen objects to a posted dossier; the province chair resolves it from the inbox.
    posted = await _to_posting(web_app, people)
    citizen_ctx = await browser.new_context(base_url=live_server, locale="vi-VN")
    citizen = await citizen_ctx.new_page()
    await citizen.goto("/cong-khai")
    section = citizen.locator(f"#p-{posted}")
    for _ in range(30):
        if await section.count():
            break
        await citizen.wait_for_timeout(300)
        await citizen.reload()
    await section.locator("summary").click()
    await section.get_by_label("Nội dung ý kiến").fill(
        "Cá nhân này chưa đủ thời gian công tác theo quy định"
    )
    await section.get_by_role("button", name="Gửi ý kiến").click()
    notice = citizen.get_by_role("status")
    await expect(notice).to_contain_text("PA-")
    reference = re.search(r"PA-[0-9A-Z]+", await notice.inner_text()).group(0)  # type: ignore[union-attr]
    await citizen.get_by_label("Mã tra cứu").fill(reference)
    await citizen.get_by_role("button", name="Tra cứu").click()
    await expect(citizen.get_by_test_id("objection-status")).to_contain_text("Chưa xử lý")

    province_ctx, province = await sign_in(browser, live_server, people.username("P", "chair"))
    inbox_item = province.get_by_test_id(f"objection-{reference}")
    await expect(inbox_item).to_contain_text("chưa đủ thời gian công tác")
    await province.get_by_role("link", name=posted).first.click()
    await expect(province.get_by_text("Chưa thể đồng ý hồ sơ khi còn phản ánh")).to_be_visible()
    await province.goto("/")
    item = province.get_by_test_id(f"objection-{reference}")
    await item.get_by_label("Không có cơ sở (bác phản ánh)").check()
    await item.get_by_label("Lý do, kết quả xác minh").fill("Đã xác minh đủ 20 năm công tác")
    await item.get_by_role("button", name="Ghi nhận kết quả xử lý").click()
    await expect(province.get_by_test_id(f"objection-{reference}")).to_have_count(0)
    await province.goto(f"/ho-so/{posted}")
    await expect(province.get_by_text("Đã xác minh đủ 20 năm công tác").first).to_be_visible()

    await citizen.goto(f"/cong-khai?ma={reference}")
    status = citizen.get_by_test_id("objection-status")
    await expect(status).to_contain_text("Không có cơ sở")
    await expect(status).to_contain_text("Đã xác minh đủ 20 năm công tác")

    for context in (officer_ctx, chair_ctx, citizen_ctx, province_ctx):
        await context.close()
