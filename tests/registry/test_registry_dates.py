"""Impossible dates in the registers are refused, naming the field, and nothing is written.

A birth date in the future (Vietnam time), an award for a year before the person was born or
an emulation title before working age (15), and a recognition or discipline date in the future
or before the birth: the registry API, the initiative and discipline registers, a dossier's
nominees and the workbook import's rows apply the same rules.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.calendar import VN_TZ
from tests.api.conftest import World
from tests.registry.workbook import cccd, xlsx

_serial = itertools.count(1)
TOMORROW = (datetime.now(VN_TZ) + timedelta(days=1)).date().isoformat()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def name() -> str:
    return f"Lương Thị Ngày {next(_serial)}"


def record(world: World, who: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person": {"name": who, "birth_date": "1985-04-12"},
        "org_code": world.code("U1"), "award_code": "CSTD_CS", "year": 2024,
        "decision_number": f"{next(_serial)}/QĐ-UBND", "decision_date": "2025-01-10",
    }  # fmt: skip
    for key, value in changes.items():
        if key == "birth_date":
            body["person"]["birth_date"] = value
        else:
            body[key] = value
    return body


async def total(client: httpx.AsyncClient, world: World, path: str, who: str) -> int:
    page = await client.get(f"/api/v1/registry{path}", params={"q": who}, headers=world.admin)
    assert page.status_code == 200, page.text
    return int(page.json()["total"])


RECORD_CASES: dict[str, tuple[dict[str, Any], str, str]] = {
    "future birth": ({"birth_date": "2100-01-01"}, "person.birth_date", "tương lai"),
    "birth tomorrow": ({"birth_date": TOMORROW}, "person.birth_date", "tương lai"),
    "award before birth": (
        {"birth_date": "2025-01-01", "year": 1950, "decision_date": "1950-06-01"},
        "year",
        "trước năm sinh 2025",
    ),
    "title at ten": ({"birth_date": "2014-03-01"}, "year", "từ đủ 15 tuổi"),
    "decision before birth": (
        {
            "birth_date": "2010-05-01",
            "award_code": "GIAY_KHEN",
            "year": 2010,
            "decision_date": "2010-02-01",
        },
        "decision_date",
        "Trước ngày sinh",
    ),
}


@pytest.mark.parametrize("case", sorted(RECORD_CASES))
async def test_a_registry_record_with_an_impossible_date_is_refused(
    client: httpx.AsyncClient, world: World, case: str
) -> None:
    changes, field, words = RECORD_CASES[case]
    who = name()
    response = await client.post(
        "/api/v1/registry", json=record(world, who, **changes), headers=world.admin
    )
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert words in errors[0]["message"]
    assert await total(client, world, "", who) == 0


async def test_a_child_s_giay_khen_is_plausible_and_recorded(
    client: httpx.AsyncClient, world: World
) -> None:
    who = name()
    body = record(world, who, birth_date="2014-03-01", award_code="GIAY_KHEN")
    response = await client.post("/api/v1/registry", json=body, headers=world.admin)
    assert response.status_code == 201, response.text
    assert await total(client, world, "", who) == 1


INITIATIVE_CASES = {
    "far future": ("2999-01-01", "Ngày ở tương lai"),
    "tomorrow": (TOMORROW, "Ngày ở tương lai"),
    "before birth": ("1980-01-01", "Trước ngày sinh"),
}


@pytest.mark.parametrize("case", sorted(INITIATIVE_CASES))
async def test_an_initiative_recognised_in_the_future_or_before_birth_is_refused(
    client: httpx.AsyncClient, world: World, case: str
) -> None:
    day, words = INITIATIVE_CASES[case]
    who = name()
    body = {
        "person": {"name": who, "birth_date": "1985-04-12"}, "org_code": world.code("U1"),
        "title": "Sổ tay điện tử", "scope": "unit", "recognised_on": day,
    }  # fmt: skip
    response = await client.post("/api/v1/registry/initiatives", json=body, headers=world.admin)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["recognised_on"]
    assert words in errors[0]["message"]
    assert await total(client, world, "/initiatives", who) == 0


async def test_a_discipline_starting_in_the_future_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    who = name()
    body = {
        "person": {"name": who, "birth_date": "1985-04-12"}, "org_code": world.code("U1"),
        "from": "2999-01-01", "kind": "discipline",
    }  # fmt: skip
    response = await client.post("/api/v1/registry/discipline", json=body, headers=world.admin)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["from"]
    assert await total(client, world, "/discipline", who) == 0


async def test_a_nominee_born_in_the_future_refuses_the_dossier(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")
    params = {"proposer_org": world.code("U1")}
    before = (await client.get("/api/v1/dossiers", params=params, headers=headers)).json()
    nominee = {"kind": "individual", "name": "Hà Văn Sau", "birth_date": "2100-01-01"}
    older = {"kind": "individual", "name": "Hà Văn Trước", "birth_date": "2000-01-01",
             "history": [{"year": 1999, "rating": "HTT"}]}  # fmt: skip
    body = {"proposer_org": world.code("U1"), "award_code": "GIAY_KHEN", "draft": True,
            "nominees": [nominee, older]}  # fmt: skip
    response = await client.post("/api/v1/dossiers", json=body, headers=headers)
    assert response.status_code == 422, response.text
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == ["nominees[0].birth_date", "nominees[1].history"]
    after = (await client.get("/api/v1/dossiers", params=params, headers=headers)).json()
    assert after == before


async def test_import_rows_with_impossible_dates_import_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    u1 = world.code("U1")
    tag = f"Nhập {next(_serial)}"
    rows = [
        (f"Đinh Văn {tag}", "01/01/1985", cccd(next(_serial) + 700_000), u1, "LDTT", 2024,
         "1/QĐ-UBND", "2025-01-05"),
        (f"Đinh Thị {tag}", "01/01/2100", None, u1, "GIAY_KHEN", 2024, "2/QĐ", "2025-01-05"),
        (f"Đinh Hữu {tag}", "01/01/2025", None, u1, "GIAY_KHEN", 1950, "3/QĐ", "1951-01-05"),
        (f"Đinh Minh {tag}", "01/01/2014", None, u1, "LDTT", 2024, "4/QĐ", "2025-01-05"),
    ]  # fmt: skip
    response = await client.post(
        "/api/v1/registry/import",
        files={"file": ("so.xlsx", xlsx(rows), XLSX)},
        headers=world.as_("U1", "officer"),
    )
    assert response.status_code == 422, response.text
    found = [(e["row"], e["field"]) for e in response.json()["errors"]]
    assert found == [(3, "ngày sinh"), (4, "năm"), (4, "ngày quyết định"), (5, "năm")]
    messages = [e["message"] for e in response.json()["errors"]]
    assert "tương lai" in messages[0]
    assert "trước năm sinh 2025" in messages[1]
    assert "Trước ngày sinh của người này (01/01/2025)" in messages[2]
    assert "Lao động tiên tiến" in messages[3]
    assert await total(client, world, "", tag) == 0
