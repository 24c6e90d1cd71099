"""The registers' texts in both languages: every CCCD fault and every register check (each
discipline kind, open or ended; already awarded or not), as a reason and as a sentence stored
before reasons had keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from api.check_text import check_text, legacy_reason
from api.registry_text import identity_text
from core import i18n
from domain.catalog import default_catalog
from domain.eligibility_model import Check
from domain.reasons import FREEZE_VI
from domain.registry import (
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
REGISTER_KEYS = {
    "frozen_until", "frozen_open", "counts_from_end", "not_frozen", "already_awarded",
    "not_yet_awarded",
}  # fmt: skip


def register_checks() -> list[Check]:
    """One check of every kind the registers produce."""
    checks: list[Check] = []
    for kind in FREEZE_VI:
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


def _worded(check: Check) -> str:
    return check_text(check.key, check.values, check.detail)


def test_every_register_check_is_covered() -> None:
    rules = {c.rule for c in CHECKS}
    assert rules == {"not_frozen", "achievement_after_discipline", "not_already_awarded"}
    assert {c.key for c in CHECKS} == REGISTER_KEYS
    assert len({c.detail for c in CHECKS}) == len(CHECKS)


def test_register_checks_read_as_their_vietnamese_sentence() -> None:
    """The catalogue's Vietnamese is the domain's sentence: what is stored does not change."""
    with i18n.using("vi"):
        for check in CHECKS:
            assert _worded(check) == check.detail


def test_register_checks_read_in_english() -> None:
    with i18n.using("en"):
        for check in CHECKS:
            worded = _worded(check)
            # only the decision number is a value of the user's own (12/QĐ-UBND)
            assert vietnamese_in(worded, ["12/QĐ-UBND"]) == [], (check.detail, worded)


def test_a_sentence_stored_before_reasons_had_keys_reads_as_its_reason() -> None:
    for check in CHECKS:
        assert legacy_reason(check.detail) == (check.key, check.values)
        stored = replace(check, key="", values={})
        for lang in i18n.LANGS:
            with i18n.using(lang):
                assert _worded(stored) == _worded(check)
    sentence = (
        "Đang trong đang bị điều tra, thanh tra, kiểm tra (từ 01/11/2025 chưa kết thúc): "
        "không xét khen"
    )
    other = "Năm 2025: hoàn thành tốt nhiệm vụ"  # not a register check: shown as stored
    with i18n.using("en"):
        assert check_text(None, None, sentence) == (
            "Under an investigation, inspection or audit (since 01/11/2025, not yet ended): "
            "no award can be considered"
        )
        assert check_text(None, None, other) == other
    assert legacy_reason("Đang trong x (từ 31/02/2025 chưa kết thúc): không xét khen") is None


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
