"""Typed decision numbers and dates (pure): the ND30/2020 shape with the body's own symbol,
written the way tdkt allocates them; a date between the submission and today."""

from __future__ import annotations

from datetime import date

import pytest

from domain.decision_number import (
    DecisionNumberError,
    check_decision_date,
    normalise_number,
)


@pytest.mark.parametrize(
    ("typed", "symbol", "expected"),
    [
        ("2/QĐ-UBND", "UBND", "2/QĐ-UBND"),
        (" 2/QĐ-UBND ", "UBND", "2/QĐ-UBND"),
        ("2/qđ-ubnd", "UBND", "2/QĐ-UBND"),
        ("02 / QĐ-UBND", "UBND", "2/QĐ-UBND"),
        ("15/qđ-ttg", "TTg", "15/QĐ-TTg"),
        ("999999/QĐ-BNV", "BNV", "999999/QĐ-BNV"),
    ],
)
def test_numbers_are_written_as_tdkt_writes_them(typed: str, symbol: str, expected: str) -> None:
    assert normalise_number(typed, symbol) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "shape"),
        ("-5/QĐ-UBND", "shape"),
        ("1/", "shape"),
        ("0/QĐ-UBND", "sequence"),
        ("1000000/QĐ-UBND", "sequence"),
        ("1" * 21 + "/QĐ-UBND", "sequence"),
        ("1/QĐ-TTg", "symbol"),
        ("1/QĐ-CTUBND", "symbol"),
        ("1/QD-UBND", "symbol"),
    ],
)
def test_numbers_refused(typed: str, code: str) -> None:
    with pytest.raises(DecisionNumberError) as caught:
        normalise_number(typed, "UBND")
    assert (caught.value.field, caught.value.code) == ("decision_number", code)
    assert caught.value.values["symbol"] == "QĐ-UBND"


def test_a_body_with_its_own_symbol_accepts_it() -> None:
    assert normalise_number("3/qđ-ctubnd", "CTUBND") == "3/QĐ-CTUBND"


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(2026, 12, 8), "future"),
        (date(2199, 12, 31), "future"),
        (date(2026, 1, 1), "before_submission"),
    ],
)
def test_dates_refused(on: date, code: str) -> None:
    with pytest.raises(DecisionNumberError) as caught:
        check_decision_date(on, date(2026, 12, 7), date(2026, 3, 2))
    assert (caught.value.field, caught.value.code) == ("decision_date", code)


def test_dates_accepted() -> None:
    for on in (date(2026, 3, 2), date(2026, 12, 7)):
        check_decision_date(on, date(2026, 12, 7), date(2026, 3, 2))
    check_decision_date(date(2020, 1, 1), date(2026, 12, 7), None)
