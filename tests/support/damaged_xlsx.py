"""Damaged .xlsx packages, generated from a good one, for the import tests.

`damaged(good)` yields ``(kind, bytes)``: each kind breaks the package in one way a workbook can
be unreadable (a cell, the sheet's XML, the shared strings, the ZIP itself). openpyxl reads a
read-only sheet lazily, so most of these fail only while the rows are iterated.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator

SHEET = "xl/worksheets/sheet1.xml"
BOOK = "xl/workbook.xml"
TYPES = "[Content_Types].xml"
Edit = Callable[[bytes], bytes]


def rezip(good: bytes, member: str, edit: Edit) -> bytes:
    """`good` with one member's bytes passed through `edit` (a missing member: edit(b""))."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        for name in names:
            data = src.read(name)
            dst.writestr(name, edit(data) if name == member else data, zipfile.ZIP_DEFLATED)
        if member not in names:
            dst.writestr(member, edit(b""), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _last_number(value: bytes) -> Edit:
    """The sheet's last number cell (no ``t=``) given `value` as its ``<v>``."""

    def edit(xml: bytes) -> bytes:
        number_cell = rb'<c r="[A-Z]+\d+"(?: s="\d+")?(?: t="n")?><v>[^<]*</v></c>'
        cells = list(re.finditer(number_cell, xml))
        assert cells, "the good workbook needs a number cell"
        cell = cells[-1]
        changed = re.sub(rb"<v>[^<]*</v>", b"<v>" + value + b"</v>", cell.group(0))
        return xml[: cell.start()] + changed + xml[cell.end() :]

    return edit


def _first_ref(ref: bytes) -> Edit:
    return lambda xml: re.sub(rb'<c r="A2"', b'<c r="' + ref + b'"', xml, count=1)


def _extra_row(row: bytes) -> Edit:
    return lambda xml: xml.replace(b"</sheetData>", row + b"</sheetData>")


def _cut(fraction: float) -> Edit:
    return lambda xml: xml[: int(len(xml) * fraction)]


def _flip_stored_bytes(good: bytes) -> bytes:
    """The sheet stored uncompressed with a byte changed after its CRC was written."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name), zipfile.ZIP_STORED)
    data = bytearray(out.getvalue())
    at = data.index(b"<sheetData>") + 3
    data[at] ^= 0x01
    return bytes(data)


def damaged(good: bytes) -> Iterator[tuple[str, bytes]]:
    """Every kind of damage, each applied to `good` (an openpyxl-written workbook whose sheet
    has number cells and a row 2 starting at A2)."""
    for value in (b"NaN", b"INF", b"-INF", b"12abc", b"0x1F", b"1,5"):
        yield f"number {value.decode()}", rezip(good, SHEET, _last_number(value))
    for fraction in (0.1, 0.5, 0.9, 0.99):
        yield f"sheet cut at {fraction:.0%}", rezip(good, SHEET, _cut(fraction))
    yield "workbook part cut", rezip(good, BOOK, _cut(0.5))
    yield "content types cut", rezip(good, TYPES, _cut(0.5))
    yield "column past XFD", rezip(good, SHEET, _first_ref(b"ZZZZZZZ99999999999"))
    yield "column of digits", rezip(good, SHEET, _first_ref(b"12"))
    yield (
        "row past Excel's last",
        rezip(
            good, SHEET, _extra_row(b'<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>')
        ),
    )
    yield (
        "shared string out of range",
        rezip(good, SHEET, _extra_row(b'<row r="90"><c r="A90" t="s"><v>99999</v></c></row>')),
    )
    yield (
        "boolean not 0 or 1",
        rezip(good, SHEET, _extra_row(b'<row r="91"><c r="A91" t="b"><v>maybe</v></c></row>')),
    )
    yield (
        "not UTF-8",
        rezip(good, SHEET, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>\xff\xfe")),
    )
    yield "sheet missing", rezip(good, SHEET, lambda xml: b"")
    yield "sheet not XML", rezip(good, SHEET, lambda xml: b"PK\x03\x04 not xml")
    yield "CRC mismatch", _flip_stored_bytes(good)
    yield "zip cut", good[: len(good) // 2]
    yield "not a zip", b"PK\x03\x04" + b"\x00" * 64
