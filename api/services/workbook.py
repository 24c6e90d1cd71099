"""Reading an uploaded .xlsx safely: the one guard and the one reader for every workbook import.

Both imports (the award registry, `registry_workbook`, and a dossier's nominees,
`excel_import`) read their first sheet through `sheet_rows`, which

* refuses a decompression bomb before anything is parsed (`check_package`): too many members,
  too many bytes once unpacked, or a member that unpacks far beyond its compressed size;
* turns every way the package can be unreadable into the same 422 naming the file field,
  logged with the library's own words (which are for us, not for the person who sent it).
  openpyxl reads a read-only sheet lazily, so a number cell ``NaN``/``INF``, XML cut short or a
  cell reference past column XFD fails while the rows are iterated, not when the book is
  opened: the iteration is guarded too;
* bounds the work a sheet can ask for: at most `MAX_COLUMNS` columns are read, and a row
  number past Excel's last row (1,048,576) is refused rather than padded towards it.

Both also find their columns through `match_header`, the one header matcher: a header is
known by its words whatever their case, spacing, punctuation or diacritics ("Loai doi tuong",
"SỐ  CCCD"), and a header cell that names no column is refused, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import structlog
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from api.errors import Invalid
from api.schemas.text import key_text
from core.i18n import _

log = structlog.get_logger(__name__)

# A few MB of XML per 20,000 rows; far above it is a decompression bomb, refused before parsing.
MAX_UNPACKED_BYTES = 100_000_000
MAX_MEMBERS = 1_000  # a workbook has a dozen parts; thousands is not a workbook
# Sheet XML compresses about 10-30 times; a member over 1 MB unpacking 200 times its packed
# size is made to be unpacked, not read.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1_000_000
MAX_COLUMNS = 64  # the imports' formats have at most 8 columns
EXCEL_LAST_ROW = 1_048_576

Values = tuple[Any, ...]


def unreadable(field: str = "file") -> Invalid:
    return Invalid.field(field, _("sheet.unreadable_file"))


def too_large(field: str = "file") -> Invalid:
    return Invalid.field(field, _("msg.the_workbook_is_too_large_once"))


def check_package(source: IO[bytes], *, field: str = "file", event: str) -> None:
    """Refuse a package that is not a ZIP or that would unpack to too much (422 on ``field``).

    The sizes are the ones the ZIP declares; `zipfile` never unpacks more than a member
    declares (a member that does fails its CRC while read, and is then unreadable)."""
    try:
        with zipfile.ZipFile(source) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        _log_unreadable(event, exc)
        raise unreadable(field) from None
    finally:
        source.seek(0)
    unpacked = sum(m.file_size for m in members)
    bomb = any(
        m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or bomb:
        log.info(event + ".too_large", members=len(members), unpacked=unpacked)
        raise too_large(field)


def _log_unreadable(event: str, exc: BaseException) -> None:
    log.info(event + ".unreadable", error=f"{type(exc).__name__}: {exc}"[:500])


def sheet_rows(
    source: IO[bytes], *, field: str = "file", event: str
) -> Generator[tuple[int, Values], None, None]:
    """``(row number, values)`` of each row of the first sheet holding any cell.

    Raises `Invalid` (422, ``field``) for a package that is too large or unreadable, whenever
    that shows (before the first row or in the middle). Close the iterator when stopping early.
    """
    check_package(source, field=field, event=event)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged package
        _log_unreadable(event, exc)
        raise unreadable(field) from None
    try:
        if not book.worksheets:
            raise unreadable(field)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a sheet's declared size may be wrong: read what it holds
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        empty = (None,) * MAX_COLUMNS
        number = 0
        while True:
            try:
                values = next(rows, None)
            except Exception as exc:  # the sheet's XML is read (and can fail) row by row
                _log_unreadable(event, exc)
                raise unreadable(field) from None
            if values is None:
                return
            number += 1
            if number > EXCEL_LAST_ROW:
                _log_unreadable(event, ValueError(f"row number past {EXCEL_LAST_ROW}"))
                raise unreadable(field)
            if values != empty:
                yield number, values
    finally:
        book.close()


@dataclass(frozen=True)
class Column:
    """A column of an import: the ``field`` it fills, the ``title`` its messages and the
    template use, and the other headers an officer may type for it."""

    field: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    named: str = ""  # how row errors name the column, when not by its title

    @property
    def label(self) -> str:
        return self.named or self.title


_NOT_WORD = re.compile(r"[^0-9a-z]+")
_D_WITH_STROKE = {0x0111: "d"}  # the one Vietnamese letter NFD does not take apart


def header_key(text: str) -> str:
    """A header's words, for matching: no diacritics (đ as d), casefolded, every run of other
    characters than letters and digits one space (``"Họ và tên / Tên tập thể"`` →
    ``"ho va ten ten tap the"``)."""
    folded = unicodedata.normalize("NFD", text.casefold().translate(_D_WITH_STROKE))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain).strip()


def _header_text(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def names_column(cells: Sequence[object], column: Column) -> bool:
    """True when one of ``cells`` is a header of ``column`` (to find a sheet's header row)."""
    keys = {header_key(n) for n in (column.title, *column.aliases)}
    return any(header_key(_header_text(c)) in keys for c in cells)


def match_header(
    cells: Sequence[object],
    columns: Sequence[Column],
    *,
    row: int,
    ignored: Sequence[str] = (),
) -> dict[int, str]:
    """The header row's columns, ``{cell index: field}``.

    Raises `Invalid` (422) listing, each on row ``row`` and named by the header as typed, every
    non-empty header that names no column (``ignored`` headers are known and skipped: the
    outputs of a list that is read back), a column named twice, and a required column missing.
    Empty header cells are left out."""
    known = {header_key(n): c for c in columns for n in (c.title, *c.aliases)}
    skipped = {header_key(n) for n in ignored}
    found: dict[int, str] = {}
    errors: list[dict[str, Any]] = []
    first: dict[str, str] = {}
    for index, value in enumerate(cells):
        text = _header_text(value)
        key = header_key(text)
        if not text or (key in skipped and key not in known):
            continue
        shown, where = key_text(text), get_column_letter(index + 1)
        column = known.get(key)
        if column is None:
            expected = ", ".join(c.title for c in columns)
            message = _("sheet.unknown_header", header=shown, column=where, expected=expected)
        elif column.field in first:
            message = _("sheet.header_twice", header=shown, column=where, first=first[column.field])
        else:
            found[index], first[column.field] = column.field, f"{shown} ({where})"
            continue
        errors.append({"row": row, "field": shown, "message": message})
    missing = [
        {"row": row, "field": c.label, "message": _("sheet.missing_column", column=c.title)}
        for c in columns
        if c.required and c.field not in first
    ]
    if errors:
        raise Invalid(_("sheet.header_refused", row=row), errors=errors + missing)
    if missing:
        raise Invalid(_("msg.missing_header_columns"), errors=missing)
    return found
