"""How DossierWorkflowV2 commits a transition: ``commit_transition`` as a local activity first
(no extra round trip through the server, bounded), the ordinary activity with unlimited
retries as the fallback (PostgreSQL down for longer than the local budget)."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

from workflows.activity_contracts import DB_RETRY, DB_TIMEOUT
from workflows.transition import COMMIT_TRANSITION, TransitionInput, TransitionResult

LOCAL_TIMEOUT = timedelta(seconds=5)
LOCAL_BUDGET = timedelta(seconds=15)
LOCAL_RETRY = RetryPolicy(initial_interval=timedelta(milliseconds=200), maximum_attempts=3)


async def run_commit(request: TransitionInput) -> TransitionResult:
    """The committed result of ``request`` (from this attempt or one PostgreSQL recorded)."""
    result: TransitionResult
    try:
        result = await workflow.execute_local_activity(
            COMMIT_TRANSITION,
            request,
            result_type=TransitionResult,
            start_to_close_timeout=LOCAL_TIMEOUT,
            schedule_to_close_timeout=LOCAL_BUDGET,
            retry_policy=LOCAL_RETRY,
        )
        return result
    except ActivityError as exc:
        workflow.logger.warning("dossier.commit_deferred: %s", exc)
    result = await workflow.execute_activity(
        COMMIT_TRANSITION,
        request,
        result_type=TransitionResult,
        start_to_close_timeout=DB_TIMEOUT,
        retry_policy=DB_RETRY,
    )
    return result
