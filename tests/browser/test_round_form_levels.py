"""The round-opening form (ASGI) offers a cut-off for the levels below the owner only (the
owner receives; audit A4 §4), and the opening's refusal of a level shows next to that level's
field: a forwarder's cut-off earlier than the units'. Nothing is opened."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from domain.calendar import VN_TZ
from tests.browser.conftest import People
from tests.browser.test_paper_pages import sign_in

pytestmark = pytest.mark.usefixtures("web_worker")

DUE = (datetime.now(UTC).astimezone(VN_TZ) + timedelta(days=300)).date()


async def test_the_form_offers_the_levels_below_the_owner(
    client: httpx.AsyncClient, people: People
) -> None:
    csrf = await sign_in(client, people.username("P", "chair"))
    form = (await client.get("/dot-xet")).text
    assert 'name="deadline_unit"' in form
    assert 'name="deadline_district"' in form
    assert 'name="deadline_province"' not in form  # the owner's own level

    code = f"HL-{people.tag}"
    sent = {
        "csrf_token": csrf,
        "code": code,
        "name": f"Tổng kết {code}",
        "year": "2026",
        "award_codes": "GIAY_KHEN",
        "deadline_unit": DUE.isoformat(),
        "deadline_district": (DUE + timedelta(days=10)).isoformat(),
    }
    early = {
        **sent,
        "award_codes": "BK_TINH",
        "deadline_district": (DUE - timedelta(days=10)).isoformat(),
    }
    refused = await client.post("/dot-xet", data=early)
    assert refused.status_code == 422, refused.text
    assert 'id="e-deadline_district"' in refused.text
    assert "không được sớm hơn hạn gửi của đơn vị" in refused.text
    assert (await client.get(f"/dot-xet/{code}")).status_code == 404
