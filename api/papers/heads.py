"""Who heads an org, as its papers print it (ND30/2020 Appendix I; Law Art.77–80): the title
above the signature ("CHỦ TỊCH", "GIÁM ĐỐC"), the authority line of a quyết định and the
issuer of a certificate ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TIÊN DU", "HIỆU TRƯỞNG TRƯỜNG THPT
LÝ THÁI TỔ"), and the name of its emulation council.

One mapping: the level says who heads a People's Committee, the Government, the State and a
ministry; any other body's head is read from the first words of its name (a school's is its
Hiệu trưởng, a Sở's or a company's its Giám đốc, a Vụ's its Vụ trưởng), else from its kind (an
enterprise's Giám đốc), else "Thủ trưởng". The org's name is printed once: a name that already
starts with its head's title ("Thủ tướng Chính phủ") is not prefixed again. The titles are the
catalogue's ("head.<key>"): the papers print them in Vietnamese, a message (who may sign a
decision) in the reader's language.
"""

from __future__ import annotations

import re
from typing import Final

from core import i18n
from core.i18n import Lang
from domain.levels import Level, OrgKind
from store.repositories.papers import OrgInfo

COMMITTEES = frozenset({Level.commune, Level.district, Level.province})
MINISTRIES = frozenset({Level.ministry, Level.central})
PAPERS: Final[Lang] = "vi"  # the papers are Vietnamese whatever the reader's language
COUNCIL = "Hội đồng Thi đua - Khen thưởng"
NATIONAL_COUNCIL = f"{COUNCIL} Trung ương"
# The head of a body (a catalogue key: "head.<key>") by the first words of its name, longest
# first.
NAMED_HEADS: tuple[tuple[str, str], ...] = (
    ("Tổng công ty", "general_director"),
    ("Tổng cục", "general_department_head"),
    ("Học viện", "director"),
    ("Công ty", "director"),
    ("Bệnh viện", "director"),
    ("Trung tâm", "director"),
    ("Hợp tác xã", "director"),
    ("Trường", "principal"),
    ("Viện", "institute_head"),
    ("Cục", "department_head"),
    ("Sở", "director"),
    ("Vụ", "vu_head"),
    ("Ban", "board_head"),
    ("Bộ", "minister"),
)
KIND_HEADS: dict[str, str] = {OrgKind.enterprise: "director"}
DEFAULT_HEAD = "head"
SIGNATURES = {
    Level.commune: "chair",
    Level.district: "chair",
    Level.province: "chair",
    Level.ministry: "minister",
    Level.central: "minister",
    Level.government: "prime_minister",
    Level.president: "state_president",
}
# The heads named by their office alone ("Thủ tướng Chính phủ"), not as "<title> <body>".
OFFICES = {Level.government: "head.government", Level.president: "head.president"}
_COMMITTEE = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)


def body_name(org: OrgInfo) -> str:
    """The org's name as a paper writes it: "UBND" in full, without a parenthesised aside
    ("Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)" → "Bộ Nội vụ")."""
    name = re.sub(r"\s*\([^)]*\)", "", org.name).strip() or org.name.strip()
    return _COMMITTEE.sub("Ủy ban nhân dân ", name, count=1)


def _starts(name: str, words: str) -> bool:
    return name.casefold() == words.casefold() or name.casefold().startswith(words.casefold() + " ")


def head_key(org: OrgInfo) -> str:
    """The catalogue key of the org's head ("head.chair", "head.principal")."""
    level = Level(org.level)
    if level in SIGNATURES:
        return f"head.{SIGNATURES[level]}"
    name = body_name(org)
    for words, head in NAMED_HEADS:
        if _starts(name, words):
            return f"head.{head}"
    return f"head.{KIND_HEADS.get(org.kind or '', DEFAULT_HEAD)}"


def head_title(org: OrgInfo) -> str:
    """The title of the org's head on a paper, sentence case ("Hiệu trưởng", "Chủ tịch")."""
    return i18n.raw(head_key(org), PAPERS)


def office(level: Level, lang: Lang = PAPERS) -> str:
    """A head named by the office alone: "Thủ tướng Chính phủ", "Chủ tịch nước …"."""
    return i18n.raw(OFFICES[level], lang)


def head_of(org: OrgInfo, lang: Lang = PAPERS) -> str:
    """The org's head with its body, written once: "Chủ tịch Ủy ban nhân dân huyện Tiên Du",
    "Thủ tướng Chính phủ", "Bộ trưởng Bộ Nội vụ", "Hiệu trưởng Trường THPT Lý Thái Tổ"; in
    English (a message naming who signs) "the Chair of Ủy ban nhân dân huyện Tiên Du"."""
    level = Level(org.level)
    if level in OFFICES:
        return office(level, lang)
    name = body_name(org)
    if _starts(name, head_title(org)):
        return name
    return i18n.raw("head.of", lang) % {"title": i18n.raw(head_key(org), lang), "body": name}


def signature_title(org: OrgInfo) -> str:
    """The title above the signature: "CHỦ TỊCH", "THỦ TƯỚNG", "HIỆU TRƯỞNG"."""
    return head_title(org).upper()


def authority(org: OrgInfo) -> str:
    """The authority line of a quyết định, the issuer of a certificate."""
    return head_of(org).upper()


def council_of(org: OrgInfo) -> str:
    """ "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh", "… Trường THPT Lý Thái Tổ"."""
    if Level(org.level) in COMMITTEES:
        return f"{COUNCIL} {_COMMITTEE.sub('', org.name.strip(), count=1)}"
    return f"{COUNCIL} {body_name(org)}"
