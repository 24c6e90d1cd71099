"""DossierWorkflow: one commendation dossier from the proposing unit to a decision.

All state lives in ``self._state`` (``domain.dossier.DossierState``) and changes only through
``domain.dossier.apply``. Updates (``decide``, ``resubmit``, ``withdraw``, ``extend_deadline``)
validate by applying the command to a throw-away copy, so a refused request never reaches the
history. After every change ``_sync`` runs under a lock: it computes a missing deadline, writes
the PostgreSQL projection (guarded by ``version``), records awards and queues notifications.
The main loop is the updatable-timer pattern: wait for the next timer of
``domain.dossier.next_timer`` or for any state change, whichever comes first.

Patch ``2026-11-fast-decisions``: ``decide``, ``resubmit`` and ``withdraw`` return as soon as
the command is applied to ``self._state`` (the accepted update and its argument are in the
history, so a worker crash loses nothing); the main loop then drains ``_sync`` (deadline of the
next stage, projection, award registry, notifications). Runs that started before the patch keep
syncing inside the handler until they finish: ``patched`` is decided once per run.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

from workflows.waiting import changed_or_due, continue_as_new_due

with workflow.unsafe.imports_passed_through():
    # pydantic resolves the string annotations of a dataclass through sys.modules of the
    # module that defines it; inside the sandbox only modules imported here are visible, so
    # every module defining a type that crosses the workflow boundary is imported explicitly.
    import domain.calendar
    import domain.catalog
    import domain.dossier_model
    import domain.eligibility_model
    import domain.legal
    import domain.levels
    import domain.policy
    import domain.routes
    import domain.span  # noqa: F401
    from domain.ballot import BallotError
    from domain.dossier import (
        Command,
        DossierError,
        DossierState,
        Event,
        Extend,
        Resubmit,
        SetDeadline,
        TimerFired,
        Withdraw,
        apply,
        next_timer,
        open_dossier,
    )
    from workflows.activity_contracts import (
        COMPUTE_DEADLINE,
        DB_RETRY,
        DB_TIMEOUT,
        NOTIFY,
        PROJECT_DOSSIER,
        RECORD_AWARDS,
        DeadlineRequest,
        DeadlineResult,
        ProjectionInput,
    )
    from workflows.commands import decide_command, nominees_of, refusal, resubmit_command
    from workflows.contracts import (
        CalendarChanged,
        DecideRequest,
        DossierInput,
        DossierStatus,
        ExtendRequest,
        ResubmitRequest,
        WithdrawRequest,
    )
    from workflows.effects import (
        award_records,
        deadline_request,
        escalation_request,
        notification,
    )
    from workflows.status import status_of


FAST_DECISIONS = "2026-11-fast-decisions"


LOCAL_DB_TIMEOUT = timedelta(seconds=2)
LOCAL_DB_BUDGET = timedelta(seconds=5)
LOCAL_DB_RETRY = RetryPolicy(initial_interval=timedelta(milliseconds=200), maximum_attempts=3)


_nominees = nominees_of
_refusal = refusal
_decide_command = decide_command


@workflow.defn(name="DossierWorkflow")
class DossierWorkflow:
    @workflow.init
    def __init__(self, input: DossierInput) -> None:
        self._input = input
        self._lock = asyncio.Lock()
        self._pending: list[Event] = []
        self._after: dict[int, DossierState] = {}  # event seq → the state right after it
        self._stale_deadline = False
        self._failure: ApplicationError | None = None
        self._projected = -1  # version last written to PostgreSQL by this run
        self._fast: bool | None = None  # see _fast_path
        if input.carried is not None:
            # The previous run projected this very version before continuing as new.
            self._state = input.carried
            self._projected = input.carried.version
            return
        self._state = DossierState(
            dossier_id=input.dossier_id,
            award=input.award,
            proposer_org=input.proposer_org,
            route=input.route,
            summary=input.summary,
            submitted_by=input.submitted_by,
            ballot_thresholds=dict(input.ballot_thresholds),
            year=input.year,
            round_code=input.round_code,
            late=input.late,
        )
        try:
            self._state, events = open_dossier(
                self._state, _nominees(input.nominees), input.submitted_by, input.submitted_at
            )
            self._pending.extend(events)
        except DossierError as exc:
            self._failure = ApplicationError(exc.message, type=exc.kind.value, non_retryable=True)

    @workflow.run
    async def run(self, input: DossierInput) -> DossierStatus:
        if self._failure is not None:
            raise self._failure
        fast = self._fast_path()
        await self._sync()
        while not self._state.final:
            if fast:
                await self._drain()
                if self._state.final:
                    break
            if self._should_continue_as_new():
                await workflow.wait_condition(
                    lambda: workflow.all_handlers_finished() and not self._lock.locked()
                )
                if fast and self._dirty():
                    continue  # an update arrived meanwhile: its effects go out in this run
                workflow.continue_as_new(replace(self._input, carried=self._state))
            await self._wait_next()
        while True:
            if fast:
                await self._drain()
            await workflow.wait_condition(workflow.all_handlers_finished)
            if not (fast and self._dirty()):
                return status_of(self._state)

    # --- queries, signals, updates -------------------------------------------------------

    @workflow.query(name="get_status")
    def get_status(self) -> DossierStatus:
        return status_of(self._state)

    @workflow.signal(name="calendar_changed")
    async def calendar_changed(self, _: CalendarChanged) -> None:
        self._stale_deadline = True
        if not self._fast_path():
            await self._sync()  # with the patch the main loop recomputes (it waits on _dirty)

    @workflow.update(name="decide")
    async def decide(self, req: DecideRequest) -> DossierStatus:
        return await self._handle(_decide_command(req))

    @decide.validator
    def _validate_decide(self, req: DecideRequest) -> None:
        try:
            command = _decide_command(req)
        except BallotError as exc:
            raise _refusal(exc) from None
        self._check(command)

    @workflow.update(name="resubmit")
    async def resubmit(self, req: ResubmitRequest) -> DossierStatus:
        return await self._handle(self._resubmit_command(req))

    @resubmit.validator
    def _validate_resubmit(self, req: ResubmitRequest) -> None:
        self._check(self._resubmit_command(req))

    @workflow.update(name="withdraw")
    async def withdraw(self, req: WithdrawRequest) -> DossierStatus:
        return await self._handle(Withdraw(req.actor, req.actor_org, req.comment))

    @withdraw.validator
    def _validate_withdraw(self, req: WithdrawRequest) -> None:
        self._check(Withdraw(req.actor, req.actor_org, req.comment))

    @workflow.update(name="extend_deadline")
    async def extend_deadline(self, req: ExtendRequest) -> DossierStatus:
        self._stale_deadline = True
        command = Extend(req.actor, req.actor_org, req.working_days, req.comment)
        # The new deadline is the point of the request: answer only once it is computed.
        return await self._handle(command, wait=True)

    @extend_deadline.validator
    def _validate_extend(self, req: ExtendRequest) -> None:
        self._check(Extend(req.actor, req.actor_org, req.working_days, req.comment))

    # --- internals ------------------------------------------------------------------------

    @staticmethod
    def _resubmit_command(req: ResubmitRequest) -> Resubmit:
        return resubmit_command(req)

    def _check(self, command: Command) -> None:
        try:
            apply(self._state, command, workflow.now())
        except DossierError as exc:
            raise _refusal(exc) from None

    def _apply(self, command: Command) -> None:
        self._state, events = apply(self._state, command, workflow.now())
        self._pending.extend(events)
        self._after.update((event.seq, self._state) for event in events)

    async def _handle(self, command: Command, *, wait: bool = False) -> DossierStatus:
        try:
            self._apply(command)  # before any await: the validator saw this very state
        except DossierError as exc:
            raise _refusal(exc) from None
        if wait or not self._fast_path():
            await self._sync()
        else:
            await self._project_now()
        # Fast path: the stage just opened may still lack its deadline (due_at None) and the
        # projection follows within one activity round trip; the main loop drains both.
        return status_of(self._state)

    async def _project_now(self) -> None:
        """Write the projection before the update answers: lists and stats read PostgreSQL
        right after a decision. A local activity runs in this workflow task (no extra round
        trip); bounded, because the decision is already applied. If it fails, the main loop
        projects with the ordinary, unbounded-retry activity."""
        snapshot = self._state
        try:
            await workflow.execute_local_activity(
                PROJECT_DOSSIER,
                ProjectionInput(workflow.info().workflow_id, snapshot),
                start_to_close_timeout=LOCAL_DB_TIMEOUT,
                schedule_to_close_timeout=LOCAL_DB_BUDGET,
                retry_policy=LOCAL_DB_RETRY,
            )
        except ActivityError as exc:
            workflow.logger.warning("dossier.projection_deferred: %s", exc)
            return
        self._projected = max(self._projected, snapshot.version)

    def _fast_path(self) -> bool:
        """Whether this run uses the 2026-11 fast decisions (decided once, then memoised)."""
        if self._fast is None:
            self._fast = workflow.patched(FAST_DECISIONS)
        return self._fast

    def _dirty(self) -> bool:
        """Work left for ``_sync``: an unprojected version or a deadline to recompute."""
        if self._state.version != self._projected or self._pending:
            return True
        stale = self._stale_deadline
        return stale and deadline_request(self._state, self._input.policy) is not None

    def _state_for(self, event: Event) -> DossierState:
        """The state a notification of ``event`` describes.

        Before the patch effects ran before the next update was accepted, so the current state
        was right. With fast decisions later commands may already be applied: if the dossier
        has left the stage ``event`` led to, describe the state right after ``event``.
        """
        after = self._after.pop(event.seq, None)
        if after is None or not self._fast_path():
            return self._state

        def where(state: DossierState) -> tuple[int, str] | None:
            return None if state.stage is None else (state.stage.seq, state.stage.phase.value)

        return self._state if where(after) == where(self._state) else after

    async def _drain(self) -> None:
        while self._dirty():
            await self._sync()

    def _should_continue_as_new(self) -> bool:
        return continue_as_new_due(self._input.continue_as_new_after)

    async def _wait_next(self) -> None:
        timer = next_timer(self._state)
        version = self._state.version
        changed = lambda: self._state.version != version  # noqa: E731
        if self._fast_path():
            changed = lambda: self._state.version != version or self._dirty()  # noqa: E731
        if await changed_or_due(changed, None if timer is None else timer[1]):
            assert timer is not None
            await self._fire(*timer)

    async def _fire(self, kind: str, at: datetime) -> None:
        async with self._lock:
            if next_timer(self._state) != (kind, at):
                return  # something changed while we waited for the lock
            following = None
            if kind == "escalate":
                request = escalation_request(self._input.policy, workflow.now())
                following = (await self._deadline(request)).due_at
                if next_timer(self._state) != (kind, at):
                    return  # a decision arrived while the next escalation was computed
            self._apply(TimerFired(kind, following))
            await self._sync_locked()

    async def _sync(self) -> None:
        async with self._lock:
            await self._sync_locked()

    async def _sync_locked(self) -> None:
        while True:
            stage = self._state.stage
            if stage is None or not (stage.due_at is None or self._stale_deadline):
                break
            self._stale_deadline = False
            request = deadline_request(self._state, self._input.policy)
            if request is None:
                break
            result = await self._deadline(request)
            if self._state.stage != stage:
                continue  # an update moved the dossier during the activity: compute again
            if (result.due_at, result.reminder_at) != (stage.due_at, stage.reminder_at):
                self._apply(SetDeadline(result.due_at, result.reminder_at))
        if self._state.version != self._projected:
            await self._project()
        elif not (self._pending and self._fast_path()):
            return  # (with the patch, the update handler may have projected already)
        await self._effects()

    async def _deadline(self, request: DeadlineRequest) -> DeadlineResult:
        result: DeadlineResult = await workflow.execute_activity(
            COMPUTE_DEADLINE,
            request,
            result_type=DeadlineResult,
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        return result

    async def _project(self) -> None:
        snapshot = self._state
        await workflow.execute_activity(
            PROJECT_DOSSIER,
            ProjectionInput(workflow.info().workflow_id, snapshot),
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        self._projected = snapshot.version

    async def _effects(self) -> None:
        events, self._pending = self._pending, []
        wid = workflow.info().workflow_id
        for event in events:
            state = self._state_for(event)
            if event.action == "decided":
                records = award_records(self._state)
                if records is not None:
                    await workflow.execute_activity(
                        RECORD_AWARDS,
                        records,
                        start_to_close_timeout=DB_TIMEOUT,
                        retry_policy=DB_RETRY,
                    )
            message = notification(state, event, wid)
            if message is not None:
                await workflow.execute_activity(
                    NOTIFY, message, start_to_close_timeout=DB_TIMEOUT, retry_policy=DB_RETRY
                )
