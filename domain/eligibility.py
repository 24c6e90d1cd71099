"""Eligibility of a nominee for an award, from its yearly history (contract §8).

``evaluate`` validates the request (raising :class:`EligibilityInputError` naming the field,
which the API answers with 422), then runs the award's criteria *in force on the request's
governing date* (:mod:`domain.eligibility_law`; the lodging date, ND152 Art.60). An award
that exists in the catalogue but has no machine-checkable criteria for the subject at any date
(e.g. Cờ thi đua, orders, Giấy khen) raises :class:`NoRuleSet`, a subclass also answered with
422. A date no criteria cover (before the oldest tdkt knows, or past an ``effective_to`` with
no successor) gives "not eligible" with a ``criteria_in_force`` check saying so: tdkt never
claims "eligible" without having checked anything.
"""

from __future__ import annotations

from domain.catalog import Catalog
from domain.eligibility_criteria import DEFAULT_CRITERIA
from domain.eligibility_law import CriteriaBook, not_in_force
from domain.eligibility_model import (
    Check,
    EligibilityInputError,
    EligibilityRequest,
    EligibilityResult,
    NoRuleSet,
    PriorAward,
    ProvinceRules,
    Rating,
    YearRecord,
)
from domain.eligibility_rules import History

__all__ = [
    "Check",
    "EligibilityInputError",
    "EligibilityRequest",
    "EligibilityResult",
    "NoRuleSet",
    "PriorAward",
    "ProvinceRules",
    "Rating",
    "YearRecord",
    "evaluate",
    "supported",
]

_MEMBER_FIELDS = ("members_completed", "members_ldtt", "members_cstd_cs", "members_disciplined")
_AWARD_TYPES = frozenset({"regular", "thematic", "ad_hoc", "career", "foreign"})


def supported(book: CriteriaBook = DEFAULT_CRITERIA) -> tuple[tuple[str, str], ...]:
    """(award code, subject) pairs that have criteria at some date."""
    return tuple((code, subject.value) for code, subject in book.pairs())


def _check_members(record: YearRecord, where: str) -> None:
    total = record.members_total
    if total is not None and total < 1:
        raise EligibilityInputError(f"{where}.members_total", "must be at least 1")
    for name in _MEMBER_FIELDS:
        value = getattr(record, name)
        if value is None:
            continue
        if total is None:
            raise EligibilityInputError(f"{where}.{name}", "given without members_total")
        if not 0 <= value <= total:
            raise EligibilityInputError(f"{where}.{name}", f"must be between 0 and {total}")


def _validate(
    request: EligibilityRequest, catalog: Catalog, book: CriteriaBook
) -> dict[int, YearRecord]:
    if request.award_code not in catalog:
        raise EligibilityInputError("award_code", f"unknown award code {request.award_code!r}")
    award = catalog.get(request.award_code)
    if not award.allows(request.subject):
        raise EligibilityInputError(
            "subject", f"{award.code} is not awarded to a {request.subject.value}"
        )
    records: dict[int, YearRecord] = {}
    for index, record in enumerate(request.history):
        where = f"history[{index}]"
        if not isinstance(record.rating, Rating):
            raise EligibilityInputError(f"{where}.rating", f"unknown rating {record.rating!r}")
        if record.year in records:
            raise EligibilityInputError(f"{where}.year", f"year {record.year} listed twice")
        if record.year > request.year:
            raise EligibilityInputError(
                f"{where}.year", f"year {record.year} is after the proposal year {request.year}"
            )
        _check_members(record, where)
        if record.initiatives is not None and not 0 <= record.initiatives <= 100:
            raise EligibilityInputError(f"{where}.initiatives", "must be between 0 and 100")
        records[record.year] = record
    if request.year not in records:
        raise EligibilityInputError("year", f"history has no record for {request.year}")
    for index, prior in enumerate(request.awards):
        if prior.award_type not in _AWARD_TYPES:
            raise EligibilityInputError(
                f"awards[{index}].award_type", f"unknown award type {prior.award_type!r}"
            )
        if prior.year > request.year:
            raise EligibilityInputError(
                f"awards[{index}].year", f"year {prior.year} is after the proposal year"
            )
    if (request.award_code, request.subject) not in book.pairs():
        raise NoRuleSet(
            "award_code",
            f"no machine-checkable rules for {request.award_code} ({request.subject.value})",
        )
    return records


def evaluate(
    request: EligibilityRequest, catalog: Catalog, book: CriteriaBook = DEFAULT_CRITERIA
) -> EligibilityResult:
    """Run the criteria of ``request.award_code`` for ``request.subject`` in force on the
    request's governing date over the history."""
    records = _validate(request, catalog, book)
    on = request.governing_date
    criteria = book.select(request.award_code, request.subject, on)
    if criteria is None:
        versions = book.of(request.award_code, request.subject)
        gone = not_in_force(request.award_code, request.subject, on, versions)
        return EligibilityResult(eligible=False, checks=(gone,))
    forms = frozenset(rule.code for rule in catalog if rule.category == "form")
    history = History(
        request.award_code,
        request.year,
        records,
        tuple(request.awards),
        request.province,
        forms,
    )
    checks: list[Check] = [criteria.applied(on)]
    eligible = True
    for group in criteria.groups:
        results = [check(history) for check in group]
        checks.extend(results)
        eligible = eligible and any(result.met for result in results)
    return EligibilityResult(eligible=eligible, checks=tuple(checks))
