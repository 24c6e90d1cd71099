"""The biên bản is the minutes of a stage whose council voted (contract §14; ND152 Art.33.5):
by default the last stage that voted, never a stage without a vote (BNV appraising, the TTg or
the CTN deciding, a council that did not ballot), whose "meeting" would be invented; asked for
such a stage, or for a dossier no council voted on, it is 409 naming why. Numbers are written
the Vietnamese way ("90,0 %", "39.220.000")."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from api.errors import Conflict
from api.papers import fonts, minutes, pdf
from api.papers.content import Facts
from api.papers.model import money, percent
from api.services import documents
from bench.documents import sample_facts
from domain.catalog import default_catalog
from store.repositories.papers import OrgInfo, StageEvent
from tests.api.conftest import World
from tests.documents.conftest import VOTE, decided
from tests.documents.test_paper_heads import pdf_text

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE = OrgInfo("P", "UBND tỉnh Bắc Ninh", "province", None)
BNV = OrgInfo("BNV", "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)", "central", None)
TTG = OrgInfo("TTG", "Thủ tướng Chính phủ", "government", None)
CTN = OrgInfo("CTN", "Chủ tịch nước", "president", None)
INVENTED = (
    "chưa được ghi nhận trên hệ thống",
    "CHỦ TỊCH NƯỚC",
    "THỦ TƯỚNG",
)


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=VN)


def ahld() -> Facts:
    """An Anh hùng Lao động dossier: the province's and the national council voted, BNV
    forwarded to the TTg, the TTg to the CTN, who decided; none of the last three voted."""
    base = sample_facts(2)
    province_vote = {"vote": {"members_total": 20, "present": 19, "in_favor": 18}}
    national_vote = {"vote": {"members_total": 30, "present": 27, "in_favor": 28}}
    events = [
        StageEvent(_at(2, 8), "u", "submitted", "unit", "U", "", {}),
        StageEvent(_at(5, 9), "p", "approved", "province", "P", "", province_vote),
        StageEvent(_at(12, 14), "b", "approved", "central", "BNV", "", national_vote),
        StageEvent(_at(16, 10), "t", "approved", "government", "TTG", "", {}),
        StageEvent(_at(20, 10), "c", "decided", "president", "CTN", "", {}),
    ]
    row = replace(
        base.row,
        award_code="AHLD",
        route=["unit", "province", "central", "government", "president"],
        route_orgs=["P", "BNV", "TTG", "CTN"],
        decision={"number": "5/QĐ-CTN", "date": "2026-11-20", "authority_org": "CTN"},
    )
    orgs = {**base.orgs, **{o.code: o for o in (PROVINCE, BNV, TTG, CTN)}}
    chairs = {"P": "Nguyễn Văn Tỉnh", "BNV": "Phạm Thị Nội"}
    award = default_catalog().get("AHLD")
    return replace(base, row=row, award=award, orgs=orgs, events=events, chairs=chairs)


def never_voted() -> Facts:
    """A Lao động tiên tiến dossier the district decided without a council vote."""
    base = sample_facts(1)
    events = [
        StageEvent(_at(2, 8), "u", "submitted", "unit", "U", "", {}),
        StageEvent(_at(3, 8), "d", "decided", "district", "D", "", {}),
    ]
    return replace(base, award=default_catalog().get("LDTT"), events=events)


def test_the_default_minutes_are_of_the_last_stage_that_voted() -> None:
    facts = ahld()
    event = minutes.meeting(facts, None)
    assert event is not None
    assert (event.level, event.org_code) == ("central", "BNV")
    family = fonts.register(fonts.font_dir(None))
    text = pdf_text(pdf.render_paper(minutes.bien_ban(facts, event), family))
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TRUNG ƯƠNG" in text
    assert "Chủ trì: Phạm Thị Nội, Phó Chủ tịch Thường trực Hội đồng Thi đua - Khen thưởng" in text
    assert "Kết quả biểu quyết: 28/30 thành viên đồng ý, đạt 93,3 % tổng số" in text
    assert "Tỷ lệ yêu cầu: từ 90 % tổng số thành viên trở lên" in text
    assert "93.3%" not in text
    for word in INVENTED:
        assert word not in text


def test_the_provinces_minutes_when_asked_for() -> None:
    facts = ahld()
    event = minutes.meeting(facts, "province")
    assert event is not None
    paper = minutes.bien_ban(facts, event)
    assert (paper.parent_issuer, paper.issuer) == (
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
    )
    assert paper.signer_title == "CHỦ TỊCH HỘI ĐỒNG"
    ballot = "Kết quả biểu quyết: 18/20 thành viên đồng ý, đạt 90,0 % tổng số thành viên Hội đồng."
    assert ballot in paper.paragraphs


@pytest.mark.parametrize("level", ["government", "president", "unit"])
def test_a_stage_without_a_vote_has_no_minutes(level: str) -> None:
    facts = ahld()
    assert minutes.meeting(facts, level) is None
    name = {"government": "Thủ tướng Chính phủ", "president": "Chủ tịch nước"}.get(
        level, "Trường Tiểu học Lạc Vệ"
    )
    with pytest.raises(Conflict) as refused:
        documents.voted_meeting(facts, level)
    assert refused.value.status == 409
    assert refused.value.errors[0]["field"] == "level"
    assert refused.value.detail == (
        f"Cấp: {name} không có cuộc họp Hội đồng Thi đua - Khen thưởng biểu quyết hồ sơ này: "
        "biên bản chỉ có ở cấp đã bỏ phiếu"
    )


def test_a_dossier_no_council_voted_on_has_no_minutes() -> None:
    facts = never_voted()
    assert minutes.meeting(facts, None) is None
    with pytest.raises(Conflict) as refused:
        documents.voted_meeting(facts, None)
    assert refused.value.detail == (
        f"Chưa có Hội đồng Thi đua - Khen thưởng nào biểu quyết hồ sơ {facts.row.id}: "
        "chưa có biên bản họp"
    )


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(90.0, 1, "90,0 %"), (93.333, 1, "93,3 %"), (90.0, None, "90 %"), (66.667, None, "66,7 %")],
)
def test_percentages_take_a_decimal_comma(value: float, digits: int | None, expected: str) -> None:
    assert percent(value, digits) == expected


def test_money_takes_dots() -> None:
    assert f"{money(39_220_000)} đồng" == "39.220.000 đồng"


@pytest.mark.usefixtures("worker")
async def test_bien_ban_over_http_only_for_a_stage_that_voted(
    client: httpx.AsyncClient, world: World
) -> None:
    silent = await decided(client, world)  # the district decided without a council vote
    path = f"/api/v1/dossiers/{silent['id']}/documents/bien-ban.pdf"
    officer = world.as_("U1", "officer")
    default = await client.get(path, headers=officer)
    assert default.status_code == 409, default.text
    assert default.json()["detail"] == (
        f"Chưa có Hội đồng Thi đua - Khen thưởng nào biểu quyết hồ sơ {silent['id']}: "
        "chưa có biên bản họp"
    )
    asked = await client.get(path, params={"level": "district"}, headers=officer)
    assert asked.status_code == 409
    assert asked.json()["detail"].startswith("Cấp: district D1 thử không có cuộc họp Hội đồng")
    assert asked.json()["errors"][0]["field"] == "level"
    english = await client.get(
        path, params={"level": "district"}, headers=officer | {"Accept-Language": "en"}
    )
    assert english.json()["detail"].startswith("Level: district D1 thử held no emulation")
    off_route = await client.get(path, params={"level": "president"}, headers=officer)
    assert off_route.status_code == 422
    assert off_route.json()["errors"][0]["field"] == "level"

    voted = await decided(client, world, vote=VOTE)
    path = f"/api/v1/dossiers/{voted['id']}/documents/bien-ban.pdf"
    for params in ({}, {"level": "district"}):
        answer = await client.get(path, params=params, headers=officer)
        assert answer.status_code == 200, answer.text
        text = pdf_text(answer.content)
        assert "Kết quả biểu quyết: 9/10 thành viên đồng ý, đạt 90,0 % tổng số" in text
        assert "chưa được ghi nhận" not in text
    unit = await client.get(path, params={"level": "unit"}, headers=officer)
    assert unit.status_code == 409
    assert unit.json()["detail"].startswith("Cấp: unit U1 thử không có cuộc họp")
