"""The public page in a real Chromium: a dossier in public posting is listed, anyone objects."""

from __future__ import annotations

import re

from fastapi import FastAPI
from playwright.async_api import Browser, expect

from api.authz import Principal
from api.schemas.dossiers import DecisionIn, DossierCreate
from api.services import dossier_commands, dossiers
from tests.browser.conftest import People


def _principal(people: People, alias: str, role: str) -> Principal:
    return Principal(
        username=people.username(alias, role),
        full_name=people.username(alias, role),
        org_code=people.orgs[alias],
        roles=frozenset({role}),
    )


async def _to_posting(app: FastAPI, people: People) -> str:
    """An order of labour (posted at the province) approved by the district, via the services."""
    state = app.state.tdkt
    async with state.sessions() as session:
        created = await dossiers.create(
            ip="127.0.0.1",
            state=state,
            session=session,
            principal=_principal(people, "U", "officer"),
            body=DossierCreate.model_validate(
                {
                    "proposer_org": people.orgs["U"],
                    "award_code": "HCLD_3",
                    "summary": "Có quá trình cống hiến lâu dài",
                    "nominees": [{"kind": "individual", "name": "Vũ Thị Thu Hằng"}],
                }
            ),
        )
    async with state.sessions() as session:
        await dossier_commands.decide(
            ip="127.0.0.1",
            state=state,
            session=session,
            principal=_principal(people, "D", "chair"),
            dossier_id=created.id,
            body=DecisionIn(action="approve", comment="Đồng ý trình tỉnh"),
        )
    return created.id


async def test_anyone_reads_the_posting_and_objects(
    browser: Browser, live_server: str, web_app: FastAPI, people: People
) -> None:
    dossier_id = await _to_posting(web_app, people)
    context = await browser.new_context(base_url=live_server, locale="vi-VN")
    page = await context.new_page()
    await page.goto("/cong-khai")
    await expect(
        page.get_by_role("heading", name="Công khai danh sách đề nghị khen thưởng")
    ).to_be_visible()
    section = page.locator(f"#p-{dossier_id}")
    for _ in range(30):  # the read model follows the workflow within moments
        if await section.count():
            break
        await page.wait_for_timeout(300)
        await page.reload()
    await expect(section.get_by_role("cell", name="Vũ Thị Thu Hằng")).to_be_visible()

    await section.locator("summary").click()
    await section.get_by_label("Nội dung ý kiến").fill("Ngắn")
    await section.get_by_role("button", name="Gửi ý kiến").click()
    section = page.locator(f"#p-{dossier_id}")
    await expect(section.locator(".err")).to_be_visible()
    await expect(section.get_by_label("Nội dung ý kiến")).to_have_attribute("aria-invalid", "true")

    await section.get_by_label("Nội dung ý kiến").fill(
        "Đề nghị làm rõ thời gian công tác của cá nhân này tại đơn vị"
    )
    await section.get_by_label("Thông tin liên hệ (không bắt buộc)").fill("0912 345 678")
    await section.get_by_role("button", name="Gửi ý kiến").click()
    notice = page.get_by_role("status")
    await expect(notice).to_contain_text("đã được chuyển đến hội đồng xét duyệt")
    await expect(notice.locator("strong")).to_have_text(re.compile(r"^PA-[0-9A-Z]{10}$"))
    await context.close()
