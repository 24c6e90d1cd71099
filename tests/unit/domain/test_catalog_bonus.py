"""Award catalogue (contract §4) and bonus amounts (domain.md §4, ND152 Art.49-55)."""

from datetime import date

import pytest

from domain.bonus import BaseSalary, BonusError, base_salary_on, compute_bonus
from domain.catalog import CatalogError, UnknownAward, default_catalog, parse_catalog
from domain.legal import LegalBasis
from domain.levels import DecidingLevel, Subject

CONTRACT = {
    "LDTT": "district/commune", "CSTD_CS": "district/commune", "TTLDTT": "district/commune",
    "GIAY_KHEN": "district/commune", "GDVH": "district/commune", "CSTD_TINH": "province",
    "TTLDXS": "province", "CO_TINH": "province", "BK_TINH": "province", "BK_TTG": "government",
    "CSTD_TQ": "government", "CO_CP": "government", "HCLD_3": "president",
    "HCLD_2": "president", "HCLD_1": "president", "HCDL_3": "president",
    "HCDL_2": "president", "HCDL_1": "president", "AHLD": "president",
    # contract §11
    "CSTD_BO": "ministry", "CO_BO": "ministry", "BK_BO": "ministry",
    "THON_VH": "district/commune", "XA_TIEU_BIEU": "province", "KNC": "province",
    "HC_DDKDT": "president", "HC_DUNG_CAM": "president",
}  # fmt: skip


def test_catalog_has_every_contract_code_with_its_deciding_level() -> None:
    catalog = default_catalog()
    assert set(catalog.codes()) == set(CONTRACT)
    for code, level in CONTRACT.items():
        assert catalog.get(code).deciding_level == DecidingLevel(level)
    assert "LDTT" in catalog
    assert "NOPE" not in catalog
    assert len(catalog.all()) == len(CONTRACT)


def test_ballot_and_public_posting_flags() -> None:
    catalog = default_catalog()
    thresholds = {r.code: r.ballot_threshold for r in catalog.all() if r.ballot_threshold}
    assert thresholds == {"CSTD_TQ": 0.9, "AHLD": 0.9, "CO_CP": 0.8}
    posted = {r.code for r in catalog.all() if r.public_posting}
    orders = {f"HC{k}_{n}" for k in ["LD", "DL"] for n in "123"} | {"HC_DDKDT", "HC_DUNG_CAM"}
    assert posted == {"CSTD_TQ", "AHLD", *orders}
    ballot = catalog.get("CO_CP").ballot_basis
    assert ballot is not None
    assert ballot.cite() == "ND152/2025 Art.33.5"


def test_unknown_award_is_a_key_error() -> None:
    with pytest.raises(UnknownAward) as info:
        default_catalog().get("XYZ")
    assert isinstance(info.value, KeyError)
    assert "XYZ" in str(info.value)


def test_legal_basis_in_force_window() -> None:
    basis = default_catalog().get("CO_CP").basis
    assert basis.in_force(date(2025, 7, 1))
    assert basis.in_force(date(2027, 2, 28))
    assert not basis.in_force(date(2025, 6, 30))
    assert not basis.in_force(date(2027, 3, 1))
    with pytest.raises(ValueError, match="before"):
        LegalBasis("X", "1", date(2025, 1, 2), date(2025, 1, 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("award = 1", "array"),
        ("[[award]]\ncode='A'", "missing"),
        ("[[award]]\nfoo=1", "unknown keys"),
        ("not toml [", "invalid TOML"),
    ],
)
def test_parse_catalog_errors(text: str, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_catalog(text)


# (code, subject, coefficient, amount @2,340,000, amount @2,530,000) from domain.md §4.
BONUS_TABLE = [
    ("LDTT", "individual", 0.3, 710_000, 760_000),
    ("GIAY_KHEN", "individual", 0.3, 710_000, 760_000),
    ("GIAY_KHEN", "collective", 0.6, 1_410_000, 1_520_000),
    ("CSTD_CS", "individual", 1.0, 2_340_000, 2_530_000),
    ("CSTD_TINH", "individual", 3.0, 7_020_000, 7_590_000),
    ("CSTD_TQ", "individual", 4.5, 10_530_000, 11_390_000),
    ("BK_TINH", "individual", 1.5, 3_510_000, 3_800_000),
    ("BK_TINH", "collective", 3.0, 7_020_000, 7_590_000),
    ("BK_TINH", "household", 2.25, 5_270_000, 5_700_000),
    ("BK_TTG", "individual", 3.5, 8_190_000, 8_860_000),
    ("BK_TTG", "collective", 7.0, 16_380_000, 17_710_000),
    ("HCLD_3", "individual", 4.5, 10_530_000, 11_390_000),
    ("HCLD_3", "collective", 9.0, 21_060_000, 22_770_000),
    ("HCLD_2", "individual", 7.5, 17_550_000, 18_980_000),
    ("HCLD_1", "individual", 9.0, 21_060_000, 22_770_000),
    ("HCDL_3", "individual", 10.5, 24_570_000, 26_570_000),
    ("HCDL_2", "individual", 12.5, 29_250_000, 31_630_000),
    ("HCDL_1", "individual", 15.0, 35_100_000, 37_950_000),
    ("AHLD", "individual", 15.5, 36_270_000, 39_220_000),
    ("AHLD", "collective", 31.0, 72_540_000, 78_430_000),
    ("CO_CP", "collective", 12.0, 28_080_000, 30_360_000),
    ("CO_TINH", "collective", 8.0, 18_720_000, 20_240_000),
    ("TTLDXS", "collective", 1.5, 3_510_000, 3_800_000),
    ("TTLDTT", "collective", 0.8, 1_880_000, 2_030_000),
]


@pytest.mark.parametrize(("code", "subject", "coef", "old", "new"), BONUS_TABLE)
def test_bonus_table(code: str, subject: str, coef: float, old: int, new: int) -> None:
    award = default_catalog().get(code)
    before = compute_bonus(award, Subject(subject), date(2026, 6, 30))
    after = compute_bonus(award, Subject(subject), date(2026, 7, 1))
    assert (before.coefficient, before.base_salary_vnd, before.amount_vnd) == (coef, 2_340_000, old)
    assert (after.coefficient, after.base_salary_vnd, after.amount_vnd) == (coef, 2_530_000, new)


def test_bonus_errors_and_schedule() -> None:
    award = default_catalog().get("LDTT")
    with pytest.raises(BonusError) as info:
        compute_bonus(award, Subject.collective, date(2026, 1, 1))
    assert info.value.field == "subject"
    with pytest.raises(BonusError) as info:
        base_salary_on(date(2019, 6, 30))
    assert info.value.field == "decision_date"
    custom = (BaseSalary(date(2020, 1, 1), 1_000_000, LegalBasis("X", "1", date(2020, 1, 1))),)
    assert compute_bonus(award, Subject.individual, date(2021, 1, 1), custom).amount_vnd == 300_000
    assert (
        compute_bonus(default_catalog().get("GDVH"), Subject.household, date(2026, 1, 1)).amount_vnd
        == 0
    )
