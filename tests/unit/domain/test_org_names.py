"""An org's document symbol and place name (ND30/2020 Appendix I) when none is configured."""

import re
from dataclasses import dataclass

import pytest

from domain.levels import Level
from domain.org_names import abbreviation, default_doc_symbol, default_locality, locality_of

SYMBOL = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ.-]{1,32}$")  # api.schemas.orgs.DOC_SYMBOL_PATTERN


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Trường THPT Lý Thái Tổ", "THPTLTT"),
        ("Trường Tiểu học Lạc Vệ", "THLV"),
        ("Trung tâm Y tế huyện Quế Võ", "TTYT"),
        ("Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", "SGDĐT"),
        ("Hợp tác xã Nông nghiệp Nghĩa Trụ", "HTXNNNT"),
        ("Bộ Y tế", "BYT"),
        ("Bệnh viện Bạch Mai", "BVBM"),
        ("Sở GD&ĐT", "SGDĐT"),
        ("Trường THCS số 2", "THCSS2"),
        ("  ", ""),
    ],
)
def test_abbreviation_is_the_initials_of_the_name(name: str, expected: str) -> None:
    assert abbreviation(name) == expected


@pytest.mark.parametrize(
    ("code", "level", "name", "expected"),
    [
        ("BN", Level.province, "UBND tỉnh Bắc Ninh", "UBND"),
        ("BN-X1", Level.commune, "UBND xã Văn Giang", "UBND"),
        ("BN-TD", Level.district, "UBND huyện Tiên Du", "UBND"),
        ("TTG", Level.government, "Thủ tướng Chính phủ", "TTg"),
        ("CTN", Level.president, "Chủ tịch nước", "CTN"),
        ("BNV", Level.central, "Bộ Nội vụ", "BNV"),
        ("BYT", Level.ministry, "Bộ Y tế", "BYT"),
        ("BN-SGD-THPTLTT", Level.unit, "Trường THPT Lý Thái Tổ", "THPTLTT"),
        ("BN-SGD", Level.department, "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", "SGDĐT"),
        ("BN-SGD-X_1", Level.unit, "(—)", "X1"),  # no letter in the name: the code's tail
    ],
)
def test_doc_symbol_never_is_the_org_code(
    code: str, level: Level, name: str, expected: str
) -> None:
    symbol = default_doc_symbol(code, level, name)
    assert symbol == expected
    assert SYMBOL.match(symbol)


def test_a_long_name_gives_a_symbol_within_32_characters() -> None:
    symbol = default_doc_symbol("U", Level.unit, " ".join(["Trường"] + ["Lạc"] * 50))
    assert len(symbol) == 32
    assert SYMBOL.match(symbol)


@pytest.mark.parametrize(
    ("name", "level", "parent", "expected"),
    [
        ("UBND tỉnh Bắc Ninh", Level.province, None, "Bắc Ninh"),
        ("Ủy ban nhân dân thành phố Hà Nội", Level.province, None, "Hà Nội"),
        ("UBND huyện Tiên Du", Level.district, "Bắc Ninh", "Tiên Du"),
        ("UBND xã Văn Giang", Level.commune, "Hưng Yên", "Văn Giang"),
        ("Huyện Quế Võ", Level.district, "Bắc Ninh", "Quế Võ"),
        ("Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", Level.department, "Bắc Ninh", "Bắc Ninh"),
        ("Trường THPT Lý Thái Tổ", Level.unit, "Bắc Ninh", "Bắc Ninh"),
        ("Bộ Y tế", Level.ministry, None, "Hà Nội"),
        ("Thủ tướng Chính phủ", Level.government, None, "Hà Nội"),
        ("Sở Y tế tỉnh Lạng Sơn", Level.department, None, "Lạng Sơn"),  # an orphan
    ],
)
def test_locality_is_a_place_never_an_org_name(
    name: str, level: Level, parent: str | None, expected: str
) -> None:
    assert default_locality(name, level, parent) == expected


@dataclass(frozen=True)
class Node:
    name: str
    level: str
    parent_code: str | None
    locality: str | None = None


def test_locality_of_walks_up_the_tree_to_a_configured_or_derived_place() -> None:
    tree = {
        "BN": Node("UBND tỉnh Bắc Ninh", "province", None),
        "BN-SGD": Node("Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", "department", "BN"),
        "BN-SGD-THPTLTT": Node("Trường THPT Lý Thái Tổ", "unit", "BN-SGD"),
        "BN-TD": Node("UBND huyện Tiên Du", "district", "BN", locality="Tiên Du, Bắc Ninh"),
        "BN-TD-THLV": Node("Trường Tiểu học Lạc Vệ", "unit", "BN-TD"),
        "LOOP": Node("Tổ A", "unit", "LOOP"),
    }
    assert locality_of("BN-SGD-THPTLTT", tree) == "Bắc Ninh"
    assert locality_of("BN-TD-THLV", tree) == "Tiên Du, Bắc Ninh"  # the district's own
    assert locality_of("BN-SGD", tree) == "Bắc Ninh"
    assert locality_of("LOOP", tree) == "Tổ A"  # a cycle ends the walk
