"""Eligibility rules written from Law 06/2022 Art.21-28, 73-74 and ND152 Art.33.7."""

import pytest

from domain.catalog import default_catalog
from domain.eligibility import (
    EligibilityInputError,
    EligibilityRequest,
    NoRuleSet,
    PriorAward,
    Rating,
    YearRecord,
    evaluate,
)
from domain.levels import Subject

H, X, T = Rating.HTT, Rating.HTXS, Rating.HT
IND, COL = Subject.individual, Subject.collective


def rec(year: int, rating: Rating, *titles: str, scope: str | None = None) -> YearRecord:
    return YearRecord(year, rating, titles, scope)  # type: ignore[arg-type]


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
        (rec(2025, X), False),  # LĐTT of the year is required
    ],
)
def test_cstd_cs(record: YearRecord, eligible: bool) -> None:
    assert run("CSTD_CS", [record])["eligible"] is eligible


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


def test_cstd_tq() -> None:
    history = [rec(2024, X, "CSTD_TINH"), rec(2025, X, "CSTD_TINH", scope="national")]
    assert run("CSTD_TQ", history)["eligible"]
    history[1] = rec(2025, X, "CSTD_TINH", scope="province")
    assert not run("CSTD_TQ", history)["initiative_national_scope"]


def test_bk_tinh_alternatives() -> None:
    assert run("BK_TINH", [rec(2024, H, "CSTD_CS"), rec(2025, H, "CSTD_CS")])["eligible"]
    alt = run("BK_TINH", [rec(2024, X, scope="unit"), rec(2025, X, scope="unit")])
    assert alt["eligible"]
    assert not alt["consecutive_cstd_cs_2"]
    assert not run("BK_TINH", [rec(2024, X), rec(2025, X, scope="unit")])["eligible"]


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
    year: int, rating: Rating, total: int, done: int, ldtt: int, cs: int, *titles: str
) -> YearRecord:
    return YearRecord(year, rating, titles, None, total, done, ldtt, cs)


@pytest.mark.parametrize(
    ("code", "record", "rule", "met"),
    [
        ("TTLDTT", col(2025, H, 10, 10, 7, 0), "members_ldtt_70", True),  # exactly 70 %
        ("TTLDTT", col(2025, H, 30, 30, 20, 0), "members_ldtt_70", False),  # 66.67 %
        ("TTLDTT", col(2025, T, 10, 10, 10, 0), "rating_htt_or_better", False),
        ("TTLDXS", col(2025, X, 10, 10, 7, 1), "eligible", True),
        ("TTLDXS", col(2025, X, 10, 9, 7, 1), "members_completed_100", False),
        ("TTLDXS", col(2025, X, 10, 10, 7, 0), "members_cstd_cs_1", False),
        ("TTLDXS", col(2025, H, 10, 10, 7, 1), "rating_htxs", False),
        ("TTLDXS", YearRecord(2025, X), "members_ldtt_70", False),  # data missing
    ],
)
def test_collectives(code: str, record: YearRecord, rule: str, met: bool) -> None:
    assert run(code, [record], subject=COL)[rule] is met


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
