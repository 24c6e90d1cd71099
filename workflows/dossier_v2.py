"""DossierWorkflowV2: one commendation dossier, one PostgreSQL transaction per transition.

Handlers only change state: an update waits until no transition is in flight, applies its
command to ``self._state`` through the pure ``domain.dossier.apply`` (the validator applied the
same command to a throw-away copy) and waits until the main loop has committed it; it answers
with the committed state, so after any 2xx every read of PostgreSQL already shows it, the new
stage's ``due_at`` included. The main loop does all I/O: it commits each new state through
``commit_transition`` (a local activity first, bounded; the ordinary activity with unlimited
retries as the fallback) and fires the timers of ``domain.dossier.next_timer``.

Creation is update-with-start: the ``open`` update answers once the submission is committed.
Dossiers started as ``DossierWorkflow`` (engine v1) finish on that type; see README.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows.waiting import changed_or_due, continue_as_new_due

with workflow.unsafe.imports_passed_through():
    # Every module defining a type that crosses the workflow boundary is imported explicitly
    # (pydantic resolves dataclass annotations through sys.modules inside the sandbox).
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
        Extend,
        TimerFired,
        apply,
        next_timer,
    )
    from workflows.commands import (
        decide_command,
        extend_command,
        object_command,
        opening_state,
        refusal,
        resolve_command,
        resubmit_command,
        submit_command,
        withdraw_command,
    )
    from workflows.committing import run_commit
    from workflows.contracts import (
        REJECT_CONFLICT,
        CalendarChanged,
        DecideRequest,
        DossierInput,
        DossierStatus,
        ExtendRequest,
        ObjectionRequest,
        OpenRequest,
        Origin,
        ResolutionRequest,
        ResubmitRequest,
        SubmitRequest,
        WithdrawRequest,
    )
    from workflows.status import status_of
    from workflows.transition import (
        TransitionInput,
        settle,
    )


@workflow.defn(name="DossierWorkflowV2")
class DossierWorkflowV2:
    @workflow.init
    def __init__(self, input: DossierInput) -> None:
        self._input = input
        self._failure: ApplicationError | None = None
        self._recalc = False
        # The update whose command awaits its commit, that command (re-applied on top of a
        # transition another attempt of a workflow task committed first, see _commit) and the
        # audit-log entry its transition commits.
        self._pending: tuple[str, Command, Origin | None] | None = None
        self._answers: dict[str, DossierStatus | ApplicationError] = {}  # update id → answer
        if input.carried is not None:
            self._state = input.carried
            self._committed = input.carried.version
            self._first_new = len(input.carried.history) + 1
            return
        self._committed = -1
        self._first_new = 1
        try:
            self._state = opening_state(input)
        except DossierError as exc:
            self._failure = ApplicationError(exc.message, type=exc.kind.value, non_retryable=True)

    @workflow.run
    async def run(self, input: DossierInput) -> DossierStatus:
        if self._failure is not None:
            raise self._failure
        while True:
            if self._dirty():
                await self._commit()
                continue
            if self._state.final:
                break
            if continue_as_new_due(self._input.continue_as_new_after):
                await workflow.wait_condition(workflow.all_handlers_finished)
                if not self._dirty():
                    workflow.continue_as_new(replace(self._input, carried=self._state))
                continue
            timer = next_timer(self._state)
            if await changed_or_due(self._dirty, None if timer is None else timer[1]):
                assert timer is not None
                if not self._dirty() and next_timer(self._state) == timer:
                    self._apply(TimerFired(timer[0]), None)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return status_of(self._state)

    # --- queries, signals, updates -------------------------------------------------------

    @workflow.query(name="get_status")
    def get_status(self) -> DossierStatus:
        return status_of(self._state)

    @workflow.signal(name="calendar_changed")
    def calendar_changed(self, _: CalendarChanged) -> None:
        self._recalc = True  # the main loop recomputes the open deadline in its next commit

    @workflow.update(name="open")
    async def open(self, req: OpenRequest) -> DossierStatus:
        await workflow.wait_condition(lambda: self._committed >= 0 and not self._dirty())
        return status_of(self._state)

    @open.validator
    def _validate_open(self, req: OpenRequest) -> None:
        if req.request_hash != self._input.request_hash:
            raise ApplicationError(
                "Khóa Idempotency-Key đã dùng cho một yêu cầu khác",
                {"field": "Idempotency-Key", "code": "key_reused"},
                type=REJECT_CONFLICT,
            )

    @workflow.update(name="decide")
    async def decide(self, req: DecideRequest) -> DossierStatus:
        return await self._handle(lambda: decide_command(req), req.origin)

    @decide.validator
    def _validate_decide(self, req: DecideRequest) -> None:
        self._check(lambda: decide_command(req))

    @workflow.update(name="resubmit")
    async def resubmit(self, req: ResubmitRequest) -> DossierStatus:
        return await self._handle(lambda: resubmit_command(req), req.origin)

    @resubmit.validator
    def _validate_resubmit(self, req: ResubmitRequest) -> None:
        self._check(lambda: resubmit_command(req))

    @workflow.update(name="withdraw")
    async def withdraw(self, req: WithdrawRequest) -> DossierStatus:
        return await self._handle(lambda: withdraw_command(req), req.origin)

    @withdraw.validator
    def _validate_withdraw(self, req: WithdrawRequest) -> None:
        self._check(lambda: withdraw_command(req))

    @workflow.update(name="extend_deadline")
    async def extend_deadline(self, req: ExtendRequest) -> DossierStatus:
        return await self._handle(lambda: extend_command(req), req.origin)

    @extend_deadline.validator
    def _validate_extend(self, req: ExtendRequest) -> None:
        self._check(lambda: extend_command(req))

    @workflow.update(name="submit")
    async def submit(self, req: SubmitRequest) -> DossierStatus:
        return await self._handle(lambda: submit_command(req), req.origin)

    @submit.validator
    def _validate_submit(self, req: SubmitRequest) -> None:
        self._check(lambda: submit_command(req))

    @workflow.update(name="object")
    async def object(self, req: ObjectionRequest) -> DossierStatus:
        return await self._handle(lambda: object_command(req))

    @object.validator
    def _validate_object(self, req: ObjectionRequest) -> None:
        self._check(lambda: object_command(req))

    @workflow.update(name="resolve_objection")
    async def resolve_objection(self, req: ResolutionRequest) -> DossierStatus:
        return await self._handle(lambda: resolve_command(req), req.origin)

    @resolve_objection.validator
    def _validate_resolve(self, req: ResolutionRequest) -> None:
        self._check(lambda: resolve_command(req))

    # --- internals ------------------------------------------------------------------------

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
            policy=self._input.policy,
            recalc=self._recalc,
            request_id=None if self._pending is None else self._pending[0],
            origin=None if self._pending is None else self._pending[2],
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
        if pending is not None:  # the update waits for this answer
            self._answers[pending[0]] = replace(status_of(settled), audited=pending[2] is not None)

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
