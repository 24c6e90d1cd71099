"""Finding text a Vietnamese reader should never see: English sentences, pydantic's phrases,
untranslated msgids, org and award codes standing where a name belongs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from domain.catalog import default_catalog

# English words that do not occur in Vietnamese text (Vietnamese "an", "to", "do", "in", "a"
# are words too, so they are left out).
ENGLISH = re.compile(
    r"\b(the|of|and|is|are|not|should|must|required|invalid|field|input|string|value|error|"
    r"found|please|cannot|expected|allowed|only|missing|unknown|between|least|with|this|your|"
    r"has|have|already|exists|does|bytes|characters|items?|awarded|rules|machine|dossier|org|"
    r"role|needs|forbidden|conflict|unauthori[sz]ed|bad|request|signed|sign|submit|approve)\b",
    re.IGNORECASE,
)
PYDANTIC = re.compile(
    r"Input should|Field required|String should|List should|Value error|after validation|"
    r"Extra inputs|validation error",
    re.IGNORECASE,
)
MSGID_PREFIXES = (
    "status|level|kind|act|outcome|phase|panel|action|col|nav|new|dossier|list|dash|public|"
    "badge|days|round|audit|login|error|problem|field|pydantic|domain|msg|legal|role|next|"
    "actor|text|auth|common|form|elig|eligibility|gender|inbox|csrf|lang|app|word|doc|paper|"
    "papers|objection|draft|import|export|notice|notices|flash|check"
)
MSGID = re.compile(rf"\b(?:{MSGID_PREFIXES})\.[a-z_0-9]+\b")
ENUM_VALUES = re.compile(r"\b(in_review|public_posting|resubmission|individual|collective)\b")
COMPACT_CITATION = re.compile(r"\bArt\.\d|\bLaw 06/2022")
GLOSSED = re.compile(r"'[a-z_]+' \([^)]+\)")
ENGLISH_PERCENT = re.compile(r"\d\.\d+ ?%")


def award_codes() -> re.Pattern[str]:
    codes = sorted((rule.code for rule in default_catalog()), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, codes)) + r")(?![\w-])")


AWARD_CODES = award_codes()


class _Visible(HTMLParser):
    """The text a person reads: text nodes and the attributes read aloud or shown. Elements
    marked ``translate="no"`` (codes an expert page shows on purpose, e.g. the audit log's
    action codes and targets) are left out."""

    SHOWN = ("title", "aria-label", "placeholder", "alt", "data-confirm")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    VOID = ("br", "img", "input", "meta", "link", "hr", "source", "wbr")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip and tag not in self.VOID:
            self._skip += 1
            return
        if tag in ("script", "style") or ("translate", "no") in attrs:
            self._skip += 1 if tag not in self.VOID else 0
            return
        for name, value in attrs:
            if name in self.SHOWN and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag not in self.VOID:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.parts


def offences(texts: Iterable[str], org_codes: Iterable[str] = ()) -> list[str]:
    """What in ``texts`` a Vietnamese reader should not see, one line per finding."""
    org = [c for c in org_codes if c]
    org_pattern = (
        re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, org)) + r")(?![\w-])") if org else None
    )
    found: list[str] = []
    for text in texts:
        # a value the API client must send, shown with its meaning, is not a code-only string:
        # "phải là một trong các giá trị 'individual' (cá nhân) hoặc 'collective' (tập thể)"
        text = GLOSSED.sub("", text)
        for label, pattern in (
            ("English", ENGLISH),
            ("pydantic", PYDANTIC),
            ("msgid", MSGID),
            ("enum value", ENUM_VALUES),
            ("award code", AWARD_CODES),
            ("compact citation", COMPACT_CITATION),
            ("English percentage", ENGLISH_PERCENT),
            ("org code", org_pattern),
        ):
            if pattern is not None and (match := pattern.search(text)):
                found.append(f"{label} {match.group(0)!r} in {text[:160]!r}")
    return found
