"""The nominee import's "Xếp loại" column is each row's rating of the achievement year: the
created dossier's eligibility judges it, as the web form's row does (without it, every
imported nominee read "no rating declared")."""

from __future__ import annotations

import io
from typing import Any

import httpx
import openpyxl
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from store.models import Nominee
from tests.api.conftest import World
from tests.documents.test_excel import HEADERS, count, import_

pytestmark = pytest.mark.usefixtures("worker")


def rated(rows: list[tuple[object, ...]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append((*HEADERS, "Xếp loại"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _ratings(app: FastAPI, dossier_id: str) -> dict[str, set[Any]]:
    async with app.state.tdkt.sessions() as session:
        found = await session.execute(select(Nominee).where(Nominee.dossier_id == dossier_id))
        return {
            n.name: {
                c["values"]["rating"]
                for c in (n.eligibility or {}).get("checks", [])
                if "rating" in c.get("values", {})
            }
            for n in found.scalars()
        }


async def test_each_row_s_rating_reaches_the_dossier_s_eligibility(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    data = rated(
        [
            ("Lê Văn Khải", "Cá nhân", "Giáo viên", "Nam", "Không", "Không hoàn thành nhiệm vụ"),
            ("Phan Thị Ngọc", "Cá nhân", "Giáo viên", "Nữ", "Không", "HTXS"),
            ("Đỗ Văn Lâm", "Cá nhân", "Bảo vệ", "Nam", "Có", None),
        ]
    )
    answer = await import_(client, world, data, award_code="LDTT", year="2025")
    assert answer.status_code == 201, answer.text
    ratings = await _ratings(app, answer.json()["id"])
    assert ratings == {"Lê Văn Khải": {"KHT"}, "Phan Thị Ngọc": {"HTXS"}, "Đỗ Văn Lâm": set()}


async def test_an_unknown_rating_names_its_row_and_column_and_offers_names(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    data = rated([("Lê Văn Khải", "Cá nhân", "Giáo viên", "Nam", "Không", "Giỏi")])
    answer = await import_(client, world, data, award_code="LDTT", year="2025")
    assert answer.status_code == 422, answer.text
    error = answer.json()["errors"][0]
    assert (error["row"], error["field"]) == (2, "Xếp loại")
    assert "hoàn thành tốt nhiệm vụ" in error["message"]
    assert "htxs" not in error["message"].lower()  # names offered, not codes
    assert await count(client, world) == before


async def test_without_a_year_the_ratings_are_for_the_year_eligibility_judges(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    """No ``year`` in the form: eligibility judges this year (in Vietnam), so the sheet's
    ratings are this year's (they went nowhere, and every nominee read "no rating declared")."""
    data = rated(
        [
            ("Lê Văn Khải", "Cá nhân", "Giáo viên", "Nam", "Không", "Hoàn thành tốt nhiệm vụ"),
            ("Phan Thị Ngọc", "Cá nhân", "Giáo viên", "Nữ", "Không", "htt"),
        ]
    )
    answer = await import_(client, world, data, award_code="LDTT", year="")
    assert answer.status_code == 201, answer.text
    ratings = await _ratings(app, answer.json()["id"])
    assert ratings == {"Lê Văn Khải": {"HTT"}, "Phan Thị Ngọc": {"HTT"}}
    assert not any("Chưa khai báo" in w for w in answer.json().get("warnings", []))


async def test_a_kind_the_award_does_not_take_is_a_row_error_with_the_others(
    client: httpx.AsyncClient, world: World
) -> None:
    """LDTT is for individuals: a "Tập thể" row is refused like any bad row (its row number,
    the column's header, Vietnamese), in the same answer as the other rows' errors."""
    before = await count(client, world)
    data = rated(
        [
            ("Lê Văn Khải", "Cá nhân", "Giáo viên", "Nam", "Không", "Giỏi"),
            ("Tổ Toán - Tin", "Tập thể", None, None, None, None),
        ]
    )
    answer = await import_(client, world, data, award_code="LDTT", year="2025")
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "Xếp loại"), (3, "Đối tượng")]
    assert errors[1]["message"] == "Lao động tiên tiến chỉ xét tặng cho: cá nhân"
    assert "dòng 2, 3" in answer.json()["detail"]
    assert await count(client, world) == before
