"""Build .xlsx registry workbooks for the import tests and the benchmark."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from api.services.registry_workbook import TEMPLATE_HEADER

HEADER = TEMPLATE_HEADER  # the blank workbook's header, as officers download it


def xlsx(rows: Iterable[Sequence[Any]], header: Sequence[Any] = HEADER) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sổ khen thưởng")
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cccd(serial: int, born_year: int = 1985, province: str = "027") -> str:
    """A plausible 12-digit CCCD: province, century/sex digit, birth year, serial."""
    century = (born_year - 1900) // 100 * 2
    return f"{province}{century}{born_year % 100:02d}{serial:06d}"
