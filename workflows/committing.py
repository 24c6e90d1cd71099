"""How DossierWorkflowV2 commits its transitions, one at a time.

``run_commit`` runs ``commit_transition`` as a local activity first (no extra round trip
through the server, bounded), the ordinary activity with unlimited retries as the fallback
(PostgreSQL down for longer than the local budget). ``Transitions`` serialises the workflow's
commands and answers each update once its transition is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

from domain.ballot import BallotError
from domain.dossier import Command, DossierError, DossierState, Extend, apply
from domain.policy import DeadlinePolicy
from workflows.activity_contracts import DB_RETRY, DB_TIMEOUT
from workflows.commands import refusal
from workflows.contracts import DossierStatus, Origin
from workflows.status import status_of
from workflows.transition import COMMIT_TRANSITION, TransitionInput, TransitionResult, settle

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


class Transitions:
    """The one-transition-at-a-time engine of DossierWorkflowV2 (its base class).

    ``_handle`` (an update) waits until no transition is in flight, applies its command to
    ``_state`` through the pure ``domain.dossier.apply`` and waits for the answer that
    ``_commit`` (the main loop) leaves once PostgreSQL holds the transition, so the update
    answers with the committed state. ``_check`` is the validators' dry run of a command.
    """

    _state: DossierState
    _policy: DeadlinePolicy

    def _begin(
        self,
        state: DossierState,
        policy: DeadlinePolicy,
        *,
        carried: bool,
        origin: Origin | None = None,
    ) -> None:
        """Start from a fresh opening state (nothing committed yet) or a carried one.
        ``origin`` is the creating request's audit-log entry, committed with the opening."""
        self._state = state
        self._opening = None if carried else origin
        self._policy = policy
        self._committed = state.version if carried else -1
        self._first_new = len(state.history) + 1 if carried else 1  # events not yet committed
        self._recalc = False  # the calendar or an extension changed the open deadline
        # The update whose command awaits its commit, that command (re-applied on top of a
        # transition another attempt of a workflow task committed first, see _rebase) and the
        # audit-log entry its transition commits.
        self._pending: tuple[str, Command, Origin | None] | None = None
        self._answers: dict[str, DossierStatus | ApplicationError] = {}  # update id → answer

    def _check(self, build: Callable[[], Command]) -> None:
        try:
            apply(self._state, build(), workflow.now())
        except (DossierError, BallotError) as exc:
            raise refusal(exc) from None

    async def _handle(
        self, build: Callable[[], Command], origin: Origin | None = None
    ) -> DossierStatus:
        # One transition at a time: wait until the previous one is committed, then apply to
        # the state it left (a command no longer allowed there is refused, e.g. a second
        # approval of the same stage).
        await workflow.wait_condition(lambda: not self._dirty())
        info = workflow.current_update_info()
        token = info.id if info is not None else str(workflow.uuid4())
        try:
            self._apply(build(), token, origin)
        except (DossierError, BallotError) as exc:
            raise refusal(exc) from None
        await workflow.wait_condition(lambda: token in self._answers)
        answer = self._answers.pop(token)
        if isinstance(answer, ApplicationError):
            raise answer
        return answer

    def _apply(self, command: Command, token: str | None, origin: Origin | None = None) -> None:
        self._state, _ = apply(self._state, command, workflow.now())
        self._pending = None if token is None else (token, command, origin)
        if isinstance(command, Extend):
            self._recalc = True

    def _dirty(self) -> bool:
        return self._state.version != self._committed or self._recalc

    async def _commit(self) -> None:
        before = self._state
        at = workflow.now()
        request = TransitionInput(
            workflow_id=workflow.info().workflow_id,
            state=before,
            first_new_event=self._first_new,
            at=at,
            policy=self._policy,
            recalc=self._recalc,
            request_id=None if self._pending is None else self._pending[0],
            origin=self._origin(),
        )
        recalc, pending = self._recalc, self._pending
        self._recalc, self._pending = False, None
        result = await run_commit(request)
        if result.committed is not None:
            self._rebase(result.committed, pending, recalc)
            return
        settled = settle(before, result, at)
        self._state = settled
        self._committed = settled.version
        self._first_new = len(settled.history) + 1
        # a calendar change folded into this retried task came after that stored result
        self._recalc = self._recalc or (recalc and result.stored)
        if pending is not None:  # the update waits for this answer
            self._answers[pending[0]] = replace(status_of(settled), audited=pending[2] is not None)

    def _origin(self) -> Origin | None:
        """The audit-log entry the next commit carries: the pending update's, or for the very
        first commit (the opening) the creating request's."""
        if self._pending is not None:
            return self._pending[2]
        return self._opening if self._committed < 0 else None

    def _rebase(
        self,
        committed: DossierState,
        pending: tuple[str, Command, Origin | None] | None,
        recalc: bool,
    ) -> None:
        """PostgreSQL holds another transition at this version (its workflow task died before
        Temporal recorded it): that transition happened. Adopt it and re-apply our command on
        top; a command it made impossible is refused like any late command."""
        workflow.logger.warning("dossier.rebased on committed version %s", committed.version)
        self._state = committed
        self._committed = committed.version
        self._first_new = len(committed.history) + 1
        self._recalc = recalc
        if pending is None:
            return  # a timer: the main loop asks next_timer again
        token, command, origin = pending
        try:
            self._apply(command, token, origin)
        except (DossierError, BallotError) as exc:
            self._answers[token] = refusal(exc)
