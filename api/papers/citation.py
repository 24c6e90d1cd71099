"""The Vietnamese citation of every legal instrument the domain cites, as the papers print it.

The domain cites compactly (``Law 06/2022/QH15 Art.75``, ``ND152/2025 Art.33.5``,
``QĐ 86/2025/QĐ-UBND Bắc Ninh Art.3.3.c``); a paper says "Căn cứ Điều 75 Luật Thi đua, khen
thưởng ngày 15 tháng 6 năm 2022;" (ND30/2020: kind, number, date, issuing body and name). One
mapping, ``INSTRUMENTS``, holds every instrument code of ``domain/``; dates are the ones of
/work/shared/domain.md §0 and §10, and an instrument whose date is not known there is cited by
number and issuer only. A decree or provincial decision the mapping does not know (a province's
own regulation set in its configuration) is cited by its number the same way.
"""

from __future__ import annotations

import re

from domain.legal import LegalBasis

_LAW_2022 = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
_ND152 = "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ"
_BASE_SALARY = "của Chính phủ quy định mức lương cơ sở"

INSTRUMENTS: dict[str, str] = {
    "Law 06/2022/QH15": _LAW_2022,
    "Luật TĐKT 2003 (sửa đổi 2013)": (
        "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2013)"
    ),
    "ND152/2025": _ND152,
    "ND152/2025/NĐ-CP": _ND152,
    "ND98/2023": "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
    "ND91/2017": "Nghị định số 91/2017/NĐ-CP của Chính phủ",
    "ND28/2024": "Nghị định số 28/2024/NĐ-CP của Chính phủ",
    "ND129/2025": "Nghị định số 129/2025/NĐ-CP của Chính phủ",
    "ND86/2023": "Nghị định số 86/2023/NĐ-CP của Chính phủ",
    "ND30/2020": "Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư",
    "ND38/2019": f"Nghị định số 38/2019/NĐ-CP {_BASE_SALARY}",
    "ND24/2023": f"Nghị định số 24/2023/NĐ-CP {_BASE_SALARY}",
    "ND73/2024": f"Nghị định số 73/2024/NĐ-CP {_BASE_SALARY}",
    "ND161/2026": f"Nghị định số 161/2026/NĐ-CP {_BASE_SALARY}",
    "TT 15/2025/TT-BNV": (
        "Thông tư số 15/2025/TT-BNV ngày 04 tháng 8 năm 2025 của Bộ trưởng Bộ Nội vụ"
    ),
    "TT 02/2023/TT-BNV": (
        "Thông tư số 02/2023/TT-BNV ngày 23 tháng 3 năm 2023 của Bộ trưởng Bộ Nội vụ"
    ),
    "QĐ 86/2025/QĐ-UBND Bắc Ninh": (
        "Quyết định số 86/2025/QĐ-UBND ngày 03 tháng 12 năm 2025 của Ủy ban nhân dân tỉnh Bắc Ninh"
    ),
}

# The instrument codes the domain writes: the known ones (longest first, so that
# "ND152/2025/NĐ-CP" is not read as "ND152/2025" + "/NĐ-CP"), then any other decree or
# provincial decision by number.
_KNOWN = "|".join(re.escape(code) for code in sorted(INSTRUMENTS, key=len, reverse=True))
COMPACT = re.compile(
    rf"(?P<known>{_KNOWN})"
    r"|ND ?(?P<nd>\d+)/(?P<year>\d{4})(?:/NĐ-CP)?"
    r"|QĐ (?P<qd>\d+/\d{4}/QĐ-UBND) (?P<province>[^;,)]+?)(?= Art\.|[;,)]|$)"
)
_REF = r"\d+(?:\.\d+)?(?:[.(][a-zđ]\)?)?"  # 5, 5.2, 5.2.c, 5.2(c)
_ARTICLE = re.compile(r"(?P<article>\d+)(?:\.(?P<clause>\d+))?(?:[.(](?P<point>[a-zđ])\)?)?")
CITATION = re.compile(rf"(?:{COMPACT.pattern})(?: Art\.(?P<ref>{_REF})(?![0-9a-zđ]))?")
# Cities under the central government: their committee is "Ủy ban nhân dân thành phố …".
_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})


def instrument(code: str) -> str:
    """The Vietnamese name of the instrument ``code`` (the code itself if it is none)."""
    found = COMPACT.fullmatch(code)
    return code if found is None else _name(found)


def _name(found: re.Match[str]) -> str:
    if found["known"]:
        return INSTRUMENTS[found["known"]]
    if found["nd"]:
        return f"Nghị định số {found['nd']}/{found['year']}/NĐ-CP của Chính phủ"
    province = found["province"].strip()
    kind = "thành phố" if province in _CITIES else "tỉnh"
    return f"Quyết định số {found['qd']} của Ủy ban nhân dân {kind} {province}"


def article(ref: str, name: str) -> str:
    """ "điểm c khoản 2 Điều 5 <name>" of the compact article ``5.2.c`` (or ``5.2(c)``)."""
    found = _ARTICLE.fullmatch(ref)
    if found is None:
        return f"Điều {ref} {name}"
    words = [f"Điều {found['article']} {name}"]
    if found["clause"]:
        words.insert(0, f"khoản {found['clause']}")
    if found["point"]:
        words.insert(0, f"điểm {found['point']}")
    return " ".join(words)


def citation(basis: LegalBasis) -> str:
    """The Vietnamese citation of ``basis``: "Điều 75 Luật Thi đua, khen thưởng ngày …"."""
    name = instrument(basis.instrument)
    return article(basis.article, name) if basis.article else name


def cite(text: str) -> str:
    """``text`` with every compact citation in it written out in Vietnamese."""

    def one(found: re.Match[str]) -> str:
        name = _name(found)
        return article(found["ref"], name) if found["ref"] else name

    return CITATION.sub(one, text)
