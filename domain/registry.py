"""The award registry and the discipline / initiative registers, as pure rules (contract §12).

* Names are compared by :func:`normalise_name` (NFC, casefold, one space between words), so
  "NGUYỄN  Văn An" typed on a decomposed keyboard and "Nguyễn Văn An" are one person key.
* A person is matched by the 12-digit CCCD when both sides carry one; otherwise by person key,
  birth date and org (an unknown birth date on either side does not prevent the match: awards
  recorded by tdkt before birth dates were collected carry none).
* :func:`eligibility_request` turns registry awards and recognised initiatives into the input of
  :func:`domain.eligibility.evaluate`; :func:`freeze_checks` applies ND152 Art.4.4 at
  nomination (:mod:`domain.freeze` at approval).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from domain.eligibility_model import (
    Check,
    CheckValue,
    EligibilityRequest,
    InitiativeScope,
    PriorAward,
    Rating,
    YearRecord,
)
from domain.levels import Subject
from domain.reasons import reason

FREEZE_BASIS = "ND152/2025/NĐ-CP Art.4.4"
ONE_AWARD_BASIS = "Law 06/2022/QH15 Art.5.2(c)"
SCOPE_RANK: dict[str, int] = {"unit": 1, "province": 2, "national": 3}

# Province codes of the CCCD (first three digits; Circular 59/2021/TT-BCA, the 63 provinces).
PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        *(1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34),
        *(35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67),
        *(68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96),
    )
)
# Python's and PostgreSQL's "\s" differ; both sides use this explicit set (migration 0009).
# A title recorded for a year proves the rating its standard requires that year (Law Art.24:
# LĐTT needs HTT or better, and every higher individual title needs the LĐTT standard; Art.27:
# Tập thể lao động xuất sắc needs HTXS; Art.28: Tập thể lao động tiên tiến needs HTT).
IMPLIED_RATING: dict[str, Rating] = {
    "LDTT": Rating.HTT,
    "CSTD_CS": Rating.HTT,
    "CSTD_TINH": Rating.HTT,
    "CSTD_BO": Rating.HTT,
    "CSTD_TQ": Rating.HTT,
    "TTLDTT": Rating.HTT,
    "TTLDXS": Rating.HTXS,
}
_RATING_RANK = {Rating.KHT: 0, Rating.HT: 1, Rating.HTT: 2, Rating.HTXS: 3}
_SPACES = re.compile("[\\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


# Emulation titles (LĐTT, CSTĐ, ...) reward a worker's year: Labour Code 45/2019/QH14 Art.3.1
# and Art.143 set the working age at 15, so a title for a year before the person turned 15 is a
# typo (a birth or an achievement year mistyped). Forms (Giấy khen, Bằng khen, orders) also
# reward children and acts of courage: only a year before the birth is impossible for them.
TITLE_MIN_AGE = 15


def earliest_award_year(birth_date: date, *, emulation_title: bool) -> int:
    """The first achievement year an award to someone born on ``birth_date`` can be for."""
    return birth_date.year + (TITLE_MIN_AGE if emulation_title else 0)


def normalise_name(name: str) -> str:
    """The person key of a name: NFC, casefolded, whitespace collapsed to single spaces."""
    folded = unicodedata.normalize("NFC", name).casefold()
    return _SPACES.sub(" ", unicodedata.normalize("NFC", folded)).strip(" ")


class IdentityFault(StrEnum):
    digits = "digits"  # not exactly 12 ASCII digits
    province = "province"  # digits 1-3 name no province
    birth_year = "birth_year"  # digits 4-6 encode another birth year than the birth date's


@dataclass(frozen=True)
class IdentityProblem:
    """Why a number is not a plausible CCCD: the fault and the values that explain it (the API
    words it in the reader's language)."""

    fault: IdentityFault
    province: str = ""  # the province code found (fault ``province``)
    encoded_year: int = 0  # the birth year the number encodes (fault ``birth_year``)
    birth_date: date | None = None  # the birth date it contradicts (fault ``birth_year``)


def identity_problem(number: str, birth_date: date | None = None) -> IdentityProblem | None:
    """Why ``number`` is not a plausible CCCD, or None when it is.

    Digits 1-3: province of birth registration; digit 4: century and sex (0/1 = 1900s,
    2/3 = 2000s, ...); digits 5-6: the last two digits of the birth year.
    """
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return IdentityProblem(IdentityFault.digits)
    if number[:3] not in PROVINCE_CODES:
        return IdentityProblem(IdentityFault.province, province=number[:3])
    if birth_date is not None:
        year = 1900 + 100 * (int(number[3]) // 2) + int(number[4:6])
        if year != birth_date.year:
            return IdentityProblem(
                IdentityFault.birth_year, encoded_year=year, birth_date=birth_date
            )
    return None


@dataclass(frozen=True)
class Person:
    """Who a record or a nominee is: name key, optional birth date and CCCD, and org."""

    key: str
    org_code: str
    birth_date: date | None = None
    identity_number: str | None = None

    @classmethod
    def of(
        cls, name: str, org_code: str, birth_date: date | None, identity_number: str | None
    ) -> Person:
        return cls(normalise_name(name), org_code, birth_date, identity_number or None)

    def dedup_key(self) -> tuple[str, ...]:
        """What makes two registry rows the same person (CCCD, else name + birth + org)."""
        if self.identity_number:
            return ("id", self.identity_number)
        born = self.birth_date.isoformat() if self.birth_date else ""
        return ("name", self.key, born, self.org_code)


def same_person(nominee: Person, record: Person, orgs: Iterable[str]) -> bool:
    """True when ``record`` belongs to ``nominee``; ``orgs`` are the orgs the nominee may be in."""
    if nominee.identity_number and record.identity_number:
        return nominee.identity_number == record.identity_number
    if nominee.key != record.key or record.org_code not in set(orgs):
        return False
    if nominee.birth_date and record.birth_date:
        return nominee.birth_date == record.birth_date
    return True


@dataclass(frozen=True)
class RegistryAward:
    """An award of the registry already matched to the nominee."""

    code: str
    year: int
    decision_number: str


@dataclass(frozen=True)
class Initiative:
    """A recognised initiative of the nominee; ``used_for`` is (award code, year) once cited."""

    id: int
    scope: InitiativeScope
    recognised_on: date
    used_for: tuple[str, int] | None = None


@dataclass(frozen=True)
class FreezePeriod:
    kind: str
    starts_on: date
    ends_on: date | None  # None while still open (an investigation under way)

    def covers(self, on: date) -> bool:
        """True when ``on`` falls in the period (both ends counted; an open period never ends)."""
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


def _best_scope(initiatives: Iterable[Initiative]) -> InitiativeScope | None:
    best: InitiativeScope | None = None
    for item in initiatives:
        if best is None or SCOPE_RANK[item.scope] > SCOPE_RANK[best]:
            best = item.scope
    return best


def usable_initiatives(
    initiatives: Iterable[Initiative], award_code: str, year: int
) -> list[Initiative]:
    """Initiatives that may back this title: unused, or already cited for this very title."""
    return [i for i in initiatives if i.used_for is None or i.used_for == (award_code, year)]


def implied_years(registry: Iterable[RegistryAward], before: int) -> list[YearRecord]:
    """Year records the registry proves: the best implied rating and the titles of each year."""
    best: dict[int, Rating] = {}
    titles: dict[int, list[str]] = {}
    for award in registry:
        rating = IMPLIED_RATING.get(award.code)
        if rating is None or award.year >= before:
            continue
        if award.year not in best or _RATING_RANK[rating] > _RATING_RANK[best[award.year]]:
            best[award.year] = rating
        titles.setdefault(award.year, []).append(award.code)
    return [YearRecord(y, best[y], tuple(sorted(set(titles[y])))) for y in sorted(best)]


def eligibility_request(
    *,
    award_code: str,
    year: int,
    subject: Subject,
    history: Iterable[YearRecord],
    awards: Iterable[PriorAward],
    registry: Iterable[RegistryAward],
    initiatives: Iterable[Initiative],
    on: date | None = None,
) -> EligibilityRequest:
    """The eligibility input: declared history and awards plus what the registers know.

    Registry awards after the proposal year are left out (they cannot support it); an earlier
    year that is not declared but holds a registry title is added with the rating the title
    proves (:data:`IMPLIED_RATING`); a year whose record names no initiative gets the best
    usable initiative recognised that year. ``on`` is the lodging date whose criteria apply.
    """
    registry = list(registry)
    usable = usable_initiatives(initiatives, award_code, year)
    declared = list(history)
    known = {record.year for record in declared}
    declared += [r for r in implied_years(registry, year) if r.year not in known]
    records: list[YearRecord] = []
    for record in declared:  # declared first: input errors keep their index
        if record.initiative_scope is None:
            scope = _best_scope(i for i in usable if i.recognised_on.year == record.year)
            record = replace(record, initiative_scope=scope)
        records.append(record)
    merged = list(awards)
    for award in registry:
        prior = PriorAward(award.code, award.year)
        if award.year <= year and prior not in merged:
            merged.append(prior)
    return EligibilityRequest(
        award_code=award_code,
        year=year,
        subject=subject,
        history=tuple(records),
        awards=tuple(merged),
        on=on,
    )


def freeze_checks(periods: Iterable[FreezePeriod], on: date, year: int) -> list[Check]:
    """ND152 Art.4.4: no nomination during a freeze; after discipline, count from its end."""
    checks: list[Check] = []
    for period in periods:
        span: dict[str, CheckValue] = {"since": period.starts_on.isoformat()}
        if period.ends_on is not None:
            span["until"] = period.ends_on.isoformat()
        if period.covers(on):
            key = "frozen_open" if period.ends_on is None else "frozen_until"
            checks.append(
                reason("not_frozen", False, FREEZE_BASIS, key, freeze=period.kind, **span)
            )
        elif (
            period.kind == "discipline"
            and period.ends_on is not None
            and period.starts_on <= date(year, 12, 31)
            and period.ends_on >= date(year, 1, 1)
        ):
            after = "achievement_after_discipline"
            checks.append(reason(after, False, FREEZE_BASIS, "counts_from_end", year=year, **span))
    if not checks:
        checks.append(reason("not_frozen", True, FREEZE_BASIS, "not_frozen", on=on.isoformat()))
    return checks


def already_awarded(registry: Iterable[RegistryAward], award_code: str, year: int) -> Check:
    """One achievement, one award: the same award for the same year is not given twice."""
    for found in registry:
        if found.code == award_code and found.year == year:
            return reason(
                "not_already_awarded",
                False,
                ONE_AWARD_BASIS,
                "already_awarded",
                award=award_code,
                year=year,
                decision=found.decision_number,
            )
    return reason(
        "not_already_awarded", True, ONE_AWARD_BASIS, "not_yet_awarded", award=award_code, year=year
    )
