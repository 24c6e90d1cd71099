"""The registers' texts (contract §12) worded for people, from the catalogues.

The pure domain says why a CCCD is implausible as an :class:`IdentityProblem` (a fault and its
values), worded here. The register checks of a nominee's eligibility are reasons like every
other check (:mod:`domain.reasons`), worded by :mod:`api.check_text`.
"""

from __future__ import annotations

from datetime import date

from core.i18n import _
from domain.registry import (
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
