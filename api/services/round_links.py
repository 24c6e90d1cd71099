"""Where dossiers meet rounds: admit a dossier into its round (late or not), tell the round.

``admit`` runs before a dossier with ``round_code`` starts: the round must exist and be open,
cover the award and the proposer; the dossier is ``late`` when submitted after the cut-off of
the proposer's level. After a successful submit or decision the round workflow is signalled
(best effort: it also reconciles with the read model before every cut-off).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.domain_text import award_name
from api.errors import Conflict, Invalid
from api.schemas.dossier_views import DossierOut
from api.services import round_gateway
from api.state import AppState
from core.i18n import _
from domain.levels import Level
from domain.round_roles import is_late
from store.repositories import orgs, rounds
from workflows.round_contracts import (
    SIGNAL_FORWARDING,
    SIGNAL_LATE_DECISION,
    SIGNAL_SUBMISSION,
    DossierNews,
    LateDecision,
)


async def admit(
    *,
    session: AsyncSession,
    round_code: str | None,
    proposer_org: str,
    award_code: str,
    at: datetime,
) -> bool:
    """Check the dossier fits its round; True when it arrives after its cut-off."""
    if round_code is None:
        return False
    row = await rounds.get(session=session, code=round_code, with_submitters=False)
    if row is None:
        raise Invalid.field("round_code", _("msg.no_round_round_code", round_code=round_code))
    if row.status != "open":
        raise Conflict.field("round_code", _("msg.round_round_code_is_closed", round_code=row.name))
    if award_code not in row.award_codes:
        raise Invalid.field(
            "award_code",
            _(
                "msg.round_round_code_does_not_cover",
                round_code=row.name,
                award_code=award_name(award_code),
                award_codes=", ".join(award_name(c) for c in row.award_codes),
            ),
        )
    proposer = await orgs.get(session=session, code=proposer_org)
    inside = await orgs.in_subtree(session=session, root=row.owner_org, code=proposer_org)
    if proposer is None or not inside:
        names = await orgs.names(session, [proposer_org, row.owner_org])
        raise Invalid.field(
            "round_code",
            _(
                "msg.proposer_org_is_not_under_owner",
                proposer_org=names.get(proposer_org, proposer_org),
                round_code=row.name,
                owner_org=names.get(row.owner_org, row.owner_org),
            ),
        )
    return is_late(Level(proposer.level), row.deadlines, at)


async def submitted(
    *, state: AppState, round_code: str | None, dossier_id: str, proposer_org: str, at: datetime
) -> None:
    if round_code is None:
        return
    news = DossierNews(dossier_id, proposer_org, at)
    await round_gateway.signal_round(
        state=state, code=round_code, signal=SIGNAL_SUBMISSION, payload=news
    )


async def decided(*, state: AppState, view: DossierOut, principal: Principal, action: str) -> None:
    """An approval forwards (or decides) for the chair's org; a late dossier's decision at the
    receiving level (the first above the proposer) is recorded as taken or refused."""
    if view.round_code is None:
        return
    at = datetime.now(UTC)
    if action == "approve":
        news = DossierNews(view.id, principal.org_code, at)
        await round_gateway.signal_round(
            state=state, code=view.round_code, signal=SIGNAL_FORWARDING, payload=news
        )
    # the receiving org: the first on the route above the proposer (its own stage, when it
    # votes first, is not where its dossier arrives)
    above = [org for org in view.route_orgs if org != view.proposer_org]
    receiving = bool(above) and principal.org_code == above[0]
    if view.late and receiving:
        late = LateDecision(view.id, principal.org_code, action, at)
        await round_gateway.signal_round(
            state=state, code=view.round_code, signal=SIGNAL_LATE_DECISION, payload=late
        )
