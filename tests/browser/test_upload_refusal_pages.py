"""The web UI's upload forms (over ASGI, no browser) share the API's upload rules: the import
form's draft button keeps the dossier a draft, a damaged workbook and a bad file name are shown
at the file field, and nothing is created or stored."""

from __future__ import annotations

import httpx
import pytest

from tests.browser.conftest import People
from tests.browser.test_paper_pages import (
    XLSX,
    attachment_ids,
    bearer,
    count,
    new_dossier,
    sign_in,
    workbook,
)
from tests.documents.samples import PDF
from tests.support.damaged_xlsx import damaged

pytestmark = pytest.mark.usefixtures("web_worker")
GOOD = workbook([("Đinh Thị Lan", "cá nhân", "Giáo viên", "nữ", 3)])


def import_form(csrf: str, people: People, **extra: str) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "proposer_org": people.orgs["U"],
        "award_code": "GIAY_KHEN",
        "summary": "Danh sách nhập từ Excel",
        **extra,
    }


async def test_the_import_forms_draft_button_keeps_a_draft(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    page = await client.get("/ho-so/moi")
    form = page.text[page.text.index('action="/ho-so/nhap-excel"') :]
    assert 'name="draft" value="1"' in form[: form.index("</form>")]
    created = await client.post(
        "/ho-so/nhap-excel",
        data=import_form(csrf, people, draft="1"),
        files={"file": ("ds.xlsx", GOOD, XLSX)},
    )
    assert created.status_code == 303, created.text
    dossier_id = created.headers["location"].split("/")[2].split("?")[0]
    shown = await client.get(
        f"/api/v1/dossiers/{dossier_id}",
        headers=await bearer(client, people.username("U", "officer")),
    )
    assert shown.json()["status"] == "draft"


async def test_a_damaged_workbook_is_shown_at_the_file_field(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    before = await count(client, people)
    for kind, data in list(damaged(GOOD))[::4]:
        refused = await client.post(
            "/ho-so/nhap-excel",
            data=import_form(csrf, people),
            files={"file": ("ds.xlsx", data, XLSX)},
        )
        assert refused.status_code == 422, (kind, refused.text[:300])
        assert 'id="e-imp-file">Tệp: Không đọc được tệp Excel' in refused.text, kind
    assert await count(client, people) == before


async def test_a_bad_attachment_name_is_shown_and_nothing_is_stored(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id = await new_dossier(client, people, "Hà Văn Sơn")
    csrf = await sign_in(client, people.username("U", "officer"))
    for name in ("\u200b.pdf", "../"):  # httpx escapes control characters itself
        refused = await client.post(
            f"/ho-so/{dossier_id}/tai-lieu",
            data={"csrf_token": csrf, "kind": "to_trinh"},
            files={"file": (name, PDF, "application/pdf")},
        )
        assert refused.status_code == 422, refused.text[:300]
        assert "Tên tệp" in refused.text
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert attachment_ids(page, dossier_id) == []
