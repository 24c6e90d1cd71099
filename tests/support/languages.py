"""Checks that an answer reads in one language: Vietnamese with no English (pydantic's, openpyxl's
or ours), English with no Vietnamese letters other than what the user's own file holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tests.browser.untranslated import ENGLISH, PYDANTIC

VIETNAMESE_LETTER = re.compile("[\u00c0-\u1ef9]")
# Exception texts of zipfile/openpyxl/pydantic that once reached people.
LIBRARY = re.compile(
    r"File is not a zip file|There is no item named|zip|openpyxl|Traceback|Error\b|"
    r"should|Input|String",
)


def texts(problem: dict[str, Any]) -> list[str]:
    """The human texts of a problem+json answer: its detail and every error's message."""
    return [str(problem["detail"]), *(str(e["message"]) for e in problem.get("errors", []))]


def english_in(text: str) -> list[str]:
    """English found in a Vietnamese text."""
    found = [m.group(0) for m in ENGLISH.finditer(text)]
    found += [m.group(0) for m in PYDANTIC.finditer(text)]
    found += [m.group(0) for m in LIBRARY.finditer(text)]
    return found


def vietnamese_in(text: str, echoed: Iterable[str] = ()) -> list[str]:
    """Vietnamese letters found in an English text once the ``echoed`` values are taken out
    (the user's own cells, the file format's headers and accepted values)."""
    for value in sorted({str(v) for v in echoed if v}, key=len, reverse=True):
        text = text.replace(value, "")
    return VIETNAMESE_LETTER.findall(text)


def assert_vietnamese(problem: dict[str, Any]) -> None:
    for text in texts(problem):
        assert VIETNAMESE_LETTER.search(text), text
        assert english_in(text) == [], text


def assert_english(problem: dict[str, Any], echoed: Iterable[str] = ()) -> None:
    echoed = list(echoed)
    for text in texts(problem):
        assert vietnamese_in(text, echoed) == [], text
