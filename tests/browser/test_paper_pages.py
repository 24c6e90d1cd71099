"""The dossier's papers on the web, over ASGI (no browser): checklist, upload / replace /
delete / download with their refusals shown at the field, generated papers by state, the
chair's signature, the .xlsx import and exports."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import httpx
import openpyxl
import pytest
from cryptography import x509

from tests.browser.conftest import ADMIN_PASSWORD, PASSWORD, People
from tests.documents.samples import EXE, PDF
from tests.support.pdf_signatures import validate

pytestmark = pytest.mark.usefixtures("web_worker")
LIMIT = 20 * 1024 * 1024  # TDKT_MAX_UPLOAD_BYTES of the web tests (the default)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


async def sign_in(client: httpx.AsyncClient, username: str) -> str:
    """Signs in through the login form; returns the CSRF token of the session."""
    client.cookies.clear()
    page = await client.get("/login")
    form = {"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
    answer = await client.post("/login", data=form)
    assert answer.status_code == 303, answer.text
    return csrf_of((await client.get("/ho-so/moi")).text)


async def bearer(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> dict[str, str]:
    token = await client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def new_dossier(client: httpx.AsyncClient, people: People, name: str) -> str:
    """A GIAY_KHEN dossier of the unit, waiting for the district (which decides it)."""
    created = await client.post(
        "/api/v1/dossiers",
        json={
            "proposer_org": people.orgs["U"],
            "award_code": "GIAY_KHEN",
            "summary": "Hoàn thành xuất sắc nhiệm vụ năm học",
            "nominees": [{"kind": "individual", "name": name}],
        },
        headers=await bearer(client, people.username("U", "officer")),
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def decide(
    client: httpx.AsyncClient,
    people: People,
    dossier_id: str,
    action: str,
    comment: str,
    vote: dict[str, int] | None = None,
) -> None:
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": action, "comment": comment} | ({} if vote is None else {"vote": vote}),
        headers=await bearer(client, people.username("D", "chair")),
    )
    assert answer.status_code == 200, answer.text


async def attach(
    client: httpx.AsyncClient,
    dossier_id: str,
    csrf: str | None,
    data: bytes,
    filename: str = "to-trinh.pdf",
    kind: str = "to_trinh",
    path: str = "tai-lieu",
) -> httpx.Response:
    fields = {"kind": kind} if csrf is None else {"csrf_token": csrf, "kind": kind}
    return await client.post(
        f"/ho-so/{dossier_id}/{path}",
        data=fields,
        files={"file": (filename, data, "application/pdf")},
    )


def attachment_ids(html: str, dossier_id: str) -> list[str]:
    return re.findall(rf'href="/ho-so/{dossier_id}/tai-lieu/(TL-[0-9A-F]{{12}})"', html)


async def test_officer_attaches_a_paper_and_the_chair_reads_it_only(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id = await new_dossier(client, people, "Vũ Thị Mai")
    csrf = await sign_in(client, people.username("U", "officer"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Tài liệu bắt buộc" in page
    assert "Còn thiếu</span> Tờ trình" in page
    assert f'action="/ho-so/{dossier_id}/tai-lieu"' in page
    answer = await attach(client, dossier_id, csrf, PDF)
    assert answer.status_code == 303, answer.text
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Đã có</span> Tờ trình" in page
    (attachment_id,) = attachment_ids(page, dossier_id)
    got = await client.get(f"/ho-so/{dossier_id}/tai-lieu/{attachment_id}")
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    # in review: papers are added, not replaced or removed
    assert "/thay" not in page
    replaced = await attach(client, dossier_id, csrf, PDF, path=f"tai-lieu/{attachment_id}/thay")
    assert replaced.status_code == 409
    assert f'id="e-replace-{attachment_id}"' in replaced.text
    assert "Không thể thay tài liệu khi hồ sơ đang xét" in replaced.text

    chair_csrf = await sign_in(client, people.username("D", "chair"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert attachment_ids(page, dossier_id) == [attachment_id]
    assert f'action="/ho-so/{dossier_id}/tai-lieu"' not in page  # read-only for the route
    refused = await attach(client, dossier_id, chair_csrf, PDF)
    assert refused.status_code == 403
    assert 'id="e-file"' in refused.text
    assert attachment_ids(refused.text, dossier_id) == [attachment_id]
    audit = await client.get(
        "/api/v1/audit",
        params={"action": "document.downloaded", "actor": people.username("U", "officer")},
        headers=await bearer(client, "admin", ADMIN_PASSWORD),
    )
    targets = {item["target"] for item in audit.json()["items"]}
    assert f"/ho-so/{dossier_id}/tai-lieu/{attachment_id}" in targets


async def test_refused_uploads_are_shown_at_the_file_field_and_store_nothing(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id = await new_dossier(client, people, "Hoàng Văn Nam")
    csrf = await sign_in(client, people.username("U", "officer"))
    renamed = await attach(client, dossier_id, csrf, EXE, filename="bao-cao.pdf")
    assert renamed.status_code == 415
    assert 'aria-describedby="e-file h-file" aria-invalid="true"' in renamed.text
    assert re.search(
        r'id="e-file">Loại tệp không được chấp nhận\. Tệp: Chỉ nhận tệp PDF, tệp Word \(\.docx\)',
        renamed.text,
    )
    assert 'href="#f-file"' in renamed.text  # the summary at the top leads to the field
    over = await attach(client, dossier_id, csrf, PDF + bytes(LIMIT + 1 - len(PDF)))
    assert over.status_code == 413
    assert 'id="e-file">Tệp lớn hơn giới hạn 20 MB' in over.text
    declared = await attach(client, dossier_id, csrf, PDF + bytes(LIMIT + 100_000))
    assert declared.status_code == 413
    assert 'id="e-file">Tệp lớn hơn giới hạn 20 MB' in declared.text
    forged = await attach(client, dossier_id, None, PDF)
    assert forged.status_code == 403
    assert "Phiên biểu mẫu đã hết hạn" in forged.text
    wrong_kind = await attach(client, dossier_id, csrf, PDF, kind="hoa_don")
    assert wrong_kind.status_code == 422
    assert 'id="e-file-kind">Loại tài liệu phải là một trong' in wrong_kind.text
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert attachment_ids(page, dossier_id) == []
    assert "Chưa có tài liệu nào." in page


async def test_a_returned_dossier_papers_are_replaced_and_deleted(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id = await new_dossier(client, people, "Đinh Thị Yến")
    csrf = await sign_in(client, people.username("U", "officer"))
    assert (await attach(client, dossier_id, csrf, PDF)).status_code == 303
    await decide(client, people, dossier_id, "return", "Bổ sung biên bản họp")
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    (attachment_id,) = attachment_ids(page, dossier_id)
    assert f"/tai-lieu/{attachment_id}/thay" in page
    newer = PDF.replace(b"%%EOF", b"% ban moi\n%%EOF")
    path = f"tai-lieu/{attachment_id}/thay"
    answer = await attach(client, dossier_id, csrf, newer, filename="to-trinh-moi.pdf", path=path)
    assert answer.status_code == 303, answer.text
    got = await client.get(f"/ho-so/{dossier_id}/tai-lieu/{attachment_id}")
    assert got.content == newer
    forged = await client.post(f"/ho-so/{dossier_id}/tai-lieu/{attachment_id}/xoa", data={})
    assert forged.status_code == 403
    deleted = await client.post(
        f"/ho-so/{dossier_id}/tai-lieu/{attachment_id}/xoa", data={"csrf_token": csrf}
    )
    assert deleted.status_code == 303
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert attachment_ids(page, dossier_id) == []
    gone = await client.get(f"/ho-so/{dossier_id}/tai-lieu/{attachment_id}")
    assert gone.status_code == 404


async def test_generated_papers_follow_the_state_and_the_deciding_chair_signs(
    client: httpx.AsyncClient, people: People, signing_ca: x509.Certificate
) -> None:
    dossier_id = await new_dossier(client, people, "Trương Thị Thu")
    csrf = await sign_in(client, people.username("U", "officer"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert f"/ho-so/{dossier_id}/van-ban/to-trinh.pdf" in page
    assert "quyet-dinh.pdf" not in page
    letter = await client.get(f"/ho-so/{dossier_id}/van-ban/to-trinh.pdf")
    assert letter.content.startswith(b"%PDF")
    docx = await client.get(f"/ho-so/{dossier_id}/van-ban/to-trinh.docx")
    assert docx.content.startswith(b"PK")
    early = await client.get(f"/ho-so/{dossier_id}/van-ban/quyet-dinh.pdf")
    assert early.status_code == 409
    assert "Hồ sơ chưa có quyết định khen thưởng" in early.text
    unknown = await client.get(f"/ho-so/{dossier_id}/van-ban/bi-mat.pdf")
    assert unknown.status_code == 404
    hostile = await client.get(f"/ho-so/{dossier_id}/van-ban/to-trinh.pdf?cap=%00%3Cb%3E")
    assert hostile.status_code == 422  # not text: refused naming the parameter
    assert "U+0000" in hostile.text
    markup = await client.get(f"/ho-so/{dossier_id}/van-ban/to-trinh.pdf?cap=%3Cb%3E")
    assert markup.status_code == 404
    off_route = await client.get(f"/ho-so/{dossier_id}/van-ban/to-trinh.pdf?cap=province")
    assert off_route.status_code == 422
    assert "không thuộc tuyến trình" in off_route.text

    vote = {"members_total": 7, "present": 7, "in_favor": 6}
    await decide(client, people, dossier_id, "approve", "Đồng ý tặng Giấy khen", vote)
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    for paper in ("quyet-dinh.pdf", "quyet-dinh.docx", "quyet-dinh.xlsx", "bien-ban.pdf?cap="):
        assert f"/ho-so/{dossier_id}/van-ban/{paper}" in page
    assert "Ký quyết định" not in page  # the officer does not sign
    refused = await client.post(f"/ho-so/{dossier_id}/ky-quyet-dinh", data={"csrf_token": csrf})
    assert refused.status_code == 403
    assert 'id="e-sign"' in refused.text
    (certificate,) = re.findall(rf'href="(/ho-so/{dossier_id}/bang-khen/[^"]+\.pdf)"', page)
    assert (await client.get(certificate)).content.startswith(b"%PDF")
    annex = await client.get(f"/ho-so/{dossier_id}/van-ban/quyet-dinh.xlsx")
    assert annex.headers["content-type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(annex.content)).active
    assert "Trương Thị Thu" in {c for row in sheet.iter_rows(values_only=True) for c in row}

    chair_csrf = await sign_in(client, people.username("D", "chair"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Ký quyết định" in page
    assert "Quyết định chưa được ký số." in page
    signed = await client.post(
        f"/ho-so/{dossier_id}/ky-quyet-dinh", data={"csrf_token": chair_csrf}
    )
    assert signed.status_code == 303, signed.text
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "Tải quyết định đã ký (PDF)" in page
    assert "Cách kiểm tra chữ ký số" in page
    assert "Ký quyết định" not in page  # signed once: no second signing is offered
    got = await client.get(f"/ho-so/{dossier_id}/van-ban/quyet-dinh-da-ky.pdf")
    assert got.content.startswith(b"%PDF")
    assert await validate(got.content, signing_ca) == (True, True)
    again = await client.post(f"/ho-so/{dossier_id}/ky-quyet-dinh", data={"csrf_token": chair_csrf})
    assert again.status_code == 409
    assert "văn bản đã ký số không được ký lại" in again.text
    after = await client.get(f"/ho-so/{dossier_id}/van-ban/quyet-dinh-da-ky.pdf")
    assert after.content == got.content  # the signed record is unchanged


def workbook(rows: Sequence[tuple[object, ...]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("Họ và tên", "Đối tượng", "Chức vụ", "Giới tính"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def import_xlsx(
    client: httpx.AsyncClient, csrf: str, people: People, data: bytes, name: str = "ds.xlsx"
) -> httpx.Response:
    return await client.post(
        "/ho-so/nhap-excel",
        data={
            "csrf_token": csrf,
            "proposer_org": people.orgs["U"],
            "award_code": "GIAY_KHEN",
            "year": "2025",
            "summary": "Danh sách nhập từ Excel",
        },
        files={"file": (name, data, XLSX)},
    )


async def count(client: httpx.AsyncClient, people: People) -> int:
    listed = await client.get(
        "/api/v1/dossiers", headers=await bearer(client, people.username("U", "viewer"))
    )
    return int(listed.json()["total"])


async def test_nominees_are_imported_from_xlsx_or_nothing_is_created(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    before = await count(client, people)
    bad = workbook(
        [
            ("Lý Thị Hạnh", "cá nhân", "Giáo viên", "nữ"),
            ("Phan Văn Toàn", "công dân", "Bảo vệ", "nam"),
            (None, "cá nhân", "Kế toán", None),
        ]
    )
    refused = await import_xlsx(client, csrf, people, bad)
    assert refused.status_code == 422
    assert "Tệp có lỗi; chưa tạo hồ sơ nào" in refused.text
    assert "Dòng 3, cột Đối tượng: Giá trị &#39;công dân&#39; không hợp lệ" in refused.text
    assert "Dòng 4, cột Họ và tên: Bắt buộc nhập" in refused.text
    assert 'aria-describedby="e-imp-file h-imp-file" aria-invalid="true"' in refused.text
    assert 'value="2025"' in refused.text  # the form keeps what was typed
    not_xlsx = await import_xlsx(client, csrf, people, PDF, name="ds.pdf")
    assert not_xlsx.status_code == 415
    assert 'id="e-imp-file">Loại tệp không được chấp nhận.' in not_xlsx.text
    assert await count(client, people) == before

    good = workbook([("Lý Thị Hạnh", "cá nhân", "Giáo viên", "nữ"), ("Tổ Toán", "tập thể")])
    created = await import_xlsx(client, csrf, people, good)
    assert created.status_code == 303, created.text
    page = (await client.get(created.headers["location"])).text
    assert "Lý Thị Hạnh" in page
    assert "Tổ Toán" in page
    assert await count(client, people) == before + 1


async def test_lists_are_exported_as_xlsx(client: httpx.AsyncClient, people: People) -> None:
    dossier_id = await new_dossier(client, people, "Quách Văn Long")
    await sign_in(client, people.username("U", "officer"))
    listing = (await client.get("/ho-so", params={"status": "in_review"})).text
    assert 'href="/ho-so.xlsx?status=in_review"' in listing
    exported = await client.get("/ho-so.xlsx", params={"status": "in_review"})
    assert exported.headers["content-type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row}
    assert dossier_id in cells
    decided = await client.get("/ho-so.xlsx", params={"status": "decided", "q": "Quách Văn Long"})
    sheet = openpyxl.load_workbook(io.BytesIO(decided.content)).active
    assert dossier_id not in {c for row in sheet.iter_rows(values_only=True) for c in row}
    nominees = await client.get(f"/ho-so/{dossier_id}/danh-sach.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(nominees.content)).active
    assert "Quách Văn Long" in {c for row in sheet.iter_rows(values_only=True) for c in row}
