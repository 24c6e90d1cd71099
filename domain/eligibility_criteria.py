"""The eligibility criteria tdkt knows, per legal regime (domain.md §0, §2, §10).

* **2003 Law (as amended in 2013) + ND91/2017**, until 31/12/2023: CSTĐ cơ sở needs the LĐTT
  standard *and* an initiative (no HTXS alternative, Law 2003 Art.23); Bằng khen TTg needs
  five CSTĐ cơ sở in the five HTT years after the Bằng khen tỉnh (Law 2003 Art.71, ND91
  Art.38); Bằng khen tỉnh only by two HTXS years with two initiatives (ND91 Art.39.1(c));
  TTLĐTT needs *more than* 50 % of members with LĐTT and TTLĐXS 70 %, figures of the Law
  itself (Art.27-28), not of the province; a collective's Bằng khen tỉnh two HTXS years
  (ND91 Art.39.2). [R]: recalled, not re-read in the texts.
* **Law 06/2022 + ND98/2023**, 1/1/2024–30/6/2025, and **Law 06/2022 + ND152/2025** from
  1/7/2025: the titles rest on the Law alone (open-ended); the forms whose counting period
  restarts after the previous award (ND152 Art.33.7) rest on the decree too, so they end with
  ND152's sunset (28/02/2027 inclusive) until a successor is added as data.

Articles of ND98 and ND91 not verified are cited by the instrument alone.
"""

from __future__ import annotations

from datetime import date

from domain.eligibility_collective import (
    Share,
    htxs_or_ttldxs,
    members_completed_100,
    members_cstd_cs_1,
    members_ldtt_share,
    no_member_disciplined,
)
from domain.eligibility_law import Criteria, CriteriaBook
from domain.eligibility_model import Rating
from domain.eligibility_rules import (
    CheckFn,
    RuleSet,
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
from domain.legal import ND152_FROM, ND152_TO, LegalBasis, law, nd152
from domain.levels import Subject

__all__ = ["DEFAULT_CRITERIA"]

IND, COL = Subject.individual, Subject.collective
HTT = "rating_htt_or_better"

LAW_2003 = "Luật TĐKT 2003 (sửa đổi 2013)"
LAW_2003_FROM, LAW_2003_TO = date(2014, 6, 1), date(2023, 12, 31)
ND91_FROM = date(2017, 9, 15)
ND98_FROM, ND98_TO = date(2024, 1, 1), date(2025, 6, 30)  # ND152 Art.60


def law2003(article: str) -> LegalBasis:
    return LegalBasis(LAW_2003, article, LAW_2003_FROM, LAW_2003_TO)


def nd91(article: str) -> LegalBasis:
    return LegalBasis("ND91/2017", article, ND91_FROM, LAW_2003_TO)


ND98 = LegalBasis("ND98/2023", "", ND98_FROM, ND98_TO)


def _c(b: LegalBasis) -> str:
    return b.cite()


def _regime_2003() -> tuple[Criteria, ...]:
    once = (not_awarded_for_year(_c(law2003("6.2"))),)
    one_form = (one_form_per_achievement(_c(law2003("6.2"))),)
    since = (htt_since_previous(_c(nd91(""))),)

    def title(code: str, subject: Subject, article: str, *groups: tuple[CheckFn, ...]) -> Criteria:
        return Criteria(
            code, subject, LAW_2003_FROM, LAW_2003_TO, (law2003(article),), (once, *groups)
        )

    def form(code: str, subject: Subject, article: str, groups: RuleSet) -> Criteria:
        bases = (law2003("6.2"), nd91(article))
        return Criteria(code, subject, ND91_FROM, LAW_2003_TO, bases, (once, one_form, *groups))

    art22 = _c(law2003("22"))
    return (
        title("LDTT", IND, "24", (rating_at_least(Rating.HTT, HTT, _c(law2003("24"))),)),
        title("CSTD_CS", IND, "23", (ldtt_standard(_c(law2003("23.1.a"))),),
              (initiative_in_window("unit", 1, _c(law2003("23.1.b"))),)),
        title("CSTD_TINH", IND, "22", (consecutive("CSTD_CS", 3, art22),),
              (initiative_in_window("province", 3, art22),)),
        title("CSTD_BO", IND, "22", (consecutive("CSTD_CS", 3, art22),),
              (initiative_in_window("province", 3, art22),)),
        title("CSTD_TQ", IND, "21",
              (two_consecutive_cycles(("CSTD_TINH", "CSTD_BO"), 3, _c(law2003("21"))),),
              (initiative_in_window("national", 6, _c(law2003("21"))),)),
        form("BK_TINH", IND, "39", (since, (htxs_with_initiatives_2(_c(nd91("39.1.c"))),))),
        form("BK_TINH", COL, "39", (since, (htxs_or_ttldxs((2, _c(nd91("39.2")))),))),
        form("BK_TTG", IND, "38", (since, (has_bk_tinh(_c(law2003("71"))),),
             (consecutive_htt_5(_c(law2003("71"))),), (cstd_cs_in_period(5, _c(nd91("38"))),))),
        title("TTLDTT", COL, "28",
              (rating_at_least(Rating.HTT, HTT, _c(law2003("28"))),),
              (members_ldtt_share("28", Share(50, True, _c(law2003("28")))),),
              (no_member_disciplined(_c(law2003("28"))),)),
        title("TTLDXS", COL, "27",
              (rating_at_least(Rating.HTXS, "rating_htxs", _c(law2003("27"))),),
              (members_completed_100(_c(law2003("27"))),),
              (members_ldtt_share("27", Share(70, False, _c(law2003("27")))),),
              (members_cstd_cs_1(_c(law2003("27"))),),
              (no_member_disciplined(_c(law2003("27"))),)),
    )  # fmt: skip


def _titles_2022() -> tuple[Criteria, ...]:
    once = (not_awarded_for_year(_c(law("5.2.c"))),)

    def title(code: str, subject: Subject, article: str, *groups: tuple[CheckFn, ...]) -> Criteria:
        start = law(article)
        return Criteria(code, subject, start.effective_from, None, (start,), (once, *groups))

    art22 = _c(law("22"))
    return (
        title("LDTT", IND, "24", (rating_at_least(Rating.HTT, HTT, _c(law("24.1"))),)),
        title("CSTD_CS", IND, "23", (ldtt_standard(_c(law("23.1.a"))),),
              (htxs_or_initiative(_c(law("23"))),)),
        title("CSTD_TINH", IND, "22", (consecutive("CSTD_CS", 3, art22),),
              (initiative_in_window("province", 3, art22),)),
        title("CSTD_BO", IND, "22", (consecutive("CSTD_CS", 3, art22),),
              (initiative_in_window("province", 3, art22),)),
        title("CSTD_TQ", IND, "21",
              (two_consecutive_cycles(("CSTD_TINH", "CSTD_BO"), 3, _c(law("21"))),),
              (initiative_in_window("national", 6, _c(law("21"))),)),
        title("TTLDTT", COL, "28",
              (rating_at_least(Rating.HTT, HTT, _c(law("28"))),),
              (members_ldtt_share("3.2"),), (no_member_disciplined(),)),
        title("TTLDXS", COL, "27",
              (rating_at_least(Rating.HTXS, "rating_htxs", _c(law("27"))),),
              (members_completed_100(_c(law("27"))),), (members_ldtt_share("3.2"),),
              (members_cstd_cs_1(_c(law("27"))),), (no_member_disciplined(),)),
    )  # fmt: skip


def _forms_2022(decree: LegalBasis, start: date, end: date) -> tuple[Criteria, ...]:
    """The forms under Law 06/2022 detailed by ``decree`` (ND98, then ND152)."""
    once = (not_awarded_for_year(_c(law("5.2.c"))),)
    one_form = (one_form_per_achievement(_c(law("5.2.c"))),)
    since = (htt_since_previous(_c(decree)),)

    def form(code: str, subject: Subject, article: str, *groups: tuple[CheckFn, ...]) -> Criteria:
        bases = (law(article), decree)
        return Criteria(code, subject, start, end, bases, (once, one_form, since, *groups))

    art74, art73 = _c(law("74.1.d")), _c(law("73.1.b"))
    return (
        form("BK_TINH", IND, "74",
             (consecutive("CSTD_CS", 2, art74), htxs_with_initiatives_2(art74))),
        form("BK_TINH", COL, "74", (htxs_or_ttldxs(),)),
        form("BK_TTG", IND, "73", (has_bk_tinh(art73),), (consecutive_htt_5(art73),),
             (cstd_cs_in_period(3, art73),)),
    )  # fmt: skip


DEFAULT_CRITERIA = CriteriaBook.of_tables(
    _regime_2003(),
    _titles_2022(),
    _forms_2022(ND98, ND98_FROM, ND98_TO),
    _forms_2022(nd152("33.7"), ND152_FROM, ND152_TO),
)
