"""Notifications over HTTP with a real worker: a chair reads the notice of a dossier that
arrived (titled with names, in the reader's language), nobody reads or marks another user's
notices, marking read by ids or up to an id, and every refusal worded in Vietnamese."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")
PATH = "/api/v1/notifications"


async def _arrived(client: httpx.AsyncClient, world: World) -> tuple[str, int]:
    """A dossier of U1 arrives at D1: the id of the D1 chair's notice about it."""
    created = await submit(client, world)
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    listed = await client.get(PATH, headers=world.as_("D1", "chair"))
    assert listed.status_code == 200, listed.text
    mine = [n for n in listed.json()["items"] if n["dossier_id"] == dossier_id]
    assert [n["kind"] for n in mine] == ["arrived"]
    return dossier_id, int(mine[0]["id"])


async def test_a_chair_reads_the_notice_of_an_arrived_dossier_by_names(
    client: httpx.AsyncClient, world: World
) -> None:
    dossier_id, notice_id = await _arrived(client, world)
    body = (await client.get(PATH, headers=world.as_("D1", "chair"))).json()
    notice = next(n for n in body["items"] if n["id"] == notice_id)
    assert notice["title"] == f"Hồ sơ {dossier_id} — Giấy khen của unit U1 thử chờ xét duyệt"
    assert world.code("U1") not in notice["title"]
    assert notice["link"] == f"/ho-so/{dossier_id}"
    assert notice["read_at"] is None
    assert body["unread"] >= 1
    ids = [n["id"] for n in body["items"]]
    assert ids == sorted(ids, reverse=True)  # newest first
    english = await client.get(PATH, headers={**world.as_("D1", "chair"), "Accept-Language": "en"})
    titles = [n["title"] for n in english.json()["items"] if n["id"] == notice_id]
    assert titles == [
        f"Dossier {dossier_id} — Certificate of Commendation from unit U1 thử awaits review"
    ]
    # the officer who submitted it and another district's chair were not told
    for alias, role in (("U1", "officer"), ("D2", "chair")):
        theirs = (await client.get(PATH, headers=world.as_(alias, role))).json()["items"]
        assert notice_id not in [n["id"] for n in theirs]


async def test_only_your_own_notices_can_be_marked_read(
    client: httpx.AsyncClient, world: World
) -> None:
    _dossier_id, notice_id = await _arrived(client, world)
    other = await client.post(
        f"{PATH}/read", json={"ids": [notice_id]}, headers=world.as_("D2", "chair")
    )
    assert other.status_code == 403, other.text
    assert other.json()["detail"] == (
        f"Danh sách mã (dòng 1): Thông báo số {notice_id} không phải của bạn"
    )
    assert other.json()["errors"][0]["field"] == "ids[0]"
    missing = await client.post(
        f"{PATH}/read", json={"ids": [notice_id, 4_000_000_000]}, headers=world.as_("D1", "chair")
    )
    assert missing.status_code == 404, missing.text
    assert missing.json()["errors"][0]["field"] == "ids[1]"
    # neither refusal changed anything
    unread = await client.get(PATH, params={"unread": "true"}, headers=world.as_("D1", "chair"))
    assert notice_id in [n["id"] for n in unread.json()["items"]]

    marked = await client.post(
        f"{PATH}/read", json={"ids": [notice_id]}, headers=world.as_("D1", "chair")
    )
    assert marked.status_code == 200, marked.text
    assert marked.json()["marked"] == 1
    unread = await client.get(PATH, params={"unread": "true"}, headers=world.as_("D1", "chair"))
    assert notice_id not in [n["id"] for n in unread.json()["items"]]
    assert unread.json()["unread"] == marked.json()["unread"]
    every = (await client.get(PATH, headers=world.as_("D1", "chair"))).json()["items"]
    assert next(n for n in every if n["id"] == notice_id)["read_at"] is not None
    again = await client.post(
        f"{PATH}/read", json={"ids": [notice_id]}, headers=world.as_("D1", "chair")
    )
    assert again.json()["marked"] == 0


async def test_marking_every_notice_up_to_an_id(client: httpx.AsyncClient, world: World) -> None:
    _first, older = await _arrived(client, world)
    _second, newer = await _arrived(client, world)
    chair = world.as_("D1", "chair")
    marked = await client.post(f"{PATH}/read", json={"up_to": older}, headers=chair)
    assert marked.status_code == 200, marked.text
    assert marked.json()["marked"] >= 1
    unread = [
        n["id"]
        for n in (await client.get(PATH, params={"unread": 1}, headers=chair)).json()["items"]
    ]
    assert older not in unread
    assert newer in unread  # after the id given: still unread
    marked = await client.post(f"{PATH}/read", json={"up_to": newer}, headers=chair)
    assert marked.json()["unread"] == 0
    listed = await client.get(PATH, params={"unread": "true", "limit": 5}, headers=chair)
    assert listed.json() == {"items": [], "unread": 0}


async def test_refusals_name_the_field_in_vietnamese(
    client: httpx.AsyncClient, world: World
) -> None:
    chair = world.as_("D1", "chair")
    for body, field, words in (
        ({"ids": ["x"]}, "ids[0]", "Danh sách mã (dòng 1): phải là số nguyên"),
        ({"ids": [0]}, "ids[0]", "Danh sách mã (dòng 1)"),
        ({"ids": []}, "ids", "Danh sách mã"),
        ({}, "ids", "chỉ một trong hai"),
        ({"ids": [1], "up_to": 5}, "ids", "chỉ một trong hai"),
        ({"up_to": "năm"}, "up_to", "Đến thông báo số: phải là số nguyên"),
        ({"ids": [1], "all": True}, "all", ""),
    ):
        answer = await client.post(f"{PATH}/read", json=body, headers=chair)
        assert answer.status_code == 422, (body, answer.text)
        error = answer.json()["errors"][0]
        assert error["field"] == field, (body, error)
        assert words in error["message"], (body, error)
    for params, field in (
        ({"limit": "x"}, "limit"),
        ({"limit": 0}, "limit"),
        ({"unread": "hơi"}, "unread"),
    ):
        answer = await client.get(PATH, params=params, headers=chair)
        assert answer.status_code == 422, (params, answer.text)
        assert answer.json()["errors"][0]["field"] == field
        assert answer.json()["errors"][0]["message"].startswith(("Số dòng tối đa", "Chỉ chưa đọc"))


async def test_anonymous_callers_get_401_before_the_body_is_read(
    client: httpx.AsyncClient,
) -> None:
    listed = await client.get(PATH)
    assert listed.status_code == 401
    assert listed.json()["title"] == "Chưa đăng nhập hoặc phiên đã hết hạn"
    for body in ({"ids": [1]}, {"ids": ["x"]}, "rác"):
        marked = await client.post(f"{PATH}/read", json=body)
        assert marked.status_code == 401, marked.text
    bad = await client.get(PATH, headers={"Authorization": "Bearer sai"})
    assert bad.status_code == 401
