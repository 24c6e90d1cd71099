"""Who decides, as the papers print it (ND30/2020 Appendix I; domain.md §3.1; ND152 Art.36–38):
the authority line of a quyết định and the issuer of its certificates name the head of the
deciding body once ("THỦ TƯỚNG CHÍNH PHỦ", "HIỆU TRƯỞNG TRƯỜNG THPT LÝ THÁI TỔ"), the signature
says the head's title, and the recital names on whose proposal the decision is taken: the TTg
on the Minister of Home Affairs', the CTN on the TTg's, any other body on its proposer's and its
council's. Checked on the rendered PDF and DOCX, not only on the paper's model."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, replace

import docx
import pytest
from pypdf import PdfReader

from api.papers import content, fonts, pdf, word
from api.papers.content import Facts
from bench.documents import sample_facts
from store.repositories.papers import OrgInfo

PROVINCE = OrgInfo("P", "UBND tỉnh Bắc Ninh", "province", None)
BNV = OrgInfo("BNV", "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)", "central", None)
TTG = OrgInfo("TTG", "Thủ tướng Chính phủ", "government", None)
CTN = OrgInfo("CTN", "Chủ tịch nước", "president", None)
MINISTRY = OrgInfo("BYT", "Bộ Y tế", "ministry", None)
PROPOSER_RECITAL = "Xét đề nghị của Trường Tiểu học Lạc Vệ và của Hội đồng Thi đua - Khen thưởng"
DOUBLED = re.compile(r"\b(\w+(?: \w+)*) \1\b")


@dataclass(frozen=True)
class Case:
    authority: OrgInfo
    line: str  # the authority line of the quyết định (and the certificate's issuer)
    signature: str
    recital: str
    above: tuple[OrgInfo, ...] = ()  # orgs on the route below the authority, after the unit


def _unit(name: str, kind: str = "legal_entity", level: str = "unit") -> OrgInfo:
    return OrgInfo("A", name, level, "P", kind=kind)


CASES = {
    "ttg": Case(
        TTG,
        "THỦ TƯỚNG CHÍNH PHỦ",
        "THỦ TƯỚNG",
        "Xét đề nghị của Bộ trưởng Bộ Nội vụ.",
        (PROVINCE, BNV),
    ),
    "ctn": Case(
        CTN,
        "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CHỦ TỊCH NƯỚC",
        "Xét đề nghị của Thủ tướng Chính phủ.",
        (PROVINCE, BNV, TTG),
    ),
    "province": Case(
        PROVINCE,
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "CHỦ TỊCH",
        f"{PROPOSER_RECITAL} tỉnh Bắc Ninh.",
    ),
    "commune": Case(
        OrgInfo("A", "UBND xã Lạc Vệ", "commune", "P"),
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ LẠC VỆ",
        "CHỦ TỊCH",
        f"{PROPOSER_RECITAL} xã Lạc Vệ.",
    ),
    "department": Case(
        _unit("Sở Giáo dục và Đào tạo tỉnh Bắc Ninh", kind="", level="department"),
        "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH BẮC NINH",
        "GIÁM ĐỐC",
        f"{PROPOSER_RECITAL} Sở Giáo dục và Đào tạo tỉnh Bắc Ninh.",
    ),
    "ministry": Case(MINISTRY, "BỘ TRƯỞNG BỘ Y TẾ", "BỘ TRƯỞNG", f"{PROPOSER_RECITAL} Bộ Y tế."),
    "bnv": Case(BNV, "BỘ TRƯỞNG BỘ NỘI VỤ", "BỘ TRƯỞNG", f"{PROPOSER_RECITAL} Bộ Nội vụ."),
    "vu": Case(
        _unit("Vụ Tổ chức cán bộ", kind="", level="department"),
        "VỤ TRƯỞNG VỤ TỔ CHỨC CÁN BỘ",
        "VỤ TRƯỞNG",
        f"{PROPOSER_RECITAL} Vụ Tổ chức cán bộ.",
    ),
    "school": Case(
        _unit("Trường THPT Lý Thái Tổ"),
        "HIỆU TRƯỞNG TRƯỜNG THPT LÝ THÁI TỔ",
        "HIỆU TRƯỞNG",
        f"{PROPOSER_RECITAL} Trường THPT Lý Thái Tổ.",
    ),
    "company": Case(
        _unit("Công ty TNHH Tiên Du", kind="enterprise"),
        "GIÁM ĐỐC CÔNG TY TNHH TIÊN DU",
        "GIÁM ĐỐC",
        f"{PROPOSER_RECITAL} Công ty TNHH Tiên Du.",
    ),
    "hospital": Case(
        _unit("Bệnh viện Đa khoa tỉnh Bắc Ninh"),
        "GIÁM ĐỐC BỆNH VIỆN ĐA KHOA TỈNH BẮC NINH",
        "GIÁM ĐỐC",
        f"{PROPOSER_RECITAL} Bệnh viện Đa khoa tỉnh Bắc Ninh.",
    ),
    "centre": Case(
        _unit("Trung tâm Y tế huyện Quế Võ"),
        "GIÁM ĐỐC TRUNG TÂM Y TẾ HUYỆN QUẾ VÕ",
        "GIÁM ĐỐC",
        f"{PROPOSER_RECITAL} Trung tâm Y tế huyện Quế Võ.",
    ),
    "state farm": Case(
        _unit("Nông trường Sông Hậu", kind="enterprise"),  # "Nông trường" is not a school
        "GIÁM ĐỐC NÔNG TRƯỜNG SÔNG HẬU",
        "GIÁM ĐỐC",
        f"{PROPOSER_RECITAL} Nông trường Sông Hậu.",
    ),
    "other body": Case(
        _unit("Đài Phát thanh và Truyền hình Bắc Ninh"),
        "THỦ TRƯỞNG ĐÀI PHÁT THANH VÀ TRUYỀN HÌNH BẮC NINH",
        "THỦ TRƯỞNG",
        f"{PROPOSER_RECITAL} Đài Phát thanh và Truyền hình Bắc Ninh.",
    ),
}


def deciding(case: Case) -> Facts:
    """A decided dossier of the sample unit, decided by the case's authority."""
    base = sample_facts(2)
    chain = (*case.above, case.authority)
    route = ["unit", *(o.level for o in chain)]
    row = replace(
        base.row,
        route=route,
        route_orgs=[o.code for o in chain],
        decision={"number": "9/QĐ-X", "date": "2026-12-01", "authority_org": case.authority.code},
    )
    orgs = {**base.orgs, **{o.code: o for o in (*chain, PROVINCE)}}
    chairs = {case.authority.code: "Lê Văn Hùng"}
    return replace(base, row=row, orgs=orgs, chairs=chairs)


def pdf_text(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return " ".join(" ".join([*(p.text for p in document.paragraphs), *cells]).split())


@pytest.fixture(scope="module")
def family() -> str:
    return fonts.register(fonts.font_dir(None))


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_decision_names_its_head_once_and_recites_who_proposed(case: Case, family: str) -> None:
    facts = deciding(case)
    paper = content.quyet_dinh(facts)
    assert paper.paragraphs[0] == case.line
    assert not DOUBLED.search(case.line), case.line
    assert case.recital in paper.paragraphs
    assert paper.signer_title == case.signature
    for text in (pdf_text(pdf.render_paper(paper, family)), docx_text(word.render_paper(paper))):
        assert f"{case.line} Căn cứ" in text
        assert case.recital in text
        assert "ĐƠN VỊ" not in text
        for doubled in ("THỦ TƯỚNG THỦ TƯỚNG", "CHỦ TỊCH NƯỚC CHỦ TỊCH NƯỚC"):
            assert doubled not in text
    certificate = content.certificate(facts, facts.row.nominees[0])
    assert certificate.issuer_title == case.line
    assert certificate.signer_title == case.signature
    assert case.line in pdf_text(pdf.render_certificate(certificate, family))


def test_the_proposals_up_the_state_chain_are_signed_by_each_bodys_head(family: str) -> None:
    facts = deciding(CASES["ctn"])
    signatures = [content.to_trinh(facts, i).signer_title for i in range(4)]
    assert signatures == ["HIỆU TRƯỞNG", "CHỦ TỊCH", "BỘ TRƯỞNG", "THỦ TƯỚNG"]
    letter = content.to_trinh(facts, 3)  # the TTg's to the CTN
    assert letter.issuer == "THỦ TƯỚNG CHÍNH PHỦ"
    assert letter.addressee == "Kính gửi: Chủ tịch nước"
    text = pdf_text(pdf.render_paper(letter, family))
    assert "TỜ TRÌNH" in text
    assert "THỦ TƯỚNG" in text
    assert "THỦ TRƯỞNG" not in text


def test_a_school_proposing_to_itself_is_signed_by_its_principal() -> None:
    school = CASES["school"].authority
    facts = deciding(CASES["school"])
    facts = replace(facts, row=replace(facts.row, proposer_org=school.code, route=["unit"]))
    facts = replace(facts, row=replace(facts.row, route_orgs=[]))
    assert content.to_trinh(facts, 0).signer_title == "HIỆU TRƯỞNG"
    decision = content.quyet_dinh(facts)
    assert "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Trường THPT Lý Thái Tổ." in (
        decision.paragraphs
    )
