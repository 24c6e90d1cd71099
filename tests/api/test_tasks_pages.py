"""The inbox is paged, not cut: `/api/v1/tasks?page=` and the web inbox's pager reach every
dossier waiting for the org (the list stopped at 100, so the 101st never showed)."""

from __future__ import annotations

import re
from datetime import datetime

import httpx
import pytest

from api.web import inbox_pages
from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")


def _cookie(headers: dict[str, str]) -> dict[str, str]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"tdkt_session={token}"}


async def test_every_waiting_dossier_is_on_one_page(
    client: httpx.AsyncClient, world: World
) -> None:
    created = [(await submit(client, world)).json()["id"] for _ in range(3)]
    chair = world.as_("D1", "chair")
    seen: list[str] = []
    dues: list[datetime] = []
    total = None
    for page in range(1, 1000):
        r = await client.get("/api/v1/tasks", params={"limit": 2, "page": page}, headers=chair)
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["page"], body["page_size"]) == (page, 2)
        total = body["total"] if total is None else total
        assert body["total"] == total
        if not body["items"]:
            break
        seen += [t["id"] for t in body["items"]]
        dues += [datetime.fromisoformat(t["due_at"]) for t in body["items"] if t.get("due_at")]
    assert len(seen) == len(set(seen)) == total, (len(seen), total)
    assert set(created) <= set(seen)
    assert dues == sorted(dues)  # earliest due first, across the pages
    for bad in ("0", "-1", "abc", "10001"):
        r = await client.get("/api/v1/tasks", params={"page": bad}, headers=chair)
        assert r.status_code == 422, (bad, r.text)
        assert [e["field"] for e in r.json()["errors"]] == ["page"], r.json()


async def test_the_web_inbox_pages_through_its_tasks(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        await submit(client, world)
    monkeypatch.setattr(inbox_pages, "INBOX_PAGE", 2)
    cookie = _cookie(world.as_("D1", "chair"))
    first = await client.get("/", headers=cookie)
    assert first.status_code == 200
    assert 'href="/?page=2"' in first.text
    second = await client.get("/?page=2", headers=cookie)
    assert second.status_code == 200
    assert 'href="/?page=1"' in second.text

    def ids(html: str) -> set[str]:
        return set(re.findall(r'href="/ho-so/(HS-[0-9-]+)"', html))

    assert ids(first.text)
    assert ids(second.text)
    assert not ids(first.text) & ids(second.text)
