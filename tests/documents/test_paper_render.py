"""Rendering without the stack: ND30 dates, the Vietnamese font check, a 500-awardee decision."""

from __future__ import annotations

import io
import time
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from api.errors import Unavailable
from api.papers import content, fonts, pdf
from api.papers.model import money, place_date
from api.services.documents import annex_sheet
from bench.documents import sample_facts


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 1, 5), "Tiên Du, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Tiên Du, ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 1), "Tiên Du, ngày 01 tháng 3 năm 2026"),
        (date(2026, 12, 10), "Tiên Du, ngày 10 tháng 12 năm 2026"),
    ],
)
def test_place_and_date_follow_nd30(on: date, expected: str) -> None:
    assert place_date("Tiên Du", on) == expected


def test_money_uses_dots() -> None:
    assert money(1_170_000) == "1.170.000"
    assert money(0) == "0"


def test_a_font_without_vietnamese_letters_is_refused(tmp_path: Path) -> None:
    # Liberation 1.x (Debian fonts-liberation, often installed as a browser dependency) lacks
    # ư, ạ, ộ…: a folder of it is passed over for one that covers Vietnamese.
    latin = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")
    if latin.is_file() and not fonts.covers_vietnamese(latin):
        for name in fonts.FILES.values():
            (tmp_path / name).symlink_to(latin.parent / name)
        assert fonts.font_dir(tmp_path) != tmp_path
    assert fonts.covers_vietnamese(fonts.font_dir(None) / fonts.FILES[""])
    empty = tmp_path / "empty"
    empty.mkdir()
    original = fonts.CANDIDATES
    fonts.CANDIDATES = ()
    try:
        with pytest.raises(Unavailable, match="make fonts"):
            fonts.font_dir(empty)
    finally:
        fonts.CANDIDATES = original


def test_a_500_awardee_decision_and_annex_render_within_5_seconds() -> None:
    facts = sample_facts(500)
    family = fonts.register(fonts.font_dir(None))
    started = time.perf_counter()
    data = pdf.render_paper(content.quyet_dinh(facts), family)
    sheet = annex_sheet(facts)
    elapsed = time.perf_counter() - started
    assert elapsed <= 5.0, f"{elapsed:.2f} s"
    reader = PdfReader(io.BytesIO(data))
    text = unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))
    assert "Số: 125/QĐ-UBND" in text
    assert "ỦY BAN NHÂN DÂN HUYỆN TIÊN DU" in text
    assert all(n.name in text for n in facts.row.nominees)
    assert "380.000.000" in text  # 500 × 760.000
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True))
    assert len(rows) == 2 + 500
    print(f"500-awardee decision PDF ({len(reader.pages)} pages) + annex: {elapsed:.2f} s")
