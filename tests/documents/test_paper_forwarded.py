"""A school's Bằng khen tỉnh over HTTP (audit A4 §9, §12): the Sở GD&ĐT forwards it, leaving
one nominee out, and the province decides. Its papers, opened as files, cite the Sở (who sent
the dossier to the province), also after the Sở is renamed (the decision snapshot), give the
recipients by kind, name each nominee's unit, and the minutes give each nominee's result; the
Sở's chair asking to sign is told who signs the province's decision, by title."""

from __future__ import annotations

import io
import uuid

import docx
import httpx
import pytest

from tests.api.conftest import PASSWORD, World, eventually, login
from tests.documents.conftest import VOTE
from tests.documents.test_papers import pdf_text

pytestmark = pytest.mark.usefixtures("worker")


async def _org(http: httpx.AsyncClient, world: World, **body: str) -> str:
    code = f"G5-{uuid.uuid4().hex[:8].upper()}"
    response = await http.post("/api/v1/orgs", json={"code": code, **body}, headers=world.admin)
    assert response.status_code == 201, response.text
    return code


async def _login_as(http: httpx.AsyncClient, world: World, org: str, role: str) -> dict[str, str]:
    username = f"{role}.{uuid.uuid4().hex[:6]}.{org}".lower()
    body = {
        "username": username,
        "password": PASSWORD,
        "full_name": f"Người {role}",
        "org_code": org,
        "roles": [role],
    }
    response = await http.post("/api/v1/users", json=body, headers=world.admin)
    assert response.status_code == 201, response.text
    return await login(http, username)


async def _decide(
    http: httpx.AsyncClient, dossier_id: str, chair: dict[str, str], body: dict[str, object]
) -> dict[str, object]:
    await eventually(
        http, "/api/v1/tasks", chair, lambda b: dossier_id in {t["id"] for t in b["items"]}
    )
    answer = await http.post(f"/api/v1/dossiers/{dossier_id}/decisions", json=body, headers=chair)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def _get(http: httpx.AsyncClient, path: str, headers: dict[str, str]) -> bytes:
    answer = await http.get(path, headers=headers)
    assert answer.status_code == 200, (path, answer.text)
    return answer.content


async def test_a_forwarded_dossiers_papers(client: httpx.AsyncClient, world: World) -> None:
    tag = uuid.uuid4().hex[:4].upper()
    province_name = f"UBND tỉnh Hà Giang {tag}"
    so_name = f"Sở Giáo dục và Đào tạo tỉnh Hà Giang {tag}"
    province = await _org(client, world, name=province_name, level="province")
    so = await _org(client, world, name=so_name, level="department", parent_code=province)
    school = await _org(
        client,
        world,
        name=f"Trường THPT Lý Thái Tổ {tag}",
        level="unit",
        parent_code=so,
        kind="legal_entity",
    )
    officer = await _login_as(client, world, school, "officer")
    so_chair = await _login_as(client, world, so, "chair")
    province_chair = await _login_as(client, world, province, "chair")
    body = {
        "proposer_org": school,
        "award_code": "BK_TINH",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm học",
        "nominees": [
            {"kind": "individual", "name": "Nguyễn Thị Hoa", "position": "Giáo viên"},
            {"kind": "individual", "name": "Lê Văn Nam", "position": "Giáo viên"},
            {"kind": "collective", "name": "Tổ Toán"},
        ],
    }
    created = await client.post("/api/v1/dossiers", json=body, headers=officer)
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    ids = [n["id"] for n in created.json()["nominees"]]
    # the school (a legal entity) proposes at its own stage; the Sở forwards it to the province
    assert created.json()["route_orgs"] == [school, so, province]
    assert created.json()["stage"]["org_code"] == so
    await _decide(
        client,
        dossier_id,
        so_chair,
        {"action": "approve", "comment": "Đồng ý", "nominee_ids": [ids[0], ids[2]]},
    )
    await _decide(
        client, dossier_id, province_chair, {"action": "approve", "comment": "Đồng ý", "vote": VOTE}
    )
    # the Sở is renamed after the decision: the papers keep the name it was decided with
    renamed = await client.patch(
        f"/api/v1/orgs/{so}", json={"name": f"Sở GD mới {tag}"}, headers=world.admin
    )
    assert renamed.status_code == 200, renamed.text

    base = f"/api/v1/dossiers/{dossier_id}/documents"
    cited = f"Xét đề nghị của {so_name} và của Hội đồng Thi đua - Khen thưởng tỉnh Hà Giang {tag}."
    article = (
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 1 cá nhân và 1 tập thể "
        "có tên trong danh sách kèm theo"
    )
    decision_pdf = pdf_text(await _get(client, f"{base}/quyet-dinh.pdf", world.admin))
    document = docx.Document(io.BytesIO(await _get(client, f"{base}/quyet-dinh.docx", world.admin)))
    decision_docx = " ".join(" ".join(p.text for p in document.paragraphs).split())
    for text in (decision_pdf, decision_docx):
        assert cited in text
        assert f"Xét đề nghị của Trường THPT Lý Thái Tổ {tag}" not in text
        assert article in text
        assert "Sở GD mới" not in text
    annex = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    units = {r.cells[1].text: r.cells[2].text for r in annex.rows[1:]}
    assert units == {
        "Nguyễn Thị Hoa": f"Giáo viên, Trường THPT Lý Thái Tổ {tag}",
        "Tổ Toán": f"Trường THPT Lý Thái Tổ {tag}",
    }
    assert f"Giáo viên, Trường THPT Lý Thái Tổ {tag}" in decision_pdf

    # the province council's minutes: the two it was sent agreed, with the ballot; the one the
    # Sở left out was not before it
    minutes = pdf_text(await _get(client, f"{base}/bien-ban.pdf?level=province", world.admin))
    assert minutes.count("Đồng ý (9/10 phiếu)") == 2
    assert "Lê Văn Nam" not in minutes
    assert "Chưa xét" not in minutes
    assert "dropped" not in minutes

    # the Sở's chair may not sign the province's decision: who signs it, by title
    sign = f"{base}/quyet-dinh/sign"
    refused = await client.post(sign, headers=so_chair)
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        f"Chỉ Chủ tịch Ủy ban nhân dân tỉnh Hà Giang {tag} (người ký quyết định) được ký"
    )
    english = await client.post(sign, headers=so_chair | {"Accept-Language": "en"})
    assert english.status_code == 403
    assert english.json()["detail"] == (
        f"Only the Chair of Ủy ban nhân dân tỉnh Hà Giang {tag}, who signs the decision, may "
        "sign it"
    )
    signed = await client.get(f"{base}/quyet-dinh.signed.pdf", headers=world.admin)
    assert signed.status_code == 404  # nothing was signed
