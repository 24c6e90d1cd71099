"""The round on a dossier's page: which round it belongs to (by name, linked), whether it came
late, and for a draft the open rounds it may be submitted into (contract §9, §13)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.schemas.dossier_views import DossierOut
from api.services import round_choices
from api.services.round_choices import RoundChoice
from store.repositories import rounds


@dataclass(frozen=True)
class RoundView:
    code: str | None  # the round the dossier belongs to
    name: str | None
    choices: list[RoundChoice] = field(default_factory=list)  # a draft's options


async def round_view(session: AsyncSession, d: DossierOut, can_submit: bool) -> RoundView:
    name = None
    if d.round_code is not None:
        found = await rounds.get(session=session, code=d.round_code, with_submitters=False)
        name = found.name if found is not None else d.round_code
    if not can_submit:
        return RoundView(d.round_code, name)
    now = datetime.now(UTC)
    choices = await round_choices.open_for(session, d.proposer_org, d.award_code, now)
    if d.round_code is not None and d.round_code not in {c.code for c in choices}:
        # its own round, closed since or no longer reviewing the award: shown, the service
        # says why it cannot be submitted into it
        choices.insert(0, RoundChoice(d.round_code, name or d.round_code, [], None, False))
    return RoundView(d.round_code, name, choices)
