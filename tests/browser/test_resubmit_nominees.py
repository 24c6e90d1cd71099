"""The web resubmission edits the nominee list (contract §7: a resubmission may carry
``nominees``), with the new-nomination form's cells: name, position, kind, birth date, CCCD,
rows added and removed. It runs the API's resubmission, so its refusals are the API's, next to
the cell, the table keeping what was typed and the dossier unchanged; a table posted as it was
shown keeps the dossier's nominees (and their ids). The page once had only the comment and the
summary: a returned dossier's nominees could be corrected only through the JSON API."""

from __future__ import annotations

import html
import itertools
import re
import uuid
from typing import Any

import httpx
import pytest

from tests.browser.conftest import People
from tests.browser.test_paper_pages import bearer, decide, sign_in
from tests.registry.workbook import cccd

pytestmark = pytest.mark.usefixtures("web_worker")
_serial = itertools.count(uuid.uuid4().int % 400_000 + 100_000)


async def returned_dossier(client: httpx.AsyncClient, people: People) -> tuple[str, list[Any]]:
    """A GIAY_KHEN dossier of two nominees, returned by the district for supplement."""
    nominees = [
        {"kind": "individual", "name": "Hà Thị Mai", "position": "Giáo viên",
         "birth_date": "1984-07-01", "identity_number": cccd(next(_serial), 1984)},
        {"kind": "individual", "name": "Lò Văn Sơn", "is_direct_worker": True},
    ]  # fmt: skip
    created = await client.post(
        "/api/v1/dossiers",
        json={"proposer_org": people.orgs["U"], "award_code": "GIAY_KHEN", "year": 2025,
              "summary": "Hoàn thành xuất sắc nhiệm vụ năm học", "nominees": nominees},
        headers=await bearer(client, people.username("U", "officer")),
    )  # fmt: skip
    assert created.status_code == 201, created.text
    dossier_id = str(created.json()["id"])
    await decide(client, people, dossier_id, "return", "Bổ sung số định danh")
    return dossier_id, await api_nominees(client, people, dossier_id)


async def api_nominees(client: httpx.AsyncClient, people: People, dossier_id: str) -> list[Any]:
    view = await client.get(
        f"/api/v1/dossiers/{dossier_id}",
        headers=await bearer(client, people.username("U", "officer")),
    )
    assert view.status_code == 200, view.text
    return list(view.json()["nominees"])


async def status_of(client: httpx.AsyncClient, people: People, dossier_id: str) -> str:
    view = await client.get(
        f"/api/v1/dossiers/{dossier_id}",
        headers=await bearer(client, people.username("U", "officer")),
    )
    return str(view.json()["status"])


def table(rows: list[dict[str, str]]) -> dict[str, str]:
    """The nominee table as the page posts it (``nominees-<i>-<cell>``)."""
    posted = {"nominee_count": str(len(rows))}
    for i, row in enumerate(rows):
        cells = {"kind": "individual", "rating": "HTXS", **row}
        posted.update({f"nominees-{i}-{k}": v for k, v in cells.items()})
    return posted


def error_of(page: str, key: str) -> str:
    found = re.search(rf'<(?:span|p) class="err" id="e-{re.escape(key)}">(.*?)</(?:span|p)>', page)
    assert found, f"no error for {key}"
    return html.unescape(found.group(1))


def value_of(page: str, key: str) -> str:
    found = re.search(rf'id="f-{re.escape(key)}" name="{re.escape(key)}" value="([^"]*)"', page)
    assert found, f"no input {key}"
    return html.unescape(found.group(1))


async def test_the_page_shows_the_nominees_to_edit(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id, nominees = await returned_dossier(client, people)
    await sign_in(client, people.username("U", "officer"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    form = page.split('id="trinh-lai"', 1)[1].split("</section>", 1)[0]
    assert 'name="nominee_count" id="nominee-count" value="2"' in form
    assert value_of(form, "nominees-0-name") == "Hà Thị Mai"
    assert value_of(form, "nominees-0-position") == "Giáo viên"
    assert value_of(form, "nominees-0-birth_date") == "1984-07-01"
    assert value_of(form, "nominees-0-identity_number") == nominees[0]["identity_number"]
    assert value_of(form, "nominees-1-name") == "Lò Văn Sơn"
    assert 'id="f-nominees-1-direct" name="nominees-1-direct" value="1" checked' in form
    assert "data-add-row" in form
    assert "nominee-template" in form


async def test_edited_nominees_are_resubmitted_and_shown_at_once(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id, _ = await returned_dossier(client, people)
    csrf = await sign_in(client, people.username("U", "officer"))
    number = cccd(next(_serial), 1984, "001")  # a leading zero (Hà Nội)
    rows = [
        {
            "name": "Hà Thị Mai",
            "position": "Tổ trưởng chuyên môn",
            "birth_date": "1984-07-01",
            "identity_number": number,
        },
        {"name": "Đặng Văn Khoa", "position": "Giáo viên", "birth_date": "1990-03-15"},
    ]  # fmt: skip  (Lò Văn Sơn removed, Đặng Văn Khoa added)
    data = {"csrf_token": csrf, "comment": "Đã bổ sung số định danh", **table(rows)}
    answer = await client.post(f"/ho-so/{dossier_id}/trinh-lai", data=data)
    assert answer.status_code == 303, answer.text
    page = (await client.get(answer.headers["location"])).text
    assert "Đặng Văn Khoa" in page
    assert "Tổ trưởng chuyên môn" in page
    assert "Lò Văn Sơn" not in page
    found = [
        (n["name"], n["position"], n["birth_date"], n["identity_number"])
        for n in await api_nominees(client, people, dossier_id)
    ]
    assert found == [
        ("Hà Thị Mai", "Tổ trưởng chuyên môn", "1984-07-01", number),
        ("Đặng Văn Khoa", "Giáo viên", "1990-03-15", None),
    ]
    assert await status_of(client, people, dossier_id) == "in_review"


async def test_an_unchanged_table_keeps_the_nominees(
    client: httpx.AsyncClient, people: People
) -> None:
    dossier_id, nominees = await returned_dossier(client, people)
    csrf = await sign_in(client, people.username("U", "officer"))
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    form = page.split('id="trinh-lai"', 1)[1].split("<template", 1)[0]  # not the blank row
    posted = dict(re.findall(r'name="(nominees-\d+-[a-z_]+)" value="([^"]*)"', form))
    posted = {k: html.unescape(v) for k, v in posted.items()}
    posted.pop("nominees-0-direct")  # an unchecked box is not posted
    posted.update({"nominees-0-rating": "HTXS", "nominees-1-rating": "HTXS"})
    posted.update({"nominees-0-kind": "individual", "nominees-1-kind": "individual"})
    data = {"csrf_token": csrf, "comment": "Đã bổ sung", "nominee_count": "2", **posted}
    answer = await client.post(f"/ho-so/{dossier_id}/trinh-lai", data=data)
    assert answer.status_code == 303, answer.text
    assert [n["id"] for n in await api_nominees(client, people, dossier_id)] == [
        n["id"] for n in nominees
    ]


@pytest.mark.parametrize(
    ("rows", "key", "said"),
    [
        # the schema's rules, as the API's and the new-nomination form's
        ([{"name": "Hà Thị Mai", "identity_number": "02708400123"}],
         "nominees-0-identity_number", ("Số định danh cá nhân (dòng 1)", "12 chữ số")),
        ([{"name": "Hà Thị Mai", "birth_date": "2999-01-01"}],
         "nominees-0-birth_date", ("Ngày sinh (dòng 1)", "tương lai")),
        ([{"name": "Hà Thị Mai", "birth_date": "1984-07-01", "identity_number": "027090001234"}],
         "nominees-0-identity_number", ("Số định danh cá nhân (dòng 1)", "1990")),
        ([{"name": "Hà Thị Mai"}, {"position": "Giáo viên"}],
         "nominees-1-name", ("Họ tên / tên tập thể (dòng 2)", "bắt buộc")),
        # the service's rule: one person twice
        ([{"name": "Hà Thị Mai", "identity_number": "027084001234"},
          {"name": "Lò Văn Sơn", "identity_number": "027084001234"}],
         "nominees-1-identity_number", ("Số định danh 027084001234 của Lò Văn Sơn", "trùng")),
        # every row removed
        ([], "nominees", ("Danh sách đối tượng đề nghị", "ít nhất 1")),
    ],
)  # fmt: skip
async def test_bad_input_is_shown_at_its_cell_and_changes_nothing(
    client: httpx.AsyncClient,
    people: People,
    rows: list[dict[str, str]],
    key: str,
    said: tuple[str, str],
) -> None:
    dossier_id, nominees = await returned_dossier(client, people)
    csrf = await sign_in(client, people.username("U", "officer"))
    data = {"csrf_token": csrf, "comment": "Đã bổ sung", **table(rows)}
    answer = await client.post(f"/ho-so/{dossier_id}/trinh-lai", data=data)
    assert answer.status_code == 422, answer.text
    shown = error_of(answer.text, key)
    assert all(part in shown for part in said), shown  # the field (its row) and the reason
    assert 'id="error-summary"' in answer.text
    assert 'value="Đã bổ sung"' in answer.text or "Đã bổ sung</textarea>" in answer.text
    for i, row in enumerate(rows):  # the table as typed, not the dossier's
        for cell, typed in row.items():
            assert value_of(answer.text, f"nominees-{i}-{cell}") == typed
    assert await status_of(client, people, dossier_id) == "returned"
    assert await api_nominees(client, people, dossier_id) == nominees
