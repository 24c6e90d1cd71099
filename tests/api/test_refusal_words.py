"""Refusals people trigger on dossiers, routes, ballots, awards, papers and initiatives read in
the language of ``Accept-Language``, from the catalogues, with names instead of codes: each is
asked for in Vietnamese and in English (real app, PostgreSQL, Temporal and worker)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

import httpx
import pytest

from tests.api.conftest import PASSWORD, TREE, World, login, submit

pytestmark = pytest.mark.usefixtures("worker")

VIETNAMESE = re.compile(r"[\u00C0-\u1EF9]")
NGUYEN = "Nguyễn Văn An"
# Words a person may type or name, allowed in English answers: the world's org names, nominees.
NAMES = (*(f"{level} {alias} thử" for alias, level, _parent in TREE), NGUYEN, "Trần Thị Bình")
ENUMS = ("unit", "district", "province", "in_review", "decided", "regular", "thematic", "ad_hoc")


async def both(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str], **kwargs: Any
) -> tuple[httpx.Response, httpx.Response]:
    """The same request asked in Vietnamese, then in English."""
    vi = await client.request(method, path, headers={**headers, "Accept-Language": "vi"}, **kwargs)
    en = await client.request(method, path, headers={**headers, "Accept-Language": "en"}, **kwargs)
    assert vi.status_code == en.status_code, (vi.text, en.text)
    return vi, en


def _texts(response: httpx.Response) -> list[str]:
    body = response.json()
    return [body["detail"], *(e["message"] for e in body.get("errors", []))]


def worded(
    vi: httpx.Response,
    en: httpx.Response,
    *,
    status: int,
    says: str,
    says_en: str,
    codes: Iterable[str] = (),
    field: str | None = None,
    names: Iterable[str] = (),
) -> None:
    """Both answers refuse with ``status``, name ``field``, say what is expected, show none of
    ``codes`` (org, award codes; enum values in Vietnamese) and English has no Vietnamese but
    in names (``NAMES``, ``names``)."""
    assert vi.status_code == status, vi.text
    if field is not None:
        assert [e["field"] for e in vi.json()["errors"]] == [field]
        assert [e["field"] for e in en.json()["errors"]] == [field]
    assert says in vi.json()["detail"], vi.json()["detail"]
    assert says_en in en.json()["detail"], en.json()["detail"]
    for text in _texts(vi):
        assert not any(re.search(rf"\b{re.escape(c)}\b", text) for c in (*codes, *ENUMS)), text
    for text in _texts(en):
        assert not any(c in text for c in codes), text
        for name in (*NAMES, *names):
            text = text.replace(name, "")
        assert not VIETNAMESE.search(text), text


def _create(world: World, award: str, **extra: object) -> dict[str, object]:
    nominees = extra.pop("nominees", None) or [{"kind": "individual", "name": NGUYEN}]
    return {
        "proposer_org": world.code("U1"),
        "award_code": award,
        "summary": "Thành tích năm 2026",
        "nominees": nominees,
        **extra,
    }


async def test_award_type_refusals_name_the_award_and_the_types(
    client: httpx.AsyncClient, world: World
) -> None:
    officer = world.as_("U1", "officer")
    body = _create(world, "LDTT", award_type="thematic")
    vi, en = await both(client, "POST", "/api/v1/dossiers", officer, json=body)
    worded(
        vi,
        en,
        status=422,
        field="award_type",
        codes=["LDTT"],
        says="Lao động tiên tiến không xét theo khen thưởng theo chuyên đề (chỉ xét theo: "
        "khen thưởng công trạng)",
        says_en="cannot be proposed as thematic commendation (only as: merit commendation)",
    )
    body = _create(world, "GIAY_KHEN", award_type="regular", simplified=True)
    vi, en = await both(client, "POST", "/api/v1/dossiers", officer, json=body)
    worded(
        vi,
        en,
        status=422,
        field="simplified",
        codes=["GIAY_KHEN"],
        says="Thủ tục đơn giản chỉ áp dụng cho khen thưởng đột xuất.",
        says_en="The simplified procedure applies only to ad hoc commendations.",
    )


async def test_no_route_names_the_org_not_its_code(client: httpx.AsyncClient, world: World) -> None:
    """A unit without legal personality right under a province: nobody may decide Giấy khen."""
    code, name = f"UX-{uuid.uuid4().hex[:6].upper()}", "Tổ công tác thử"
    org = {"code": code, "name": name, "level": "unit", "parent_code": world.code("P3")}
    assert (await client.post("/api/v1/orgs", json=org, headers=world.admin)).status_code == 201
    user = {"username": f"canbo.{code.lower()}", "password": PASSWORD, "full_name": "Cán bộ",
            "org_code": code, "roles": ["officer"]}  # fmt: skip
    assert (await client.post("/api/v1/users", json=user, headers=world.admin)).status_code == 201
    officer = await login(client, str(user["username"]))
    body = {**_create(world, "GIAY_KHEN"), "proposer_org": code}
    vi, en = await both(client, "POST", "/api/v1/dossiers", officer, json=body)
    worded(
        vi,
        en,
        status=422,
        field="proposer_org",
        codes=[code, "legal_entity", "commune"],
        names=[name],
        says=f"Từ “{name}” trở lên không có cơ quan, đơn vị nào có thẩm quyền quyết định",
        says_en=f"No organisation from “{name}” upwards has the authority",
    )


async def test_cited_initiatives_are_refused_in_words(
    client: httpx.AsyncClient, world: World
) -> None:
    officer = world.as_("U1", "officer")
    recorded = await client.post(
        "/api/v1/registry/initiatives",
        json={
            "person": {"name": NGUYEN},
            "title": "Số hoá sổ điểm",
            "scope": "unit",
            "recognised_on": "2025-06-01",
        },
        headers=officer,
    )
    assert recorded.status_code == 201, recorded.text
    own = recorded.json()["id"]
    cases = [
        ([{"kind": "individual", "name": NGUYEN, "initiative_ids": [999_999_999]}],
         "nominees[0].initiative_ids[0]",
         "Không có sáng kiến số 999999999 trong sổ sáng kiến", "no initiative no. 999999999"),
        ([{"kind": "individual", "name": "Trần Thị Bình", "initiative_ids": [own]}],
         "nominees[0].initiative_ids[0]",
         f"Sáng kiến số {own} không phải của Trần Thị Bình",
         f"Initiative no. {own} does not belong to Trần Thị Bình"),
        ([{"kind": "individual", "name": NGUYEN, "initiative_ids": [own, own]}],
         "nominees[0].initiative_ids[1]",
         f"Sáng kiến số {own} được dẫn hai lần", f"Initiative no. {own} is cited twice"),
    ]  # fmt: skip
    for nominees, field, says, says_en in cases:
        body = _create(world, "GIAY_KHEN", nominees=nominees)
        vi, en = await both(client, "POST", "/api/v1/dossiers", officer, json=body)
        worded(vi, en, status=422, field=field, says=says, says_en=says_en)


async def test_eligibility_warnings_of_a_create_read_in_the_callers_language(
    client: httpx.AsyncClient, world: World
) -> None:
    officer = world.as_("U1", "officer")
    body = _create(world, "CSTD_CS", year=2026)
    vi = await client.post("/api/v1/dossiers", json=body, headers=officer)
    en = await client.post(
        "/api/v1/dossiers", json=body, headers={**officer, "Accept-Language": "en"}
    )
    assert (vi.status_code, en.status_code) == (201, 201), (vi.text, en.text)
    assert vi.json()["warnings"] == [
        f"{NGUYEN}: chưa đủ điều kiện Chiến sĩ thi đua cơ sở — Chưa khai báo kết quả đánh giá "
        f"năm 2026 của {NGUYEN}"
    ]
    assert en.json()["warnings"] == [
        f"{NGUYEN}: not yet eligible for Grassroots Emulation Fighter — The 2026 assessment of "
        f"{NGUYEN} has not been declared"
    ]


async def test_decision_refusals_of_the_workflow(client: httpx.AsyncClient, world: World) -> None:
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    path = f"/api/v1/dossiers/{created.json()['id']}"
    chair, officer = world.as_("D1", "chair"), world.as_("U1", "officer")
    approve = {"action": "approve", "comment": "Đồng ý"}
    vi, en = await both(
        client, "POST", f"{path}/decisions", chair, json={**approve, "nominee_ids": ["HS-KHONG-CO"]}
    )
    worded(
        vi,
        en,
        status=422,
        field="nominee_ids",
        says="không có đối tượng đang chờ xét mã HS-KHONG-CO",
        says_en="no pending nominee with id HS-KHONG-CO",
    )
    vi, en = await both(
        client, "POST", f"{path}/decisions", chair, json={**approve, "nominee_ids": []}
    )
    worded(
        vi,
        en,
        status=422,
        field="nominee_ids",
        says="Chưa chọn đối tượng nào để đồng ý",
        says_en="No nominee was chosen",
    )
    vi, en = await both(
        client, "POST", f"{path}/decisions", chair, json={**approve, "decision_date": "1990-01-05"}
    )
    worded(
        vi,
        en,
        status=422,
        field="decision_date",
        # before the submission, so before any check of the bonus (which tests/unit reaches)
        says="Ngày quyết định không được trước ngày nộp hồ sơ",
        says_en="The decision date cannot be before the dossier was submitted",
    )
    vi, en = await both(client, "POST", f"{path}/resubmit", officer, json={"comment": "Lại"})
    worded(vi, en, status=409, says="Chỉ trình lại được hồ sơ đang bị trả lại", says_en="returned")
    # papers: a level off the route, changes while in review, additions once decided
    vi, en = await both(client, "GET", f"{path}/documents/to-trinh.pdf?level=province", officer)
    worded(
        vi,
        en,
        status=422,
        field="level",
        says="“Cấp tỉnh” không thuộc tuyến trình của hồ sơ (Đơn vị → Cấp huyện)",
        says_en="is not on the dossier's route",
    )
    for method, says, says_en in (
        ("PUT", "Không thể thay tài liệu khi hồ sơ đang xét", "Papers cannot be replaced"),
        ("DELETE", "Không thể xoá tài liệu khi hồ sơ đang xét", "Papers cannot be removed"),
    ):
        vi, en = await both(client, method, f"{path}/attachments/TL-000000000000", officer)
        worded(vi, en, status=409, says=says, says_en=says_en)
    decided = await client.post(f"{path}/decisions", json=approve, headers=chair)
    assert decided.status_code == 200, decided.text
    vi, en = await both(client, "POST", f"{path}/attachments", officer, content=b"")
    worded(
        vi,
        en,
        status=409,
        says="Không thể thêm tài liệu khi hồ sơ đã quyết định",
        says_en="Papers cannot be added while the dossier is",
    )


async def test_ballot_refusals_at_the_province(client: httpx.AsyncClient, world: World) -> None:
    """Cờ thi đua của Chính phủ: the provincial council must vote, with a quorum, ≥ 80 %."""
    collective: list[dict[str, object]] = [{"kind": "collective", "name": "Trường Đông Phong"}]
    created = await submit(client, world, award_code="CO_CP", nominees=collective)
    assert created.status_code == 201, created.text
    path = f"/api/v1/dossiers/{created.json()['id']}/decisions"
    approve = {"action": "approve", "comment": "Đồng ý"}
    forwarded = await client.post(path, json=approve, headers=world.as_("D1", "chair"))
    assert forwarded.status_code == 200, forwarded.text
    chair = world.as_("P3", "chair")
    vi, en = await both(client, "POST", path, chair, json=approve)
    worded(
        vi,
        en,
        status=422,
        field="vote",
        says="Kết quả bỏ phiếu: bắt buộc với hình thức khen thưởng này",
        says_en="Ballot: required for this award",
    )
    low = {"members_total": 11, "present": 5, "in_favor": 5}
    vi, en = await both(client, "POST", path, chair, json={**approve, "vote": low})
    worded(
        vi,
        en,
        status=422,
        field="vote.present",
        says="có mặt 5/11, cần ít nhất 8 (66,67\u00a0% tổng số thành viên, khoản 4 Điều 45",
        says_en="5/11 present, at least 8 needed (66.67% of all members, clause 4, Article 45",
    )
    failed = {"members_total": 10, "present": 10, "in_favor": 7}
    vi, en = await both(client, "POST", path, chair, json={**approve, "vote": failed})
    worded(
        vi,
        en,
        status=422,
        field="vote",
        says="7/10 thành viên đồng ý (70\u00a0% tổng số thành viên, có mặt 10); yêu cầu ≥ 80",
        says_en="7/10 members in favour (70% of all members, 10 present); at least 80% required",
    )
    odd = {"members_total": 10, "present": 11, "in_favor": 0}
    vi, en = await both(client, "POST", path, chair, json={**approve, "vote": odd})
    worded(
        vi,
        en,
        status=422,
        field="vote.present",
        says="phải từ 0 đến 10",
        says_en="must be between 0 and 10",
    )


async def test_bonus_before_any_base_salary(client: httpx.AsyncClient, world: World) -> None:
    params = {"award_code": "GIAY_KHEN", "subject": "individual", "decision_date": "1990-01-05"}
    vi, en = await both(client, "GET", "/api/v1/bonus", world.as_("U1", "viewer"), params=params)
    worded(
        vi,
        en,
        status=422,
        field="decision_date",
        says="Chưa có mức lương cơ sở",
        says_en="No base salary is known for 05/01/1990",
    )
