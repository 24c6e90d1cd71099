"""record_awards: write every granted award to the registry (one row per nominee and award)."""

from __future__ import annotations

import functools

import structlog
from sqlalchemy.dialects.postgresql import Insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from store.db import transaction
from store.models import AwardRecord
from store.recordset import Write, recordset_insert
from workflows.activity_contracts import RECORD_AWARDS, RecordAwardsInput

log = structlog.get_logger(__name__)


@functools.cache
def _award_insert(keys: tuple[str, ...]) -> Insert:
    return recordset_insert(AwardRecord, keys, name="award_rows").on_conflict_do_nothing(
        index_elements=[AwardRecord.nominee_id, AwardRecord.award_code]
    )


def award_statement(request: RecordAwardsInput) -> Write | None:
    """The INSERT of the registry rows (None without any); a retry inserts nothing."""
    if not request.lines:
        return None
    rows = [
        {
            "dossier_id": request.dossier_id,
            "nominee_id": line.nominee_id,
            "award_code": request.award_code,
            "subject": line.subject,
            "name": line.name,
            "org_code": request.org_code,
            "decision_number": request.decision_number,
            "decision_date": request.decision_date,
            "authority_org": request.authority_org,
            "achievement_year": request.achievement_year,
            "amount_vnd": line.amount_vnd,
        }
        for line in request.lines
    ]
    return Write(_award_insert(tuple(rows[0])), {"award_rows": rows})


async def insert_award_rows(session: AsyncSession, request: RecordAwardsInput) -> int:
    """Insert the registry rows in ``session``'s transaction; a retry inserts nothing."""
    write = award_statement(request)
    if write is None:
        return 0
    returning = write.statement.returning(AwardRecord.id)  # a new statement: engine v1 only
    return len((await session.execute(returning, write.params)).all())


class AwardActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @activity.defn(name=RECORD_AWARDS)
    async def record_awards(self, request: RecordAwardsInput) -> int:
        """Insert the registry rows (engine v1 dossiers; v2 records inside its transition)."""
        try:
            async with transaction(self._sessions) as session:
                inserted = await insert_award_rows(session, request)
        except IntegrityError as exc:
            raise ApplicationError(
                f"award registry refused the rows: {exc.orig}", non_retryable=True
            ) from exc
        log.info("awards.recorded", dossier_id=request.dossier_id, inserted=inserted)
        return inserted
