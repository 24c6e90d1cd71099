"""What an org's papers print of it besides its name (ND30/2020 Appendix I): the symbol of its
documents ("15/QĐ-UBND", "3/QĐ-THPTLTT") and the place name (địa danh) of its date line.

Both can be set per org; these are the defaults when none is set. A People's Committee signs as
UBND, the Prime Minister TTg, the President CTN, the Ministry of Home Affairs BNV; any other body
uses the abbreviation of its name (the initials of its words, acronyms kept whole: "Trường THPT
Lý Thái Tổ" → THPTLTT, "Sở Giáo dục và Đào tạo tỉnh Bắc Ninh" → SGDĐT, "Bộ Y tế" → BYT). The
place name of a People's Committee is its locality ("UBND huyện Tiên Du" → Tiên Du); a state
body or ministry is seated in Hà Nội; any other org takes its parent's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from domain.levels import Level

BODY_SYMBOLS: dict[Level, str] = {
    Level.commune: "UBND",
    Level.district: "UBND",
    Level.province: "UBND",
    Level.government: "TTg",
    Level.president: "CTN",
    Level.central: "BNV",
}
COMMITTEES = frozenset({Level.commune, Level.district, Level.province})
CAPITAL_LEVELS = frozenset({Level.ministry, Level.central, Level.government, Level.president})
CAPITAL = "Hà Nội"
SYMBOL_MAX = 32
LOCALITY_MAX = 100

# "UBND tỉnh Bắc Ninh", "Ủy ban nhân dân xã Văn Giang": the committee's words, then its kind.
_COMMITTEE = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)
_KINDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường", "đặc khu")
_KIND = re.compile(r"^(?:" + "|".join(_KINDS) + r")\s+", re.IGNORECASE)
# Where a body's name goes on with its locality ("Sở Y tế tỉnh Bắc Ninh", "Trung tâm Y tế
# huyện Quế Võ"). A bare "xã" is not one: it is a word of "Hợp tác xã".
_LOCALITY_TAIL = re.compile(r"\s+(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn)\s+\S.*$")
_SKIPPED = frozenset({"và", "của"})  # joining words have no letter in an abbreviation
_LEADING = ("Trường ",)  # a school writes its kind and name: "THPT Lý Thái Tổ"


def abbreviation(name: str) -> str:
    """The initials of ``name``'s words, acronyms and numbers kept whole ("" when none)."""
    text = re.sub(r"\([^)]*\)", " ", name).strip()  # "(Ban Thi đua - Khen thưởng TW)"
    text = _LOCALITY_TAIL.sub("", text)
    text = re.sub(r"^Hợp tác xã\b", "HTX", text, flags=re.IGNORECASE)
    for prefix in _LEADING:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
    letters = []
    for word in text.split():
        kept = "".join(c for c in word if c.isalnum())
        if not kept or kept.lower() in _SKIPPED:
            continue
        whole = kept.isdigit() or (len(kept) > 1 and kept.isupper())
        letters.append(kept if whole else kept[0].upper())
    return "".join(letters)[:SYMBOL_MAX]


def default_doc_symbol(code: str, level: Level, name: str = "") -> str:
    """The symbol after "QĐ-" / "TTr-" in the org's numbers unless one is configured."""
    if level in BODY_SYMBOLS:
        return BODY_SYMBOLS[level]
    found = abbreviation(name)
    if found:
        return found
    tail = "".join(c for c in code.rsplit("-", 1)[-1] if c.isalnum() or c == ".")
    return (tail or "".join(c for c in code if c.isalnum()) or "VB")[:SYMBOL_MAX]


def committee_locality(name: str) -> str | None:
    """ "Tiên Du" of "UBND huyện Tiên Du"; None when ``name`` is not a committee's."""
    rest = _COMMITTEE.sub("", name.strip(), count=1)
    if rest == name.strip():
        return None
    return _KIND.sub("", rest, count=1).strip() or None


def default_locality(name: str, level: Level, parent_locality: str | None) -> str:
    """The place name of the org's date line unless one is configured."""
    if level in COMMITTEES:  # "UBND huyện Tiên Du", "Huyện Tiên Du" → Tiên Du
        return committee_locality(name) or _KIND.sub("", name.strip(), count=1) or name.strip()
    if level in CAPITAL_LEVELS:
        return CAPITAL
    if parent_locality:
        return parent_locality
    tail = re.search(r"\s(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+(\S.*)$", name)
    return tail[1].strip() if tail else name.strip()


class NamedOrg(Protocol):
    """What the defaults read of an org (a row of the org tree)."""

    @property
    def name(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def parent_code(self) -> str | None: ...
    @property
    def locality(self) -> str | None: ...


def locality_of(code: str, orgs: Mapping[str, NamedOrg]) -> str:
    """The place name of ``code``: its own, else the default over its ancestors in ``orgs``."""
    chain: list[NamedOrg] = []
    at: str | None = code
    while at is not None and at in orgs and len(chain) <= 32:  # 32: deeper than any tree
        chain.append(orgs[at])
        if orgs[at].locality:
            break
        at = orgs[at].parent_code
    place: str | None = None
    for org in reversed(chain):
        place = org.locality or default_locality(org.name, Level(org.level), place)
    return place or code
