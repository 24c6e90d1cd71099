"""Legal bases in the papers (ND30/2020): every instrument the domain can cite has one
Vietnamese citation (``api.papers.citation.INSTRUMENTS``), and no paper of any award prints the
domain's compact English form ("Law 06/2022/QH15 Art.75", "ND152/2025 Art.33.5")."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from api.papers import content, minutes
from api.papers.citation import INSTRUMENTS, citation, cite
from api.papers.content import Facts
from api.papers.model import Certificate, Paper
from bench.documents import sample_facts
from domain.ballot import BALLOT_BASIS, QUORUM_BASIS
from domain.bonus import DEFAULT_BASE_SALARIES
from domain.catalog import AwardRule, default_catalog
from domain.documents import default_rules
from domain.eligibility_criteria import DEFAULT_CRITERIA
from domain.eligibility_model import BN86
from domain.legal import LegalBasis
from store.repositories.papers import OrgInfo, StageEvent

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
# An instrument code as the domain writes one (compact, English abbreviations).
CODE = re.compile(
    r"Law \d+/\d{4}/QH\d+|ND ?\d+/\d{4}(?:/NĐ-CP)?|Luật TĐKT 2003 \(sửa đổi 2013\)"
    r"|QĐ \d+/\d{4}/QĐ-UBND(?: [A-ZĐ]\w*)*|TT \d+/\d{4}/TT-[A-Z]+"
)
# Words of the compact form that must never reach a paper.
LATIN = re.compile(r"\b(?:Law|Art|Decree|Circular|Clause|Article|ND\s?\d+)\b|Art\.|QH15 Art")


def _literals(path: Path) -> Iterator[str]:
    """The string literals of a domain module that are not docstrings (what it can produce)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.value


def _instruments(value: object) -> Iterator[str]:
    """Every ``instrument = "…"`` of a TOML data file."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "instrument" and isinstance(item, str):
                yield item
            yield from _instruments(item)
    elif isinstance(value, list):
        for item in value:
            yield from _instruments(item)


def domain_codes() -> set[str]:
    found: set[str] = set()
    for path in sorted(DOMAIN.rglob("*.py")):
        for text in _literals(path):
            found.update(CODE.findall(text))
    for path in sorted(DOMAIN.rglob("*.toml")):
        found.update(_instruments(tomllib.loads(path.read_text(encoding="utf-8"))))
    return found


def domain_bases() -> set[LegalBasis]:
    """Every legal basis object the domain's data and rules hold."""
    bases: set[LegalBasis] = set()
    for rule in default_catalog():
        bases.update(rule.bases())
        for version in rule.versions:
            bases.update(b for b in (version.basis, version.ballot_basis) if b is not None)
    bases.update(r.basis for r in default_rules())
    bases.update(b for v in DEFAULT_CRITERIA.versions for b in v.bases)
    bases.update(s.basis for s in DEFAULT_BASE_SALARIES)
    return bases


def test_the_scan_finds_the_instruments_the_domain_cites() -> None:
    codes = domain_codes()
    assert {"Law 06/2022/QH15", "ND152/2025", "ND98/2023", BN86} <= codes
    assert {b.instrument for b in domain_bases()} <= codes


def test_every_instrument_code_of_the_domain_has_a_vietnamese_citation() -> None:
    missing = sorted(domain_codes() - INSTRUMENTS.keys())
    assert not missing, f"add these to api.papers.citation.INSTRUMENTS: {missing}"


def test_every_basis_of_the_domain_is_cited_in_vietnamese() -> None:
    compact = {b.cite() for b in domain_bases()}
    compact |= {BALLOT_BASIS, QUORUM_BASIS, f"{BN86} Art.3.3.c", f"{BN86} Art.4.2"}
    compact |= {v.cite() for v in DEFAULT_CRITERIA.versions}  # "…; …" of several bases
    for text in sorted(compact):
        worded = cite(text)
        assert not LATIN.search(worded), (text, worded)
    for basis in domain_bases():
        assert citation(basis) == cite(basis.cite())


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        (
            LegalBasis("Law 06/2022/QH15", "75", date(2024, 1, 1)),
            "Điều 75 Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        ),
        (
            LegalBasis("ND152/2025", "33.5", date(2025, 7, 1)),
            "khoản 5 Điều 33 Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ",
        ),
        (
            LegalBasis("Law 06/2022/QH15", "74.1.d", date(2024, 1, 1)),
            "điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        ),
        (
            LegalBasis("ND98/2023", "", date(2024, 1, 1)),
            "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
        ),
        (  # a decree the mapping does not know: by number, no invented date
            LegalBasis("ND45/2027", "2", date(2027, 3, 1)),
            "Điều 2 Nghị định số 45/2027/NĐ-CP của Chính phủ",
        ),
    ],
)
def test_citation_form(basis: LegalBasis, expected: str) -> None:
    assert citation(basis) == expected


def _texts(paper: Paper | Certificate) -> str:
    if isinstance(paper, Certificate):
        return " ".join(str(v) for v in vars(paper).values())
    tables = [t for t in (paper.annex, paper.body_table) if t is not None]
    cells = [c for t in tables for row in (t.headers, *t.rows) for c in (t.title, *row)]
    fields = (paper.issuer, paper.number, paper.place_date, paper.kind, paper.subject)
    return " ".join((*fields, *paper.paragraphs, paper.addressee or "", *cells))


def _facts(award: AwardRule) -> Facts:
    """A decided dossier of `award` through unit → district → province, with its meetings."""
    base = sample_facts(2)
    at = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    vote = {"vote": {"members_total": 9, "present": 8, "in_favor": 8}}
    events = [
        StageEvent(at, "u", "submitted", "unit", "U", "", {}),
        StageEvent(at, "d", "approved", "district", "D", "", vote),
        StageEvent(at, "p", "decided", "province", "P", "", vote),
    ]
    row = replace(
        base.row,
        award_code=award.code,
        route=["unit", "district", "province"],
        route_orgs=["D", "P"],
        decision={"number": "7/QĐ-UBND", "date": "2026-12-03", "authority_org": "P"},
    )
    orgs = {
        **base.orgs,
        "D": OrgInfo("D", "UBND huyện Tiên Du", "district", "P"),
        "P": OrgInfo("P", "UBND tỉnh Bắc Ninh", "province", None),
    }
    return replace(base, row=row, award=award, orgs=orgs, events=events, chairs={})


@pytest.mark.parametrize("award", default_catalog().all(), ids=lambda a: a.code)
def test_no_paper_of_any_award_prints_the_compact_english_citation(award: AwardRule) -> None:
    facts = _facts(award)
    proposals = [content.to_trinh(facts, i) for i in range(3)]
    decision = content.quyet_dinh(facts)
    papers: list[Paper | Certificate] = [*proposals, decision]
    papers.append(content.certificate(facts, content.approved(facts.row)[0]))
    papers.extend(minutes.bien_ban(facts, event) for event in facts.events[1:])
    for paper in papers:
        text = _texts(paper)
        assert not LATIN.search(text), (type(paper).__name__, LATIN.search(text))
    wording = f"Căn cứ {citation(award.basis)};"
    assert all(wording in p.paragraphs for p in proposals)
    assert wording in decision.paragraphs
