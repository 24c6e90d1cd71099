"""Personal data (Decree 13/2023): a nominee's birth date and identity number are read only by
the proposer and the orgs on the dossier's route; an org above that only watches sees the
dossier without them; the public posting page never shows them."""

from __future__ import annotations

from tests.security.conftest import World


async def test_birth_dates_and_identity_numbers_stay_on_the_route(world: World) -> None:
    api, orgs = world.api, world.orgs
    district = orgs.districts[0]
    officer, unit = next(iter(district.officers.items()))[::-1]
    body = {
        "proposer_org": unit,
        "award_code": "GIAY_KHEN",
        "summary": "Dữ liệu cá nhân",
        "nominees": [
            {
                "kind": "individual",
                "name": "Vũ Thị Lan",
                "birth_date": "1985-03-04",
                "identity_number": "001185001234",
            }
        ],
    }
    created = await api.call("POST", "/api/v1/dossiers", officer, json=body, expect=(201,))
    path = f"/api/v1/dossiers/{created['id']}"
    on_route = await api.call("GET", path, district.chair)
    assert on_route["nominees"][0]["birth_date"] == "1985-03-04"
    assert on_route["nominees"][0]["identity_number"] == "001185001234"
    above = await api.call("GET", path, orgs.province_chair)  # sees it, is not on its route
    assert above["nominees"][0]["name"] == "Vũ Thị Lan"
    assert above["nominees"][0]["birth_date"] is None
    assert above["nominees"][0]["identity_number"] is None
    postings = await api.call("GET", "/api/v1/public/postings", None)
    assert "001185001234" not in str(postings)
    assert "1985-03-04" not in str(postings)
