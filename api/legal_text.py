"""Legal citations as people write them: "điểm c khoản 2 Điều 5 Luật Thi đua, khen thưởng".

The domain cites compactly (``Law 06/2022/QH15 Art.5.2.c``, ``ND152/2025 Art.33.5``); pages and
messages show the Vietnamese form (or the English one), worded by the catalogues.
"""

from __future__ import annotations

import re

from core.i18n import _

# "Law 06/2022/QH15 Art.5.2.c", "ND152/2025 Art.33.5", "ND98/2023" (no article), the 2003 Law
# ("Luật TĐKT 2003 (sửa đổi 2013) Art.23.1.a") and a province's decision ("QĐ 86/2025/QĐ-UBND
# Bắc Ninh Art.3.2", the province named last)
CITATION = re.compile(
    r"(?P<instrument>Law 06/2022/QH15|(?P<law2003>Luật TĐKT 2003 \(sửa đổi 2013\))"
    r"|ND(?P<nd>\d+)/(?P<year>\d{4})(?:/NĐ-CP)?"
    r"|QĐ (?P<qd>\d+/\d{4}/QĐ-UBND) (?P<province>\w+(?: \w+)*?)(?= Art\.|[;)]|$))"
    r"(?: Art\.(?P<article>\d+)(?:\.(?P<clause>\d+))?(?:\.(?P<point>[a-zđ]))?)?"
)


def _instrument(match: re.Match[str]) -> str:
    if match["law2003"]:
        return _("legal.law_2003")
    if match["qd"]:
        return _("legal.province_decision", number=match["qd"], province=match["province"])
    if match["nd"] is None:
        return _("legal.law_2022")
    return _("legal.decree", number=match["nd"], year=match["year"])


def _one(match: re.Match[str]) -> str:
    instrument = _instrument(match)
    if match["article"] is None:
        return instrument
    parts = [_("legal.article", n=match["article"], instrument=instrument)]
    if match["clause"]:
        parts.insert(0, _("legal.clause", n=match["clause"]))
    if match["point"]:
        parts.insert(0, _("legal.point", p=match["point"]))
    return _("legal.join").join(parts)


def cite(citation: str) -> str:
    """Every compact citation inside ``citation`` in the reader's language."""
    return CITATION.sub(_one, citation)
