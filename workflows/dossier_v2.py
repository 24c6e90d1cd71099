"""DossierWorkflowV2: one commendation dossier, one PostgreSQL transaction per transition.

Handlers only change state: an update waits until no transition is in flight, applies its
command to ``self._state`` through the pure ``domain.dossier.apply`` (the validator applied the
same command to a throw-away copy) and waits until the main loop has committed it; it answers
with the committed state, so after any 2xx every read of PostgreSQL already shows it, the new
stage's ``due_at`` included. The main loop does all I/O: it commits each new state through
``commit_transition`` and fires the timers of ``domain.dossier.next_timer``. How an update
waits for its commit, and how a commit is run, live in ``workflows.committing.Transitions``.

Creation is update-with-start: the ``open`` update answers once the submission is committed.
Dossiers started as ``DossierWorkflow`` (engine v1) finish on that type; see README.
"""

from __future__ import annotations

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
    import workflows.transition  # noqa: F401  (the types of Transitions' commits)
    from domain.dossier import DossierError, TimerFired, next_timer
    from workflows.commands import (
        decide_command,
        extend_command,
        object_command,
        opening_state,
        resolve_command,
        resubmit_command,
        submit_command,
        withdraw_command,
    )
    from workflows.committing import Transitions
    from workflows.contracts import (
        REJECT_CONFLICT,
        CalendarChanged,
        DecideRequest,
        DossierInput,
        DossierStatus,
        ExtendRequest,
        ObjectionRequest,
        OpenRequest,
        ResolutionRequest,
        ResubmitRequest,
        SubmitRequest,
        WithdrawRequest,
    )
    from workflows.status import status_of


EXTENSION_ATTRIBUTED = "2026-12-extension-attributed"


@workflow.defn(name="DossierWorkflowV2")
class DossierWorkflowV2(Transitions):
    @workflow.init
    def __init__(self, input: DossierInput) -> None:
        self._input = input
        self._failure: ApplicationError | None = None
        if input.carried is not None:
            self._begin(input.carried, input.policy, carried=True)
            return
        try:
            self._begin(opening_state(input), input.policy, carried=False, origin=input.origin)
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
        # Since EXTENSION_ATTRIBUTED the event names the chair's org and the days granted;
        # extensions recorded before replay as they were.
        attributed = workflow.patched(EXTENSION_ATTRIBUTED)
        return await self._handle(lambda: extend_command(req, attributed=attributed), req.origin)

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
