"""Nominees of a create or a resubmission: kinds checked, registry eligibility attached.

Eligibility (contract §12) is computed once, at submission, from the award registry, the
discipline and initiative registers and the declared history; it travels with the nominee into
the workflow and the projection, so every chair who reviews the dossier sees it. An ineligible
nominee does not block the submission: the answer carries a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.domain_text import award_name, subject_name
from api.errors import Invalid
from api.schemas.dossier_views import DossierOut
from api.schemas.dossiers import NomineeIn
from api.services.registry_eligibility import check_still_free, evaluate_nominees
from core.i18n import _
from domain.calendar import VN_TZ
from domain.catalog import AwardRule
from domain.eligibility_model import Check, EligibilityResult
from domain.levels import Subject
from domain.registry import normalise_name
from store.repositories import dossiers
from store.repositories.dossiers import DossierRow, NomineeRow
from workflows.contracts import NomineeInput

NOMINEES = "DossierCreate"  # a body whose `nominees` are NomineeIn: their labels ("Họ tên / …")


def _person_key(nominee: NomineeIn) -> tuple[str, str, date | None]:
    return (nominee.kind, normalise_name(nominee.name), nominee.birth_date)


def check_duplicates(
    nominees: list[NomineeIn], field: str = "nominees", rows: Sequence[int] | None = None
) -> None:
    """422 naming the second of two nominees who are one person (or one collective): the same
    identity number, or the same kind, normalised name and birth date (none given on both
    sides counts as the same) unless their identity numbers differ. ``rows``: the nominees'
    rows in an imported sheet, which the message then cites instead of their order."""

    def first_of(first: int) -> dict[str, object]:
        return {"first": first + 1} if rows is None else {"row": rows[first]}

    number_twice = "msg.nominee_number_twice" if rows is None else "msg.nominee_number_twice_row"
    listed_twice = "msg.nominee_listed_twice" if rows is None else "msg.nominee_listed_twice_row"
    by_number: dict[str, int] = {}
    by_key: dict[tuple[str, str, date | None], int] = {}
    for index, nominee in enumerate(nominees):
        number = nominee.identity_number
        first = None if number is None else by_number.setdefault(number, index)
        if first is not None and first != index:
            text = _(
                number_twice, name=nominee.name, number=number,
                first_name=nominees[first].name, **first_of(first),
            )  # fmt: skip
            raise Invalid.field(f"{field}[{index}].identity_number", text, model=NOMINEES)
        key = _person_key(nominee)
        first = by_key.setdefault(key, index)
        other = nominees[first].identity_number
        if first != index and (number is None or other is None or number == other):
            text = _(listed_twice, name=nominee.name, **first_of(first))
            raise Invalid.field(f"{field}[{index}].name", text, model=NOMINEES)


def check_kinds(rule: AwardRule, nominees: list[NomineeIn], field: str = "nominees") -> None:
    for index, nominee in enumerate(nominees):
        if not rule.allows(Subject(nominee.kind)):
            allowed = ", ".join(subject_name(s.value) for s in rule.subjects)
            raise Invalid.field(
                f"{field}[{index}].kind",
                _("msg.code_is_awarded_to_allowed", award=award_name(rule.code), allowed=allowed),
                model=NOMINEES,
            )


def proposal_year(year: int | None) -> int:
    """The year a dossier's nominees are judged for: its own ``year``, else this year in
    Vietnam (a rating declared without a year, as an import's, is for this same year)."""
    return year or datetime.now(VN_TZ).year


async def nominee_inputs(
    *,
    session: AsyncSession,
    prefix: str,
    rule: AwardRule,
    year: int | None,
    proposer_org: str,
    nominees: list[NomineeIn],
    dossier_id: str | None = None,
) -> list[NomineeInput]:
    """The workflow's nominees (ids ``<prefix>-001``…), each with its eligibility; 422 for a
    nominee listed twice or an initiative held by a dossier other than ``dossier_id``."""
    check_kinds(rule, nominees)
    check_duplicates(nominees)
    results = await evaluate_nominees(
        session, rule.code, proposal_year(year), proposer_org, nominees, dossier_id=dossier_id
    )
    inputs: list[NomineeInput] = []
    for index, (n, found) in enumerate(zip(nominees, results, strict=True)):
        eligibility = EligibilityResult(
            eligible=found.eligible,
            checks=tuple(
                Check(c.rule, c.met, c.detail, c.basis, c.key or "", c.values or {})
                for c in found.checks
            ),
        )
        inputs.append(
            NomineeInput(
                id=f"{prefix}-{index + 1:03d}",
                kind=Subject(n.kind),
                name=n.name,
                title=n.position,
                gender=n.gender,
                is_direct_worker=n.is_direct_worker,
                ethnic_minority=n.ethnic_minority,
                birth_date=n.birth_date,
                identity_number=n.identity_number,
                initiative_ids=list(n.initiative_ids),
                eligibility=eligibility,
            )
        )
    return inputs


async def standing(session: AsyncSession, dossier_id: str) -> tuple[list[NomineeRow], int]:
    """The nominees a resubmission starts from (the dossier's, but those a level dropped) and
    the year they are judged for; the caller decides whether the reader may see them."""
    found = await dossiers.get(session=session, dossier_id=dossier_id, with_details=True)
    if found is None:
        return [], proposal_year(None)
    return [n for n in found.nominees if n.outcome != "dropped"], proposal_year(found.year)


async def still_free(session: AsyncSession, row: DossierRow) -> None:
    """422 when an initiative a nominee of ``row`` cites is now held by another dossier."""
    found = await dossiers.get(session=session, dossier_id=row.id, with_details=True)
    nominees = found.nominees if found is not None else []
    cited = [() if n.outcome == "dropped" else n.initiative_ids for n in nominees]
    await check_still_free(session, row.id, cited)


def warnings_of(view: DossierOut) -> list[str]:
    """The create's warnings, from the eligibility stored on the dossier (so the retry of a
    keyed create answers what the first request did), in the reader's language: the view's
    checks are already worded (:func:`api.check_text.worded`)."""
    award = award_name(view.award_code)
    found: list[str] = []
    for n in view.nominees:
        if n.eligibility is not None and not n.eligibility.eligible:
            unmet = "; ".join(c.detail for c in n.eligibility.checks if not c.met)
            found.append(_("check.warning", name=n.name, award=award, reasons=unmet))
    return found
