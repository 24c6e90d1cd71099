"""The decision snapshot: what a decided dossier's papers print about its orgs (migration 0023).

Taken in the transaction that decides the dossier (engine v2: ``commit_transition``; engine v1:
the ``project_dossier`` of the decided state), from the orgs as PostgreSQL holds them then, so
the workflow sends nothing new and its histories replay unchanged. The INSERT does nothing when
the dossier has one already: a retried transition writes it once.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from domain.dossier import DossierState, Event, route_orgs
from store.recordset import Write
from store.repositories import papers


def decides(events: Iterable[Event]) -> bool:
    """Whether ``events`` (those a transition adds) decide the dossier."""
    return any(e.action == "decided" for e in events)


async def snapshot_statement(session: AsyncSession, state: DossierState) -> Write | None:
    """The INSERT of ``state``'s snapshot (its proposer, route and deciding org, with their
    parents, and their chairs); None for a state without a decision."""
    if state.decision is None:
        return None
    codes = {state.proposer_org, *route_orgs(state.route), state.decision.authority_org}
    return await papers.snapshot_write(session=session, dossier_id=state.dossier_id, codes=codes)
