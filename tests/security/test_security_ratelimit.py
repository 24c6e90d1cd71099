"""The anonymous objection endpoint is rate-limited per client address (429 + Retry-After)."""

from __future__ import annotations

from bench.client import ApiError
from tests.security.conftest import World
from tests.security.test_security_input import HTML, SQL


async def test_objections_are_rate_limited(world: World) -> None:
    api = world.api
    officer, unit, district = world.orgs.officer_units[1]
    body = {
        "proposer_org": unit,
        "award_code": "HCLD_3",
        "summary": "Thành tích xuất sắc nhiều năm",
        "nominees": [{"kind": "individual", "name": "Đỗ Thị Công Khai"}],
    }
    dossier = await api.call("POST", "/api/v1/dossiers", officer, json=body)
    r, _, _ = await api.decide(district.chair, dossier["id"])
    if r.status_code != 200:
        raise ApiError(r)
    detail = await api.call("GET", f"/api/v1/dossiers/{dossier['id']}", officer)
    assert detail["stage"]["level"] == "province"
    assert detail["stage"]["phase"] == "public_posting"
    postings = await api.call("GET", "/api/v1/public/postings", None)
    assert dossier["id"] in str(postings)

    path = f"/api/v1/public/postings/{dossier['id']}/objections"
    content = f"Phản ánh: {SQL} {HTML}"
    accepted = 0
    for _ in range(5):
        r = await api.http.post(path, json={"content": content, "contact": "a@b.vn"})
        assert r.status_code == 201, r.text
        accepted += 1
    r = await api.http.post(path, json={"content": content})
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert int(r.headers["retry-after"]) > 0
    stored = world.stack.sql("select content from objections where dossier_id = %s", dossier["id"])
    assert stored == [(content,)] * accepted  # verbatim, and the refused one was not stored
