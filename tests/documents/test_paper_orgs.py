"""The papers of a real dossier over HTTP (ND30/2020): a school that decides its own CSTĐ cơ
sở numbers its quyết định and tờ trình with the abbreviation of its name (not its org code),
dates them at its province's place name (not an org's name), and cites its legal bases in
Vietnamese. The place name is an org field an admin may set; bad values are 422."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from tests.api.conftest import PASSWORD, World, eventually, login
from tests.documents.conftest import VOTE
from tests.documents.test_paper_citations import LATIN
from tests.documents.test_papers import pdf_text

pytestmark = pytest.mark.usefixtures("worker")


async def _org(http: httpx.AsyncClient, world: World, **body: str | None) -> dict[str, object]:
    code = f"F5-{uuid.uuid4().hex[:8].upper()}"
    response = await http.post("/api/v1/orgs", json={"code": code, **body}, headers=world.admin)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _account(http: httpx.AsyncClient, world: World, org: str, role: str) -> dict[str, str]:
    username = f"{role}.{org}".lower()
    body = {
        "username": username,
        "password": PASSWORD,
        "full_name": f"Người dùng {role}",
        "org_code": org,
        "roles": [role],
    }
    response = await http.post("/api/v1/users", json=body, headers=world.admin)
    assert response.status_code == 201, response.text
    return await login(http, username)


@pytest.fixture(scope="module")
async def school_decision(client: httpx.AsyncClient, world: World) -> tuple[str, str, str]:
    """(dossier id, decision number, school code) of a CSTĐ cơ sở the school decided."""
    province = await _org(client, world, name="UBND tỉnh Lạng Sơn", level="province")
    department = await _org(
        client,
        world,
        name="Sở Giáo dục và Đào tạo tỉnh Lạng Sơn",
        level="department",
        parent_code=str(province["code"]),
    )
    assert (department["doc_symbol"], department["locality"]) == ("SGDĐT", "Lạng Sơn")
    school = await _org(
        client,
        world,
        name="Trường THPT Lý Thái Tổ",
        level="unit",
        parent_code=str(department["code"]),
        kind="legal_entity",
    )
    assert (school["doc_symbol"], school["locality"]) == ("THPTLTT", "Lạng Sơn")
    code = str(school["code"])
    officer = await _account(client, world, code, "officer")
    chair = await _account(client, world, code, "chair")
    body = {
        "proposer_org": code,
        "award_code": "CSTD_CS",
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm học",
        "nominees": [{"kind": "individual", "name": "Trần Thị Bình", "position": "Giáo viên"}],
    }
    created = await client.post("/api/v1/dossiers", json=body, headers=officer)
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    await eventually(
        client, "/api/v1/tasks", chair, lambda b: dossier_id in {t["id"] for t in b["items"]}
    )
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý", "vote": VOTE},
        headers=chair,
    )
    assert answer.status_code == 200, answer.text
    return dossier_id, answer.json()["decision"]["number"], code


async def test_the_school_numbers_with_its_abbreviation_and_dates_at_its_province(
    client: httpx.AsyncClient, world: World, school_decision: tuple[str, str, str]
) -> None:
    dossier_id, number, code = school_decision
    assert re.fullmatch(r"\d+/QĐ-THPTLTT", number), number
    base = f"/api/v1/dossiers/{dossier_id}/documents"
    decision = pdf_text((await client.get(f"{base}/quyet-dinh.pdf", headers=world.admin)).content)
    assert f"Số: {number}" in decision
    assert re.search(r"Lạng Sơn, ngày \d\d tháng \d+ năm \d{4}", decision)
    assert "Căn cứ Điều 23 Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in decision
    # its head is the Hiệu trưởng, named once with the school, on its own council's proposal
    heading = "QUYẾT ĐỊNH Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở HIỆU TRƯỞNG TRƯỜNG"
    assert f"{heading} THPT LÝ THÁI TỔ" in decision
    assert "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Trường THPT Lý Thái Tổ." in decision
    assert "THỦ TRƯỞNG" not in decision
    proposal = pdf_text((await client.get(f"{base}/to-trinh.pdf", headers=world.admin)).content)
    assert "/TTr-THPTLTT" in proposal
    assert re.search(r"Lạng Sơn, ngày \d\d tháng", proposal)
    minutes = pdf_text((await client.get(f"{base}/bien-ban.pdf", headers=world.admin)).content)
    assert re.search(r"Lạng Sơn, ngày \d\d tháng", minutes)
    for text in (decision, proposal, minutes):
        assert code not in text
        assert "tỉnh Lạng Sơn, ngày" not in text  # an org's name is not a place name
        assert not LATIN.search(text), LATIN.search(text)


async def test_district_papers_cite_the_law_in_vietnamese(
    client: httpx.AsyncClient, world: World
) -> None:
    from tests.documents.conftest import decided

    dossier = await decided(client, world)  # GIAY_KHEN, decided by the district (Law Art.75)
    base = f"/api/v1/dossiers/{dossier['id']}/documents"
    for path, params in (("quyet-dinh.pdf", {}), ("to-trinh.pdf", {"level": "district"})):
        answer = await client.get(f"{base}/{path}", params=params, headers=world.admin)
        assert answer.status_code == 200, answer.text
        text = pdf_text(answer.content)
        assert "Căn cứ Điều 75 Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
        assert not LATIN.search(text), (path, LATIN.search(text))


async def test_an_admin_sets_the_place_name_of_an_org(
    client: httpx.AsyncClient, world: World
) -> None:
    org = await _org(
        client,
        world,
        name="Trường Tiểu học Hoàn Sơn",
        level="unit",
        parent_code=world.code("D1"),
        locality="Tiên Du",
    )
    assert (org["locality"], org["doc_symbol"]) == ("Tiên Du", "THHS")
    got = await client.get(f"/api/v1/orgs/{org['code']}", headers=world.admin)
    assert got.json()["locality"] == "Tiên Du"


@pytest.mark.parametrize("locality", ["", "   ", "Bắc\u0000Ninh", "x" * 101, 7])
async def test_a_bad_place_name_is_422_naming_the_field_and_creates_nothing(
    client: httpx.AsyncClient, world: World, locality: object
) -> None:
    code = f"F5-BAD-{uuid.uuid4().hex[:6].upper()}"
    body = {
        "code": code,
        "name": "Trường Mầm non Lạc Vệ",
        "level": "unit",
        "parent_code": world.code("D1"),
        "locality": locality,
    }
    response = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["locality"]
    assert (await client.get(f"/api/v1/orgs/{code}", headers=world.admin)).status_code == 404
