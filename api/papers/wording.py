"""How a paper words an award and its recipients, as an emulation officer writes them.

An emulation title (danh hiệu thi đua: Lao động tiên tiến, Chiến sĩ thi đua, Tập thể lao động
tiên tiến, Thôn văn hóa …) is *recognised*: "công nhận danh hiệu …" (Law Art.22–27, 80); a form
of commendation (Bằng khen, Giấy khen, an order) and an emulation flag (Cờ thi đua) are
*given*: "tặng …" (the catalogue's ``AwardRule.recognised``). The recipients are counted by
their kinds ("cho 2 cá nhân và 1 tập thể"), never "cá nhân, tập thể" whatever they are.

Each nominee's unit ("Chức vụ, đơn vị") is the org that proposed them; a collective or a
household that *is* the proposing org (a school proposed for itself) belongs to its parent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from domain.catalog import AwardRule
from store.repositories.dossiers import NomineeRow
from store.repositories.papers import OrgInfo

# The recipient kinds in the order a decision counts them, with their Vietnamese nouns.
NOUNS = (("individual", "cá nhân"), ("collective", "tập thể"), ("household", "hộ gia đình"))


def conferral(award: AwardRule) -> str:
    """ "công nhận danh hiệu Lao động tiên tiến", "tặng Bằng khen của …"."""
    if award.recognised:
        return f"công nhận danh hiệu {award.name_vi}"
    return f"tặng {award.name_vi}"


def sentence(text: str) -> str:
    """``text`` starting a sentence: its first letter capitalised, the rest as it is."""
    return text[:1].upper() + text[1:]


def proposal(award: AwardRule) -> str:
    """What a tờ trình or a council asks for: "xét công nhận danh hiệu …", "xét tặng …"."""
    return f"xét {conferral(award)}"


def listed(award: AwardRule) -> str:
    """The participle of an annexed list's title: "ĐƯỢC CÔNG NHẬN DANH HIỆU …", "ĐƯỢC TẶNG …"."""
    return f"được {conferral(award)}".upper()


def counted(nominees: Iterable[NomineeRow]) -> str:
    """ "1 tập thể", "2 cá nhân và 1 tập thể", "3 cá nhân, 1 tập thể và 2 hộ gia đình"."""
    counts = Counter(n.kind for n in nominees)
    parts = [f"{counts[kind]} {noun}" for kind, noun in NOUNS if counts[kind]]
    parts += [f"{count} {kind}" for kind, count in counts.items() if kind not in dict(NOUNS)]
    if not parts:
        return "0 cá nhân, tập thể"
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def holders(nominees: Iterable[NomineeRow]) -> str:
    """Who Điều 3 names: "tập thể" (one), "các cá nhân", "các cá nhân, tập thể"."""
    kinds = [n.kind for n in nominees]
    nouns = [noun for kind, noun in NOUNS if kind in kinds]
    if len(kinds) == 1 and nouns:
        return nouns[0]
    return "các " + (", ".join(nouns) or "cá nhân, tập thể")


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def unit_of(nominee: NomineeRow, proposer: OrgInfo, orgs: dict[str, OrgInfo]) -> str:
    """The nominee's unit by name: the proposing org's; for a collective or household that is
    the proposing org itself, the org above it (none known: no unit)."""
    if nominee.kind != "individual" and _same(nominee.name, proposer.name):
        parent = orgs.get(proposer.parent_code or "")
        return "" if parent is None else parent.name
    return proposer.name


def position_and_unit(nominee: NomineeRow, proposer: OrgInfo, orgs: dict[str, OrgInfo]) -> str:
    """The "Chức vụ, đơn vị" cell: "Giáo viên, Trường THPT Lý Thái Tổ"."""
    return ", ".join(p for p in (nominee.title, unit_of(nominee, proposer, orgs)) if p)
