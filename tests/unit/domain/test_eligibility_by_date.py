"""Eligibility criteria chosen by the dossier's date (issue 13 item 6; domain.md §0, §10).

The 2003 Law + ND91/2017 until 31/12/2023, Law 06/2022 + ND98/2023 until 30/06/2025 (ND152
Art.60), Law 06/2022 + ND152/2025 until its sunset (28/02/2027 inclusive); after that the
forms resting on ND152 have no criteria in force (a clear "not eligible" check, never a silent
pass) until a successor is added as data; titles resting on the Law alone go on.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.catalog import default_catalog
from domain.eligibility import (
    EligibilityRequest,
    EligibilityResult,
    PriorAward,
    Rating,
    YearRecord,
    evaluate,
    supported,
)
from domain.eligibility_criteria import DEFAULT_CRITERIA
from domain.eligibility_law import Criteria, CriteriaBook, CriteriaError, not_in_force
from domain.eligibility_rules import (
    consecutive_htt_5,
    cstd_cs_in_period,
    has_bk_tinh,
    not_awarded_for_year,
)
from domain.legal import LegalBasis
from domain.levels import Subject
from domain.registry import eligibility_request

H, X = Rating.HTT, Rating.HTXS
IND, COL = Subject.individual, Subject.collective
CAT = default_catalog()


def run(
    code: str,
    history: list[YearRecord],
    on: date | None,
    *,
    year: int = 2025,
    subject: Subject = IND,
    awards: tuple[PriorAward, ...] = (),
    book: CriteriaBook = DEFAULT_CRITERIA,
) -> EligibilityResult:
    request = EligibilityRequest(code, year, subject, tuple(history), awards, on=on)
    return evaluate(request, CAT, book)


def checks(result: EligibilityResult) -> dict[str, bool]:
    return {c.rule: c.met for c in result.checks}


def basis_of(result: EligibilityResult, rule: str) -> str:
    return next(c.basis for c in result.checks if c.rule == rule)


def teacher_for_bk_ttg(year: int) -> tuple[list[YearRecord], tuple[PriorAward, ...]]:
    """BK tỉnh for year-5, then five HTT years with CSTĐ cơ sở three times (not five)."""
    start = year - 5
    history = [YearRecord(start, X, ("LDTT",))]
    history += [
        YearRecord(y, H, ("LDTT", "CSTD_CS") if y % 2 == year % 2 else ("LDTT",))
        for y in range(start + 1, year + 1)
    ]
    return history, (PriorAward("BK_TINH", start),)


def test_cstd_cs_htxs_without_initiative_old_law_refuses_new_law_accepts() -> None:
    """Law 2003 Art.23: the LĐTT standard *and* an initiative; Law 2022 Art.23: HTXS or an
    initiative. One teacher, HTXS without initiative, lodged on either side of 1/1/2024."""
    record = YearRecord(2023, X, ("LDTT",))
    old = run("CSTD_CS", [record], date(2023, 12, 20), year=2023)
    new = run("CSTD_CS", [record], date(2024, 1, 5), year=2023)
    assert not old.eligible
    assert checks(old)["initiative_unit_scope"] is False
    assert basis_of(old, "initiative_unit_scope") == "Luật TĐKT 2003 (sửa đổi 2013) Art.23.1.b"
    assert new.eligible
    assert checks(new)["htxs_or_initiative"] is True
    assert "Law 06/2022/QH15" in basis_of(new, "criteria_in_force")
    with_initiative = YearRecord(2023, H, ("LDTT",), "unit")
    assert run("CSTD_CS", [with_initiative], date(2023, 12, 20), year=2023).eligible


def test_default_date_is_the_year_end_review() -> None:
    record = YearRecord(2023, X, ("LDTT",))
    assert not run("CSTD_CS", [record], None, year=2023).eligible  # 31/12/2023: Law 2003
    assert run("CSTD_CS", [YearRecord(2024, X)], None, year=2024).eligible


@pytest.mark.parametrize(
    ("on", "eligible", "cites"),
    [
        (date(2023, 12, 31), False, "ND91/2017"),  # five CSTĐ cơ sở needed (ND91 Art.38)
        (date(2024, 1, 1), True, "ND98/2023"),
        (date(2025, 6, 30), True, "ND98/2023"),  # lodged before 1/7/2025: ND98 (ND152 Art.60)
        (date(2025, 7, 1), True, "ND152/2025 Art.33.7"),
        (date(2027, 2, 28), True, "ND152/2025 Art.33.7"),  # last day of ND152
    ],
)
def test_bk_ttg_under_each_regime(on: date, eligible: bool, cites: str) -> None:
    history, awards = teacher_for_bk_ttg(2023)
    result = run("BK_TTG", history, on, year=2023, awards=awards)
    assert result.eligible is eligible
    assert cites in basis_of(result, "criteria_in_force")
    assert basis_of(result, "htt_since_previous").startswith(cites.split(" ")[0])
    if not eligible:
        assert checks(result) | {"cstd_cs_5_in_period": False} == checks(result)
        assert "cstd_cs_3_in_period" not in checks(result)


def test_past_the_nd152_sunset_with_no_successor_no_criteria_are_in_force() -> None:
    history, awards = teacher_for_bk_ttg(2026)
    result = run("BK_TTG", history, date(2027, 3, 1), year=2026, awards=awards)
    assert result.eligible is False
    (only,) = result.checks
    assert (only.rule, only.met) == ("criteria_in_force", False)
    assert "Không có tiêu chí Bằng khen của Thủ tướng Chính phủ" in only.detail
    assert "hết hiệu lực từ 01/03/2027" in only.detail
    assert "chưa có văn bản thay thế" in only.detail
    assert "ND152/2025 Art.33.7" in only.basis
    # titles resting on the Law alone are still judged after the sunset
    later = run("LDTT", [YearRecord(2027, H)], date(2027, 6, 1), year=2027)
    assert later.eligible
    assert basis_of(later, "criteria_in_force") == "Law 06/2022/QH15 Art.24"


def test_before_the_oldest_criteria_tdkt_knows() -> None:
    result = run("BK_TINH", [YearRecord(2016, X, (), "unit", initiatives=2)], date(2016, 12, 1),
                 year=2016)  # fmt: skip
    assert not result.eligible
    assert "sớm nhất tdkt ghi nhận có hiệu lực từ 15/09/2017" in result.checks[0].detail


def test_a_fictitious_successor_decree_is_data_only() -> None:
    successor = LegalBasis("ND999/2027", "12", date(2027, 3, 1))
    law_art73 = LegalBasis("Law 06/2022/QH15", "73", date(2024, 1, 1))
    cite = successor.cite()
    version = Criteria(
        "BK_TTG", IND, date(2027, 3, 1), None, (law_art73, successor),
        ((not_awarded_for_year(cite),), (has_bk_tinh(cite),), (consecutive_htt_5(cite),),
         (cstd_cs_in_period(4, cite),)),
    )  # fmt: skip
    book = DEFAULT_CRITERIA.with_version(version)
    history, awards = teacher_for_bk_ttg(2026)
    result = run("BK_TTG", history, date(2027, 3, 1), year=2026, awards=awards, book=book)
    assert "ND999/2027 Art.12" in basis_of(result, "criteria_in_force")
    assert checks(result)["cstd_cs_4_in_period"] is False  # three times; the successor asks 4
    assert not result.eligible
    before = run("BK_TTG", history, date(2027, 2, 1), year=2026, awards=awards, book=book)
    assert before.eligible  # the ND152 version still governs the days before
    assert len(book.of("BK_TTG", IND)) == len(DEFAULT_CRITERIA.of("BK_TTG", IND)) + 1


@pytest.mark.parametrize(
    ("on", "ldtt", "met"),
    [
        (date(2023, 12, 1), 5, False),  # Law 2003 Art.28: *more than* 50 %
        (date(2023, 12, 1), 6, True),
        (date(2025, 12, 1), 6, False),  # the province's 70 % (BN86 Art.3.2)
        (date(2025, 12, 1), 7, True),
    ],
)
def test_ttldtt_share_is_the_law_s_then_the_province_s(on: date, ldtt: int, met: bool) -> None:
    record = YearRecord(on.year, H, members_total=10, members_ldtt=ldtt, members_disciplined=0)
    result = run("TTLDTT", [record], on, year=on.year, subject=COL)
    assert checks(result)["members_ldtt_share"] is met
    assert result.eligible is met


def test_ttldxs_old_law_fixes_seventy_percent_and_no_discipline() -> None:
    record = YearRecord(2022, X, members_total=10, members_completed=10, members_ldtt=7,
                        members_cstd_cs=1, members_disciplined=1)  # fmt: skip
    result = run("TTLDXS", [record], date(2022, 12, 1), year=2022, subject=COL)
    assert checks(result)["members_ldtt_share"]
    assert basis_of(result, "members_ldtt_share") == "Luật TĐKT 2003 (sửa đổi 2013) Art.27"
    assert checks(result)["members_disciplined"] is False
    assert not result.eligible


def test_registry_input_carries_the_lodging_date() -> None:
    request = eligibility_request(
        award_code="CSTD_CS", year=2023, subject=IND, history=[YearRecord(2023, X)],
        awards=(), registry=(), initiatives=(), on=date(2024, 2, 1),
    )  # fmt: skip
    assert request.governing_date == date(2024, 2, 1)
    assert evaluate(request, CAT).eligible


def test_every_supported_pair_has_criteria_today_or_says_why() -> None:
    for code, subject in supported():
        for on in (date(2018, 1, 1), date(2024, 6, 1), date(2026, 6, 1), date(2030, 1, 1)):
            versions = DEFAULT_CRITERIA.of(code, Subject(subject))
            chosen = DEFAULT_CRITERIA.select(code, Subject(subject), on)
            assert versions
            if chosen is None:
                assert not_in_force(code, Subject(subject), on, versions).detail
            else:
                assert chosen.in_force(on)
                assert chosen.applied(on).met
    assert ("BK_TTG", "individual") in supported()


def test_criteria_tables_are_checked() -> None:
    law = LegalBasis("Law 06/2022/QH15", "24", date(2024, 1, 1))
    decree = LegalBasis("ND1/2030", "1", date(2030, 1, 1), date(2030, 12, 31))
    groups = ((not_awarded_for_year(law.cite()),),)
    with pytest.raises(CriteriaError, match="effective_to before"):
        Criteria("LDTT", IND, date(2025, 1, 1), date(2024, 1, 1), (law,), groups)
    with pytest.raises(CriteriaError, match="need a legal basis"):
        Criteria("LDTT", IND, date(2025, 1, 1), None, (), groups)
    with pytest.raises(CriteriaError, match="outside ND1/2030"):
        Criteria("LDTT", IND, date(2030, 1, 1), None, (decree,), groups)  # outlives its decree
    with pytest.raises(CriteriaError, match="outside Law"):
        Criteria("LDTT", IND, date(2023, 1, 1), None, (law,), groups)  # before the Law
    a = Criteria("LDTT", IND, date(2030, 1, 1), date(2030, 6, 30), (decree,), groups)
    b = Criteria("LDTT", IND, date(2030, 6, 1), date(2030, 12, 31), (decree,), groups)
    with pytest.raises(CriteriaError, match="overlap at 2030-06-01"):
        CriteriaBook((a, b))
    gap = CriteriaBook((a,))
    assert gap.select("LDTT", IND, date(2030, 7, 1)) is None
    generic = not_in_force("XYZ", IND, date(2030, 7, 1), ())
    assert generic.detail.startswith("Không có tiêu chí XYZ (cá nhân) có hiệu lực ngày 01/07/2030")
    assert (generic.key, generic.values) == (
        "criteria_none",
        {"award": "XYZ", "subject": "individual", "on": "2030-07-01"},
    )
    assert generic.basis == ""


def test_ttldtt_school_department_year_by_year_across_the_new_law() -> None:
    """A maths department (tổ Toán) of 12 teachers proposed every year-end, 2021–2025: each
    year is judged by the criteria of its own year-end (Law 2003 "more than 50 %" until 2023,
    the province's 70 % since), the counting of TTLĐTT itself being yearly."""
    ldtt = {2021: 7, 2022: 6, 2023: 8, 2024: 8, 2025: 9}
    disciplined = {2021: 0, 2022: 0, 2023: 1, 2024: 0, 2025: 0}
    history = [
        YearRecord(y, H, members_total=12, members_ldtt=n, members_disciplined=disciplined[y])
        for y, n in ldtt.items()
    ]
    verdicts = {
        y: run("TTLDTT", [r for r in history if r.year <= y], None, year=y, subject=COL).eligible
        for y in ldtt
    }
    # 2022: 6/12 is not *more than* half; 2023: a member disciplined at cảnh cáo;
    # 2024: 8/12 = 66.7 % < 70 %; 2021 and 2025 pass.
    assert verdicts == {2021: True, 2022: False, 2023: False, 2024: False, 2025: True}


def test_collective_bk_tinh_before_2024_cites_nd91_not_the_province() -> None:
    history = [YearRecord(2021, X), YearRecord(2022, X)]
    old = run("BK_TINH", history, date(2022, 12, 1), year=2022, subject=COL)
    assert old.eligible
    assert basis_of(old, "consecutive_htxs_or_ttldxs") == "ND91/2017 Art.39.2"
    new = run("BK_TINH", history, date(2025, 12, 20), year=2022, subject=COL)
    assert basis_of(new, "consecutive_htxs_or_ttldxs").startswith("QĐ 86/2025")


def test_expired_lists_only_the_latest_version_that_ended() -> None:
    assert DEFAULT_CRITERIA.expired(date(2027, 2, 28)) == ()
    ended = DEFAULT_CRITERIA.expired(date(2027, 3, 1))
    assert {(c.award_code, c.subject) for c in ended} == {
        ("BK_TINH", IND),
        ("BK_TINH", COL),
        ("BK_TTG", IND),
    }  # the 2003-Law and ND98 versions have successors; the Law 06/2022 titles are open
