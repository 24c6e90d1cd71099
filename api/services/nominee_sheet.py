"""The nominee sheet's format (contract §14): the Vietnamese headers and accepted values of an
.xlsx nominee list, read into `NomineeIn` rows by `parse_nominees`.

The same columns are what a dossier's own list (GET …/nominees.xlsx) writes, so that list reads
back. A cell that cannot be read, or a nominee the JSON create's schema refuses, is an error
``{"row","field","message"}`` naming the row and the column's header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from api.domain_text import award_name, subject_name
from api.errors import Invalid
from api.schemas.dossiers import NomineeIn
from api.schemas.text import text_problem
from api.services.registry_workbook import (
    BIRTH_DATE_ALIASES,
    IDENTITY_ALIASES,
    CellError,
    day,
    identity,
)
from api.services.workbook import Column, match_header, names_column, sheet_rows
from api.validation_text import error_text
from core.i18n import _
from domain.catalog import AwardRule
from domain.levels import Subject

MAX_ROWS = 5_000
NAME = "Họ và tên"
# the name header of a dossier's own list (GET …/nominees.xlsx): that file is read back as well
LIST_NAME = "Họ và tên / Tên tập thể"
KIND = "Đối tượng"
POSITION = "Chức vụ"
BIRTH_DATE = "Ngày sinh"
IDENTITY_NUMBER = "Số định danh"
# The sheet's columns (field: a `NomineeIn` field) and the other headers an officer types for
# them; `workbook.match_header` matches them without regard to case, spacing or diacritics.
NOMINEE_COLUMNS = (
    Column("name", NAME, (LIST_NAME, "Họ tên", "Họ tên / Tên tập thể", "Tên tập thể", "name")),
    Column("kind", KIND, ("Loại đối tượng", "Đối tượng khen thưởng", "Cá nhân / Tập thể", "kind")),
    Column("position", POSITION, ("Chức danh", "Chức vụ, chức danh", "position")),
    Column("gender", "Giới tính", ("Giới", "gender")),
    Column(
        "is_direct_worker",
        "Lao động trực tiếp",
        ("Là lao động trực tiếp", "is_direct_worker"),
    ),
    Column(
        "ethnic_minority",
        "Dân tộc thiểu số",
        ("Là người dân tộc thiểu số", "DTTS", "ethnic_minority"),
    ),
    # the year's rating: the nominee's declared history for `year`
    Column(
        "rating",
        "Xếp loại",
        ("Xếp loại năm", "Xếp loại đánh giá", "Đánh giá, xếp loại", "rating"),
    ),
    # the nominee's identity in the award registry (contract §12), read as the registry's own
    # import reads them: a date cell or dd/mm/yyyy text; a CCCD whose leading zeros Excel cut
    Column("identity_number", IDENTITY_NUMBER, (*IDENTITY_ALIASES, "identity_number")),
    Column("birth_date", BIRTH_DATE, (*BIRTH_DATE_ALIASES, "birth_date")),
)
# Headers known and not read: the outputs of a dossier's own list (row number, result, bonus)
# and what an officer's own list often carries beside the nominees' data (a note, the unit
# they work in: the dossier's proposer is the unit, the achievements are its summary).
LIST_ONLY = (
    "STT", "Số thứ tự", "TT", "Kết quả", "Tiền thưởng (đồng)", "Tiền thưởng", "Ghi chú",
    "Đơn vị", "Đơn vị công tác", "Thành tích", "Tóm tắt thành tích",
)  # fmt: skip
COLUMNS: dict[str, str] = {c.title: c.field for c in NOMINEE_COLUMNS} | {LIST_NAME: "name"}


def _birth_date(value: object) -> str | None:
    found = day(value, required=False)
    return found.isoformat() if found else None


IDENTITY_CELLS = {"birth_date": _birth_date, "identity_number": identity}
# field → the header errors name it by
FIELD_HEADERS = {c.field: c.title for c in NOMINEE_COLUMNS}
VALUES: dict[str, dict[str, Any]] = {
    "kind": {"cá nhân": "individual", "tập thể": "collective", "hộ gia đình": "household"},
    "gender": {"nam": "male", "nữ": "female", "khác": "other"},
    "is_direct_worker": {"có": True, "x": True, "không": False},
    "ethnic_minority": {"có": True, "x": True, "không": False},
    "rating": {
        "hoàn thành xuất sắc nhiệm vụ": "HTXS",
        "hoàn thành tốt nhiệm vụ": "HTT",
        "hoàn thành nhiệm vụ": "HT",
        "không hoàn thành nhiệm vụ": "KHT",
    },
}
# Also accepted, never offered: the ratings' usual abbreviations.
ALIASES: dict[str, dict[str, Any]] = {
    "rating": {"htxs": "HTXS", "htt": "HTT", "ht": "HT", "kht": "KHT"},
}
RowError = dict[str, Any]


def _text(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _header(number: int, cells: tuple[object, ...]) -> dict[int, str] | None:
    """The row's columns by field when it is the header row (it names the name column, as any
    row above it, a caption, does not); 422 for a header that names no column."""
    if not names_column(cells, NOMINEE_COLUMNS[0]):
        return None
    return match_header(cells, NOMINEE_COLUMNS, row=number, ignored=LIST_ONLY)


@dataclass(frozen=True)
class Row:
    """A nominee of the sheet and the rating its row declares for the dossier's year."""

    nominee: NomineeIn
    rating: str | None = None
    number: int = 0  # the row's number in the sheet


def _cells(
    number: int, cells: tuple[object, ...], columns: dict[int, str], errors: list[RowError]
) -> dict[str, str] | None:
    """The row's cells as text by field; None (its error recorded) when a date or CCCD cell
    cannot be read."""
    raw: dict[str, str] = {}
    for i, field in columns.items():
        read = IDENTITY_CELLS.get(field)
        try:
            if isinstance(cells[i], str) and (problem := text_problem(_text(cells[i]))):
                raise CellError(_sentence(problem))  # the JSON create's text rule, every column
            raw[field] = _text(cells[i]) if read is None else _text(read(cells[i]))
        except CellError as exc:
            errors.append({"row": number, "field": FIELD_HEADERS[field], "message": str(exc)})
            return None
    return raw


def _nominee(
    number: int, raw: dict[str, str], errors: list[RowError], rule: AwardRule | None
) -> Row | None:
    data: dict[str, Any] = {"kind": "individual"}
    for field, text in raw.items():
        if not text:
            continue
        if field in VALUES:
            choice = VALUES[field].get(text.lower(), ALIASES.get(field, {}).get(text.lower()))
            if choice is None:
                allowed = ", ".join(k for k in VALUES[field] if k != "x")
                errors.append(
                    {
                        "row": number,
                        "field": FIELD_HEADERS[field],
                        "message": _("sheet.invalid_choice", value=text, allowed=allowed),
                    }
                )
                return None
            data[field] = choice
        else:
            data[field] = text
    rating = data.pop("rating", None)
    try:
        nominee = NomineeIn.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "name"
            message = _sentence(error_text(err["type"], err.get("ctx"), err["msg"]))
            errors.append(
                {"row": number, "field": FIELD_HEADERS.get(field, field), "message": message}
            )
        return None
    if rule is not None and not rule.allows(Subject(nominee.kind)):
        errors.append({"row": number, "field": FIELD_HEADERS["kind"], "message": _kinds(rule)})
        return None
    return Row(nominee, rating, number)


def _kinds(rule: AwardRule) -> str:
    """The award's subjects, as the create words a nominee of another kind."""
    allowed = ", ".join(subject_name(s.value) for s in rule.subjects)
    return _("msg.code_is_awarded_to_allowed", award=award_name(rule.code), allowed=allowed)


def parse_nominees(path: Path, rule: AwardRule | None = None) -> list[Row]:
    """The nominees of the first sheet; raises `Invalid` with every row error (a kind `rule`,
    the award's, does not take among them)."""
    with path.open("rb") as handle:  # a handle: openpyxl judges a path by its extension
        rows = sheet_rows(handle, event="nominee_import")
        try:
            errors: list[RowError] = []
            nominees: list[Row] = []
            columns: dict[int, str] | None = None
            for number, cells in rows:
                if columns is None:
                    columns = _header(number, cells)
                    continue
                raw = _cells(number, cells, columns, errors)
                if raw is None or not any(raw.values()):
                    continue
                if len(nominees) + len(errors) >= MAX_ROWS:
                    raise Invalid.field("file", _("msg.at_most_max_rows_rows", max_rows=MAX_ROWS))
                nominee = _nominee(number, raw, errors, rule)
                if nominee is not None:
                    nominees.append(nominee)
        finally:
            rows.close()
    if columns is None:
        raise Invalid.field("file", _("sheet.no_header_row", column=NAME))
    if errors:
        raise Invalid(summary(errors), errors=cast(list[dict[str, str]], errors))
    if not nominees:
        raise Invalid.field("file", _("msg.the_sheet_has_no_rows"))
    return nominees


def _sentence(text: str) -> str:
    """A field message (``phải có tối đa 300 ký tự``) as a sentence of its own."""
    return text[:1].upper() + text[1:]


def summary(errors: list[RowError]) -> str:
    rows = sorted({e["row"] for e in errors if e.get("row") is not None})
    listed = ", ".join(str(r) for r in rows[:10])
    return _("msg.errors_in_rows_listed_nothing_created", listed=listed)


NOMINEE_FIELD = re.compile(r"nominees\[(\d+)\](?:\.([a-z_]+))?")
SHEET_FIELDS = {"history": "rating"}  # a nominee's field → the sheet's column it comes from


def on_rows(errors: list[dict[str, Any]], rows: list[Row]) -> list[dict[str, Any]]:
    """The create's errors about nominees (``nominees[1].identity_number``) on the sheet's
    rows and columns (row 4, "Số định danh"); the others as they are, on no row."""
    found: list[dict[str, Any]] = []
    for err in errors:
        match = NOMINEE_FIELD.match(str(err.get("field", "")))
        index = int(match.group(1)) if match else len(rows)
        if match is None or index >= len(rows):
            found.append({"row": None, **err})
            continue
        field = match.group(2) or "name"
        header = FIELD_HEADERS.get(SHEET_FIELDS.get(field, field), field)
        # the row and column name the cell: the label of the create's field, with its
        # "(dòng n)" counted from the first nominee, is left out of the message
        message = getattr(err["message"], "bare", None) or str(err["message"])
        if "code" in err:  # pydantic's "phải có tối đa …", not a sentence opening with a name
            message = _sentence(message)
        found.append({"row": rows[index].number, "field": header, "message": message})
    return found
