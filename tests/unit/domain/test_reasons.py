"""Each check kind states its reason in machine form: a key and values (codes, never words)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from domain.ballot import BallotError, Vote, check_ballot, check_quorum
from domain.catalog import default_catalog
from domain.eligibility_collective import (
    Share,
    htxs_or_ttldxs,
    members_completed_100,
    members_cstd_cs_1,
    members_ldtt_share,
    no_member_disciplined,
)
from domain.eligibility_law import Criteria, not_in_force
from domain.eligibility_model import Check, CheckValue, PriorAward, ProvinceRules, YearRecord
from domain.eligibility_model import Rating as R
from domain.eligibility_rules import (
    CheckFn,
    History,
    consecutive,
    consecutive_htt_5,
    cstd_cs_in_period,
    has_bk_tinh,
    htt_since_previous,
    htxs_or_initiative,
    htxs_with_initiatives_2,
    initiative_in_window,
    ldtt_standard,
    not_awarded_for_year,
    one_form_per_achievement,
    rating_at_least,
    two_consecutive_cycles,
)
from domain.legal import LegalBasis
from domain.levels import Subject
from domain.reasons import TEMPLATES, VALUE_KINDS, reason, vi_value, word

FORMS = frozenset(r.code for r in default_catalog() if r.category == "form")
B = "Law 06/2022/QH15 Art.24"


def history(
    code: str, *records: YearRecord, awards: tuple[PriorAward, ...] = (),
    province: ProvinceRules | None = None,
) -> History:  # fmt: skip
    year = max(r.year for r in records)
    rules = province or ProvinceRules()
    return History(code, year, {r.year: r for r in records}, awards, rules, FORMS)


def rec(year: int, rating: R, *titles: str, **figures: object) -> YearRecord:
    return YearRecord(year, rating, titles, **figures)  # type: ignore[arg-type]


def team(year: int, rating: R = R.HTT, /, **figures: int | None) -> YearRecord:
    return YearRecord(year, rating, **figures)  # type: ignore[arg-type]


FULL = {"members_total": 10, "members_completed": 10, "members_ldtt": 8, "members_cstd_cs": 1}
CASES: list[tuple[str, CheckFn, History, bool, str, dict[str, CheckValue]]] = [
    ("rating ok", rating_at_least(R.HTT, "r", B), history("LDTT", rec(2025, R.HTXS)), True,
     "rating_at_least", {"year": 2025, "rating": "HTXS", "required_rating": "HTT"}),
    ("rating low", rating_at_least(R.HTT, "r", B), history("LDTT", rec(2025, R.HT)), False,
     "rating_at_least", {"year": 2025, "rating": "HT", "required_rating": "HTT"}),
    ("ldtt standard", ldtt_standard(B), history("CSTD_CS", rec(2025, R.HT)), False,
     "ldtt_standard",
     {"year": 2025, "rating": "HT", "award": "LDTT", "required_rating": "HTT"}),
    ("two cycles", two_consecutive_cycles(("CSTD_TINH", "CSTD_BO"), 3, B),
     history("CSTD_TQ", rec(2022, R.HTXS, "CSTD_TINH"), rec(2025, R.HTXS, "CSTD_BO")), True,
     "two_cycles",
     {"awards": ["CSTD_TINH", "CSTD_BO"], "years": [2022, 2025], "year": 2025, "previous": 2022}),
    ("initiative", htxs_or_initiative(B), history("CSTD_CS", rec(2025, R.HTT,
     initiative_scope="province")), True, "htxs_or_initiative",
     {"year": 2025, "rating": "HTT", "required_rating": "HTXS", "scope": "province"}),
    ("no initiative", htxs_or_initiative(B), history("CSTD_CS", rec(2025, R.HTT)), False,
     "htxs_or_no_initiative", {"year": 2025, "rating": "HTT", "required_rating": "HTXS"}),
    ("streak", consecutive("CSTD_CS", 3, B),
     history("CSTD_TINH", rec(2024, R.HTT, "CSTD_CS"), rec(2025, R.HTT, "CSTD_CS")), False,
     "consecutive",
     {"count": 2, "award": "CSTD_CS", "year": 2025, "years": [2024, 2025], "required": 3}),
    ("streak after the last award", consecutive("CSTD_CS", 2, B),
     history("BK_TINH", rec(2024, R.HTT, "CSTD_CS"), rec(2025, R.HTT, "CSTD_CS"),
             awards=(PriorAward("BK_TINH", 2024),)), False, "consecutive_since",
     {"count": 1, "award": "CSTD_CS", "year": 2025, "years": [2025], "required": 2,
      "previous": 2024}),
    ("window", initiative_in_window("province", 3, B),
     history("CSTD_TINH", rec(2024, R.HTT, initiative_scope="national"), rec(2025, R.HTT)),
     True, "initiative_in_window",
     {"scope": "province", "start": 2023, "year": 2025, "years": [2024]}),
    ("two initiatives", htxs_with_initiatives_2(B),
     history("BK_TINH", rec(2024, R.HTXS, initiative_scope="unit"),
             rec(2025, R.HTXS, initiative_scope="unit")), True, "htxs_initiatives",
     {"required_rating": "HTXS", "year": 2025, "years": [2024, 2025], "count": 2}),
    ("one form", one_form_per_achievement(B), history("BK_TINH", rec(2025, R.HTT)), True,
     "one_form", {"year": 2025}),
    ("another form", one_form_per_achievement(B),
     history("BK_TINH", rec(2025, R.HTT), awards=(PriorAward("GIAY_KHEN", 2025),)), False,
     "one_form_taken", {"year": 2025, "forms": ["GIAY_KHEN"]}),
    ("not yet awarded", not_awarded_for_year(B), history("LDTT", rec(2025, R.HTT)), True,
     "not_awarded_for_year", {"award": "LDTT", "year": 2025}),
    ("awarded", not_awarded_for_year(B), history("LDTT", rec(2025, R.HTT, "LDTT")), False,
     "awarded_for_year", {"award": "LDTT", "year": 2025}),
    ("first award", htt_since_previous(B), history("BK_TINH", rec(2025, R.HTT)), True,
     "first_award", {"award": "BK_TINH", "year": 2025}),
    ("since previous", htt_since_previous(B),
     history("BK_TINH", rec(2024, R.HT), rec(2025, R.HTT),
             awards=(PriorAward("BK_TINH", 2023),)), False, "htt_since_previous",
     {"previous": 2023, "years": [2024, 2025], "required_rating": "HTT", "missing": [2024]}),
    ("bk tinh", has_bk_tinh(B),
     history("BK_TTG", rec(2025, R.HTT), awards=(PriorAward("BK_TINH", 2020),)), True,
     "has_bk_tinh", {"award": "BK_TINH", "year": 2020}),
    ("no bk tinh", has_bk_tinh(B), history("BK_TTG", rec(2025, R.HTT)), False, "no_bk_tinh",
     {"award": "BK_TINH"}),
    ("htt years", consecutive_htt_5(B),
     history("BK_TTG", rec(2024, R.HTT), rec(2025, R.HTT),
             awards=(PriorAward("BK_TINH", 2023),)), False, "consecutive_htt",
     {"award": "BK_TINH", "required_rating": "HTT", "required": 5, "base": 2023, "year": 2025,
      "years": [2024, 2025]}),
    ("htt years, no base", consecutive_htt_5(B), history("BK_TTG", rec(2025, R.HTT)), False,
     "consecutive_htt_no_base", {"award": "BK_TINH", "required_rating": "HTT", "required": 5}),
    ("cstd cs in period", cstd_cs_in_period(3, B),
     history("BK_TTG", rec(2024, R.HTT, "CSTD_CS"), rec(2025, R.HTT),
             awards=(PriorAward("BK_TINH", 2023),)), False, "cstd_cs_in_period",
     {"award": "CSTD_CS", "count": 1, "years": [2024], "required": 3}),
    ("ldtt share", members_ldtt_share("3.2"), history("TTLDTT", team(2025, **FULL)), True,
     "members_ldtt_share", {"have": 8, "total": 10, "award": "LDTT", "percent": 70}),
    ("ldtt share over", members_ldtt_share("28", Share(50, True, B)),
     history("TTLDTT", team(2025, members_total=10, members_ldtt=5)), False,
     "members_ldtt_share_over", {"have": 5, "total": 10, "award": "LDTT", "percent": 50}),
    ("ldtt missing", members_ldtt_share("3.2"), history("TTLDTT", team(2025)), False,
     "members_ldtt_missing", {"year": 2025, "award": "LDTT"}),
    ("discipline off", no_member_disciplined(),
     history("TTLDTT", team(2025), province=ProvinceRules(max_disciplined=None)), True,
     "members_disciplined_off", {}),
    ("discipline missing", no_member_disciplined(), history("TTLDTT", team(2025)), False,
     "members_disciplined_missing", {"year": 2025}),
    ("disciplined", no_member_disciplined(B),
     history("TTLDTT", team(2025, members_total=10, members_disciplined=1)), False,
     "members_disciplined", {"count": 1, "allowed": 0}),
    ("completed", members_completed_100(B), history("TTLDXS", team(2025, **FULL)), True,
     "members_completed", {"have": 10, "total": 10, "percent": 100}),
    ("completed missing", members_completed_100(B), history("TTLDXS", team(2025)), False,
     "members_completed_missing", {"year": 2025}),
    ("cstd cs members", members_cstd_cs_1(B), history("TTLDXS", team(2025, **FULL)), True,
     "members_cstd_cs", {"count": 1, "award": "CSTD_CS", "required": 1}),
    ("cstd cs members missing", members_cstd_cs_1(B), history("TTLDXS", team(2025)), False,
     "members_cstd_cs_missing", {"year": 2025, "award": "CSTD_CS"}),
    ("htxs or ttldxs", htxs_or_ttldxs(),
     history("BK_TINH", team(2024, R.HT), team(2025, R.HTT, members_total=3)), False,
     "htxs_or_ttldxs",
     {"required_rating": "HTXS", "award": "TTLDXS", "year": 2025, "years": [], "required": 2}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("check", "h", "met", "key", "values"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_check_kind_states_its_reason_as_key_and_values(
    check: CheckFn, h: History, met: bool, key: str, values: dict[str, CheckValue]
) -> None:
    result = check(h)
    assert (result.met, result.key, result.values) == (met, key, values)
    assert result.detail == word(key, values)  # the Vietnamese default is the same reason


def test_every_reason_key_is_produced_by_a_check_kind_or_its_owner() -> None:
    keys = {c[4] for c in CASES}
    elsewhere = {  # made below, by the API, or by the registers (tests/registry)
        "criteria_applied", "criteria_applied_open", "criteria_lapsed", "criteria_not_yet",
        "criteria_none", "ballot_passed", "ballot_failed", "quorum", "manual_review",
        "history_declared", "frozen_until", "frozen_open", "counts_from_end", "not_frozen",
        "already_awarded", "not_yet_awarded",
    }  # fmt: skip
    assert keys | elsewhere == TEMPLATES.keys()


LAW = LegalBasis("Law 06/2022/QH15", "24", date(2024, 1, 1))
DECREE = LegalBasis("ND1/2030", "1", date(2030, 1, 1), date(2030, 12, 31))
GROUPS = ((not_awarded_for_year(LAW.cite()),),)
IND = Subject.individual


def test_criteria_reasons_carry_iso_dates_and_the_citation() -> None:
    open_ended = Criteria("LDTT", IND, date(2024, 1, 1), None, (LAW,), GROUPS)
    applied = open_ended.applied(date(2025, 3, 4))
    assert (applied.key, applied.values) == (
        "criteria_applied_open",
        {"cite": "Law 06/2022/QH15 Art.24", "on": "2025-03-04", "starts": "2024-01-01"},
    )
    assert "04/03/2025" in applied.detail
    bounded = Criteria("LDTT", IND, date(2030, 1, 1), date(2030, 6, 30), (DECREE,), GROUPS)
    assert bounded.applied(date(2030, 2, 1)).values["ends"] == "2030-06-30"
    lapsed = not_in_force("LDTT", IND, date(2030, 7, 1), (bounded,))
    assert (lapsed.key, lapsed.values["lapsed"], lapsed.values["cite"]) == (
        "criteria_lapsed", "2030-07-01", "ND1/2030 Art.1"
    )  # fmt: skip
    early = not_in_force("LDTT", IND, date(2029, 1, 1), (bounded,))
    assert (early.key, early.values["starts"], early.values["subject"]) == (
        "criteria_not_yet", "2030-01-01", "individual"
    )  # fmt: skip


def test_ballot_and_quorum_reasons() -> None:
    failed = check_ballot(Vote(11, 10, 8), 0.9)
    assert (failed.key, failed.values) == (
        "ballot_failed",
        {"in_favor": 8, "members_total": 11, "present": 10, "share": 8 / 11, "threshold": 0.9},
    )
    assert failed.detail.endswith(
        "(72,73 % tổng số thành viên, có mặt 10); yêu cầu ≥ 90 %: không đạt"
    )
    assert check_ballot(Vote(10, 10, 9), 0.9).key == "ballot_passed"
    with pytest.raises(BallotError) as info:
        check_quorum(Vote(11, 5, 5), Fraction(2, 3))
    assert (info.value.field, info.value.key) == ("present", "quorum")
    assert info.value.values["required"] == 8
    assert "có mặt 5/11, cần ít nhất 8 (66,67 % tổng số thành viên" in info.value.message


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("years", [], "không có"),
        ("years", [2023, 2024], "2023, 2024"),
        (
            "awards",
            ["CSTD_TINH", "CSTD_BO"],
            "Chiến sĩ thi đua cấp tỉnh hoặc Chiến sĩ thi đua cấp bộ, ban, ngành",
        ),
        (
            "forms",
            ["GIAY_KHEN", "BK_BO"],
            "Giấy khen, Bằng khen của Bộ trưởng, Thủ trưởng cơ quan ngang bộ",
        ),
        ("rating", "HTT", "hoàn thành tốt nhiệm vụ"),
        ("award", "NOT_AN_AWARD", "NOT_AN_AWARD"),  # an unknown code stays itself
        ("scope", "national", "toàn quốc"),
        ("subject", "household", "hộ gia đình"),
        ("on", "2027-03-01", "01/03/2027"),
        ("percent", 70, "70 %"),
        ("share", 0.9, "90 %"),
        ("share", 2 / 3, "66,67 %"),
        ("year", 2025, "2025"),
        ("name", "Tổ Toán", "Tổ Toán"),
    ],
)
def test_values_in_vietnamese(name: str, value: CheckValue, text: str) -> None:
    assert name in VALUE_KINDS
    assert vi_value(name, value) == text


def test_a_reason_builds_its_check() -> None:
    made = reason("manual_review", True, "", "manual_review", award="GIAY_KHEN")
    assert made == Check(
        "manual_review", True, "Chưa có tiêu chí kiểm tra tự động cho Giấy khen; Hội đồng thi đua "
        "xem xét", "", "manual_review", {"award": "GIAY_KHEN"},
    )  # fmt: skip
    assert hash(made) == hash(Check(made.rule, True, made.detail, "", "manual_review"))
