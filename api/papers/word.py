"""Papers as DOCX (python-docx) for the clerk to edit: Times New Roman, A4, ND30 margins."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from api.papers import model
from api.papers.model import QUOC_HIEU, TIEU_NGU, Paper

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)


def _line(
    cell_or_doc: object,
    text: str,
    size: int = 14,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: object = CENTER,
) -> None:
    paragraph = cell_or_doc.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)


def _setup(document: object) -> None:
    style = document.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _header(document: object, paper: Paper) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    for cell in (left, right):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    if paper.parent_issuer:
        _line(left, paper.parent_issuer, 12)
    _line(left, paper.issuer, 12, bold=True)
    _line(left, paper.number, 13)
    _line(right, QUOC_HIEU, 12, bold=True)
    _line(right, TIEU_NGU, 13, bold=True, underline=True)
    _line(right, paper.place_date, 13, italic=True)


def _table(document: object, spec: model.Table) -> None:
    _line(document, spec.title, 14, bold=True)
    table = document.add_table(rows=1, cols=len(spec.headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, spec.headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    for row in spec.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value


def render_paper(paper: Paper) -> bytes:
    document = Document()
    _setup(document)
    _header(document, paper)
    _line(document, paper.kind, 14, bold=True)
    _line(document, paper.subject, 14, bold=True)
    if paper.addressee:
        _line(document, paper.addressee, 14)
    for text in paper.paragraphs:
        _line(document, text, 14, align=JUSTIFY)
    if paper.body_table is not None:
        _table(document, paper.body_table)
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    if paper.recipients:
        _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT)
        for recipient in paper.recipients:
            _line(left, f"- {recipient};", 11, align=LEFT)
    _line(right, paper.signer_title, 13, bold=True)
    _line(right, "\n\n\n", 13)
    _line(right, paper.signer_name, 13, bold=True)
    if paper.annex is not None:
        document.add_page_break()  # type: ignore[no-untyped-call]
        _table(document, paper.annex)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
