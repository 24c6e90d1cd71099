"""The registers' texts (contract §12) worded for people, from the catalogues.

The pure domain says why a CCCD is implausible as an :class:`IdentityProblem` (a fault and its
values), worded here. The register checks of a nominee's eligibility are stored with the dossier
as the domain's Vietnamese sentences (:data:`domain.registry.FROZEN_UNTIL` and its siblings);
:func:`check_detail` reads such a sentence back by its template and words it in the reader's
language, so a detail stored long ago renders the same way as a new one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache

from api.domain_text import award_name
from core.i18n import _
from domain.catalog import default_catalog
from domain.registry import (
    ALREADY_AWARDED,
    COUNTS_FROM_END,
    DISCIPLINE_KINDS,
    FROZEN_OPEN,
    FROZEN_UNTIL,
    NOT_FROZEN,
    NOT_YET_AWARDED,
    IdentityFault,
    IdentityProblem,
    identity_problem,
)


def identity_text(problem: IdentityProblem) -> str:
    """Why a CCCD is refused, in the reader's language."""
    if problem.fault is IdentityFault.digits:
        return _("sheet.identity_digits")
    if problem.fault is IdentityFault.province:
        return _("sheet.identity_province", code=problem.province)
    born = problem.birth_date.strftime("%d/%m/%Y") if problem.birth_date else ""
    return _("sheet.identity_birth_year", year=problem.encoded_year, born=born)


def identity_refusal(number: str, birth_date: date | None = None) -> str | None:
    """The worded reason ``number`` is not a plausible CCCD, or None (for validators)."""
    problem = identity_problem(number, birth_date)
    return None if problem is None else identity_text(problem)


def _freeze_kind(kind: str) -> str:
    """What a discipline-register period is, as it reads after "during" ("Đang trong …")."""
    names = {
        "discipline": _("sheet.freeze_discipline"),
        "disciplinary_review": _("sheet.freeze_disciplinary_review"),
        "investigation": _("sheet.freeze_investigation"),
        "prosecution": _("sheet.freeze_prosecution"),
        "complaint": _("sheet.freeze_complaint"),
    }
    return names.get(kind, kind)


def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching exactly the sentences ``template % values`` produces."""
    parts = re.split(r"%\((\w+)\)s", template)
    body = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{body}$")


@cache
def _award_codes() -> dict[str, str]:
    """Vietnamese award name → code (the stored details name awards in Vietnamese)."""
    return {rule.name_vi: rule.code for rule in default_catalog()}


def _what(stored: str) -> str:
    kinds = {name: kind for kind, name in DISCIPLINE_KINDS.items()}
    return _freeze_kind(kinds.get(stored, stored))


def _award(stored: str) -> str:
    code = _award_codes().get(stored)
    return stored if code is None else award_name(code)


Wording = Callable[[dict[str, str]], str]
_CHECKS: tuple[tuple[re.Pattern[str], Wording], ...] = (
    (
        _pattern(FROZEN_UNTIL),
        lambda v: _("sheet.frozen_until", what=_what(v["what"]), start=v["start"], end=v["end"]),
    ),
    (
        _pattern(FROZEN_OPEN),
        lambda v: _("sheet.frozen_open", what=_what(v["what"]), start=v["start"]),
    ),
    (_pattern(COUNTS_FROM_END), lambda v: _("sheet.counts_from_end", **v)),
    (_pattern(NOT_FROZEN), lambda v: _("sheet.not_frozen", **v)),
    (
        _pattern(ALREADY_AWARDED),
        lambda v: _("sheet.already_awarded", **{**v, "award": _award(v["award"])}),
    ),
    (
        _pattern(NOT_YET_AWARDED),
        lambda v: _("sheet.not_yet_awarded", **{**v, "award": _award(v["award"])}),
    ),
)


def check_detail(detail: str) -> str:
    """A register check's stored detail in the reader's language; any other detail as is."""
    for pattern, wording in _CHECKS:
        if found := pattern.match(detail):
            return wording(found.groupdict())
    return detail
