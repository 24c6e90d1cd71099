"""Rules chosen by date (ND98 before 1/7/2025, successors as data), base salary history,
the highest-title rule, council quorum and award types (issue 13 items 3, 5, 6)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from domain.award_types import AwardType, AwardTypeError, allowed_types, procedure
from domain.ballot import BallotError, Vote, ballot_required, check_quorum, quorum_for
from domain.bonus import BonusError as BonusErr
from domain.bonus import base_salary_on, compute_bonus, period_bonuses
from domain.catalog import CatalogError, default_catalog, parse_catalog
from domain.levels import Level, Subject
from domain.policy import DeadlinePolicy, PolicyError, parse_policy_toml
from domain.span import Span

CAT = default_catalog()
AWARDS_TOML = (
    __import__("importlib.resources").resources.files("domain")
    .joinpath("data/awards.toml").read_text(encoding="utf-8")
)  # fmt: skip


SUCCESSOR = """
[[award.version]]  # a fictitious decree replacing ND152 after its sunset
effective_from = 2027-03-01
bonus_coefficient = 13.0
basis = { instrument = "ND999/2027", article = "7", effective_from = 2027-03-01 }
ballot_basis = { instrument = "ND999/2027", article = "30", effective_from = 2027-03-01 }
"""


def test_nd98_ballots_for_dossiers_lodged_before_july_2025() -> None:
    cstd_tinh = CAT.get("CSTD_TINH")
    before, after = cstd_tinh.on(date(2025, 6, 30)), cstd_tinh.on(date(2025, 7, 1))
    assert (before.ballot_threshold, after.ballot_threshold) == (0.9, None)
    assert before.ballot_basis is not None
    assert before.ballot_basis.cite() == "ND98/2023 Art.30.7"
    assert ballot_required(before, Level.province) == 0.9
    assert ballot_required(after, Level.province) is None
    assert CAT.get("CSTD_CS").on(date(2025, 1, 10)).ballot_threshold == 0.8
    assert CAT.get("CO_CP").on(date(2025, 3, 1)).ballot_basis.cite() == "ND98/2023 Art.30.7"  # type: ignore[union-attr]
    assert CAT.get("CO_CP").on(date(2025, 9, 1)).ballot_basis.cite() == "ND152/2025 Art.33.5"  # type: ignore[union-attr]
    assert CAT.get("LDTT").on(date(2025, 1, 1)) is CAT.get("LDTT")  # no versions: itself


def test_nd152_sunset_is_flagged_and_a_successor_is_data_only() -> None:
    sunset = date(2027, 3, 1)
    assert CAT.expired(date(2027, 2, 28)) == ()
    expired = {code for code, _ in CAT.expired(sunset)}
    assert {"CO_CP", "AHLD", "HCLD_3", "XA_TIEU_BIEU"} <= expired
    assert "LDTT" not in expired  # the Law has no end date
    # a fictitious successor decree, added as data only: CO_CP continues under "ND999/2027"
    start = AWARDS_TOML.index('code = "CO_CP"')
    end = AWARDS_TOML.index("\n[[award]]", start)
    successor = AWARDS_TOML[:end] + SUCCESSOR + AWARDS_TOML[end:]
    catalog = parse_catalog(successor)
    co_cp = catalog.get("CO_CP")
    assert "CO_CP" not in {code for code, _ in catalog.expired(sunset)}
    assert co_cp.on(sunset).basis.instrument == "ND999/2027"
    assert co_cp.on(date(2026, 1, 1)).basis.instrument == "ND152/2025"
    assert compute_bonus(co_cp.on(sunset), Subject.collective, sunset).amount_vnd == 32_890_000
    assert co_cp.expired_on(sunset) == ()
    assert CAT.get("CO_CP").expired_on(sunset)[0].cite() == "ND152/2025 Art.7"


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("version = [{ effective_to = 2025-01-01 }]", "TOML dates"),
        ("version = [{ effective_from = 2025-01-01, effective_to = 2024-01-01 }]", "before"),
        ("version = [{ effective_from = 2025-01-01, colour = 1 }]", "unknown keys"),
        ("version = [{ effective_from = 2025-01-01, public_posting = 1 }]", "true or false"),
        ("version = [{ effective_from = 2025-01-01 }, { effective_from = 2025-06-01 }]",
         "overlap"),
        ("version = 3", "array"),
        ("version = [1]", "table"),
        ("deciders = [\"hamlet\"]", "deciders"),
        ("award_types = [\"weekly\"]", "award_types"),
        ("quorum = 1.5", "quorum"),
    ],
)  # fmt: skip
def test_catalogue_extensions_are_validated(snippet: str, message: str) -> None:
    broken = AWARDS_TOML.replace('code = "LDTT"', f'code = "LDTT"\n{snippet}', 1)
    with pytest.raises(CatalogError, match=message):
        parse_catalog(broken)


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (date(2020, 5, 1), 1_490_000),
        (date(2023, 6, 30), 1_490_000),
        (date(2023, 7, 1), 1_800_000),
        (date(2024, 6, 30), 1_800_000),
        (date(2024, 7, 1), 2_340_000),
        (date(2026, 7, 1), 2_530_000),
    ],
)
def test_base_salary_history(day: date, amount: int) -> None:
    assert base_salary_on(day).amount_vnd == amount


def test_decisions_before_july_2024_use_the_earlier_base_salary() -> None:
    cstd_cs = CAT.get("CSTD_CS")
    assert compute_bonus(cstd_cs, Subject.individual, date(2024, 3, 15)).amount_vnd == 1_800_000
    ldtt = CAT.get("LDTT")  # 0.3 × 1,800,000 = 540,000
    assert compute_bonus(ldtt, Subject.individual, date(2024, 1, 5)).amount_vnd == 540_000


def test_highest_title_only_for_one_period_and_forms_both() -> None:
    on = date(2026, 1, 15)
    rules = [CAT.get(c) for c in ("LDTT", "CSTD_CS", "BK_TINH")]
    lines = {p.code: p for p in period_bonuses(rules, Subject.individual, on)}
    assert {c: p.paid for c, p in lines.items()} == {
        "LDTT": False, "CSTD_CS": True, "BK_TINH": True
    }  # fmt: skip
    assert lines["CSTD_CS"].bonus.amount_vnd == 2_340_000
    only_forms = period_bonuses([CAT.get("GIAY_KHEN")], Subject.individual, on)
    assert only_forms[0].paid
    with pytest.raises(BonusErr) as info:
        period_bonuses([CAT.get("LDTT"), CAT.get("LDTT")], Subject.individual, on)
    assert info.value.field == "awards"


@pytest.mark.parametrize(
    ("code", "vote", "ok"),
    [
        ("BK_TINH", Vote(9, 6, 6), True),  # 6/9 = 2/3 exactly
        ("BK_TINH", Vote(9, 5, 5), False),
        ("BK_TINH", Vote(10, 0, 10), False),  # 10 of 10 in favour, nobody present
        ("AHLD", Vote(10, 8, 9), True),  # Anh hùng: ≥ 80 % present
        ("AHLD", Vote(10, 7, 10), False),
    ],
)
def test_quorum(code: str, vote: Vote, ok: bool) -> None:
    quorum = quorum_for(CAT.get(code))
    if ok:
        check_quorum(vote, quorum)
    else:
        with pytest.raises(BallotError) as info:
            check_quorum(vote, quorum)
        assert info.value.field == "present"
        assert "Không đủ số thành viên dự họp" in str(info.value)


def test_quorum_defaults_and_no_council_at_central_for_the_flag() -> None:
    assert quorum_for(CAT.get("LDTT")) == Fraction(2, 3)
    assert quorum_for(CAT.get("AHLD")) == Fraction(4, 5)
    assert ballot_required(CAT.get("CO_CP"), Level.central) is None  # BNV appraises
    assert ballot_required(CAT.get("CSTD_TQ"), Level.central) == 0.9  # national council
    assert ballot_required(CAT.get("CO_CP"), Level.department) == 0.8


def test_award_types() -> None:
    assert allowed_types(CAT.get("LDTT")) == (AwardType.regular,)
    assert allowed_types(CAT.get("BK_TINH")) == tuple(AwardType)
    assert allowed_types(CAT.get("HC_DUNG_CAM")) == (AwardType.ad_hoc,)
    simple = procedure(CAT.get("HCLD_3"), "ad_hoc", True)
    assert (simple.public_posting, simple.documents) == (False, ("to_trinh", "tom_tat_thanh_tich"))
    full = procedure(CAT.get("HCLD_3"), "regular", False)
    assert full.public_posting
    assert full.documents == ("to_trinh", "bao_cao_thanh_tich", "bien_ban")
    assert procedure(CAT.get("BK_TTG"), "foreign", False).documents[0] == "to_trinh"


@pytest.mark.parametrize(
    ("code", "award_type", "simplified", "field"),
    [
        ("BK_TINH", "weekly", False, "award_type"),
        ("LDTT", "ad_hoc", False, "award_type"),
        ("BK_TINH", "regular", True, "simplified"),
        ("HC_DUNG_CAM", "career", False, "award_type"),
    ],
)
def test_award_type_refusals(code: str, award_type: str, simplified: bool, field: str) -> None:
    with pytest.raises(AwardTypeError) as info:
        procedure(CAT.get(code), award_type, simplified)
    assert info.value.field == field


def test_simplified_review_limits() -> None:
    policy = DeadlinePolicy.default()
    assert policy.review_span("central", "BK_TTG", simplified=True) == Span(working_days=5)
    assert policy.review_span("province", "HCDL_1", simplified=True) == Span(working_days=10)
    assert policy.review_span("department") == Span(working_days=20)
    custom = parse_policy_toml('[review_simplified]\nprovince = "PT5S"\n')
    assert custom.review_span("province", simplified=True) == Span(duration=timedelta(seconds=5))
    assert custom.review_span("province") == Span(working_days=30)
    with pytest.raises(PolicyError) as info:
        parse_policy_toml('[review_simplified]\nhamlet = "5wd"\n')
    assert info.value.key == "review_simplified.hamlet"
