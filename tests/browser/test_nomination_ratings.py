"""The new-nomination form's rating of each row is the nominee's declared history for the
achievement year: the row's check judged it, and the created dossier's eligibility judges it
too (the form once dropped it on create, so the dossier read "no rating declared")."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from store.models import Nominee
from tests.browser.conftest import People
from tests.browser.test_paper_pages import sign_in

pytestmark = pytest.mark.usefixtures("web_worker")


async def _create(client: httpx.AsyncClient, csrf: str, rows: dict[str, str]) -> str:
    answer = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": csrf,
            "award_code": "LDTT",
            "year": "2025",
            "summary": "Thành tích năm học 2024–2025",
            "nominee_count": "2",
            **rows,
        },
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"]).rsplit("/", 1)[-1]


async def _checks(app: FastAPI, dossier_id: str) -> dict[str, list[dict[str, Any]]]:
    async with app.state.tdkt.sessions() as session:
        rows = await session.execute(select(Nominee).where(Nominee.dossier_id == dossier_id))
        return {n.name: list((n.eligibility or {}).get("checks", [])) for n in rows.scalars()}


async def test_each_row_s_rating_reaches_the_dossier_s_eligibility(
    client: httpx.AsyncClient, web_app: FastAPI, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    dossier_id = await _create(
        client,
        csrf,
        {
            "nominees-0-name": "Lê Văn Khải",
            "nominees-0-kind": "individual",
            "nominees-0-rating": "KHT",
            "nominees-1-name": "Phan Thị Ngọc",
            "nominees-1-kind": "individual",
            "nominees-1-rating": "HTXS",
        },
    )
    checks = await _checks(web_app, dossier_id)
    ratings = {
        name: {c["values"].get("rating") for c in found if "rating" in c.get("values", {})}
        for name, found in checks.items()
    }
    assert ratings == {"Lê Văn Khải": {"KHT"}, "Phan Thị Ngọc": {"HTXS"}}, checks
    page = (await client.get(f"/ho-so/{dossier_id}")).text
    assert "không hoàn thành nhiệm vụ" in page  # the individual's declared rating, by name


async def test_a_year_out_of_range_is_named_once_not_per_row(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("U", "officer"))
    refused = await client.post(
        "/ho-so/moi",
        data={
            "csrf_token": csrf,
            "award_code": "LDTT",
            "year": "99999",
            "nominee_count": "1",
            "nominees-0-name": "Lê Văn Khải",
            "nominees-0-rating": "HTT",
        },
    )
    assert refused.status_code == 422
    assert 'id="e-year"' in refused.text
    assert "history" not in refused.text
    summary = refused.text.split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert summary.count("<li") == 1, summary  # the year alone, not a row error per nominee
