"""The whole journey in a real Chromium: submit → district approves → province returns →
officer resubmits → province decides; screenshots for the README."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from api.authz import Principal
from api.schemas.dossiers import DossierCreate
from api.services import dossiers
from tests.browser.conftest import PASSWORD, SCREENSHOTS, People

VIEWPORT: ViewportSize = {"width": 1366, "height": 860}  # a laptop screen


async def _sign_in(browser: Browser, base: str, username: str) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(base_url=base, viewport=VIEWPORT, locale="vi-VN")
    page = await context.new_page()
    await page.goto("/")
    await expect(page).to_have_url(re.compile(r"/login"))
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()
    return context, page


async def _open_from_inbox(page: Page, dossier_id: str) -> None:
    await page.goto("/")
    link = page.get_by_role("link", name=dossier_id)
    await expect(link).to_be_visible(timeout=15_000)
    await link.click()
    await expect(page.get_by_role("heading", name=re.compile(dossier_id))).to_be_visible()


async def _decide(page: Page, action: str, comment: str, said: str, **fields: str) -> None:
    """Choose `action`, write `comment`, fill `fields`; the next page says `said` (a pattern:
    what happened and where the dossier went)."""
    panel = page.locator("#decide")
    await panel.get_by_label(action, exact=True).check()
    await panel.get_by_label("Ý kiến").fill(comment)
    for label, value in fields.items():
        await panel.get_by_label(label).fill(value)
    await panel.get_by_role("button", name="Ghi nhận quyết định").click()
    notice = page.get_by_role("status").filter(has_text=re.compile(said))
    await expect(notice).to_be_visible()


async def _reload_until(page: Page, text: str, tries: int = 30) -> None:
    """The read model follows the workflow within moments; reload until it shows ``text``."""
    for _ in range(tries):
        if await page.get_by_text(text).count():
            return
        await page.wait_for_timeout(300)
        await page.reload()
    await expect(page.get_by_text(text).first).to_be_visible()


async def submit_more(app: FastAPI, people: People) -> None:
    """Two more dossiers from the unit, through the same service the form uses."""
    officer = Principal(
        username=people.username("U", "officer"),
        full_name="Nguyễn Thị Hoa",
        org_code=people.orgs["U"],
        roles=frozenset({"officer"}),
    )
    for award, name in (("GIAY_KHEN", "Tổ Ngữ văn"), ("LDTT", "Đỗ Quang Huy")):
        kind = "collective" if award == "GIAY_KHEN" else "individual"
        async with app.state.tdkt.sessions() as session:
            await dossiers.create(
                ip="127.0.0.1",
                state=app.state.tdkt,
                session=session,
                principal=officer,
                body=DossierCreate.model_validate(
                    {
                        "proposer_org": people.orgs["U"],
                        "award_code": award,
                        "summary": "Thành tích năm học 2025-2026",
                        "nominees": [{"kind": kind, "name": name}],
                    }
                ),
            )


async def test_officer_submits_chairs_decide_officer_resubmits(
    browser: Browser, live_server: str, people: People, web_app: FastAPI
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # 1. The unit's officer fills the form: award, a pasted row from a spreadsheet, eligibility.
    officer_ctx, officer = await _sign_in(browser, live_server, people.username("U", "officer"))
    await officer.get_by_role("link", name="Lập hồ sơ đề nghị").click()
    await officer.get_by_label("Danh hiệu / hình thức khen thưởng").select_option("BK_TINH")
    await officer.get_by_label("Năm thành tích").fill("2025")
    await officer.get_by_label("Tóm tắt thành tích").fill("Hoàn thành xuất sắc nhiệm vụ năm 2025")
    await officer.get_by_label("Họ tên / tên tập thể").first.fill("Nguyễn Văn An")
    await officer.locator("summary", has_text="Dán từ bảng tính").click()
    await officer.get_by_label("Các dòng sao chép từ bảng tính").fill(
        "Phạm Thị Lan\tGiáo viên\tcá nhân\tnữ\tcó\n<b>Tổ Toán</b>\t\ttập thể\t\t"
    )
    await officer.get_by_role("button", name="Thêm các dòng đã dán").click()
    await expect(officer.locator("#nominee-rows tr")).to_have_count(3)
    await officer.get_by_role("button", name="Kiểm tra điều kiện").first.click()
    await expect(officer.locator("#elig-0 .badge")).to_be_visible()
    await officer.get_by_role("button", name="Gửi hồ sơ").click()
    heading = officer.get_by_role("heading", name=re.compile(r"Hồ sơ HS-\d{4}-"))
    await expect(heading).to_be_visible()
    dossier_id = re.search(r"HS-\d{4}-[0-9A-F]+", await heading.inner_text()).group(0)  # type: ignore[union-attr]
    sent = rf"^Đã gửi hồ sơ {dossier_id} đến UBND huyện Tiên Du; hạn xử lý \d\d/\d\d/\d{{4}}\.$"
    await expect(officer.get_by_role("status").filter(has_text=re.compile(sent))).to_be_visible()
    toan = officer.get_by_role("cell", name="<b>Tổ Toán</b>", exact=True)
    await expect(toan).to_be_visible()  # escaped, not bold

    # 2. The district chair approves it from the inbox (next to two other dossiers).
    await submit_more(web_app, people)
    district_ctx, district = await _sign_in(browser, live_server, people.username("D", "chair"))
    await expect(district.get_by_role("link", name=dossier_id)).to_be_visible()
    assert await district.locator("tbody tr").count() >= 3
    await expect(district.get_by_text(re.compile("còn \\d+ ngày làm việc")).first).to_be_visible()
    await district.screenshot(path=str(SCREENSHOTS / "inbox.png"), full_page=True)
    await _open_from_inbox(district, dossier_id)
    await _decide(
        district,
        "Đồng ý",
        "Đồng ý trình UBND tỉnh",
        rf"Đã đồng ý hồ sơ {dossier_id} và trình UBND tỉnh Bắc Ninh; hạn xử lý \d\d/",
    )

    # 3. The provincial chair returns it; the inbox shows it first with the working days left.
    province_ctx, province = await _sign_in(browser, live_server, people.username("P", "chair"))
    await province.goto("/")
    await expect(province.get_by_role("link", name=dossier_id)).to_be_visible(timeout=15_000)
    await _open_from_inbox(province, dossier_id)
    await _decide(
        province,
        "Trả lại để bổ sung",
        "Bổ sung bản tóm tắt thành tích có xác nhận",
        rf"Đã trả lại hồ sơ {dossier_id} cho Trường THCS Lạc Vệ để bổ sung; hạn trình lại",
    )

    # 4. The officer sees it returned and resubmits.
    await officer.goto(f"/ho-so/{dossier_id}")
    await _reload_until(officer, "Trình lại hồ sơ")
    await officer.get_by_label("Ý kiến").fill("Đã bổ sung tóm tắt có xác nhận")
    await officer.get_by_role("button", name="Trình lại hồ sơ").click()
    resubmitted = f"Đã trình lại hồ sơ {dossier_id} đến UBND tỉnh Bắc Ninh; hạn xử lý"
    await expect(officer.get_by_role("status").filter(has_text=resubmitted)).to_be_visible()

    # 5. The provincial chair decides; the decision appears on the officer's page.
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    await _open_from_inbox(province, dossier_id)
    await _decide(
        province,
        "Đồng ý",
        "Hội đồng nhất trí khen thưởng",
        rf"Đã quyết định khen thưởng hồ sơ {dossier_id}: quyết định số 125/QĐ-UBND "
        rf"ngày {today:%d/%m/%Y}",  # a decision is dated between its submission and today
        **{"Số quyết định": "125/QĐ-UBND", "Ngày quyết định": today.isoformat()},
    )
    await expect(province.get_by_test_id("decision-number")).to_have_text("125/QĐ-UBND")
    await officer.goto(f"/ho-so/{dossier_id}")
    await _reload_until(officer, "125/QĐ-UBND")
    await expect(officer.get_by_text("Đã quyết định").first).to_be_visible()
    await officer.screenshot(path=str(SCREENSHOTS / "dossier.png"), full_page=True)

    # The search list finds it by a nominee's name; the English switch sticks.
    await officer.goto("/ho-so?q=ph%E1%BA%A1m+th%E1%BB%8B+lan")
    await expect(officer.get_by_role("link", name=dossier_id)).to_be_visible()
    await officer.get_by_role("link", name="English").click()
    await expect(officer.locator("html")).to_have_attribute("lang", "en")
    await officer.goto(f"/ho-so/{dossier_id}")
    await expect(officer.get_by_role("heading", name="Decision")).to_be_visible()
    await expect(officer.get_by_text("Decided").first).to_be_visible()

    # 6. The dashboard draws the figures as SVG.
    await province.goto("/thong-ke")
    await expect(province.get_by_role("img", name="Hồ sơ theo trạng thái")).to_be_visible()
    await expect(province.get_by_role("img", name="Tỷ lệ xử lý đúng hạn theo cấp")).to_be_visible()
    await province.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    for context in (officer_ctx, district_ctx, province_ctx):
        await context.close()
