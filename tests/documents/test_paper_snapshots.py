"""A decision's papers are a legal record (migration 0023): once a dossier is decided, its
quyết định (PDF, DOCX, annexed list), certificates, tờ trình, biên bản, nominees list and signed
PDF print the org names, document symbols, place names and chair's name it was decided with,
after an admin renames the org, changes its symbol or place name (PATCH /api/v1/orgs/{code}),
renames its province, or its chair changes. A dossier not decided yet prints the new ones."""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass

import docx
import httpx
import openpyxl
import pytest

from store.pki import issue_pkcs12, make_ca
from tests.api.conftest import PASSWORD, World, eventually, login
from tests.documents.conftest import VOTE
from tests.documents.test_papers import pdf_text
from tests.documents.test_signing import put_cert

pytestmark = pytest.mark.usefixtures("worker")

OLD_NAME, NEW_NAME = "Trường THPT Lý Thái Tổ", "Trường THPT Nguyễn Du"
OLD_CHAIR, NEW_CHAIR = "Hoàng Văn Cũ", "Lê Thị Mới"
NEW_SYMBOL, NEW_PLACE = "NGDU", "Hữu Lũng"


@dataclass(frozen=True)
class School:
    code: str
    province: str
    chair: str  # username of the chair who decided
    officer: dict[str, str]


async def _org(http: httpx.AsyncClient, world: World, **body: str) -> str:
    code = f"Y2-{uuid.uuid4().hex[:8].upper()}"
    response = await http.post("/api/v1/orgs", json={"code": code, **body}, headers=world.admin)
    assert response.status_code == 201, response.text
    return code


async def _account(
    http: httpx.AsyncClient, world: World, org: str, role: str, full_name: str
) -> str:
    username = f"{role}.{uuid.uuid4().hex[:6]}.{org}".lower()
    body = {
        "username": username,
        "password": PASSWORD,
        "full_name": full_name,
        "org_code": org,
        "roles": [role],
    }
    response = await http.post("/api/v1/users", json=body, headers=world.admin)
    assert response.status_code == 201, response.text
    return username


async def _school(http: httpx.AsyncClient, world: World) -> School:
    """Trường THPT Lý Thái Tổ under the Sở GD&ĐT of UBND tỉnh Lạng Sơn; it decides its own
    CSTĐ cơ sở (its place name is derived: Lạng Sơn)."""
    province = await _org(http, world, name="UBND tỉnh Lạng Sơn", level="province")
    department = await _org(
        http, world, name="Sở Giáo dục và Đào tạo", level="department", parent_code=province
    )
    code = await _org(
        http, world, name=OLD_NAME, level="unit", parent_code=department, kind="legal_entity"
    )
    officer = await login(http, await _account(http, world, code, "officer", "Cán bộ Trường"))
    chair = await _account(http, world, code, "chair", OLD_CHAIR)
    return School(code, province, chair, officer)


async def _submitted(http: httpx.AsyncClient, school: School) -> str:
    body = {
        "proposer_org": school.code,
        "award_code": "CSTD_CS",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm học",
        "nominees": [{"kind": "individual", "name": "Trần Thị Bình", "position": "Giáo viên"}],
    }
    created = await http.post("/api/v1/dossiers", json=body, headers=school.officer)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _decided(http: httpx.AsyncClient, school: School) -> dict[str, object]:
    dossier_id = await _submitted(http, school)
    chair = await login(http, school.chair)
    await eventually(
        http, "/api/v1/tasks", chair, lambda b: dossier_id in {t["id"] for t in b["items"]}
    )
    answer = await http.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý", "vote": VOTE},
        headers=chair,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def _patch(http: httpx.AsyncClient, world: World, code: str, **body: str) -> None:
    answer = await http.patch(f"/api/v1/orgs/{code}", json=body, headers=world.admin)
    assert answer.status_code == 200, answer.text


async def _new_chair(http: httpx.AsyncClient, world: World, school: School) -> dict[str, str]:
    """The old chair leaves (disabled) and a new one takes the school's chair."""
    gone = await http.patch(
        f"/api/v1/users/{school.chair}", json={"active": False}, headers=world.admin
    )
    assert gone.status_code == 200, gone.text
    return await login(http, await _account(http, world, school.code, "chair", NEW_CHAIR))


async def _pdf(http: httpx.AsyncClient, path: str, headers: dict[str, str]) -> str:
    answer = await http.get(path, headers=headers)
    assert answer.status_code == 200, (path, answer.text)
    return pdf_text(answer.content)


async def _papers(http: httpx.AsyncClient, world: World, dossier: dict[str, object]) -> list[str]:
    """The text of every paper of a decided dossier, as anyone downloads it."""
    base = f"/api/v1/dossiers/{dossier['id']}"
    nominee = dossier["nominees"][0]["id"]  # type: ignore[index]
    texts = [
        await _pdf(http, f"{base}/documents/{path}", world.admin)
        for path in ("quyet-dinh.pdf", "to-trinh.pdf", "bien-ban.pdf")
    ]
    texts.append(await _pdf(http, f"{base}/certificates/{nominee}.pdf", world.admin))
    for path in ("quyet-dinh.docx", "to-trinh.docx"):
        got = await http.get(f"{base}/documents/{path}", headers=world.admin)
        assert got.status_code == 200, got.text
        document = docx.Document(io.BytesIO(got.content))
        cells = (c.text for t in document.tables for r in t.rows for c in r.cells)
        texts.append(" ".join([*(p.text for p in document.paragraphs), *cells]))
    for path in ("documents/quyet-dinh.xlsx", "nominees.xlsx"):
        got = await http.get(f"{base}/{path}", headers=world.admin)
        assert got.status_code == 200, got.text
        rows = openpyxl.load_workbook(io.BytesIO(got.content)).active.iter_rows(values_only=True)
        texts.append(" ".join(str(v) for row in rows for v in row if v is not None))
    return texts


def _prints_as_decided(text: str) -> None:
    assert OLD_NAME in text or OLD_NAME.upper() in text, text
    for new in (NEW_NAME, NEW_NAME.upper(), NEW_CHAIR, NEW_SYMBOL, NEW_PLACE, "Cao Bằng"):
        assert new not in text, (new, text)


async def test_a_decided_dossiers_papers_keep_the_org_and_chair_they_were_decided_with(
    client: httpx.AsyncClient, world: World
) -> None:
    school = await _school(client, world)
    dossier = await _decided(client, school)
    number = str(dossier["decision"]["number"])  # type: ignore[index]
    assert re.fullmatch(r"\d+/QĐ-THPTLTT", number), number
    pending = await _submitted(client, school)  # submitted before the edits, not decided
    before = await _papers(client, world, dossier)

    await _patch(client, world, school.code, name=NEW_NAME, doc_symbol=NEW_SYMBOL)
    await _patch(client, world, school.province, name="UBND tỉnh Cao Bằng")
    new_chair = await _new_chair(client, world, school)

    after = await _papers(client, world, dossier)
    assert len(after) == len(before) == 8
    for text in after:
        _prints_as_decided(text)
    decision, proposal, minutes, certificate = after[:4]
    for text in (decision, proposal, minutes, certificate):
        assert re.search(r"Lạng Sơn, ngày \d\d tháng", text), text
    for text in (decision, proposal, certificate):
        assert OLD_CHAIR in text
    assert f"Số: {number}" in decision
    assert "/TTr-THPTLTT" in proposal
    assert "HIỆU TRƯỞNG TRƯỜNG THPT LÝ THÁI TỔ" in decision
    # the PDFs print exactly what they printed before the edits (only the dates could move)
    assert [re.sub(r"ngày \d+ tháng \d+ năm \d+", "", t) for t in after[:4]] == [
        re.sub(r"ngày \d+ tháng \d+ năm \d+", "", t) for t in before[:4]
    ]

    # the dossier not decided yet prints the org and the chair as they are now
    proposal = await _pdf(client, f"/api/v1/dossiers/{pending}/documents/to-trinh.pdf", world.admin)
    assert NEW_NAME.upper() in proposal
    assert f"/TTr-{NEW_SYMBOL}" in proposal
    assert re.search(r"Cao Bằng, ngày \d\d tháng", proposal), proposal
    assert NEW_CHAIR in proposal
    assert OLD_NAME not in proposal
    assert OLD_NAME.upper() not in proposal
    assert OLD_CHAIR not in proposal

    # a place name set by the admin reaches the pending dossier, not the decided one
    await _patch(client, world, school.code, locality=NEW_PLACE)
    pending_text = await _pdf(
        client, f"/api/v1/dossiers/{pending}/documents/to-trinh.pdf", world.admin
    )
    assert re.search(rf"{NEW_PLACE}, ngày \d\d tháng", pending_text), pending_text
    for text in await _papers(client, world, dossier):
        _prints_as_decided(text)

    # the new chair signs the decision taken before: the signed PDF is the decided paper
    ca_key, ca_cert = make_ca("CA thử nghiệm tdkt")
    p12 = issue_pkcs12(ca_key, ca_cert, school.code, NEW_NAME, b"mat-khau")
    assert (await put_cert(client, world, school.code, p12, "mat-khau")).status_code == 200
    base = f"/api/v1/dossiers/{dossier['id']}/documents"
    signed = await client.post(f"{base}/quyet-dinh/sign", headers=new_chair)
    assert signed.status_code == 201, signed.text
    signed_text = await _pdf(client, f"{base}/quyet-dinh.signed.pdf", world.admin)
    _prints_as_decided(signed_text)
    assert OLD_CHAIR in signed_text
    assert f"Số: {number}" in signed_text
