"""The nominee import (contract §14) applies the create's rules: a person listed twice and a
proposer the catalogue does not name are 422 naming the field (a nominee's by its row and
column), and nothing is created."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import World
from tests.documents.test_excel import count, import_, workbook

pytestmark = pytest.mark.usefixtures("worker")


async def test_a_person_listed_twice_is_refused(client: httpx.AsyncClient, world: World) -> None:
    before = await count(client, world)
    rows = [("Nguyễn Văn Bình", "Cá nhân"), ("Trần Thị Hoa", "Cá nhân"), ("nguyễn  văn bình",)]
    answer = await import_(client, world, workbook(rows))
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    # the row and the column, as every row error of the import (not ``nominees[2].name``)
    assert (error["row"], error["field"]) == (5, "Họ và tên")
    # the first is cited by its row too (it was "đối tượng thứ 1", after a "(dòng 3)" label)
    assert error["message"].startswith("nguyễn  văn bình đã có ở dòng 3;"), error["message"]
    assert await count(client, world) == before


async def test_a_proposer_the_catalogue_does_not_name_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    before = await count(client, world)
    rows = [("Xã Đông", "Tập thể")]
    answer = await import_(client, world, workbook(rows), award_code="XA_TIEU_BIEU")
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert error["field"] == "proposer_org"
    assert "không được đề nghị Xã, phường, đặc khu tiêu biểu" in error["message"]
    assert await count(client, world) == before
