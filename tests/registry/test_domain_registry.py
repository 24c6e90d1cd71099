"""Pure rules of domain.registry: names, CCCD, person matching, eligibility input, freezes."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from domain.catalog import default_catalog
from domain.eligibility import PriorAward, Rating, YearRecord, evaluate
from domain.levels import Subject
from domain.registry import (
    FreezePeriod,
    IdentityFault,
    IdentityProblem,
    Initiative,
    Person,
    RegistryAward,
    already_awarded,
    eligibility_request,
    freeze_checks,
    identity_problem,
    normalise_name,
    same_person,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Nguyễn Văn An", "nguyễn văn an"),
        ("  NGUYỄN   VĂN\tAN ", "nguyễn văn an"),
        (unicodedata.normalize("NFD", "Đặng Thị Ánh Tuyết"), "đặng thị ánh tuyết"),
        ("Trần\u00a0Thị\u3000Ngọc", "trần thị ngọc"),
        ("ĐOÀN THỊ ỶẾN", "đoàn thị ỷến"),
    ],
)
def test_normalise_name(raw: str, key: str) -> None:
    assert normalise_name(raw) == key
    assert unicodedata.is_normalized("NFC", normalise_name(raw))


@pytest.mark.parametrize(
    ("number", "born", "problem"),
    [
        ("027085001234", date(1985, 4, 12), None),
        ("001203004567", date(2003, 1, 1), None),  # 2 = male born in the 2000s
        ("079301000001", date(2001, 6, 30), None),  # 3 = female born in the 2000s
        ("027085001234", None, None),
        ("27085001234", None, IdentityProblem(IdentityFault.digits)),
        ("0270850012345", None, IdentityProblem(IdentityFault.digits)),
        ("02708500123A", None, IdentityProblem(IdentityFault.digits)),
        # full-width digits
        ("０２７０８５００１２３４", None, IdentityProblem(IdentityFault.digits)),
        ("003085001234", None, IdentityProblem(IdentityFault.province, province="003")),
        (
            "027085001234",
            date(1986, 1, 1),
            IdentityProblem(
                IdentityFault.birth_year, encoded_year=1985, birth_date=date(1986, 1, 1)
            ),
        ),
        (
            "027285001234",
            date(1985, 1, 1),
            IdentityProblem(
                IdentityFault.birth_year, encoded_year=2085, birth_date=date(1985, 1, 1)
            ),
        ),
    ],
)
def test_identity_number(number: str, born: date | None, problem: IdentityProblem | None) -> None:
    assert identity_problem(number, born) == problem


ORGS = {"U1", "U1-TO"}


def test_same_person_by_identity_number_wins_over_names() -> None:
    nominee = Person.of("Nguyễn Văn An", "U1", None, "027085001234")
    renamed = Person.of("Nguyễn Văn Ân", "OTHER", None, "027085001234")
    namesake = Person.of("Nguyễn Văn An", "U1", None, "027085009999")
    assert same_person(nominee, renamed, ORGS)
    assert not same_person(nominee, namesake, ORGS)


def test_same_person_by_name_birth_date_and_org() -> None:
    nominee = Person.of("nguyễn  VĂN an", "U1", date(1985, 4, 12), None)
    assert same_person(nominee, Person.of("Nguyễn Văn An", "U1-TO", date(1985, 4, 12), None), ORGS)
    assert same_person(nominee, Person.of("Nguyễn Văn An", "U1", None, None), ORGS)
    for other in (
        Person.of("Nguyễn Văn An", "U1", date(1990, 1, 1), None),  # another birth date
        Person.of("Nguyễn Văn An", "U9", date(1985, 4, 12), None),  # outside the subtree
        Person.of("Nguyễn Văn Anh", "U1", date(1985, 4, 12), None),  # another name
    ):
        assert not same_person(nominee, other, ORGS)
    # a record with a CCCD still matches a nominee who gave none, by name + birth + org
    with_id = Person.of("Nguyễn Văn An", "U1", date(1985, 4, 12), "027085001234")
    assert same_person(nominee, with_id, ORGS)


def test_registry_titles_prove_past_years_for_cstd_tinh() -> None:
    """CSTĐ tỉnh 2025: CSTĐ cơ sở 2023, 2024 from the registry, 2025 declared with an initiative."""
    registry = [
        RegistryAward("CSTD_CS", 2023, "7/QĐ-UBND"),
        RegistryAward("CSTD_CS", 2024, "9/QĐ-UBND"),
        RegistryAward("LDTT", 2024, "8/QĐ-UBND"),
        RegistryAward("CSTD_CS", 2026, "3/QĐ-UBND"),  # after the proposal year: ignored
    ]
    declared = [YearRecord(2025, Rating.HTXS, ("CSTD_CS",))]
    initiatives = [Initiative(1, "province", date(2024, 9, 1))]
    request = eligibility_request(
        award_code="CSTD_TINH", year=2025, subject=Subject.individual, history=declared,
        awards=(), registry=registry, initiatives=initiatives,
    )  # fmt: skip
    assert [r.year for r in request.history] == [2025, 2023, 2024]
    assert request.history[1] == YearRecord(2023, Rating.HTT, ("CSTD_CS",))
    assert request.history[2].initiative_scope == "province"
    assert PriorAward("CSTD_CS", 2026) not in request.awards
    result = evaluate(request, default_catalog())
    assert result.eligible, result.checks


def test_without_the_registry_the_same_history_fails() -> None:
    declared = [YearRecord(2025, Rating.HTXS, ("CSTD_CS",), "province")]
    request = eligibility_request(
        award_code="CSTD_TINH", year=2025, subject=Subject.individual, history=declared,
        awards=(), registry=(), initiatives=(),
    )  # fmt: skip
    assert not evaluate(request, default_catalog()).eligible


def test_an_initiative_used_for_another_title_does_not_count() -> None:
    used = Initiative(5, "unit", date(2025, 5, 1), used_for=("BK_TINH", 2025))
    same_title = Initiative(6, "unit", date(2025, 5, 1), used_for=("CSTD_CS", 2025))
    declared = [YearRecord(2025, Rating.HTT, ("LDTT",))]

    def scope(initiatives: list[Initiative]) -> str | None:
        request = eligibility_request(
            award_code="CSTD_CS", year=2025, subject=Subject.individual, history=declared,
            awards=(), registry=(), initiatives=initiatives,
        )  # fmt: skip
        return request.history[0].initiative_scope

    assert scope([used]) is None
    assert scope([used, same_title]) == "unit"


def test_freeze_during_an_open_investigation() -> None:
    periods = [FreezePeriod("investigation", date(2025, 11, 1), None)]
    (check,) = freeze_checks(periods, date(2025, 12, 10), 2025)
    assert (check.rule, check.met) == ("not_frozen", False)
    assert "điều tra" in check.detail
    assert check.basis == "ND152/2025/NĐ-CP Art.4.4"


def test_discipline_ended_counts_achievements_from_its_end() -> None:
    periods = [FreezePeriod("discipline", date(2024, 6, 1), date(2025, 5, 31))]
    (check,) = freeze_checks(periods, date(2025, 12, 10), 2025)
    assert (check.rule, check.met) == ("achievement_after_discipline", False)
    assert "31/05/2025" in check.detail
    (later,) = freeze_checks(periods, date(2026, 12, 10), 2026)
    assert (later.rule, later.met) == ("not_frozen", True)


def test_freeze_boundaries_are_inclusive() -> None:
    periods = [FreezePeriod("disciplinary_review", date(2025, 3, 1), date(2025, 3, 31))]
    assert not freeze_checks(periods, date(2025, 3, 31), 2024)[0].met
    assert freeze_checks(periods, date(2025, 4, 1), 2024)[0].met
    assert freeze_checks(periods, date(2025, 2, 28), 2024)[0].met


def test_already_awarded_names_the_decision() -> None:
    registry = [RegistryAward("LDTT", 2025, "12/QĐ-UBND")]
    check = already_awarded(registry, "LDTT", 2025)
    assert not check.met
    assert "12/QĐ-UBND" in check.detail
    # the award by its name, never its code (people read this on the dossier page)
    assert check.detail.startswith("Đã được tặng Lao động tiên tiến năm 2025")
    assert "LDTT" not in check.detail
    later = already_awarded(registry, "LDTT", 2024)
    assert later.met
    assert later.detail == "Sổ khen thưởng chưa ghi nhận Lao động tiên tiến năm 2024"
