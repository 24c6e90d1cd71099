"""Eligibility rules written from Law 06/2022 Art.21-28, 73-74 and ND152 Art.33.7."""

import pytest

from domain.catalog import default_catalog
from domain.eligibility import (
    EligibilityInputError,
    EligibilityRequest,
    NoRuleSet,
    PriorAward,
    ProvinceRules,
    Rating,
    YearRecord,
    evaluate,
)
from domain.levels import Subject

H, X, T = Rating.HTT, Rating.HTXS, Rating.HT
IND, COL = Subject.individual, Subject.collective


def rec(
    year: int, rating: Rating, *titles: str, scope: str | None = None, n: int | None = None
) -> YearRecord:
    return YearRecord(year, rating, titles, scope, initiatives=n)  # type: ignore[arg-type]


def run(code: str, history: list[YearRecord], awards: tuple[PriorAward, ...] = (),
        subject: Subject = IND, year: int = 2025) -> dict[str, bool]:  # fmt: skip
    result = evaluate(
        EligibilityRequest(code, year, subject, tuple(history), awards), default_catalog()
    )
    checks = {c.rule: c.met for c in result.checks}
    assert all(c.detail and c.basis for c in result.checks)
    checks["eligible"] = result.eligible
    return checks


def test_ldtt_needs_htt_or_better() -> None:
    assert run("LDTT", [rec(2025, H)])["eligible"]
    assert run("LDTT", [rec(2025, X)])["eligible"]
    assert not run("LDTT", [rec(2025, T)])["rating_htt_or_better"]


@pytest.mark.parametrize(
    ("record", "eligible"),
    [
        (rec(2025, X, "LDTT"), True),
        (rec(2025, H, "LDTT", scope="unit"), True),  # initiative instead of HTXS (Art.23)
        (rec(2025, H, "LDTT"), False),
        (rec(2025, X), True),  # the LĐTT standard, voted at the same meeting: no title needed
        (rec(2025, H, scope="unit"), True),
        (rec(2025, T, scope="unit"), False),  # below the LĐTT standard
    ],
)
def test_cstd_cs(record: YearRecord, eligible: bool) -> None:
    assert run("CSTD_CS", [record])["eligible"] is eligible


def test_cstd_cs_teacher_over_five_years() -> None:
    """A teacher: LĐTT 2021-2022, CSTĐ cơ sở 2023 and 2024 with initiatives, 2025 HTXS."""
    history = [rec(2021, H, "LDTT"), rec(2022, H, "LDTT"),
               rec(2023, X, "LDTT", "CSTD_CS", scope="unit"),
               rec(2024, X, "CSTD_CS", scope="unit"), rec(2025, X)]  # fmt: skip
    checks = run("CSTD_CS", history)
    assert checks["eligible"]
    assert checks["ldtt_standard"]
    assert not run("CSTD_CS", history[:4], year=2024)["not_awarded_for_year"]


def test_cstd_tinh_three_consecutive_and_province_initiative() -> None:
    good = [rec(2023, X, "CSTD_CS"), rec(2024, X, "CSTD_CS", scope="province"),
            rec(2025, X, "CSTD_CS")]  # fmt: skip
    assert run("CSTD_TINH", good)["eligible"]
    gap = [good[0], rec(2024, X, "LDTT", scope="province"), good[2]]
    assert not run("CSTD_TINH", gap)["consecutive_cstd_cs_3"]
    unit_scope = [good[0], rec(2024, X, "CSTD_CS", scope="unit"), good[2]]
    assert not run("CSTD_TINH", unit_scope)["initiative_province_scope"]


def test_cstd_tinh_counting_restarts_after_previous_award() -> None:
    history = [rec(y, X, "CSTD_CS", scope="province") for y in range(2020, 2026)]
    assert run("CSTD_TINH", history, (PriorAward("CSTD_TINH", 2023),))["eligible"] is False
    assert run("CSTD_TINH", history, (PriorAward("CSTD_TINH", 2022),))["eligible"] is True


def test_cstd_tq_needs_two_consecutive_cycles_of_cstd_tinh() -> None:
    """CSTĐ tỉnh for 2020-2022 and 2023-2025 (decided on the cycles' last years) → eligible."""
    history = [rec(y, X, "CSTD_CS") for y in range(2020, 2026)]
    history[2] = rec(2022, X, "CSTD_CS", "CSTD_TINH", scope="province")
    history[5] = rec(2025, X, "CSTD_CS", "CSTD_TINH", scope="national")
    checks = run("CSTD_TQ", history)
    assert checks["eligible"]
    assert checks["two_cycles_cstd_tinh"]
    # the same history through the registry's prior awards, one of them a ministry's
    plain = [rec(y, X, scope="national" if y == 2024 else None) for y in range(2020, 2026)]
    awards = (PriorAward("CSTD_BO", 2022), PriorAward("CSTD_TINH", 2025))
    assert run("CSTD_TQ", plain, awards)["eligible"]
    # two consecutive *years* are not two cycles: 2025 + 2026 fails
    later = [*history[:5], rec(2025, X, "CSTD_TINH"), rec(2026, X, "CSTD_TINH", scope="national")]
    assert not run("CSTD_TQ", later[1:], year=2026)["two_cycles_cstd_tinh"]
    # a gap between the cycles fails; no national initiative in the six years fails
    gap = (PriorAward("CSTD_TINH", 2021), PriorAward("CSTD_TINH", 2025))
    assert not run("CSTD_TQ", plain, gap)["two_cycles_cstd_tinh"]
    local = [rec(y, X) for y in range(2020, 2026)]
    assert not run("CSTD_TQ", local, awards)["initiative_national_scope"]
    # an earlier CSTĐ toàn quốc restarts the count
    again = (*awards, PriorAward("CSTD_TQ", 2023))
    assert not run("CSTD_TQ", plain, again)["two_cycles_cstd_tinh"]


def test_cstd_bo_like_cstd_tinh() -> None:
    history = [rec(2023, X, "CSTD_CS"), rec(2024, X, "CSTD_CS", scope="province"),
               rec(2025, X, "CSTD_CS")]  # fmt: skip
    assert run("CSTD_BO", history)["eligible"]
    assert not run("CSTD_BO", history[1:])["eligible"]


def test_ad_hoc_and_thematic_awards_back_no_merit_award() -> None:
    history = [rec(y, X, scope="national" if y == 2024 else None) for y in range(2020, 2026)]
    awards = (PriorAward("CSTD_TINH", 2022, "thematic"), PriorAward("CSTD_TINH", 2025))
    assert not run("CSTD_TQ", history, awards)["two_cycles_cstd_tinh"]


def test_bk_tinh_alternatives() -> None:
    assert run("BK_TINH", [rec(2024, H, "CSTD_CS"), rec(2025, H, "CSTD_CS")])["eligible"]
    alt = run("BK_TINH", [rec(2024, X, scope="unit"), rec(2025, X, scope="unit")])
    assert alt["eligible"]
    assert not alt["consecutive_cstd_cs_2"]
    # initiatives are counted, not years with one: two in 2025 alone suffice, one does not
    assert run("BK_TINH", [rec(2024, X), rec(2025, X, scope="unit", n=2)])["eligible"]
    assert not run("BK_TINH", [rec(2024, X), rec(2025, X, scope="unit")])["eligible"]
    assert not run("BK_TINH", [rec(2024, H), rec(2025, X, scope="unit", n=3)])["eligible"]


def test_bk_tinh_engineer_over_six_years() -> None:
    """An engineer: LĐTT years, BK tỉnh for 2021, then CSTĐ cơ sở 2024 and 2025."""
    history = [rec(2020, H, "LDTT"), rec(2021, X, "CSTD_CS"), rec(2022, H, "LDTT"),
               rec(2023, H, "LDTT"), rec(2024, X, "CSTD_CS"), rec(2025, X, "CSTD_CS")]  # fmt: skip
    assert run("BK_TINH", history, (PriorAward("BK_TINH", 2021),))["eligible"]
    # one achievement, one form: a Giấy khen already given for 2025 blocks a Bằng khen for it
    both = (PriorAward("BK_TINH", 2021), PriorAward("GIAY_KHEN", 2025))
    checks = run("BK_TINH", history, both)
    assert not checks["one_form_per_achievement"]
    assert not checks["eligible"]
    # a title of the same year does not (title + form at the same time are both allowed)
    assert run("BK_TINH", history, (PriorAward("CSTD_TINH", 2025),))["one_form_per_achievement"]


def test_bk_tinh_since_previous_needs_htt_every_year() -> None:
    history = [rec(2022, H), rec(2023, T), rec(2024, H, "CSTD_CS"), rec(2025, H, "CSTD_CS")]
    checks = run("BK_TINH", history, (PriorAward("BK_TINH", 2021),))
    assert not checks["htt_since_previous"]
    assert not checks["eligible"]
    assert run("BK_TINH", history, (PriorAward("BK_TINH", 2023),))["eligible"]


def test_bk_ttg() -> None:
    history = [rec(2020, H)] + [
        rec(y, H, *(("CSTD_CS",) if y % 2 else ())) for y in range(2021, 2026)
    ]
    awards = (PriorAward("BK_TINH", 2020),)
    checks = run("BK_TTG", history, awards)
    assert checks == checks | {"has_bk_tinh": True, "consecutive_htt_5": True,
                               "cstd_cs_3_in_period": True, "eligible": True}  # fmt: skip
    assert not run("BK_TTG", history)["has_bk_tinh"]
    history[2] = rec(2022, T)
    assert not run("BK_TTG", history, awards)["consecutive_htt_5"]


def col(
    year: int, rating: Rating, total: int, done: int, ldtt: int, cs: int, *titles: str,
    disciplined: int | None = 0,
) -> YearRecord:  # fmt: skip
    return YearRecord(
        year, rating, titles, None, total, done, ldtt, cs, members_disciplined=disciplined
    )


@pytest.mark.parametrize(
    ("code", "record", "rule", "met"),
    [
        ("TTLDTT", col(2025, H, 10, 10, 7, 0), "members_ldtt_share", True),  # exactly 70 %
        ("TTLDTT", col(2025, H, 30, 30, 20, 0), "members_ldtt_share", False),  # 66.67 %
        ("TTLDTT", col(2025, H, 10, 10, 7, 0), "eligible", True),
        ("TTLDTT", col(2025, H, 10, 10, 7, 0, disciplined=1), "members_disciplined", False),
        ("TTLDTT", col(2025, H, 10, 10, 7, 0, disciplined=None), "members_disciplined", False),
        ("TTLDTT", col(2025, T, 10, 10, 10, 0), "rating_htt_or_better", False),
        ("TTLDXS", col(2025, X, 10, 10, 7, 1), "eligible", True),
        ("TTLDXS", col(2025, X, 10, 9, 7, 1), "members_completed_100", False),
        ("TTLDXS", col(2025, X, 10, 10, 7, 0), "members_cstd_cs_1", False),
        ("TTLDXS", col(2025, H, 10, 10, 7, 1), "rating_htxs", False),
        ("TTLDXS", YearRecord(2025, X), "members_ldtt_share", False),  # data missing
    ],
)
def test_collectives(code: str, record: YearRecord, rule: str, met: bool) -> None:
    assert run(code, [record], subject=COL)[rule] is met


def test_provincial_figures_are_configuration() -> None:
    record = col(2025, H, 20, 20, 13, 0, disciplined=1)  # 65 %, one member disciplined
    bac_ninh = run("TTLDTT", [record], subject=COL)
    assert not bac_ninh["members_ldtt_share"]
    assert not bac_ninh["members_disciplined"]
    other = ProvinceRules(basis="QĐ 1/2026 tỉnh X", ldtt_share_percent=60, max_disciplined=None)
    result = evaluate(
        EligibilityRequest("TTLDTT", 2025, COL, (record,), province=other), default_catalog()
    )
    assert result.eligible
    assert {c.basis for c in result.checks if c.rule == "members_ldtt_share"} == {
        "QĐ 1/2026 tỉnh X Art.3.2"
    }


def test_collective_school_over_three_years() -> None:
    """A school: TTLĐTT 2023, TTLĐXS 2024, HTXS 2025 → TTLĐXS 2025 and BK tỉnh 2025."""
    history = [col(2023, H, 40, 40, 30, 2, "TTLDTT"), col(2024, X, 40, 40, 32, 3, "TTLDXS"),
               col(2025, X, 42, 42, 35, 4)]  # fmt: skip
    assert run("TTLDXS", history, subject=COL)["eligible"]
    assert run("BK_TINH", history, subject=COL)["eligible"]
    assert not run("TTLDXS", history[:2], subject=COL, year=2024)["not_awarded_for_year"]


def test_bk_tinh_collective() -> None:
    history = [col(2024, H, 5, 5, 5, 1, "TTLDXS"), col(2025, X, 5, 5, 5, 1)]
    assert run("BK_TINH", history, subject=COL)["eligible"]
    assert not run("BK_TINH", history[1:], subject=COL)["eligible"]


def test_already_awarded_for_the_year() -> None:
    assert not run("LDTT", [rec(2025, H, "LDTT")])["not_awarded_for_year"]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (EligibilityRequest("NOPE", 2025, IND, (rec(2025, H),)), "award_code"),
        (EligibilityRequest("TTLDTT", 2025, IND, (rec(2025, H),)), "subject"),
        (EligibilityRequest("LDTT", 2025, IND, (rec(2025, H), rec(2025, X))), "history[1].year"),
        (EligibilityRequest("LDTT", 2025, IND, (rec(2024, H),)), "year"),
        (EligibilityRequest("LDTT", 2025, IND, (rec(2025, H), rec(2026, H))), "history[1].year"),
        (EligibilityRequest("LDTT", 2025, IND, (rec(2025, H),), (PriorAward("LDTT", 2026),)),
         "awards[0].year"),
        (EligibilityRequest("TTLDTT", 2025, COL, (col(2025, H, 5, 6, 5, 0),)),
         "history[0].members_completed"),
        (EligibilityRequest("TTLDTT", 2025, COL, (YearRecord(2025, H, members_ldtt=3),)),
         "history[0].members_ldtt"),
        (EligibilityRequest("TTLDTT", 2025, COL, (col(2025, H, 0, 0, 0, 0),)),
         "history[0].members_total"),
        (EligibilityRequest("TTLDTT", 2025, COL, (col(2025, H, 5, 5, 5, 0, disciplined=6),)),
         "history[0].members_disciplined"),
        (EligibilityRequest("BK_TINH", 2025, IND, (rec(2025, X, n=-1),)),
         "history[0].initiatives"),
        (EligibilityRequest("BK_TINH", 2025, IND, (rec(2025, X),),
                            (PriorAward("LDTT", 2024, "weekly"),)), "awards[0].award_type"),
    ],
)  # fmt: skip
def test_malformed_input_names_the_field(request_: EligibilityRequest, field: str) -> None:
    with pytest.raises(EligibilityInputError) as info:
        evaluate(request_, default_catalog())
    assert info.value.field == field


def test_award_without_rule_set() -> None:
    with pytest.raises(NoRuleSet) as info:
        evaluate(EligibilityRequest("CO_CP", 2025, COL, (rec(2025, X),)), default_catalog())
    assert info.value.field == "award_code"


def test_ldtt_worker_over_four_years() -> None:
    """A worker rated HTT, HT, HTT, HTXS: LĐTT for 2023 and 2025, not for 2022 or 2024's HT."""
    history = [rec(2022, T), rec(2023, H, "LDTT"), rec(2024, T), rec(2025, X)]
    assert run("LDTT", history)["eligible"]
    assert not run("LDTT", history[:3], year=2024)["eligible"]
    assert not run("LDTT", history[:2], year=2023)["not_awarded_for_year"]


def test_bk_ttg_civil_servant_over_seven_years() -> None:
    """BK tỉnh for 2018, then HTT or better 2019-2025 with CSTĐ cơ sở 2020, 2022 and 2024."""
    history = [rec(y, H, *(("CSTD_CS",) if y in (2020, 2022, 2024) else ()))
               for y in range(2019, 2026)]  # fmt: skip
    awards = (PriorAward("BK_TINH", 2018),)
    checks = run("BK_TTG", history, awards)
    assert checks["eligible"]
    assert checks["one_form_per_achievement"]
    two_cs = [rec(y, H, *(("CSTD_CS",) if y in (2022, 2024) else ())) for y in range(2019, 2026)]
    assert not run("BK_TTG", two_cs, awards)["cstd_cs_3_in_period"]
