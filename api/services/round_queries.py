"""Round queries: read one round, list them, its events and statistics (contract §9).

A round is visible to the orgs of its owner's subtree and to the owner's ancestors (404 else).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from api.authz import Principal
from api.errors import NotFound
from api.schemas.rounds import (
    RoundEventList,
    RoundEventOut,
    RoundList,
    RoundOut,
    RoundStatsOut,
    RoundSummary,
)
from api.services import round_gateway
from api.services.round_views import from_row, from_view
from api.state import AppState
from core.i18n import _
from store.repositories import orgs, rounds
from store.repositories.rounds import RoundRow


def not_found(code: str) -> NotFound:
    return NotFound(_("msg.round_code_not_found", code=code))


async def visible(session: AsyncSession, principal: Principal, code: str) -> RoundRow:
    """The round; 404 unless the caller's org owns it, is above it or below it."""
    row = await rounds.get(session=session, code=code)
    if row is None:
        raise not_found(code)
    if principal.is_admin:
        return row
    below = await orgs.in_subtree(session=session, root=row.owner_org, code=principal.org_code)
    above = await orgs.in_subtree(session=session, root=principal.org_code, code=row.owner_org)
    if not (below or above):
        raise not_found(code)
    return row


async def get(
    *, state: AppState, session: AsyncSession, principal: Principal, code: str
) -> RoundOut:
    row = await visible(session, principal, code)
    if row.status == "open":
        view = await round_gateway.query_round(state=state, code=code)
        if view is not None:
            return from_view(view, live=True)
    return from_row(row)


async def list_(*, session: AsyncSession, principal: Principal, status: str | None) -> RoundList:
    ancestors = [o.code for o in await orgs.ancestry(session=session, code=principal.org_code)]
    found = await rounds.list_(
        session=session,
        caller_org=None if principal.is_admin else principal.org_code,
        ancestors=ancestors,
        status=status,
    )
    return RoundList(
        items=[
            RoundSummary(
                code=r.code,
                name=r.name,
                year=r.year,
                owner_org=r.owner_org,
                status="closed" if r.status == "closed" else "open",
                deadlines=r.deadlines,
                award_codes=r.award_codes,
                opened_at=r.opened_at,
                closed_at=r.closed_at,
            )
            for r in found
        ]
    )


async def events(*, session: AsyncSession, principal: Principal, code: str) -> RoundEventList:
    await visible(session, principal, code)
    rows = await rounds.events(session=session, code=code)
    named = await orgs.names(session, (e.org_code for e in rows))

    def detail(e: Any) -> str | None:
        """An escalation in the reader's words, naming the late org (the stored sentence
        named its level by code)."""
        if e.kind != "escalated" or e.org_code is None or e.escalation_level is None:
            return cast("str | None", e.detail)
        org = named.get(e.org_code, e.org_code)
        return _("round.event.escalated", org=org, n=e.escalation_level)

    return RoundEventList(
        items=[
            RoundEventOut(
                at=e.at,
                kind=e.kind,
                org_code=e.org_code,
                dossier_id=e.dossier_id,
                escalation_level=e.escalation_level,
                detail=detail(e),
            )
            for e in rows
        ]
    )


async def stats(*, session: AsyncSession, principal: Principal, code: str) -> RoundStatsOut:
    row = await visible(session, principal, code)
    counts = await rounds.counts(session=session, code=code)
    units = [s for s in row.submitters if s.role == "submitter"]
    # the owner receives (a round started before 2026-12 listed it as a forwarder too)
    levels = [s for s in row.submitters if s.role == "forwarder" and s.org_code != row.owner_org]
    done = [s for s in units if s.submitted_at is not None]
    on_time = [s for s in done if not s.late]
    return RoundStatsOut(
        code=row.code,
        status="closed" if row.status == "closed" else "open",
        expected_submitters=len(units),
        submitted=len(done),
        on_time=len(on_time),
        late_submitters=len([s for s in units if s.late]),
        not_submitted=len(units) - len(done),
        on_time_ratio=round(len(on_time) / len(units), 4) if units else None,
        forwarders=len(levels),
        forwarded=len([s for s in levels if s.submitted_at is not None]),
        # one escalation event per level reached: the same sum as the web page's, which leaves
        # out an old round's owner too
        escalations=sum(s.escalation_level for s in [*units, *levels]),
        dossiers=counts.dossiers,
        late_dossiers=counts.late_dossiers,
        late_taken=counts.events.get("late_taken", 0),
        late_refused=counts.events.get("late_refused", 0),
        by_status=counts.by_status,
        by_award=counts.by_award,
    )
