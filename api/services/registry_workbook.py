"""Reading the registry import workbook (.xlsx, openpyxl read-only, rows streamed).

Columns are found by their header (row 1) whatever their order: họ tên, ngày sinh, số định danh,
mã đơn vị, mã danh hiệu, năm, số quyết định, ngày quyết định (the file's format, in Vietnamese);
a header naming none of them is refused. Every text cell is judged by the registry API's own
rule (`api.schemas.registry_fields.clean_text`), and a decision number must have its shape.
Every cell of every row is checked and each problem becomes a row error whose field is the
column's header and whose message is in the reader's language; the caller imports nothing when
any exists.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from api.errors import Invalid
from api.papers.sheet import render_sheet
from api.schemas.registry_fields import clean_decision_number, clean_text
from api.services.workbook import Column, match_header, sheet_rows
from core.i18n import _

MAX_ROWS = 20_000
# What an officer types for a person's CCCD and birth date (the nominee sheet takes them too).
IDENTITY_ALIASES = (
    "Số định danh cá nhân", "Số CCCD", "CCCD", "Căn cước công dân", "Số căn cước công dân",
    "Số căn cước",
)  # fmt: skip
BIRTH_DATE_ALIASES = ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh")


def _column(field: str, title: str, *aliases: str, required: bool = True) -> Column:
    """A column whose row errors name it by ``field``, its title in lower case; its aliases
    include the JSON API's field name (``birth_date``), which a header may be too."""
    return Column(field, title, aliases, required, named=field)


# The columns, matched by `workbook.match_header` whatever their order, case, spacing or
# diacritics.
COLUMNS = (
    _column("họ tên", "Họ tên", "Họ và tên", "name", "full name", "person"),
    _column("ngày sinh", "Ngày sinh", *BIRTH_DATE_ALIASES, "birth_date", required=False),
    _column("số định danh", "Số định danh", *IDENTITY_ALIASES, "identity_number", required=False),
    _column("mã đơn vị", "Mã đơn vị", "Mã cơ quan, đơn vị", "Mã cơ quan", "org_code"),
    _column(
        "mã danh hiệu", "Mã danh hiệu", "Mã hình thức", "Mã hình thức khen thưởng", "award_code"
    ),
    _column("năm", "Năm", "Năm thành tích", "year"),
    _column("số quyết định", "Số quyết định", "Số QĐ", "Số, ký hiệu quyết định", "decision_number"),
    _column("ngày quyết định", "Ngày quyết định", "Ngày QĐ", "Ngày ký quyết định", "decision_date"),
)
# Known and not read: a row number, a note (the registry keeps neither).
IGNORED = ("STT", "Số thứ tự", "TT", "Ghi chú")
# The blank workbook officers download: the header row as the reader above expects it.
TEMPLATE_HEADER = tuple(c.title for c in COLUMNS)
TEMPLATE_WIDTHS = (28, 13, 16, 16, 16, 8, 18, 16)
FIRST_YEAR, LAST_YEAR = 1945, 2100


class CellError(ValueError):
    """A cell that cannot be read; the message is worded in the reader's language."""


@dataclass(frozen=True)
class Row:
    number: int  # row number in the sheet, header = 1
    cells: dict[str, Any]


def _header_map(header: tuple[Any, ...]) -> dict[str, int]:
    """``{column field: cell index}`` of the header row (row 1); 422 for an unknown header."""
    found = match_header(header, COLUMNS, row=1, ignored=IGNORED)
    return {field: index for index, field in found.items()}


def template(title: str) -> bytes:
    """The blank import workbook: one sheet named ``title``, the header row and nothing else."""
    return render_sheet(title, TEMPLATE_HEADER, [], widths=TEMPLATE_WIDTHS)


def read_rows(data: bytes) -> Iterator[Row]:
    """The non-empty data rows of the first sheet; 422 for a file that is not a workbook."""
    rows = sheet_rows(io.BytesIO(data), event="registry_import")
    try:
        first = next(rows, None)
        if first is None:
            raise Invalid.field("file", _("msg.the_workbook_is_empty"))
        columns = _header_map(first[1] if first[0] == 1 else ())  # header: row 1, else refused
        for number, values in rows:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if number > MAX_ROWS + 1:
                raise Invalid.field("file", _("sheet.too_many_rows", max_rows=MAX_ROWS))
            yield Row(number, {c: values[i] for c, i in columns.items()})
    finally:
        rows.close()


def text(value: Any, *, max_length: int, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CellError(_("sheet.cell_required"))
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | bool):
        raise CellError(_("sheet.cell_not_text"))
    try:  # the registry API's own text rule (its JSON schema's validator)
        result = clean_text(str(value))
    except ValueError as exc:
        raise CellError(str(exc)) from None
    if len(result) > max_length:
        raise CellError(_("sheet.cell_too_long", max_length=max_length))
    return result


def day(value: Any, *, required: bool) -> date | None:
    """A date cell, or text as dd/mm/yyyy or yyyy-mm-dd."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CellError(_("sheet.cell_required"))
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        raw = value.strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a calendar date)
            except ValueError:
                continue
    raise CellError(_("sheet.cell_not_a_date"))


def year(value: Any) -> int:
    if isinstance(value, bool) or value is None:
        raise CellError(_("sheet.cell_not_a_year"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise CellError(_("sheet.cell_year_range", first=FIRST_YEAR, last=LAST_YEAR))
    return value


# A CCCD has 12 digits and begins with a province code 001-096: a number cell (Excel drops
# leading zeros) of 10 or 11 digits is one with its zeros lost, restored by padding; a shorter
# number cannot be a CCCD that only lost zeros (an old 9-digit CMND, a typo), nor can a longer
# one, a fraction, a negative number or a true/false cell: those are refused, never guessed.
IDENTITY_DIGITS = 12
LEAST_DIGITS_IN_A_NUMBER_CELL = 10


def identity(value: Any) -> str | None:
    """A CCCD cell: text as typed (the schema judges it), or a number cell whose lost leading
    zeros can be restored unambiguously; any other number cell is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        digits = str(value)
        if LEAST_DIGITS_IN_A_NUMBER_CELL <= len(digits) <= IDENTITY_DIGITS:
            return digits.zfill(IDENTITY_DIGITS)
    raise CellError(_("sheet.identity_number_cell"))


def decision_number(value: Any) -> str | None:
    """A decision number cell: text (:func:`text`), of the shape ``<số thứ tự>/<ký hiệu>`` the
    registry API requires (:func:`api.schemas.registry_fields.clean_decision_number`)."""
    typed = text(value, max_length=64)
    try:
        return clean_decision_number(typed) if typed is not None else None
    except ValueError as exc:
        raise CellError(str(exc)) from None
