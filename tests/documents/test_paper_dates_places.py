"""What the papers of one dossier print of its orgs and days (ND30/2020 Appendix I): the
issuing body's abbreviation as the symbol (never its org code), the place name (never an org's
name) before the date, the decision's date on every paper of the decision and each meeting's
own date on its biên bản."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from api.papers import content, minutes
from api.papers.content import Facts
from bench.documents import sample_facts
from store.repositories.papers import OrgInfo, StageEvent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SCHOOL = OrgInfo("BN-SGD-THPTLTT", "Trường THPT Lý Thái Tổ", "unit", "BN-SGD")
DEPARTMENT = OrgInfo("BN-SGD", "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", "department", "BN")
PROVINCE = OrgInfo("BN", "UBND tỉnh Bắc Ninh", "province", None)
VOTE = {"vote": {"members_total": 9, "present": 9, "in_favor": 9}}


def school_deciding(**decision: str) -> Facts:
    """The school decides its own CSTĐ cơ sở (route: unit only)."""
    base = sample_facts(1)
    sent = datetime(2026, 11, 25, 8, 0, tzinfo=VN)
    at = datetime(2026, 12, 7, 9, 30, tzinfo=VN)
    row = replace(
        base.row,
        award_code="CSTD_CS",
        proposer_org=SCHOOL.code,
        route=["unit"],
        route_orgs=[],
        decision={"number": "1/QĐ-THPTLTT", "date": "2026-12-07", "authority_org": SCHOOL.code}
        | decision,
    )
    return replace(
        base,
        row=row,
        orgs={o.code: o for o in (SCHOOL, DEPARTMENT, PROVINCE)},
        events=[
            StageEvent(sent, "ltt.officer", "submitted", "unit", SCHOOL.code, "", {}),
            StageEvent(at, "ltt.chair", "decided", "unit", SCHOOL.code, "", VOTE),
        ],
        chairs={},
        today=date(2026, 12, 20),
    )


def test_a_deciding_school_numbers_with_its_abbreviation_and_dates_at_the_province() -> None:
    facts = school_deciding()
    to_trinh = content.to_trinh(facts, 0)
    assert to_trinh.number == "Số:       /TTr-THPTLTT"
    assert to_trinh.place_date == "Bắc Ninh, ngày 25 tháng 11 năm 2026"  # submitted
    decision = content.quyet_dinh(facts)
    assert decision.place_date == "Bắc Ninh, ngày 07 tháng 12 năm 2026"
    assert decision.issuer == "TRƯỜNG THPT LÝ THÁI TỔ"
    minutes_paper = minutes.bien_ban(facts, facts.events[-1])
    assert minutes_paper.place_date.startswith("Bắc Ninh, ngày 07 tháng 12")
    certificate = content.certificate(facts, facts.row.nominees[0])
    assert certificate.place_date.startswith("Bắc Ninh, ngày")
    for paper in (to_trinh.place_date, decision.place_date, minutes_paper.place_date):
        assert "Sở" not in paper
        assert "BN-SGD" not in paper


def test_a_configured_symbol_and_place_name_win_over_the_defaults() -> None:
    facts = school_deciding()
    school = replace(SCHOOL, doc_symbol="THPT-LTT", locality="Từ Sơn")
    facts = replace(facts, orgs={**facts.orgs, SCHOOL.code: school})
    paper = content.to_trinh(facts, 0)
    assert paper.number == "Số:       /TTr-THPT-LTT"
    assert paper.place_date == "Từ Sơn, ngày 25 tháng 11 năm 2026"


def test_every_paper_of_a_decision_dated_earlier_than_its_recording_says_the_decisions_day() -> (
    None
):
    # The chair records on 7 December the decision signed on 1 December.
    facts = school_deciding(date="2026-12-01")
    decision = content.quyet_dinh(facts)
    assert decision.place_date == "Bắc Ninh, ngày 01 tháng 12 năm 2026"
    assert "ngày 01/12/2026" in decision.annex.title  # type: ignore[union-attr]
    certificate = content.certificate(facts, facts.row.nominees[0])
    assert certificate.place_date == "Bắc Ninh, ngày 01 tháng 12 năm 2026"
    assert certificate.decision == "Quyết định số 1/QĐ-THPTLTT ngày 01/12/2026"
    # the council met (at the latest) on the decision's day: not the day it was recorded
    paper = minutes.bien_ban(facts, facts.events[-1])
    assert paper.place_date == "Bắc Ninh, ngày 01 tháng 12 năm 2026"
    assert "Thời gian: ngày 01/12/2026." in paper.paragraphs
    assert not any("07/12/2026" in p for p in paper.paragraphs)
    # the proposal is dated when it went up, not on the day the paper is downloaded (20/12)
    assert content.to_trinh(facts, 0).place_date == "Bắc Ninh, ngày 25 tháng 11 năm 2026"
    # steps recorded after the decision's day are printed on that day at the latest
    later = datetime(2026, 12, 9, 10, 0, tzinfo=VN)
    late = replace(facts, events=[replace(e, at=later) for e in facts.events])
    assert content.to_trinh(late, 0).place_date == "Bắc Ninh, ngày 01 tháng 12 năm 2026"
    assert minutes.bien_ban(late, late.events[-1]).place_date.endswith("01 tháng 12 năm 2026")


def test_a_lower_meeting_keeps_its_own_day_and_hour() -> None:
    base = school_deciding()
    district = OrgInfo("BN-TD", "UBND huyện Tiên Du", "district", "BN")
    unit = OrgInfo("BN-TD-THLV", "Trường Tiểu học Lạc Vệ", "unit", "BN-TD")
    met = datetime(2026, 11, 28, 14, 0, tzinfo=VN)
    recorded = datetime(2026, 12, 7, 9, 30, tzinfo=VN)
    row = replace(
        base.row,
        award_code="BK_TINH",
        proposer_org=unit.code,
        route=["unit", "district", "province"],
        route_orgs=[district.code, PROVINCE.code],
        decision={"number": "12/QĐ-UBND", "date": "2026-12-05", "authority_org": PROVINCE.code},
    )
    facts = replace(
        base,
        row=row,
        orgs={o.code: o for o in (unit, district, PROVINCE)},
        events=[
            StageEvent(met, "lv.officer", "submitted", "unit", unit.code, "", {}),
            StageEvent(met, "td.chair", "approved", "district", district.code, "", VOTE),
            StageEvent(recorded, "bn.chair", "decided", "province", PROVINCE.code, "", VOTE),
        ],
    )
    lower = minutes.bien_ban(facts, facts.events[1])
    assert lower.place_date == "Tiên Du, ngày 28 tháng 11 năm 2026"
    assert "Thời gian: 14 giờ 00, ngày 28/11/2026." in lower.paragraphs
    assert content.to_trinh(facts, 1).place_date == "Tiên Du, ngày 28 tháng 11 năm 2026"
    assert content.to_trinh(facts, 1).number == "Số:       /TTr-UBND"
    top = minutes.bien_ban(facts, facts.events[2])
    assert top.place_date == "Bắc Ninh, ngày 05 tháng 12 năm 2026"
    assert content.quyet_dinh(facts).place_date == "Bắc Ninh, ngày 05 tháng 12 năm 2026"
    # a stage that has not sent the dossier up yet: its draft tờ trình is dated today
    waiting = replace(facts.row, status="in_review", decision=None)
    pending = replace(facts, row=waiting, events=facts.events[:1])
    assert content.to_trinh(pending, 1).place_date == "Tiên Du, ngày 20 tháng 12 năm 2026"
