"""What the papers say, read back from the generated PDF, DOCX and XLSX (audit A4 §9):

- the "Chức vụ, đơn vị" column carries the nominee's unit by name (a collective that is the
  proposing org itself: the org above it), on the quyết định's annex, the tờ trình's list and
  the biên bản, as the XLSX annex and the certificate do;
- the quyết định cites the org that submitted the dossier to the decider (the Sở forwarding a
  school's dossier, the district a unit's) and the decider's council, not the first proposer;
- a title is recognised ("công nhận danh hiệu …"), a form or a flag given ("tặng …"), and the
  recipients are counted by kind ("cho 2 cá nhân và 1 tập thể");
- the biên bản gives each nominee's result at that council (not "Chưa xét" for an approval)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest

from api.papers import content, minutes, pdf, word
from api.papers.content import Facts
from api.papers.model import Paper
from api.services import documents
from bench.documents import sample_facts
from domain.catalog import default_catalog
from store.repositories.dossiers import NomineeRow
from store.repositories.papers import OrgInfo, StageEvent
from tests.documents.test_paper_heads import family, pdf_text

__all__ = ["family"]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE = OrgInfo("BN", "UBND tỉnh Bắc Ninh", "province", None)
SO = OrgInfo("BN-SGD", "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", "department", "BN")
SCHOOL = OrgInfo("BN-LTT", "Trường THPT Lý Thái Tổ", "unit", "BN-SGD", kind="legal_entity")
DISTRICT = OrgInfo("BN-TD", "UBND huyện Tiên Du", "district", "BN")
UNIT = OrgInfo("BN-TD-THLV", "Trường Tiểu học Lạc Vệ", "unit", "BN-TD")
VOTE = {"vote": {"members_total": 20, "present": 19, "in_favor": 18}}


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 9, 0, tzinfo=VN)


def nominee(i: int, kind: str, name: str, title: str | None = None) -> NomineeRow:
    return NomineeRow(
        id=f"N-{i}", kind=kind, name=name, title=title, outcome="approved", bonus_vnd=1
    )


def deciding(
    award: str,
    nominees: list[NomineeRow],
    *,
    proposer: OrgInfo = UNIT,
    route: tuple[list[str], list[OrgInfo]] = (["unit", "district"], [DISTRICT]),
    events: list[StageEvent] | None = None,
) -> Facts:
    """A dossier of ``award`` decided by the last org of ``route``."""
    base = sample_facts(1)
    levels, stages = route
    authority = stages[-1]
    row = replace(
        base.row,
        award_code=award,
        proposer_org=proposer.code,
        route=levels,
        route_orgs=[o.code for o in stages],
        nominees=nominees,
        decision={"number": "12/QĐ-UBND", "date": "2026-12-01", "authority_org": authority.code},
    )
    orgs = {o.code: o for o in (PROVINCE, SO, SCHOOL, DISTRICT, UNIT)}
    return replace(
        base, row=row, award=default_catalog().get(award), orgs=orgs, events=events or []
    )


def docx_cells(paper: Paper) -> list[list[str]]:
    """The rows of the DOCX's nominee list (the table headed "STT")."""
    document = docx.Document(io.BytesIO(word.render_paper(paper)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    return [[c.text for c in r.cells] for r in table.rows]


def docx_paragraphs(paper: Paper) -> str:
    document = docx.Document(io.BytesIO(word.render_paper(paper)))
    return " ".join(" ".join(p.text for p in document.paragraphs).split())


def test_the_annex_names_each_nominees_unit_in_pdf_docx_and_xlsx(family: str) -> None:
    facts = deciding(
        "BK_TINH",
        [
            nominee(1, "individual", "Nguyễn Thị Hoa", "Giáo viên"),
            nominee(2, "individual", "Lê Văn Nam"),  # no position: the unit alone
            nominee(3, "collective", "Tổ Toán"),
            nominee(4, "collective", "Trường Tiểu học Lạc Vệ"),  # the proposer itself
        ],
        route=(["unit", "district", "province"], [DISTRICT, PROVINCE]),
    )
    expected = [
        "Giáo viên, Trường Tiểu học Lạc Vệ",
        "Trường Tiểu học Lạc Vệ",
        "Trường Tiểu học Lạc Vệ",
        "UBND huyện Tiên Du",
    ]
    for paper in (content.quyet_dinh(facts), content.to_trinh(facts, 0)):
        rows = docx_cells(paper)
        column = rows[0].index("Chức vụ, đơn vị")
        assert [r[column] for r in rows[1:]] == expected
        annex = pdf_text(pdf.render_paper(paper, family)).split("DANH SÁCH", 1)[1]
        assert annex.count("Lạc Vệ") == 4  # three units and the collective named so
        assert "UBND huyện Tiên Du" in annex
    book = openpyxl.load_workbook(io.BytesIO(documents.annex_sheet(facts)))
    rows = list(book.active.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "STT")
    units = [r[header.index("Đơn vị")] for r in rows[rows.index(header) + 1 :] if r[0]]
    assert units == ["Trường Tiểu học Lạc Vệ"] * 3 + ["UBND huyện Tiên Du"]


@pytest.mark.parametrize(
    ("proposer", "route", "cited"),
    [
        # a school's dossier forwarded by the Sở GD&ĐT to the province
        (
            SCHOOL,
            (["unit", "department", "province"], [SO, PROVINCE]),
            "Xét đề nghị của Sở Giáo dục và Đào tạo tỉnh Bắc Ninh và của Hội đồng Thi đua - "
            "Khen thưởng tỉnh Bắc Ninh.",
        ),
        # a unit's dossier forwarded by the district
        (
            UNIT,
            (["unit", "district", "province"], [DISTRICT, PROVINCE]),
            "Xét đề nghị của Ủy ban nhân dân huyện Tiên Du và của Hội đồng Thi đua - Khen "
            "thưởng tỉnh Bắc Ninh.",
        ),
        # the proposer submitted to the province directly
        (
            SO,
            (["department", "province"], [SO, PROVINCE]),
            "Xét đề nghị của Sở Giáo dục và Đào tạo tỉnh Bắc Ninh và của Hội đồng Thi đua - "
            "Khen thưởng tỉnh Bắc Ninh.",
        ),
    ],
)
def test_the_decision_cites_who_submitted_it_to_the_decider(
    family: str, proposer: OrgInfo, route: tuple[list[str], list[OrgInfo]], cited: str
) -> None:
    facts = deciding(
        "BK_TINH", [nominee(1, "individual", "A", "Giáo viên")], proposer=proposer, route=route
    )
    paper = content.quyet_dinh(facts)
    assert cited in paper.paragraphs
    assert cited in pdf_text(pdf.render_paper(paper, family))
    assert cited in docx_paragraphs(paper)
    if proposer is not SO:
        assert proposer.name not in " ".join(paper.paragraphs[:5])


@pytest.mark.parametrize(
    ("award", "nominees", "subject", "article", "held"),
    [
        (
            "LDTT",
            [nominee(1, "individual", "A"), nominee(2, "individual", "B")],
            "Về việc công nhận danh hiệu Lao động tiên tiến",
            "Điều 1. Công nhận danh hiệu Lao động tiên tiến cho 2 cá nhân có tên trong",
            "các cá nhân",
        ),
        (
            "THON_VH",
            [nominee(1, "collective", "Thôn Đông")],
            "Về việc công nhận danh hiệu Thôn, tổ dân phố văn hóa",
            "Điều 1. Công nhận danh hiệu Thôn, tổ dân phố văn hóa cho 1 tập thể có tên trong",
            "tập thể",
        ),
        (
            "TTLDTT",
            [nominee(1, "collective", "Tổ Toán")],
            "Về việc công nhận danh hiệu Tập thể lao động tiên tiến",
            "Điều 1. Công nhận danh hiệu Tập thể lao động tiên tiến cho 1 tập thể có tên",
            "tập thể",
        ),
        (
            "BK_TINH",
            [
                nominee(1, "individual", "A"),
                nominee(2, "collective", "Tổ Toán"),
                nominee(3, "individual", "B"),
            ],
            "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 2 cá nhân và 1 tập thể "
            "có tên",
            "các cá nhân, tập thể",
        ),
        (
            "GIAY_KHEN",
            [
                nominee(1, "household", "Hộ ông Lê Văn C"),
                nominee(2, "collective", "Tổ Văn"),
                nominee(3, "individual", "B"),
            ],
            "Về việc tặng Giấy khen",
            "Điều 1. Tặng Giấy khen cho 1 cá nhân, 1 tập thể và 1 hộ gia đình có tên",
            "các cá nhân, tập thể, hộ gia đình",
        ),
        (
            "CO_TINH",
            [nominee(1, "collective", "Trường Tiểu học Lạc Vệ")],
            "Về việc tặng Cờ thi đua cấp tỉnh",
            "Điều 1. Tặng Cờ thi đua cấp tỉnh cho 1 tập thể có tên",
            "tập thể",
        ),
    ],
)
def test_a_title_is_recognised_a_form_given_and_the_recipients_counted_by_kind(
    family: str, award: str, nominees: list[NomineeRow], subject: str, article: str, held: str
) -> None:
    facts = deciding(award, nominees)
    paper = content.quyet_dinh(facts)
    for text in (pdf_text(pdf.render_paper(paper, family)), docx_paragraphs(paper)):
        assert subject in text
        assert article in text
        assert "cá nhân, tập thể có tên trong" not in text
        assert f"và {held} có tên tại Điều 1 chịu trách nhiệm" in text
    recognised = default_catalog().get(award).recognised
    listed = "DANH SÁCH ĐƯỢC CÔNG NHẬN DANH HIỆU" if recognised else "DANH SÁCH ĐƯỢC TẶNG"
    assert paper.annex is not None
    assert paper.annex.title.startswith(listed)
    proposal = content.to_trinh(facts, 0)
    asked = "đề nghị xét công nhận danh hiệu" if recognised else "đề nghị xét tặng"
    assert asked in docx_paragraphs(proposal)
    if recognised:
        assert "Về việc tặng" not in docx_paragraphs(paper)


def province_council(action: str, data: dict[str, object]) -> tuple[Facts, StageEvent]:
    """A CSTĐ toàn quốc dossier: the province's council met (``action``); the nominees wait
    for the state's decision (their outcome is still pending)."""
    people = [
        replace(nominee(1, "individual", "Nguyễn Thị Hoa", "Giáo viên"), outcome="pending"),
        replace(nominee(2, "individual", "Lê Văn Nam", "Giáo viên"), outcome="pending"),
    ]
    event = StageEvent(at(5), "bn.chair", action, "province", PROVINCE.code, "", VOTE | data)
    facts = deciding(
        "CSTD_TQ",
        people,
        route=(["unit", "district", "province"], [DISTRICT, PROVINCE]),
        events=[StageEvent(at(2), "u", "submitted", "unit", UNIT.code, "", {}), event],
    )
    return replace(facts, row=replace(facts.row, status="in_review", decision=None)), event


def minute_results(paper: Paper) -> dict[str, str]:
    assert paper.body_table is not None
    return {r[1]: r[3] for r in paper.body_table.rows}


def test_the_minutes_show_the_councils_approval_not_chua_xet(family: str) -> None:
    facts, event = province_council("approved", {"dropped": []})
    paper = minutes.bien_ban(facts, event)
    assert minute_results(paper) == {
        "Nguyễn Thị Hoa": "Đồng ý (18/20 phiếu)",
        "Lê Văn Nam": "Đồng ý (18/20 phiếu)",
    }
    text = pdf_text(pdf.render_paper(paper, family))
    assert "Chưa xét" not in text
    assert text.count("Đồng ý") >= 2
    assert paper.body_table is not None
    assert {r[2] for r in paper.body_table.rows} == {"Giáo viên, Trường Tiểu học Lạc Vệ"}
    assert "đề nghị công nhận danh hiệu Chiến sĩ thi đua toàn quốc cho 2 cá nhân." in text


def test_the_minutes_show_who_the_council_left_out(family: str) -> None:
    facts, event = province_council("approved", {"dropped": ["N-2"]})
    paper = minutes.bien_ban(facts, event)
    assert minute_results(paper) == {
        "Nguyễn Thị Hoa": "Đồng ý (18/20 phiếu)",
        "Lê Văn Nam": "Không đồng ý",
    }
    assert "Không đồng ý" in pdf_text(pdf.render_paper(paper, family))
    # recorded before approvals kept who they left out: a nominee left out is not agreed
    legacy_row = replace(
        facts.row,
        nominees=[facts.row.nominees[0], replace(facts.row.nominees[1], outcome="dropped")],
    )
    legacy = minutes.bien_ban(replace(facts, row=legacy_row), replace(event, data=dict(VOTE)))
    assert minute_results(legacy)["Lê Văn Nam"] == "Không đồng ý"


def test_a_nominee_left_out_by_a_lower_council_is_not_before_the_higher_one() -> None:
    facts, event = province_council("approved", {"dropped": []})
    lower = StageEvent(
        at(3), "td.chair", "approved", "district", DISTRICT.code, "", {"dropped": ["N-2"]}
    )
    facts = replace(facts, events=[facts.events[0], lower, event])
    assert minute_results(minutes.bien_ban(facts, event)) == {
        "Nguyễn Thị Hoa": "Đồng ý (18/20 phiếu)"
    }


@pytest.mark.parametrize(
    ("action", "result"), [("rejected", "Không đồng ý"), ("returned", "Chưa xét")]
)
def test_the_minutes_of_a_refusal_and_of_a_return(family: str, action: str, result: str) -> None:
    facts, event = province_council(action, {})
    paper = minutes.bien_ban(facts, event)
    assert set(minute_results(paper).values()) == {result}
    assert result in pdf_text(pdf.render_paper(paper, family))


def test_the_achievement_quotes_the_summary_or_says_the_customary_words() -> None:
    assert content.achievement("Hoàn thành xuất sắc nhiệm vụ năm 2026") == (
        "đã có thành tích: Hoàn thành xuất sắc nhiệm vụ năm 2026"
    )
    assert content.achievement(None) == "đã có thành tích xuất sắc"
    assert content.achievement("  ") == "đã có thành tích xuất sắc"
