"""The registers' texts in both languages: every CCCD fault and every register check's stored
sentence (each discipline kind, open or ended; already awarded or not), old or new."""

from __future__ import annotations

from datetime import date

import pytest

from api.registry_text import check_detail, identity_text
from core import i18n
from domain.catalog import default_catalog
from domain.eligibility_model import Check
from domain.registry import (
    DISCIPLINE_KINDS,
    FreezePeriod,
    IdentityFault,
    IdentityProblem,
    RegistryAward,
    already_awarded,
    freeze_checks,
    identity_problem,
)
from tests.support.languages import english_in, vietnamese_in

ON = date(2025, 12, 10)


def register_checks() -> list[Check]:
    """One check of every kind the registers produce."""
    checks: list[Check] = []
    for kind in DISCIPLINE_KINDS:
        checks += freeze_checks([FreezePeriod(kind, date(2025, 11, 1), None)], ON, 2025)
        checks += freeze_checks([FreezePeriod(kind, date(2025, 1, 1), date(2026, 1, 31))], ON, 2025)
    checks += freeze_checks(
        [FreezePeriod("discipline", date(2024, 6, 1), date(2025, 5, 31))], ON, 2025
    )
    checks += freeze_checks([], ON, 2025)
    for rule in default_catalog():
        registry = [RegistryAward(rule.code, 2025, "12/QĐ-UBND")]
        checks += [already_awarded(registry, rule.code, 2025), already_awarded((), rule.code, 2025)]
    return checks


CHECKS = register_checks()


def test_every_register_check_is_covered() -> None:
    rules = {c.rule for c in CHECKS}
    assert rules == {"not_frozen", "achievement_after_discipline", "not_already_awarded"}
    assert len({c.detail for c in CHECKS}) == len(CHECKS)


def test_stored_sentences_read_the_same_in_vietnamese() -> None:
    """The catalogue's Vietnamese is the domain's sentence: stored details do not change."""
    with i18n.using("vi"):
        for check in CHECKS:
            assert check_detail(check.detail) == check.detail


def test_stored_sentences_read_in_english() -> None:
    with i18n.using("en"):
        for check in CHECKS:
            worded = check_detail(check.detail)
            # only the decision number is a value of the user's own (12/QĐ-UBND)
            assert vietnamese_in(worded, ["12/QĐ-UBND"]) == [], (check.detail, worded)
            assert worded != check.detail


def test_a_sentence_stored_before_this_change_reads_in_english() -> None:
    stored = (
        "Đang trong đang bị điều tra, thanh tra, kiểm tra (từ 01/11/2025 chưa kết thúc): "
        "không xét khen"
    )
    other = "Năm 2025: hoàn thành tốt nhiệm vụ"  # not a register check: left to its own wording
    with i18n.using("en"):
        assert check_detail(stored) == (
            "Under an investigation, inspection or audit (since 01/11/2025, not yet ended): "
            "no award can be considered"
        )
        assert check_detail(other) == other


@pytest.mark.parametrize(
    ("number", "born", "vi", "en"),
    [
        ("12345", None, "Số định danh cá nhân phải gồm đúng 12 chữ số", "exactly 12 digits"),
        ("003085001234", None, "Mã tỉnh 003 trong số định danh không tồn tại", "province code 003"),
        (
            "027085001234",
            date(1986, 2, 3),
            "Số định danh mã hóa năm sinh 1985, không khớp ngày sinh 03/02/1986",
            "encodes the birth year 1985, which does not match the birth date 03/02/1986",
        ),
    ],
)
def test_every_identity_fault_in_both_languages(
    number: str, born: date | None, vi: str, en: str
) -> None:
    problem = identity_problem(number, born)
    assert isinstance(problem, IdentityProblem)
    with i18n.using("vi"):
        assert identity_text(problem) == vi
        assert english_in(identity_text(problem)) == []
    with i18n.using("en"):
        assert en in identity_text(problem)
        assert vietnamese_in(identity_text(problem)) == []


def test_every_identity_fault_is_worded() -> None:
    faults = {
        IdentityFault.digits: IdentityProblem(IdentityFault.digits),
        IdentityFault.province: IdentityProblem(IdentityFault.province, province="003"),
        IdentityFault.birth_year: IdentityProblem(
            IdentityFault.birth_year, encoded_year=1985, birth_date=date(1986, 1, 1)
        ),
    }
    assert set(faults) == set(IdentityFault)
    with i18n.using("en"):
        assert len({identity_text(p) for p in faults.values()}) == len(IdentityFault)
