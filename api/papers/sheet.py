"""Lists as XLSX (openpyxl, write-only: rows stream out, a 500-row list stays small)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
CELL_FONT = Font(name="Times New Roman", size=12)


def render_sheet(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float] = (),
    caption: str | None = None,
    formats: Mapping[int, str] | None = None,
) -> bytes:
    """``formats``: a number format by column index (``DD/MM/YYYY`` for a date column, ``@``
    for text such as a CCCD, so Excel keeps its leading zeros when it is edited)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    if caption:
        cell = WriteOnlyCell(sheet, value=caption)
        cell.font = HEADER_FONT
        sheet.append([cell])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = CELL_FONT
            if formats and index in formats:
                cell.number_format = formats[index]
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
