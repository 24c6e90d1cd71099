"""The one header matcher of every workbook import (`api.services.workbook.match_header`): a
header is known by its words, whatever its case, spacing, punctuation or diacritics; a header
naming no column, or a column named twice, is refused with its row and its text."""

from __future__ import annotations

import pytest

from api.errors import Invalid
from api.services import nominee_sheet, registry_workbook
from api.services.workbook import header_key, match_header
from core import i18n


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Loại đối tượng", "loai doi tuong"),
        ("  LOẠI   ĐỐI TƯỢNG: ", "loai doi tuong"),
        ("Họ và tên / Tên tập thể", "ho va ten ten tap the"),
        ("Số CCCD", "so cccd"),
        ("Tiền thưởng (đồng)", "tien thuong dong"),
    ],
)
def test_a_header_key_is_its_words(typed: str, key: str) -> None:
    assert header_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("Loại đối tượng", "kind"),
        ("Loai doi tuong", "kind"),
        ("Gioi tinh", "gender"),
        ("So dinh danh", "identity_number"),
        ("CCCD", "identity_number"),
        ("số căn cước công dân", "identity_number"),
        ("Ngày tháng năm sinh", "birth_date"),
        ("xep loai", "rating"),
    ],
)
def test_the_nominee_sheet_reads_what_an_officer_types(typed: str, field: str) -> None:
    found = match_header(("Họ và tên", typed), nominee_sheet.NOMINEE_COLUMNS, row=1)
    assert found == {0: "name", 1: field}


def test_the_registry_reads_its_headers_without_diacritics() -> None:
    typed = ("Ho ten", "Ngay sinh", "So dinh danh", "Ma don vi", "Ma danh hieu", "Nam",
             "So quyet dinh", "Ngay quyet dinh", None, "  ")  # fmt: skip
    found = match_header(typed, registry_workbook.COLUMNS, row=1)
    assert list(found.values()) == [c.field for c in registry_workbook.COLUMNS]


def test_unknown_and_repeated_headers_are_refused_together() -> None:
    with i18n.using("vi"), pytest.raises(Invalid) as refused:
        match_header(
            ("Họ và tên", "Quê quán", None, "Họ tên", "STT"),
            nominee_sheet.NOMINEE_COLUMNS,
            row=2,
            ignored=nominee_sheet.LIST_ONLY,
        )
    errors = refused.value.errors
    assert [(e["row"], e["field"]) for e in errors] == [(2, "Quê quán"), (2, "Họ tên")]
    assert errors[0]["message"].startswith("Cột “Quê quán” (cột B) không phải cột của mẫu nhập")
    assert errors[1]["message"].startswith("Cột “Họ tên” (cột D) trùng với cột Họ và tên (A)")
    assert refused.value.detail == "Dòng tiêu đề (dòng 2) có cột không đọc được; chưa nhập gì"


def test_a_header_with_characters_that_are_not_text_is_named_escaped() -> None:
    with pytest.raises(Invalid) as refused:
        match_header(("Họ và tên", "Ghi\u202echú"), nominee_sheet.NOMINEE_COLUMNS, row=1)
    assert refused.value.errors[0]["field"] == "Ghi\\u202echú"


def test_the_api_s_field_names_are_headers_and_a_note_or_a_row_number_is_skipped() -> None:
    nominees = match_header(
        ("STT", "name", "kind", "Ghi chú", "birth_date", "Đơn vị công tác"),
        nominee_sheet.NOMINEE_COLUMNS,
        row=1,
        ignored=nominee_sheet.LIST_ONLY,
    )
    assert nominees == {1: "name", 2: "kind", 4: "birth_date"}
    header = ("TT", "name", "birth_date", "identity_number", "org_code", "award_code", "year",
              "decision_number", "decision_date", "Ghi chú")  # fmt: skip
    registry = registry_workbook._header_map(header)
    assert sorted(registry.values()) == list(range(1, 9))
