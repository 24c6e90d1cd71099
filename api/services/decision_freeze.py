"""The discipline freeze at approval (ND152 Art.4.4; contract §12 "freezes nominations").

An approval, at any stage, is refused (409, before the workflow is asked anything) while a
nominee it would approve is frozen on the decision date by the discipline register as it reads
*now*: a discipline recorded after the dossier was lodged freezes it too, one that ended
before the decision date does not. The rule is :func:`domain.freeze.approval_freezes`; people
are matched as the registers match them (CCCD, else normalised name + birth date + the
proposer's subtree). Return and reject stay open: the chair can send the dossier back. Each
frozen nominee is named in ``errors`` by its position (``nominees[i]``), with the kind and the
period of what freezes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict
from api.field_labels import field_label, labelled
from api.legal_text import cite
from api.schemas.dossiers import DecisionIn
from api.services.registry_scope import today
from core.i18n import _
from domain.freeze import FREEZE_BASIS, RecordedFreeze, approval_days, approval_freezes
from domain.registry import FreezePeriod, Person
from store.repositories import dossiers, registers
from store.repositories import registry as registry_repo
from store.repositories.dossiers import DossierRow, NomineeRow


@dataclass(frozen=True)
class Frozen:
    """A nominee the approval may not award and the period that freezes them."""

    index: int  # position in the dossier's nominees (the ``nominees[i]`` of errors)
    nominee: NomineeRow
    period: FreezePeriod

    @property
    def field(self) -> str:
        return f"nominees[{self.index}]"


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def frozen_text(frozen: Frozen) -> str:
    """Why this nominee cannot be approved, in the reader's language (no field label)."""
    period = frozen.period
    values = {
        "name": frozen.nominee.name,
        "kind": _(f"discipline.{period.kind}"),
        "since": _day(period.starts_on),
        "basis": cite(FREEZE_BASIS),
    }
    if period.ends_on is None:
        return _("msg.approve_frozen_open", **values)
    return _("msg.approve_frozen_until", until=_day(period.ends_on), **values)


async def frozen_nominees(
    session: AsyncSession, row: DossierRow, on: date, nominee_ids: list[str] | None = None
) -> list[Frozen]:
    """The nominees an approval decided ``on`` may not award: those chosen (``nominee_ids``),
    else every nominee not dropped, frozen on ``on`` by the discipline register."""
    if not row.nominees:
        await dossiers.add_nominees(session=session, row=row)
    nominees = row.nominees
    if nominee_ids is not None:
        approving = {i for i, n in enumerate(nominees) if n.id in set(nominee_ids)}
    else:
        approving = {i for i, n in enumerate(nominees) if n.outcome != "dropped"}
    people = [
        Person.of(n.name, row.proposer_org, n.birth_date, n.identity_number) for n in nominees
    ]
    candidates = await registers.discipline_candidates(
        session=session,
        identity_numbers=[p.identity_number for p in people if p.identity_number],
        name_keys=[p.key for p in people],
        root=row.proposer_org,
    )
    records = [
        RecordedFreeze(
            Person(r.person_key, r.org_code, r.birth_date, r.identity_number),
            FreezePeriod(r.kind, r.starts_on, r.ends_on),
        )
        for r in candidates
    ]
    if not records:  # nothing recorded about these people: nothing freezes, no subtree query
        return []
    orgs = await registry_repo.org_codes(session=session, root=row.proposer_org)
    found = approval_freezes(people, records, orgs, on, approving=approving)
    return [Frozen(f.index, nominees[f.index], f.period) for f in found]


async def require_not_frozen(session: AsyncSession, row: DossierRow, body: DecisionIn) -> None:
    """409 naming each frozen nominee when ``body`` approves, frozen today in Vietnam or on
    the decision date typed (a date before the discipline began does not lift a freeze that
    holds today); nothing for a return or a rejection."""
    if body.action != "approve":
        return
    frozen: list[Frozen] = []
    for day in approval_days(body.decision_date, today()):
        frozen = frozen or await frozen_nominees(session, row, day, body.nominee_ids)
    if not frozen:
        return
    errors = [
        {"field": f.field, "message": labelled(field_label(f.field), frozen_text(f))}
        for f in frozen
    ]
    raise Conflict("; ".join(str(e["message"]) for e in errors), errors=errors)


async def frozen_today(session: AsyncSession, dossier_id: str) -> list[Frozen]:
    """The nominees not dropped that an approval today would be refused for (the dossier
    page's notice beside the decision form)."""
    row = await dossiers.get(session=session, dossier_id=dossier_id, with_details=True)
    return [] if row is None else await frozen_nominees(session, row, today())
