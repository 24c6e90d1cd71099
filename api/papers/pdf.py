"""Papers as PDF (reportlab platypus): A4, margins top/bottom 20 mm, left 30 mm, right 15 mm,
Liberation Serif 13-14 pt, the ND30 header (issuing body left, Quốc hiệu and Tiêu ngữ right)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from api.papers import model
from api.papers.model import QUOC_HIEU, TIEU_NGU, Certificate, Paper

MARGINS = {
    "topMargin": 20 * mm,
    "bottomMargin": 20 * mm,
    "leftMargin": 30 * mm,
    "rightMargin": 15 * mm,
}
WIDTH = A4[0] - 45 * mm


def _style(
    font: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: int = TA_CENTER,
    lead: float = 1.25,
) -> ParagraphStyle:
    face = font + ("-Bold" if bold else "") + ("-Italic" if italic and not bold else "")
    if bold and italic:
        face = font + "-BoldItalic"
    return ParagraphStyle(face, fontName=face, fontSize=size, leading=size * lead, alignment=align)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _header(paper: Paper, font: str) -> Table:
    left: list[Flowable] = []
    if paper.parent_issuer:
        left.append(_p(paper.parent_issuer, _style(font, 12)))
    left += [
        _p(paper.issuer, _style(font, 12, bold=True)),
        _p("________", _style(font, 8)),
        _p(paper.number, _style(font, 13)),
    ]
    right = [
        _p(QUOC_HIEU, _style(font, 12, bold=True)),
        Paragraph(f"<u>{escape(TIEU_NGU)}</u>", _style(font, 13, bold=True)),
        Spacer(1, 3 * mm),
        _p(paper.place_date, _style(font, 13, italic=True)),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _table(spec: model.Table, font: str) -> LongTable:
    head = _style(font, 11, bold=True)
    cell = _style(font, 11, align=TA_LEFT, lead=1.15)
    rows: list[list[Flowable]] = [[_p(h, head) for h in spec.headers]]
    rows += [[_p(c, cell) for c in row] for row in spec.rows]
    total = sum(spec.widths)
    table = LongTable(rows, colWidths=[WIDTH * w / total for w in spec.widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        )
    )
    return table


def _signature(paper: Paper, font: str) -> Table:
    left: list[Flowable] = []
    if paper.recipients:
        left.append(_p("Nơi nhận:", _style(font, 12, bold=True, italic=True, align=TA_LEFT)))
        left += [_p(f"- {r};", _style(font, 11, align=TA_LEFT)) for r in paper.recipients]
    right = [
        _p(paper.signer_title, _style(font, 13, bold=True)),
        Spacer(1, 22 * mm),
        _p(paper.signer_name, _style(font, 13, bold=True)),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return table


def paper_flowables(paper: Paper, font: str) -> list[Flowable]:
    body = _style(font, 14, align=TA_JUSTIFY, lead=1.3)
    story: list[Flowable] = [_header(paper, font), Spacer(1, 8 * mm)]
    story += [
        _p(paper.kind, _style(font, 14, bold=True)),
        _p(paper.subject, _style(font, 14, bold=True)),
        Spacer(1, 5 * mm),
    ]
    if paper.addressee:
        story += [_p(paper.addressee, _style(font, 14)), Spacer(1, 3 * mm)]
    for text in paper.paragraphs:
        story += [_p(text, body), Spacer(1, 2 * mm)]
    if paper.body_table is not None:
        story += [_table(paper.body_table, font), Spacer(1, 4 * mm)]
    story += [Spacer(1, 4 * mm), _signature(paper, font)]
    if paper.annex is not None:
        story += [
            PageBreak(),
            _p(paper.annex.title, _style(font, 14, bold=True)),
            Spacer(1, 4 * mm),
            _table(paper.annex, font),
        ]
    return story


def _metadata(title: str, doc: SimpleDocTemplate) -> None:
    doc.title = title
    doc.author = "tdkt"
    doc.creator = "tdkt"


def render_paper(paper: Paper, font: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, **MARGINS)
    _metadata(f"{paper.kind} {paper.number}", doc)
    doc.build(paper_flowables(paper, font))
    return out.getvalue()


def render_certificate(cert: Certificate, font: str) -> bytes:
    out = io.BytesIO()
    size = landscape(A4)
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
    )
    _metadata(f"{cert.award_name} {cert.awardee}", doc)
    lines: Sequence[tuple[str, ParagraphStyle]] = (
        (QUOC_HIEU, _style(font, 14, bold=True)),
        (TIEU_NGU, _style(font, 14, bold=True)),
        ("", _style(font, 10)),
        (cert.issuer_title, _style(font, 16, bold=True)),
        ("TẶNG", _style(font, 16, bold=True)),
        (cert.award_name, _style(font, 34, bold=True)),
        (cert.awardee, _style(font, 24, bold=True)),
        (cert.awardee_detail, _style(font, 15, italic=True)),
        (cert.achievement, _style(font, 15)),
        (cert.decision, _style(font, 13, italic=True)),
        (cert.place_date, _style(font, 13, italic=True)),
        (cert.signer_title, _style(font, 14, bold=True)),
        ("", _style(font, 30)),
        (cert.signer_name, _style(font, 14, bold=True)),
        (cert.register_no, _style(font, 11, align=TA_LEFT)),
    )
    doc.build([_p(text, style) if text else Spacer(1, style.fontSize) for text, style in lines])
    return out.getvalue()
