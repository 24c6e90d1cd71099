"""Who heads an org, as its papers print it (ND30/2020 Appendix I; Law Art.77–80): the title
above the signature ("CHỦ TỊCH", "GIÁM ĐỐC"), the authority line of a quyết định and the
issuer of a certificate ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TIÊN DU", "HIỆU TRƯỞNG TRƯỜNG THPT
LÝ THÁI TỔ"), and the name of its emulation council.

One mapping: the level says who heads a People's Committee, the Government, the State and a
ministry; any other body's head is read from the first words of its name (a school's is its
Hiệu trưởng, a Sở's or a company's its Giám đốc, a Vụ's its Vụ trưởng), else from its kind (an
enterprise's Giám đốc), else "Thủ trưởng". The org's name is printed once: a name that already
starts with its head's title ("Thủ tướng Chính phủ") is not prefixed again.
"""

from __future__ import annotations

import re

from domain.levels import Level, OrgKind
from store.repositories.papers import OrgInfo

COMMITTEES = frozenset({Level.commune, Level.district, Level.province})
MINISTRIES = frozenset({Level.ministry, Level.central})
GOVERNMENT_HEAD = "Thủ tướng Chính phủ"
PRESIDENT_HEAD = "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"
COUNCIL = "Hội đồng Thi đua - Khen thưởng"
NATIONAL_COUNCIL = f"{COUNCIL} Trung ương"
# The head of a body by the first words of its name, longest first.
NAMED_HEADS: tuple[tuple[str, str], ...] = (
    ("Tổng công ty", "Tổng Giám đốc"),
    ("Tổng cục", "Tổng Cục trưởng"),
    ("Học viện", "Giám đốc"),
    ("Công ty", "Giám đốc"),
    ("Bệnh viện", "Giám đốc"),
    ("Trung tâm", "Giám đốc"),
    ("Hợp tác xã", "Giám đốc"),
    ("Trường", "Hiệu trưởng"),
    ("Viện", "Viện trưởng"),
    ("Cục", "Cục trưởng"),
    ("Sở", "Giám đốc"),
    ("Vụ", "Vụ trưởng"),
    ("Ban", "Trưởng ban"),
    ("Bộ", "Bộ trưởng"),
)
KIND_HEADS: dict[str, str] = {OrgKind.enterprise: "Giám đốc"}
DEFAULT_HEAD = "Thủ trưởng"
SIGNATURES = {
    Level.commune: "Chủ tịch",
    Level.district: "Chủ tịch",
    Level.province: "Chủ tịch",
    Level.ministry: "Bộ trưởng",
    Level.central: "Bộ trưởng",
    Level.government: "Thủ tướng",
    Level.president: "Chủ tịch nước",
}
_COMMITTEE = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)


def body_name(org: OrgInfo) -> str:
    """The org's name as a paper writes it: "UBND" in full, without a parenthesised aside
    ("Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)" → "Bộ Nội vụ")."""
    name = re.sub(r"\s*\([^)]*\)", "", org.name).strip() or org.name.strip()
    return _COMMITTEE.sub("Ủy ban nhân dân ", name, count=1)


def _starts(name: str, words: str) -> bool:
    return name.casefold() == words.casefold() or name.casefold().startswith(words.casefold() + " ")


def head_title(org: OrgInfo) -> str:
    """The title of the org's head, sentence case ("Hiệu trưởng", "Chủ tịch")."""
    level = Level(org.level)
    if level in SIGNATURES:
        return SIGNATURES[level]
    name = body_name(org)
    for words, head in NAMED_HEADS:
        if _starts(name, words):
            return head
    return KIND_HEADS.get(org.kind or "", DEFAULT_HEAD)


def head_of(org: OrgInfo) -> str:
    """The org's head with its body, written once: "Chủ tịch Ủy ban nhân dân huyện Tiên Du",
    "Thủ tướng Chính phủ", "Bộ trưởng Bộ Nội vụ", "Hiệu trưởng Trường THPT Lý Thái Tổ"."""
    level = Level(org.level)
    if level is Level.government:
        return GOVERNMENT_HEAD
    if level is Level.president:
        return PRESIDENT_HEAD
    title, name = head_title(org), body_name(org)
    if _starts(name, title):
        return name
    return f"{title} {name}"


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
