"""Every award or title code a request says someone holds must be in the catalogue (contract §8).

An unknown code used to be ignored: ``history[0].titles: ["NOPE"]`` counted as no title and the
eligibility endpoint answered 200. Now the body is refused with 422 naming the field, before any
rule runs, at ``/api/v1/eligibility`` and in a dossier's nominee history alike.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import World

HISTORY = [{"year": 2025, "rating": "HTXS", "titles": ["LDTT"], "initiative_scope": "unit"}]


def eligibility(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "award_code": "CSTD_CS", "year": 2025, "subject": "individual",
        "history": [dict(h) for h in HISTORY], "awards": [],
    }  # fmt: skip
    body.update(changes)
    return body


BAD_BODIES = {
    "history[0].titles": eligibility(
        history=[{**HISTORY[0], "titles": ["LDTT", "NOPE"]}],
    ),
    "awards[0].code": eligibility(awards=[{"code": "NOPE", "year": 2020}]),
    "history[1].titles": eligibility(
        history=[*HISTORY, {"year": 2024, "rating": "HTT", "titles": ["ldtt"]}],
    ),
}


@pytest.mark.parametrize("field", sorted(BAD_BODIES))
async def test_an_unknown_code_in_the_eligibility_body_is_refused_naming_its_field(
    client: httpx.AsyncClient, world: World, field: str
) -> None:
    headers = world.as_("U1", "officer")
    sound = await client.post("/api/v1/eligibility", json=eligibility(), headers=headers)
    assert sound.status_code == 200, sound.text
    response = await client.post("/api/v1/eligibility", json=BAD_BODIES[field], headers=headers)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert "Không có danh hiệu / hình thức khen thưởng mã" in errors[0]["message"]
    english = await client.post(
        "/api/v1/eligibility",
        json=BAD_BODIES[field],
        headers={**headers, "Accept-Language": "en"},
    )
    assert english.status_code == 422
    assert english.json()["errors"][0]["field"] == field
    assert "Không" not in english.json()["errors"][0]["message"]


async def test_an_unknown_title_in_a_nominee_s_history_refuses_the_dossier(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.as_("U1", "officer")
    params = {"proposer_org": world.code("U1")}
    before = (await client.get("/api/v1/dossiers", params=params, headers=headers)).json()
    body = {
        "proposer_org": world.code("U1"),
        "award_code": "CSTD_CS",
        "year": 2025,
        "draft": True,
        "nominees": [
            {
                "kind": "individual",
                "name": "Vũ Thị Hạnh",
                "history": [{"year": 2025, "rating": "HTXS", "titles": ["NOPE"]}],
            }
        ],
    }
    response = await client.post("/api/v1/dossiers", json=body, headers=headers)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["nominees[0].history[0].titles"]
    assert "NOPE" in errors[0]["message"]
    after = (await client.get("/api/v1/dossiers", params=params, headers=headers)).json()
    assert after == before
