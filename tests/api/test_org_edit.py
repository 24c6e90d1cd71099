"""Editing an org (PATCH /api/v1/orgs/{code}): each editable field, every refusal a 422 naming
its field with nothing changed, and what an edit must not reach: decision numbers already
issued keep their text (the NEXT number takes the new symbol), and the papers of a decision
keep the place name it was decided at while the next decision's print the new one."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import docx
import httpx
import pytest

from tests.api.conftest import PASSWORD, World, eventually, login


@dataclass
class Branch:
    """A district of its own under the world's three-tier province, with a unit in it."""

    district: str
    unit: str
    headers: dict[tuple[str, str], dict[str, str]]


async def _org(client: httpx.AsyncClient, world: World, **body: Any) -> str:
    created = await client.post("/api/v1/orgs", json=body, headers=world.admin)
    assert created.status_code == 201, created.text
    return str(created.json()["code"])


async def branch(client: httpx.AsyncClient, world: World, *, accounts: bool = True) -> Branch:
    tag = uuid.uuid4().hex[:6].upper()
    district = await _org(
        client,
        world,
        code=f"ED-{tag}",
        name=f"UBND huyện Sửa {tag}",
        level="district",
        parent_code=world.code("P3"),
    )
    unit = await _org(
        client,
        world,
        code=f"EU-{tag}",
        name="Trường Tiểu học Đông Sơn",
        level="unit",
        parent_code=district,
    )
    headers: dict[tuple[str, str], dict[str, str]] = {}
    for alias, code, role in (("D", district, "chair"), ("U", unit, "officer"))[: 2 * accounts]:
        username = f"{role}.{code}".lower()
        user = {
            "username": username,
            "password": PASSWORD,
            "full_name": f"Người {role} {code}",
            "org_code": code,
            "roles": [role],
        }
        answer = await client.post("/api/v1/users", json=user, headers=world.admin)
        assert answer.status_code == 201, answer.text
        headers[(alias, role)] = await login(client, username)
    return Branch(district, unit, headers)


async def _read(client: httpx.AsyncClient, world: World, code: str) -> dict[str, Any]:
    answer = await client.get(f"/api/v1/orgs/{code}", headers=world.admin)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


async def _patch(
    client: httpx.AsyncClient, world: World, code: str, body: Any, headers: Any = None
) -> httpx.Response:
    return await client.patch(f"/api/v1/orgs/{code}", json=body, headers=headers or world.admin)


async def test_each_field_is_edited_and_read_back(client: httpx.AsyncClient, world: World) -> None:
    b = await branch(client, world)
    before = await _read(client, world, b.unit)
    assert (before["kind"], before["doc_symbol"]) == ("internal", "THĐS")
    for change in (
        {"name": "Trường Tiểu học Đông Sơn 2"},
        {"kind": "legal_entity"},
        {"doc_symbol": "THDS2"},
        {"locality": "Từ Sơn"},
    ):
        answer = await _patch(client, world, b.unit, change)
        assert answer.status_code == 200, answer.text
        assert answer.json() == await _read(client, world, b.unit)  # answered as GET
        before |= change
        assert answer.json() == before
    # null puts the symbol and the place name back to their defaults (of the new name)
    reset = await _patch(client, world, b.unit, {"doc_symbol": None, "locality": None})
    assert reset.status_code == 200, reset.text
    assert reset.json()["doc_symbol"] == "THĐS2"
    assert reset.json()["locality"] == (await _read(client, world, b.district))["locality"]
    district = await _patch(client, world, b.district, {"name": "UBND huyện Thuận Thành"})
    assert district.json()["locality"] == "Thuận Thành"  # a committee's place follows its name


async def test_the_edit_is_audited_with_the_fields_changed(
    client: httpx.AsyncClient, world: World
) -> None:
    b = await branch(client, world)
    since = datetime.now(UTC).isoformat()
    answer = await _patch(client, world, b.unit, {"locality": "Từ Sơn", "kind": "enterprise"})
    assert answer.status_code == 200, answer.text
    log = await client.get("/api/v1/audit", params={"since": since}, headers=world.admin)
    entries = [e for e in log.json()["items"] if e["target"].startswith(b.unit)]
    assert [(e["action"], e["actor"], e["target"], e["ip"]) for e in entries] == [
        ("org.updated", "admin", f"{b.unit} [kind,locality]", "127.0.0.1")
    ]


REFUSALS: list[tuple[dict[str, Any], str, str]] = [
    ({"name": ""}, "name", "Tên đơn vị"),
    ({"name": "   "}, "name", "Tên đơn vị"),
    ({"name": None}, "name", "Tên đơn vị"),
    ({"name": "A" * 301}, "name", "300"),
    ({"name": "Trường\x00 A"}, "name", "Tên đơn vị"),
    ({"kind": "cooperative"}, "kind", "Loại"),
    ({"kind": None}, "kind", "Loại đơn vị cơ sở"),
    ({"doc_symbol": "QĐ/UBND"}, "doc_symbol", "Ký hiệu văn bản"),
    ({"doc_symbol": "A" * 33}, "doc_symbol", "Ký hiệu văn bản"),
    ({"doc_symbol": ""}, "doc_symbol", "Ký hiệu văn bản"),
    # the paper's kind is the number's, not the org's ("1/QĐ-QĐ-UBND" was issued)
    ({"doc_symbol": "QĐ-UBND"}, "doc_symbol", "không kèm loại văn bản"),
    ({"doc_symbol": "ttr-SGD"}, "doc_symbol", "không kèm loại văn bản"),
    ({"locality": ""}, "locality", "Địa danh"),
    ({"locality": "B" * 101}, "locality", "100"),
    ({"locality": "Bắc\u200bNinh\x07"}, "locality", "Địa danh"),
    ({"code": "MOI"}, "code", "không sửa được"),
    ({"level": "province"}, "level", "không sửa được"),
    ({"parent_code": "BNV"}, "parent_code", "không sửa được"),
    ({"parent_code": None}, "parent_code", "không sửa được"),
    ({"name": "Mới", "unknown": 1}, "unknown", "không được chấp nhận"),
    ({}, "body", "Không có thông tin nào cần thay đổi"),
]


@pytest.mark.parametrize(("body", "field", "words"), REFUSALS)
async def test_refusals_name_the_field_and_change_nothing(
    client: httpx.AsyncClient, world: World, body: dict[str, Any], field: str, words: str
) -> None:
    b = await branch(client, world, accounts=False)
    before = await _read(client, world, b.unit)
    answer = await _patch(client, world, b.unit, body)
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert words in errors[0]["message"]
    assert await _read(client, world, b.unit) == before


async def test_a_new_org_with_a_paper_kind_in_its_symbol_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    b = await branch(client, world, accounts=False)
    code = f"{b.unit}-QD"
    body = {"code": code, "name": "Công ty Thử", "level": "unit", "parent_code": b.district}
    answer = await client.post(
        "/api/v1/orgs", json=body | {"kind": "enterprise", "doc_symbol": "QĐ-UBND"},
        headers=world.admin,
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["doc_symbol"]
    assert "không kèm loại văn bản" in answer.json()["errors"][0]["message"]
    assert (await client.get(f"/api/v1/orgs/{code}", headers=world.admin)).status_code == 404


async def test_refusals_are_worded_in_english_too(client: httpx.AsyncClient, world: World) -> None:
    b = await branch(client, world)
    headers = world.admin | {"Accept-Language": "en"}
    answer = await _patch(client, world, b.unit, {"parent_code": "BNV"}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "parent_code"
    assert "cannot be changed" in answer.json()["errors"][0]["message"]


async def test_kind_is_for_units_only(client: httpx.AsyncClient, world: World) -> None:
    b = await branch(client, world)
    before = await _read(client, world, b.district)
    answer = await _patch(client, world, b.district, {"kind": "legal_entity", "name": "Mới"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {
            "field": "kind",
            "message": "Loại: Chỉ đơn vị cơ sở mới có loại hình đơn vị, không phải Cấp huyện",
        }
    ]
    assert await _read(client, world, b.district) == before


async def test_unknown_org_is_404_and_non_admins_403(
    client: httpx.AsyncClient, world: World
) -> None:
    missing = await _patch(client, world, "KHONG-CO", {"name": "Mới"})
    assert missing.status_code == 404
    assert "KHONG-CO" in missing.json()["detail"]
    b = await branch(client, world)
    before = await _read(client, world, b.unit)
    for who in (b.headers[("D", "chair")], b.headers[("U", "officer")]):
        refused = await _patch(client, world, b.unit, {"name": "Mới"}, headers=who)
        assert refused.status_code == 403
    anonymous = await client.patch(f"/api/v1/orgs/{b.unit}", json={"name": "Mới"})
    assert anonymous.status_code == 401
    assert await _read(client, world, b.unit) == before


async def _decided(client: httpx.AsyncClient, world: World, b: Branch) -> dict[str, Any]:
    """A GIAY_KHEN of the branch's unit, decided by its district's chair."""
    created = await _submit(client, b)
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    chair = b.headers[("D", "chair")]
    await eventually(
        client, "/api/v1/tasks", chair, lambda body: dossier_id in {t["id"] for t in body["items"]}
    )
    answer = await client.post(
        f"/api/v1/dossiers/{dossier_id}/decisions",
        json={"action": "approve", "comment": "Đồng ý"},
        headers=chair,
    )
    assert answer.status_code == 200, answer.text
    decided: dict[str, Any] = answer.json()
    return decided


async def _submit(client: httpx.AsyncClient, b: Branch) -> httpx.Response:
    body = {
        "proposer_org": b.unit,
        "award_code": "GIAY_KHEN",
        "summary": "Thành tích xuất sắc năm 2026",
        "nominees": [{"kind": "individual", "name": "Nguyễn Văn An", "is_direct_worker": True}],
    }
    return await client.post("/api/v1/dossiers", json=body, headers=b.headers[("U", "officer")])


def _docx_text(data: bytes) -> str:
    """The paragraphs of the document and of its tables (the header is a table)."""
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


@pytest.mark.usefixtures("worker")
async def test_a_new_symbol_and_place_reach_the_next_decision_not_the_issued_one(
    client: httpx.AsyncClient, world: World
) -> None:
    b = await branch(client, world)
    year = datetime.now(UTC).year
    first = await _decided(client, world, b)
    assert first["decision"]["number"] == "1/QĐ-UBND"
    edited = await _patch(client, world, b.district, {"doc_symbol": "UBND-DS"})
    assert edited.status_code == 200, edited.text
    moved = await _patch(client, world, b.district, {"locality": "Đông Sơn"})
    assert moved.json()["locality"] == "Đông Sơn"

    second = await _decided(client, world, b)
    assert second["decision"]["number"] == "2/QĐ-UBND-DS"  # the same yearly sequence
    chair = b.headers[("D", "chair")]
    again = await client.get(f"/api/v1/dossiers/{first['id']}", headers=chair)
    assert again.json()["decision"]["number"] == "1/QĐ-UBND"  # issued: kept as it was

    # the first decision's papers keep the place it was decided at (migration 0023) …
    base = f"/api/v1/dossiers/{first['id']}/documents"
    paper = _docx_text((await client.get(f"{base}/quyet-dinh.docx", headers=chair)).content)
    assert "1/QĐ-UBND" in paper
    assert "1/QĐ-UBND-DS" not in paper
    old_place = f"Sửa {b.district.removeprefix('ED-')}, ngày"  # of "UBND huyện Sửa <tag>"
    assert old_place in paper
    assert "Đông Sơn, ngày" not in paper
    letter = await client.get(f"{base}/to-trinh.docx", headers=b.headers[("U", "officer")])
    assert old_place in _docx_text(letter.content)  # the unit's place: its district's
    assert str(year) in paper
    # … and the decision taken after the edit prints the new place
    base = f"/api/v1/dossiers/{second['id']}/documents"
    paper = _docx_text((await client.get(f"{base}/quyet-dinh.docx", headers=chair)).content)
    assert "2/QĐ-UBND-DS" in paper
    assert "Đông Sơn, ngày" in paper
    letter = await client.get(f"{base}/to-trinh.docx", headers=b.headers[("U", "officer")])
    assert "Đông Sơn, ngày" in _docx_text(letter.content)


@pytest.mark.usefixtures("worker")
async def test_a_new_kind_routes_new_dossiers_only(client: httpx.AsyncClient, world: World) -> None:
    b = await branch(client, world)
    officer = b.headers[("U", "officer")]
    before = await _submit(client, b)
    assert before.status_code == 201, before.text
    assert before.json()["route_orgs"] == [b.unit, b.district]
    answer = await _patch(client, world, b.unit, {"kind": "legal_entity"})
    assert answer.status_code == 200, answer.text
    after = await _submit(client, b)
    assert after.status_code == 201, after.text
    assert after.json()["route_orgs"] == [b.unit]  # a legal entity decides its own Giấy khen
    kept = await client.get(f"/api/v1/dossiers/{before.json()['id']}", headers=officer)
    assert kept.json()["route_orgs"] == [b.unit, b.district]
