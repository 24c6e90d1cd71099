"""Eligibility reasons in the reader's language: the eligibility endpoint, a create's 201 and
its warnings, the stored dossier read later in another language, and a check stored before
reasons had keys (shown as it was stored)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from store.models import Nominee
from tests.api.conftest import World, submit

pytestmark = pytest.mark.usefixtures("worker")

VIETNAMESE = re.compile(r"[\u00C0-\u1EF9]")
CODES = re.compile(r"\b(HTXS|HTT|HT|KHT|LDTT|CSTD_CS|BK_TINH)\b")
EN = {"Accept-Language": "en"}
CSTD_CS = {
    "award_code": "CSTD_CS",
    "year": 2025,
    "subject": "individual",
    "history": [{"year": 2025, "rating": "HTT", "titles": ["LDTT"]}],
    "on": "2025-12-01",
}


async def test_the_eligibility_endpoint_answers_in_the_request_s_language(
    client: httpx.AsyncClient, world: World
) -> None:
    viewer = world.as_("U1", "viewer")
    vi = (await client.post("/api/v1/eligibility", json=CSTD_CS, headers=viewer)).json()
    en = (await client.post("/api/v1/eligibility", json=CSTD_CS, headers=viewer | EN)).json()
    assert vi["eligible"] is en["eligible"] is False
    by_key = {c["key"]: c for c in en["checks"]}
    assert by_key["htxs_or_no_initiative"]["values"] == {
        "year": 2025, "rating": "HTT", "required_rating": "HTXS"
    }  # fmt: skip
    assert by_key["htxs_or_no_initiative"]["detail"] == (
        "In 2025: rated “completed tasks well”; no recognised initiative; “completed tasks "
        "excellently” or a recognised initiative or research project is required"
    )
    for check in en["checks"]:
        assert not VIETNAMESE.search(check["detail"] + check["basis"]), check
        assert not CODES.search(check["detail"]), check
    worded_vi = {c["key"]: c["detail"] for c in vi["checks"]}
    assert worded_vi["ldtt_standard"] == (
        "Năm 2025 xếp loại hoàn thành tốt nhiệm vụ; yêu cầu đạt tiêu chuẩn Lao động tiên tiến "
        "(từ hoàn thành tốt nhiệm vụ trở lên), không cần đã có danh hiệu"
    )
    assert not any(CODES.search(d) for d in worded_vi.values())
    assert [c["key"] for c in vi["checks"]] == [c["key"] for c in en["checks"]]


async def _stored_checks(app: FastAPI, dossier_id: str) -> list[dict[str, Any]]:
    async with app.state.tdkt.sessions() as session:
        row = await session.scalar(select(Nominee).where(Nominee.dossier_id == dossier_id))
        assert row is not None
        assert row.eligibility is not None
        return list(row.eligibility["checks"])


async def test_a_create_words_its_warnings_and_the_dossier_reads_in_each_language(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    nominee: dict[str, object] = {
        "kind": "individual",
        "name": "Lê Văn Nam",
        "history": [{"year": 2026, "rating": "HT"}],
    }
    created = await submit(
        client, world, award_code="LDTT", nominees=[nominee],
        headers=world.as_("U1", "officer") | EN,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    answer = created.json()
    (warning,) = answer["warnings"]
    assert warning.startswith("Lê Văn Nam: not yet eligible for Advanced Worker — ")
    assert (
        "In 2026 rated “completed tasks”; “completed tasks well” or better is required" in warning
    )
    checks = answer["nominees"][0]["eligibility"]["checks"]
    rated = next(c for c in checks if c["key"] == "rating_at_least")
    assert rated["detail"].startswith("In 2026 rated")

    stored = {c["rule"]: c for c in await _stored_checks(app, answer["id"])}
    assert stored["rating_htt_or_better"]["key"] == "rating_at_least"
    assert stored["rating_htt_or_better"]["values"] == {
        "year": 2026, "rating": "HT", "required_rating": "HTT"
    }  # fmt: skip
    assert stored["rating_htt_or_better"]["detail"].startswith("Năm 2026 xếp loại hoàn thành")

    path = f"/api/v1/dossiers/{answer['id']}"
    chair = world.as_("D1", "chair")
    read_vi = (await client.get(path, headers=chair)).json()["nominees"][0]["eligibility"]
    read_en = (await client.get(path, headers=chair | EN)).json()["nominees"][0]["eligibility"]
    assert read_en == answer["nominees"][0]["eligibility"]
    vi_rated = next(c for c in read_vi["checks"] if c["key"] == "rating_at_least")
    assert vi_rated["detail"] == (
        "Năm 2026 xếp loại hoàn thành nhiệm vụ; yêu cầu từ hoàn thành tốt nhiệm vụ trở lên"
    )


async def test_a_check_stored_before_reasons_had_keys_is_shown_as_stored(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    created = await submit(client, world, award_code="GIAY_KHEN")
    assert created.status_code == 201, created.text
    dossier_id = created.json()["id"]
    old = "Năm 2025 xếp loại hoàn thành nhiệm vụ (HT); yêu cầu từ hoàn thành tốt nhiệm vụ (HTT)"
    stored = {"rule": "rating_htt", "met": False, "detail": old, "basis": "Law 06/2022/QH15 Art.24"}
    legacy = {"eligible": False, "checks": [stored]}
    async with app.state.tdkt.sessions() as session, session.begin():
        await session.execute(
            update(Nominee).where(Nominee.dossier_id == dossier_id).values(eligibility=legacy)
        )
    for headers in (world.as_("U1", "officer"), world.as_("U1", "officer") | EN):
        read = await client.get(f"/api/v1/dossiers/{dossier_id}", headers=headers)
        (check,) = read.json()["nominees"][0]["eligibility"]["checks"]
        assert check == stored | {"key": None, "values": None}


async def test_a_malformed_declared_history_is_refused_in_words(
    client: httpx.AsyncClient, world: World
) -> None:
    twice = [{"year": 2026, "rating": "HT"}, {"year": 2026, "rating": "HTT"}]
    nominee: dict[str, object] = {"kind": "individual", "name": "Lê Văn Nam", "history": twice}
    for headers, words in (
        (world.as_("U1", "officer"), "năm 2026 được kê khai hai lần"),
        (world.as_("U1", "officer") | EN, "year 2026 is listed twice"),
    ):
        refused = await submit(
            client, world, award_code="LDTT", nominees=[nominee], headers=headers
        )
        assert refused.status_code == 422, refused.text
        (error,) = refused.json()["errors"]
        assert error["field"] == "nominees[0].history[1].year"
        assert error["message"].endswith(words)


async def test_a_collective_s_declared_figures_reach_its_checks_at_create(
    client: httpx.AsyncClient, world: World, app: FastAPI
) -> None:
    """Every figure the create declares is judged, as the eligibility endpoint judges it: the
    disciplined members and counted initiatives too (once dropped on the way)."""
    figures = {"members_total": 10, "members_completed": 10, "members_ldtt": 8}
    team: dict[str, object] = {
        "kind": "collective",
        "name": "Tổ Toán",
        "history": [{"year": 2026, "rating": "HTT", **figures, "members_disciplined": 1}],
    }
    created = await submit(client, world, award_code="TTLDTT", nominees=[team])
    assert created.status_code == 201, created.text
    stored = {c["rule"]: c for c in await _stored_checks(app, created.json()["id"])}
    assert stored["members_disciplined"]["key"] == "members_disciplined"
    assert stored["members_disciplined"]["values"] == {"count": 1, "allowed": 0}
    assert stored["members_disciplined"]["met"] is False
