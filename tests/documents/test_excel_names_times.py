"""Generated workbooks show people names and Vietnam's time, never codes and UTC (issue: the
dossier list showed "Hạn xử lý" 16:59 for a deadline of 23:59 in Hà Nội, and BK_TINH where the
award's name belongs)."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import openpyxl
import pytest

from domain.catalog import default_catalog
from tests.api.conftest import TREE, World, eventually, submit

pytestmark = pytest.mark.usefixtures("worker")
VN = timezone(timedelta(hours=7))


def sheet_rows(data: bytes) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


async def test_the_dossier_list_shows_names_and_vietnam_time(
    client: httpx.AsyncClient, world: World
) -> None:
    created = (await submit(client, world, proposer="U3")).json()
    viewer = world.as_("U3", "viewer")
    listed = await eventually(
        client,
        "/api/v1/dossiers",
        viewer,
        lambda page: any(i["id"] == created["id"] and i["due_at"] for i in page["items"]),
    )
    item = next(i for i in listed["items"] if i["id"] == created["id"])
    due = datetime.fromisoformat(item["due_at"]).astimezone(VN)
    submitted = datetime.fromisoformat(item["created_at"]).astimezone(VN)
    assert due.strftime("%H:%M") == "23:59"  # the deadline ends the day in Vietnam

    answer = await client.get("/api/v1/dossiers.xlsx", params={"q": created["id"]}, headers=viewer)

    assert answer.status_code == 200
    rows = sheet_rows(answer.content)
    header, row = rows[0], next(r for r in rows[1:] if r[1] == created["id"])
    cell = dict(zip(header, row, strict=True))
    assert cell["Hạn xử lý"] == due.strftime("%d/%m/%Y %H:%M")
    assert cell["Ngày nộp"] == submitted.strftime("%d/%m/%Y")
    assert cell["Hình thức khen thưởng"] == default_catalog().get("GIAY_KHEN").name_vi
    names = {world.code(alias): f"{level} {alias} thử" for alias, level, _parent in TREE}
    stage_org = item["stage"]["org_code"]
    assert cell["Đơn vị đề nghị"] == names[world.code("U3")]
    assert cell["Đơn vị đang xét"] == names[stage_org]
    # the codes stay, for machines, in the last columns
    assert header[-4:] == (
        "Mã hình thức khen thưởng",
        "Mã đơn vị đề nghị",
        "Mã đơn vị đang xét",
        "Mã đợt xét",
    )
    assert row[-4:] == ("GIAY_KHEN", world.code("U3"), stage_org, None)  # in no round


async def test_the_dossier_list_in_english_names_the_award_in_english(
    client: httpx.AsyncClient, world: World
) -> None:
    created = (await submit(client, world, proposer="U3")).json()
    viewer = {**world.as_("U3", "viewer"), "Accept-Language": "en"}
    answer = await client.get("/api/v1/dossiers.xlsx", params={"q": created["id"]}, headers=viewer)
    rows = sheet_rows(answer.content)
    cell = dict(zip(rows[0], next(r for r in rows[1:] if r[1] == created["id"]), strict=True))
    assert cell["Award"] == default_catalog().get("GIAY_KHEN").name_en
    assert cell["Award code"] == "GIAY_KHEN"


async def test_the_dossier_list_names_the_round_and_keeps_its_code_last(
    client: httpx.AsyncClient, world: World
) -> None:
    code = f"G5-{uuid.uuid4().hex[:6].upper()}"
    name = "Đợt xét khen thưởng năm học 2025-2026"
    opened = await client.post(
        "/api/v1/rounds",
        json={
            "code": code,
            "name": name,
            "year": 2026,
            "owner_org": world.code("D1"),
            "award_codes": ["GIAY_KHEN"],
            "submission_deadlines": {"unit": "P30D"},
        },
        headers=world.as_("D1", "chair"),
    )
    assert opened.status_code == 201, opened.text
    body = {
        "proposer_org": world.code("U1"),
        "award_code": "GIAY_KHEN",
        "summary": "Thành tích năm học",
        "round_code": code,
        "nominees": [{"kind": "individual", "name": "Trần Thị Bình"}],
    }
    created = await client.post("/api/v1/dossiers", json=body, headers=world.as_("U1", "officer"))
    assert created.status_code == 201, created.text
    for lang, round_header, code_header in (
        ("vi", "Đợt xét", "Mã đợt xét"),
        ("en", "Round", "Round code"),
    ):
        viewer = {**world.as_("U1", "viewer"), "Accept-Language": lang}
        answer = await client.get(
            "/api/v1/dossiers.xlsx", params={"q": created.json()["id"]}, headers=viewer
        )
        assert answer.status_code == 200, answer.text
        rows = sheet_rows(answer.content)
        row = next(r for r in rows[1:] if r[1] == created.json()["id"])
        cell = dict(zip(rows[0], row, strict=True))
        assert cell[round_header] == name  # the round's name, not its code
        assert rows[0][-1] == code_header
        assert row[-1] == code
        assert code not in [v for k, v in cell.items() if k != code_header]
