"""Eligibility of a dossier's nominees, read from the registers by tdkt itself (contract §12).

``evaluate_nominees`` matches each nominee to the award registry, the discipline register and
the initiative register (CCCD, else normalised name + birth date + the proposer's subtree),
builds the eligibility input with any declared ``history``, runs the domain rules and returns
one result per nominee, in order. Citing an initiative that is unknown, someone else's, or
held by another dossier (one initiative backs one title, CV 5007) answers 422; the dossier's
transition then claims it (``activities.transition``: a conditional UPDATE, never overwriting
another dossier's claim) and lets it go when the dossier or the nominee no longer needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal, cast

from sqlalchemy.ext.asyncio import AsyncSession

from api.domain_text import award_name, reword_field
from api.errors import Invalid
from api.schemas.dossiers import NomineeIn
from api.schemas.reference import CheckOut
from api.schemas.registry import NomineeEligibility, RegistryAwardOut
from api.services.reference import award_rule
from api.services.registry_scope import today
from core.i18n import _
from domain.catalog import default_catalog
from domain.eligibility import (
    Check,
    EligibilityInputError,
    evaluate,
    supported,
)
from domain.levels import Subject
from domain.reasons import reason
from domain.registry import (
    FreezePeriod,
    Initiative,
    Person,
    RegistryAward,
    already_awarded,
    eligibility_request,
    freeze_checks,
    same_person,
)
from store.repositories import registers
from store.repositories import registry as registry_repo

Scope = Literal["unit", "province", "national"]


class _Registers:
    """Everything the registers hold about the dossier's people: one query when they hold
    nothing (most dossiers); else three loads and the proposer's subtree."""

    def __init__(
        self,
        orgs: set[str],
        awards: list[registry_repo.RecordRow],
        periods: list[registers.DisciplineRow],
        initiatives: list[registers.InitiativeRow],
    ) -> None:
        self.orgs, self.awards, self.periods, self.initiatives = orgs, awards, periods, initiatives

    @classmethod
    async def load(cls, session: AsyncSession, root: str, people: list[Person]) -> _Registers:
        ids = [p.identity_number for p in people if p.identity_number]
        keys = [p.key for p in people]

        def query(fn: Any) -> Any:
            return fn(session=session, identity_numbers=ids, name_keys=keys, root=root)

        if not await query(registers.any_record):
            return cls(set(), [], [], [])
        awards = await query(registry_repo.candidates)
        periods = await query(registers.discipline_candidates)
        initiatives = await query(registers.initiative_candidates)
        # the subtree only matters to match a record found
        orgs = await registry_repo.org_codes(session=session, root=root)
        return cls(orgs, awards, periods, initiatives)

    def is_(self, person: Person, key: str, org: str, born: date | None, cccd: str | None) -> bool:
        return same_person(person, Person(key, org, born, cccd), self.orgs)

    def awards_of(self, p: Person) -> list[RegistryAward]:
        return [
            RegistryAward(r.award_code, r.year, r.decision_number)
            for r in self.awards
            if self.is_(p, r.person_key, r.org_code, r.birth_date, r.identity_number)
        ]

    def periods_of(self, p: Person) -> list[FreezePeriod]:
        return [
            FreezePeriod(r.kind, r.starts_on, r.ends_on)
            for r in self.periods
            if self.is_(p, r.person_key, r.org_code, r.birth_date, r.identity_number)
        ]

    def initiatives_of(self, p: Person) -> list[registers.InitiativeRow]:
        return [
            r
            for r in self.initiatives
            if self.is_(p, r.person_key, r.org_code, r.birth_date, r.identity_number)
        ]


def _check_out(check: Check) -> CheckOut:
    """The check as recorded with the dossier: Vietnamese detail and compact basis, with its
    reason in machine form, so every later reader sees it worded in their own language."""
    return CheckOut(
        rule=check.rule, met=check.met, detail=check.detail, basis=check.basis,
        key=check.key or None, values=check.values or None,
    )  # fmt: skip


def _initiative(row: registers.InitiativeRow) -> Initiative:
    used = None
    if row.used_award_code is not None and row.used_year is not None:
        used = (row.used_award_code, row.used_year)
    return Initiative(row.id, cast(Scope, row.scope), row.recognised_on, used)


def _held_elsewhere(row: registers.InitiativeRow, dossier_id: str | None) -> str | None:
    """Why ``row`` cannot back this dossier's title: another dossier holds it (None: free)."""
    if row.used_award_code is None or (dossier_id and row.used_dossier_id == dossier_id):
        return None
    award = award_name(row.used_award_code)
    if row.used_dossier_id is None:
        return _("msg.initiative_used", title=row.title, award=award, year=row.used_year)
    return _(
        "msg.initiative_claimed", title=row.title, award=award, year=row.used_year,
        dossier=row.used_dossier_id,
    )  # fmt: skip


async def _check_cited(
    session: AsyncSession, dossier_id: str | None, nominees: Sequence[NomineeIn],
    people: list[Person], regs: _Registers,
) -> None:  # fmt: skip
    """422 for a cited initiative that is unknown, not the nominee's, or held elsewhere."""
    cited = [(i, j, iid) for i, n in enumerate(nominees) for j, iid in enumerate(n.initiative_ids)]
    found = await registers.initiatives_by_id(session=session, ids=[c[2] for c in cited])
    rows = {r.id: r for r in found}
    seen: dict[int, str] = {}
    for i, j, iid in cited:
        field = f"nominees[{i}].initiative_ids[{j}]"
        row = rows.get(iid)
        if row is None:
            raise Invalid.field(field, _("msg.initiative_not_found", id=iid))
        owner = (row.person_key, row.org_code, row.birth_date, row.identity_number)
        if not regs.is_(people[i], *owner):
            name = nominees[i].name
            raise Invalid.field(field, _("msg.initiative_not_theirs", id=iid, name=name))
        if (held := _held_elsewhere(row, dossier_id)) is not None:
            raise Invalid.field(field, held)
        if seen.setdefault(iid, field) != field:
            raise Invalid.field(field, _("msg.initiative_cited_twice", id=iid))


async def check_still_free(
    session: AsyncSession, dossier_id: str, cited: Sequence[Sequence[int]]
) -> None:
    """422 when an initiative the dossier's nominees cite (``cited[i]``: nominee ``i``'s) is
    held by another dossier: a draft's when it is submitted, a returned dossier's when it is
    resubmitted with its nominees unchanged (another dossier may have claimed it since)."""
    found = await registers.initiatives_by_id(session=session, ids=[i for c in cited for i in c])
    rows = {r.id: r for r in found}
    for i, ids in enumerate(cited):
        for j, iid in enumerate(ids):
            row = rows.get(iid)
            if row is not None and (held := _held_elsewhere(row, dossier_id)) is not None:
                raise Invalid.field(f"nominees[{i}].initiative_ids[{j}]", held)


def _rules(
    index: int, award_code: str, year: int, nominee: NomineeIn, awards: list[RegistryAward],
    initiatives: list[Initiative], on: date,
) -> tuple[bool, list[Check]]:  # fmt: skip
    subject = Subject(nominee.kind)
    if (award_code, subject.value) not in supported():
        return True, [reason("manual_review", True, "", "manual_review", award=award_code)]
    history = tuple(h.record() for h in nominee.history)
    if not any(record.year == year for record in history):
        declared = reason(
            "history_declared", False, "", "history_declared", year=year, name=nominee.name
        )
        return False, [declared]
    request = eligibility_request(
        award_code=award_code, year=year, subject=subject, history=history, awards=(),
        registry=awards, initiatives=initiatives, on=on,
    )  # fmt: skip
    try:
        result = evaluate(request, default_catalog())
    except EligibilityInputError as exc:
        field = f"nominees[{index}].{exc.field}"
        raise Invalid.field(field, reword_field(field, exc.message)) from None
    return result.eligible, list(result.checks)


async def evaluate_nominees(
    session: AsyncSession, award_code: str, year: int, proposer_org: str,
    nominees: Sequence[NomineeIn], *, on: date | None = None, dossier_id: str | None = None,
) -> list[NomineeEligibility]:  # fmt: skip
    """One result per nominee; ``on`` is the nomination date (default: today in Vietnam);
    ``dossier_id`` the dossier the nominees belong to (its own claims are no obstacle)."""
    award_rule(award_code)
    people = [Person.of(n.name, proposer_org, n.birth_date, n.identity_number) for n in nominees]
    regs = await _Registers.load(session, proposer_org, people)
    await _check_cited(session, dossier_id, nominees, people, regs)
    day = on or today()
    results: list[NomineeEligibility] = []
    for index, (nominee, person) in enumerate(zip(nominees, people, strict=True)):
        awards = regs.awards_of(person)
        initiatives = [_initiative(r) for r in regs.initiatives_of(person)]
        checks = freeze_checks(regs.periods_of(person), day, year)
        checks.append(already_awarded(awards, award_code, year))
        eligible, rule_checks = _rules(index, award_code, year, nominee, awards, initiatives, day)
        found = [
            RegistryAwardOut(award_code=a.code, year=a.year, decision_number=a.decision_number)
            for a in awards
        ]
        result = NomineeEligibility(
            eligible=eligible and all(c.met for c in checks),
            checks=[_check_out(c) for c in (*checks, *rule_checks)],
            registry_awards=found,
        )
        results.append(result)
    return results
