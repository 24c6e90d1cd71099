"""Award catalogue, calendar, eligibility and bonus over HTTP (contract §4, §6, §8)."""

from __future__ import annotations

import httpx

from tests.api.conftest import World

CONTRACT_CODES = {
    "LDTT",
    "CSTD_CS",
    "TTLDTT",
    "GIAY_KHEN",
    "GDVH",
    "CSTD_TINH",
    "TTLDXS",
    "CO_TINH",
    "BK_TINH",
    "BK_TTG",
    "CSTD_TQ",
    "CO_CP",
    "HCLD_3",
    "HCLD_2",
    "HCLD_1",
    "HCDL_3",
    "HCDL_2",
    "HCDL_1",
    "AHLD",
}


async def test_awards_list_the_contract_codes(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v1/awards", headers=world.as_("U1", "viewer"))
    assert response.status_code == 200
    awards = {a["code"]: a for a in response.json()}
    assert set(awards) >= CONTRACT_CODES
    assert awards["CSTD_TQ"]["ballot_threshold"] == 0.9
    assert awards["CO_CP"]["ballot_threshold"] == 0.8
    assert awards["GIAY_KHEN"]["deciding_level"] == "district/commune"
    assert awards["AHLD"]["deciding_level"] == "president"
    assert awards["TTLDTT"]["subjects"] == ["collective"]
    assert set(awards["LDTT"]) >= {
        "name_vi",
        "name_en",
        "category",
        "public_posting",
        "bonus_coefficient",
    }


async def test_working_days_skip_tet_2026(client: httpx.AsyncClient, world: World) -> None:
    # Friday 13/02/2026; Tết days off are 16-20/02; the 5th working day after is 27/02.
    response = await client.get(
        "/api/v1/calendar/working-days",
        params={"start": "2026-02-13", "days": 5},
        headers=world.admin,
    )
    assert response.json() == {"start": "2026-02-13", "days": 5, "due_date": "2026-02-27"}


async def test_working_days_validation(client: httpx.AsyncClient, world: World) -> None:
    bad = await client.get(
        "/api/v1/calendar/working-days",
        params={"start": "13/02/2026", "days": 5},
        headers=world.admin,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "start"
    negative = await client.get(
        "/api/v1/calendar/working-days",
        params={"start": "2026-02-13", "days": -1},
        headers=world.admin,
    )
    assert negative.json()["errors"][0]["field"] == "days"


async def test_holidays_of_2026(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get(
        "/api/v1/calendar/holidays", params={"year": 2026}, headers=world.admin
    )
    days = {h["date"]: h["name"] for h in response.json()}
    assert "2026-02-17" in days
    assert "2026-09-02" in days
    assert days["2026-01-01"]


async def test_override_makes_a_saturday_working(client: httpx.AsyncClient, world: World) -> None:
    # Friday 2030-01-04; the Saturday after becomes a working day, so one day lands on it.
    put = await client.put(
        "/api/v1/calendar/overrides/2030-01-05",
        json={"working": True, "note": "Làm bù"},
        headers=world.admin,
    )
    assert put.status_code == 200
    assert put.json()["working"] is True
    assert put.json()["updated_by"] == "admin"
    response = await client.get(
        "/api/v1/calendar/working-days",
        params={"start": "2030-01-04", "days": 1},
        headers=world.admin,
    )
    assert response.json()["due_date"] == "2030-01-05"
    off = await client.put(
        "/api/v1/calendar/overrides/2030-01-07",
        json={"working": False, "note": "Nghỉ bù"},
        headers=world.admin,
    )
    assert off.status_code == 200
    holidays = await client.get(
        "/api/v1/calendar/holidays", params={"year": 2030}, headers=world.admin
    )
    assert "2030-01-07" in {h["date"] for h in holidays.json()}


async def test_overrides_are_admin_only(client: httpx.AsyncClient, world: World) -> None:
    for role in ("officer", "chair", "viewer"):
        response = await client.put(
            "/api/v1/calendar/overrides/2030-02-02",
            json={"working": True},
            headers=world.as_("P3", role),
        )
        assert response.status_code == 403


ELIGIBLE_CSTD_CS = {
    "award_code": "CSTD_CS",
    "year": 2025,
    "subject": "individual",
    "history": [{"year": 2025, "rating": "HTXS", "titles": ["LDTT"], "initiative_scope": "unit"}],
    "awards": [],
}


async def test_eligibility_checks_cite_their_basis(client: httpx.AsyncClient, world: World) -> None:
    response = await client.post(
        "/api/v1/eligibility", json=ELIGIBLE_CSTD_CS, headers=world.as_("U1", "officer")
    )
    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] is True
    assert body["checks"]
    assert all(c["basis"] and c["rule"] for c in body["checks"])
    weak = {**ELIGIBLE_CSTD_CS, "history": [{"year": 2025, "rating": "HT"}]}
    response = await client.post("/api/v1/eligibility", json=weak, headers=world.admin)
    assert response.json()["eligible"] is False


async def test_eligibility_malformed_input_names_the_field(
    client: httpx.AsyncClient, world: World
) -> None:
    cases = [
        ({**ELIGIBLE_CSTD_CS, "award_code": "NOPE"}, "award_code"),
        ({**ELIGIBLE_CSTD_CS, "history": [{"year": 2025, "rating": "GOOD"}]}, "history[0].rating"),
        ({**ELIGIBLE_CSTD_CS, "history": [{"year": 2024, "rating": "HTXS"}]}, "year"),
        (
            {
                **ELIGIBLE_CSTD_CS,
                "history": [{"year": 2025, "rating": "HTXS"}, {"year": 2025, "rating": "HT"}],
            },
            "history[1].year",
        ),
    ]
    for body, field in cases:
        response = await client.post("/api/v1/eligibility", json=body, headers=world.admin)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field


async def test_bonus_uses_the_salary_in_force(client: httpx.AsyncClient, world: World) -> None:
    before = await client.get(
        "/api/v1/bonus",
        params={"award_code": "LDTT", "subject": "individual", "decision_date": "2026-06-30"},
        headers=world.admin,
    )
    after = await client.get(
        "/api/v1/bonus",
        params={"award_code": "LDTT", "subject": "individual", "decision_date": "2026-07-01"},
        headers=world.admin,
    )
    assert before.json()["base_salary_vnd"] == 2_340_000
    assert after.json()["base_salary_vnd"] == 2_530_000
    for body in (before.json(), after.json()):
        assert body["amount_vnd"] % 10_000 == 0
        assert body["amount_vnd"] >= body["coefficient"] * body["base_salary_vnd"]


async def test_bonus_errors_name_the_field(client: httpx.AsyncClient, world: World) -> None:
    cases = [
        (
            {"award_code": "NOPE", "subject": "individual", "decision_date": "2026-01-01"},
            "award_code",
        ),
        (
            {"award_code": "TTLDTT", "subject": "individual", "decision_date": "2026-01-01"},
            "subject",
        ),
        (
            {"award_code": "LDTT", "subject": "individual", "decision_date": "1999-01-01"},
            "decision_date",
        ),
        ({"award_code": "LDTT", "subject": "robot", "decision_date": "2026-01-01"}, "subject"),
    ]
    for params, field in cases:
        response = await client.get("/api/v1/bonus", params=params, headers=world.admin)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["field"] == field


NEW_CODES = {"CSTD_BO", "CO_BO", "BK_BO", "THON_VH", "XA_TIEU_BIEU", "KNC", "HC_DDKDT",
             "HC_DUNG_CAM"}  # fmt: skip


async def test_awards_list_the_v11_codes_with_deciders(
    client: httpx.AsyncClient, world: World
) -> None:
    awards = {
        a["code"]: a
        for a in (await client.get("/api/v1/awards", headers=world.as_("U1", "viewer"))).json()
    }
    assert set(awards) >= NEW_CODES
    assert awards["CSTD_BO"]["deciding_level"] == "ministry"
    assert awards["THON_VH"]["deciders"] == ["commune", "district"]
    assert awards["THON_VH"]["bonus_coefficient"] == 1.5
    assert awards["XA_TIEU_BIEU"]["deciding_level"] == "province"
    assert awards["HC_DDKDT"]["bonus_coefficient"] == 7.5
    assert awards["HC_DUNG_CAM"]["award_types"] == ["ad_hoc"]
    assert "legal_entity" in awards["LDTT"]["deciders"]
    assert awards["AHLD"]["quorum"] == 0.8
    assert round(awards["BK_TINH"]["quorum"], 4) == 0.6667


async def test_bonus_before_july_2024_and_cstd_tq_by_cycles(
    client: httpx.AsyncClient, world: World
) -> None:
    early = await client.get(
        "/api/v1/bonus",
        params={"award_code": "CSTD_CS", "subject": "individual", "decision_date": "2024-03-01"},
        headers=world.admin,
    )
    assert early.status_code == 200, early.text
    assert early.json()["base_salary_vnd"] == 1_800_000
    history = [{"year": y, "rating": "HTXS"} for y in range(2020, 2026)]
    history[4]["initiative_scope"] = "national"
    body = {
        "award_code": "CSTD_TQ",
        "year": 2025,
        "subject": "individual",
        "history": history,
        "awards": [{"code": "CSTD_TINH", "year": 2022}, {"code": "CSTD_TINH", "year": 2025}],
    }
    response = await client.post("/api/v1/eligibility", json=body, headers=world.admin)
    assert response.status_code == 200, response.text
    assert response.json()["eligible"] is True
    body["awards"] = [{"code": "CSTD_TINH", "year": 2024}, {"code": "CSTD_TINH", "year": 2025}]
    response = await client.post("/api/v1/eligibility", json=body, headers=world.admin)
    assert response.json()["eligible"] is False


async def test_overrides_are_listed_and_removed(client: httpx.AsyncClient, world: World) -> None:
    put = await client.put(
        "/api/v1/calendar/overrides/2032-03-06",
        json={"working": True, "note": "Làm bù"},
        headers=world.admin,
    )
    assert put.status_code == 200
    listed = await client.get(
        "/api/v1/calendar/overrides", params={"year": 2032}, headers=world.admin
    )
    assert listed.status_code == 200
    assert {"date": "2032-03-06", "working": True, "note": "Làm bù", "updated_by": "admin"} in (
        listed.json()
    )
    for role in ("officer", "chair", "viewer"):
        headers = world.as_("P3", role)
        assert (
            await client.delete("/api/v1/calendar/overrides/2032-03-06", headers=headers)
        ).status_code == 403
    removed = await client.delete("/api/v1/calendar/overrides/2032-03-06", headers=world.admin)
    assert removed.status_code == 200
    # what it scheduled, as the PUT answers: the running dossiers' recalculation
    assert removed.json()["date"] == "2032-03-06"
    notified = removed.json()["workflows_notified"]
    assert isinstance(notified, int)
    assert notified >= 0
    assert (removed.json()["recalculation_job"] is not None) == (notified > 0)
    assert set(removed.json()) == {"date", "workflows_notified", "recalculation_job"}
    again = await client.delete("/api/v1/calendar/overrides/2032-03-06", headers=world.admin)
    assert again.status_code == 404
    assert "06/03/2032" in again.json()["detail"]
    after = await client.get(
        "/api/v1/calendar/overrides", params={"year": 2032}, headers=world.admin
    )
    assert "2032-03-06" not in {o["date"] for o in after.json()}
