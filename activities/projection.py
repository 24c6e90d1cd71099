"""project_dossier: make the PostgreSQL read model equal the workflow's state.

One transaction per snapshot. The dossier row is upserted only when the snapshot's ``version``
is newer than the stored one, so a late retry of an older snapshot cannot roll the row back;
nominees and stages follow the row, and audit events are appended with
``ON CONFLICT (event_key) DO NOTHING`` (the table refuses updates anyway). The statements are
in ``activities.projection_rows`` (``activities.transition`` writes them too).
"""

from __future__ import annotations

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.projection_rows import events_statement, projection_statements, upsert_dossier
from activities.snapshot import decides, snapshot_statement
from domain.dossier import DossierState
from store.db import transaction
from store.recordset import Write
from workflows.activity_contracts import PROJECT_DOSSIER, ProjectionInput

log = structlog.get_logger(__name__)


async def write_projection(session: AsyncSession, workflow_id: str, state: DossierState) -> bool:
    """Upsert the dossier row, nominees and stages unless PostgreSQL holds this version; the
    decision snapshot with the state that decides the dossier (engine v1)."""
    if not await upsert_dossier(session, workflow_id, state):
        return False  # the stored row is as new or newer: nothing to do
    writes: list[Write | None] = [*projection_statements(state)]
    if decides(state.history[-1:]):  # the newest event: this projection decides it
        writes.append(await snapshot_statement(session, state))
    for write in writes:
        if write is not None:
            await write.execute(session)
    return True


async def append_events(
    session: AsyncSession, state: DossierState, first: int = 1, request_id: str | None = None
) -> None:
    """Append the events with ``seq >= first`` (tagged with the request that caused them)."""
    write = events_statement(state, first, request_id)
    if write is not None:
        await write.execute(session)


class ProjectionActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @activity.defn(name=PROJECT_DOSSIER)
    async def project_dossier(self, request: ProjectionInput) -> bool:
        """Write the snapshot; False when PostgreSQL already holds this version or a newer one."""
        state = request.state
        try:
            async with transaction(self._sessions) as session:
                written = await write_projection(session, request.workflow_id, state)
                await append_events(session, state)
        except IntegrityError as exc:  # e.g. an unknown proposer org: retrying cannot help
            raise ApplicationError(
                f"projection refused: {exc.orig}", type="ProjectionRefused", non_retryable=True
            ) from exc
        log.info(
            "dossier.projected", dossier_id=state.dossier_id, version=state.version, written=written
        )
        return written
