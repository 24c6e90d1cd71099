"""Generated papers (contract §14) from a real decided dossier: PDF text with diacritics,
DOCX and XLSX contents, certificates, access and state rules."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import docx
import httpx
import openpyxl
import pytest
from pypdf import PdfReader

from tests.api.conftest import World, submit
from tests.documents.conftest import VOTE, decided

pytestmark = pytest.mark.usefixtures("worker")

NOMINEES: list[dict[str, object]] = [
    {"kind": "individual", "name": "Nguyễn Thị Hằng", "position": "Giáo viên"},
    {"kind": "individual", "name": "Trần Văn Đức", "position": "Hiệu trưởng"},
    {"kind": "collective", "name": "Tổ Ngữ văn - Lịch sử"},
    {"kind": "individual", "name": "Phạm Quỳnh Anh Thư", "position": "Kế toán"},
]
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def fonts_of(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    names: set[str] = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture(scope="module")
async def dossier(client: httpx.AsyncClient, world: World) -> dict[str, object]:
    return await decided(client, world, vote=VOTE, nominees=NOMINEES)


async def test_quyet_dinh_pdf_has_the_nd30_header_number_and_every_awardee(
    client: httpx.AsyncClient, world: World, dossier: dict[str, object]
) -> None:
    answer = await client.get(
        f"/api/v1/dossiers/{dossier['id']}/documents/quyet-dinh.pdf",
        headers=world.as_("U1", "viewer"),
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.content)
    number = dossier["decision"]["number"]  # type: ignore[index]
    for expected in (QUOC_HIEU, TIEU_NGU, "QUYẾT ĐỊNH", f"Số: {number}", "Về việc tặng Giấy khen"):
        assert expected in text, expected
    for nominee in NOMINEES:
        assert str(nominee["name"]) in text
    bonus = sum(b["amount_vnd"] for b in dossier["decision"]["bonus"])  # type: ignore[index]
    assert f"{bonus:,}".replace(",", ".") in text
    embedded = {name for name in fonts_of(answer.content) if "+" in name}  # subset fonts
    assert embedded
    assert all("LiberationSerif" in name for name in embedded)
    page = PdfReader(io.BytesIO(answer.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


async def test_quyet_dinh_docx_and_xlsx(
    client: httpx.AsyncClient, world: World, dossier: dict[str, object]
) -> None:
    base = f"/api/v1/dossiers/{dossier['id']}/documents/quyet-dinh"
    got = await client.get(f"{base}.docx", headers=world.as_("D1", "chair"))
    assert got.status_code == 200
    document = docx.Document(io.BytesIO(got.content))
    words = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert QUOC_HIEU in cells
    assert "QUYẾT ĐỊNH" in words
    assert all(str(n["name"]) in cells for n in NOMINEES)
    section = document.sections[0]
    assert section.left_margin is not None
    assert round(section.left_margin.mm) == 30
    assert document.styles["Normal"].font.name == "Times New Roman"

    sheet = await client.get(f"{base}.xlsx", headers=world.as_("U1", "officer"))
    assert sheet.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][:2] == ("STT", "Họ và tên / Tên tập thể")
    assert [r[1] for r in rows[2:]] == [n["name"] for n in NOMINEES]
    assert all(isinstance(r[-1], int) and r[-1] > 0 for r in rows[2:])


async def test_to_trinh_and_bien_ban(
    client: httpx.AsyncClient, world: World, dossier: dict[str, object]
) -> None:
    base = f"/api/v1/dossiers/{dossier['id']}/documents"
    text = pdf_text(
        (await client.get(f"{base}/to-trinh.pdf", headers=world.as_("U1", "officer"))).content
    )
    assert QUOC_HIEU in text
    assert "TỜ TRÌNH" in text
    assert "Về việc đề nghị tặng Giấy khen" in text
    assert "Kính gửi: district D1 thử" in text
    assert all(str(n["name"]) in text for n in NOMINEES)
    word = await client.get(f"{base}/to-trinh.docx", headers=world.as_("U1", "officer"))
    assert "TỜ TRÌNH" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs
    )

    minutes = pdf_text(
        (await client.get(f"{base}/bien-ban.pdf", headers=world.as_("D1", "viewer"))).content
    )
    assert "BIÊN BẢN" in minutes
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in minutes
    assert "Kết quả biểu quyết: 9/10 thành viên đồng ý, đạt 90,0 % tổng số" in minutes
    assert "Thành phần dự họp: 9/10 thành viên Hội đồng có mặt, vắng 1." in minutes
    assert "Kết luận: Hội đồng thống nhất đề nghị người đứng đầu quyết định tặng" in minutes
    unit_level = await client.get(
        f"{base}/bien-ban.pdf", params={"level": "unit"}, headers=world.as_("U1", "officer")
    )
    assert unit_level.status_code == 409
    wrong = await client.get(
        f"{base}/to-trinh.pdf", params={"level": "president"}, headers=world.as_("U1", "officer")
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "level"


async def test_certificates_only_for_awardees(
    client: httpx.AsyncClient, world: World, dossier: dict[str, object]
) -> None:
    nominees = dossier["nominees"]
    assert isinstance(nominees, list)
    for nominee in nominees:
        answer = await client.get(
            f"/api/v1/dossiers/{dossier['id']}/certificates/{nominee['id']}.pdf",
            headers=world.as_("U1", "officer"),
        )
        assert answer.status_code == 200
        text = pdf_text(answer.content)
        assert nominee["name"] in text
        assert "GIẤY KHEN" in text
        assert "CHỦ TỊCH" in text
    missing = await client.get(
        f"/api/v1/dossiers/{dossier['id']}/certificates/X-001.pdf",
        headers=world.as_("U1", "officer"),
    )
    assert missing.status_code == 404


async def test_papers_need_a_decision_and_the_dossiers_scope(
    client: httpx.AsyncClient, world: World, dossier: dict[str, object]
) -> None:
    pending = (await submit(client, world)).json()
    base = f"/api/v1/dossiers/{pending['id']}"
    assert (
        await client.get(f"{base}/documents/quyet-dinh.pdf", headers=world.as_("U1", "officer"))
    ).status_code == 409
    nominee = pending["nominees"][0]["id"]
    assert (
        await client.get(f"{base}/certificates/{nominee}.pdf", headers=world.as_("U1", "officer"))
    ).status_code == 409
    assert (
        await client.get(f"{base}/documents/to-trinh.pdf", headers=world.as_("U1", "officer"))
    ).status_code == 200
    other = f"/api/v1/dossiers/{dossier['id']}/documents/quyet-dinh.pdf"
    assert (await client.get(other, headers=world.as_("U2", "officer"))).status_code == 404
    assert (await client.get(other)).status_code == 401
    bad = await client.get(
        f"/api/v1/dossiers/{dossier['id']}/documents/quyet-dinh.exe",
        headers=world.as_("U1", "officer"),
    )
    assert bad.status_code == 422


async def test_nominees_xlsx(
    client: httpx.AsyncClient, world: World, dossier: dict[str, object]
) -> None:
    answer = await client.get(
        f"/api/v1/dossiers/{dossier['id']}/nominees.xlsx", headers=world.as_("U1", "viewer")
    )
    assert answer.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True)
    )
    assert rows[1] == (
        "STT",
        "Họ và tên / Tên tập thể",
        "Đối tượng",
        "Chức vụ",
        "Ngày sinh",
        "Số định danh",
        "Kết quả",
        "Tiền thưởng (đồng)",
    )
    assert [r[1] for r in rows[2:]] == [n["name"] for n in NOMINEES]
    assert {r[6] for r in rows[2:]} == {"Được khen thưởng"}
