"""RoundWorkflow: one submission round from opening to closing; plus the scheduled helpers.

* ``RoundWorkflow`` (id ``round-<code>``): loads the owner's org tree, knows the expected
  submitters and the cut-off of each level, hears about submissions and forwardings through
  signals (and reconciles with the read model before every cut-off, so a signal the API could
  not send is never missed), and escalates whoever is still pending when a cut-off passes —
  again every ``escalate_every`` until they send or the round closes. The ``close`` update ends
  the loop: no timer outlives the round.
* ``ScheduledRoundWorkflow``: what a recurring round's Temporal Schedule starts; it opens the
  round of the day as a child workflow (abandoned, so it lives on after the opener ends).
* ``DigestWorkflow``: the daily digest run (a Temporal Schedule at 07:00 Asia/Ho_Chi_Minh).

Signals and the update only change ``self._state`` through ``domain.round``; every activity
runs from the main loop, so handlers never interleave with I/O.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows.waiting import changed_or_due, continue_as_new_due

with workflow.unsafe.imports_passed_through():
    import domain.calendar
    import domain.levels
    import domain.routes
    import domain.span  # noqa: F401
    from domain.calendar import VN_TZ
    from domain.round import (
        RoundError,
        RoundEvent,
        RoundState,
        RoundStatus,
        close_round,
        deadline_for,
        escalate,
        next_timer,
        open_round,
        record_forwarding,
        record_late_decision,
        record_submission,
        resolve_deadlines,
        submitting_levels,
    )
    from domain.round_bounds import after_gap
    from workflows.activity_contracts import (
        COMPUTE_DEADLINE,
        DB_RETRY,
        DB_TIMEOUT,
        DeadlineRequest,
        DeadlineResult,
        Recipient,
    )
    from workflows.contracts import Origin
    from workflows.round_contracts import (
        COLLECT_ROUND_PROGRESS,
        LOAD_ROUND_TREE,
        NOTIFY_ROUND,
        PROJECT_ROUND,
        REJECT_CLOSED,
        ROUND_COALESCE,
        ROUND_ONE_TRANSACTION,
        SEND_DAILY_DIGEST,
        CloseRequest,
        DigestInput,
        DigestRequest,
        DigestResult,
        DossierNews,
        LateDecision,
        OpenRoundRequest,
        RoundInput,
        RoundNotice,
        RoundProgress,
        RoundProjection,
        RoundTree,
        RoundView,
        ScheduledRoundInput,
        round_view,
        round_workflow_id,
    )


@workflow.defn(name="RoundWorkflow")
class RoundWorkflow:
    @workflow.init
    def __init__(self, input: RoundInput) -> None:
        self._input = input
        self._state: RoundState | None = input.carried
        self._pending: list[RoundEvent] = []
        self._audit: list[Origin] = []  # entries of the commands the next projection commits
        self._projected = input.carried.version if input.carried is not None else -1

    @workflow.run
    async def run(self, input: RoundInput) -> RoundView:
        if self._state is None:
            await self._open(input)
        await self._flush()
        while self.state.status is RoundStatus.open:
            if self._should_continue_as_new():
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(replace(self._input, carried=self.state))
            await self._wait_next()
            await self._flush()
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self._flush()
        return round_view(self.state)

    @property
    def state(self) -> RoundState:
        assert self._state is not None, "the round is not open yet"
        return self._state

    # --- messages ------------------------------------------------------------------------

    @workflow.query(name="get_status")
    def get_status(self) -> RoundView | None:
        return None if self._state is None else round_view(self._state)

    @workflow.signal(name="record_submission")
    async def record_submission(self, news: DossierNews) -> None:
        await workflow.wait_condition(lambda: self._state is not None)
        self._change(*record_submission(self.state, news.org_code, news.dossier_id, news.at))

    @workflow.signal(name="record_forwarding")
    async def record_forwarding(self, news: DossierNews) -> None:
        await workflow.wait_condition(lambda: self._state is not None)
        self._change(*record_forwarding(self.state, news.org_code, news.dossier_id, news.at))

    @workflow.signal(name="record_late_decision")
    async def record_late_decision(self, news: LateDecision) -> None:
        await workflow.wait_condition(lambda: self._state is not None)
        self._change(
            *record_late_decision(self.state, news.org_code, news.dossier_id, news.action, news.at)
        )

    @workflow.update(name="close")
    async def close(self, request: CloseRequest) -> RoundView:
        await workflow.wait_condition(lambda: self._state is not None)
        self._change(*close_round(self.state, request.actor, workflow.now(), request.comment))
        if request.origin is not None:
            self._audit.append(request.origin)
        await workflow.wait_condition(lambda: self._projected == self.state.version)
        return round_view(self.state)

    @workflow.update(name="open")
    async def open(self, request: OpenRoundRequest) -> RoundView:
        """Sent with the start (update-with-start): answers once the opened round is committed,
        so the 201 and every read after it show the submitters."""
        await workflow.wait_condition(lambda: self._state is not None and self._projected >= 0)
        return round_view(self.state)

    @open.validator
    def _validate_open(self, request: OpenRoundRequest) -> None:
        if request.request_hash != self._input.request_hash:
            raise ApplicationError(
                f"Đợt {self._input.code} đã tồn tại",
                {"field": "code"},
                type=REJECT_CLOSED,
            )

    @close.validator
    def _validate_close(self, request: CloseRequest) -> None:
        if self._state is not None and self._state.status is RoundStatus.closed:
            raise ApplicationError(
                f"Đợt {self._state.code} đã kết thúc",
                {"field": None},
                type=REJECT_CLOSED,
            )

    # --- internals -----------------------------------------------------------------------

    def _change(self, state: RoundState, events: list[RoundEvent]) -> None:
        self._state = state
        self._pending.extend(events)

    async def _open(self, input: RoundInput) -> None:
        tree: RoundTree = await workflow.execute_activity(
            LOAD_ROUND_TREE,
            input.owner_org,
            result_type=RoundTree,
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        opened_at = input.opened_at or workflow.now()
        try:
            deadlines = resolve_deadlines(
                input.submission_deadlines,
                opened_at,
                submitting_levels(tree.owner, tree.nodes),
            )
        except RoundError as exc:
            raise ApplicationError(exc.message, {"field": exc.field}, non_retryable=True) from None
        self._change(
            *open_round(
                code=input.code,
                name=input.name,
                year=input.year,
                owner=tree.owner,
                award_codes=input.award_codes,
                opened_at=opened_at,
                deadlines=deadlines,
                subtree=tree.nodes,
                decided_rank=input.decided_rank,
            )
        )
        if input.origin is not None:
            self._audit.append(input.origin)

    def _should_continue_as_new(self) -> bool:
        return continue_as_new_due(self._input.continue_as_new_after)

    async def _wait_next(self) -> None:
        timer = next_timer(self.state)
        version = self.state.version
        changed = lambda: self.state.version != version  # noqa: E731
        if await changed_or_due(changed, None if timer is None else timer[1]):
            assert timer is not None
            await self._fire(timer[0])

    async def _fire(self, key: str) -> None:
        progress: RoundProgress = await workflow.execute_activity(
            COLLECT_ROUND_PROGRESS,
            self.state.code,
            result_type=RoundProgress,
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        for news in progress.submissions:
            self._change(*record_submission(self.state, news.org_code, news.dossier_id, news.at))
        for news in progress.forwardings:
            self._change(*record_forwarding(self.state, news.org_code, news.dossier_id, news.at))
        timer = next_timer(self.state)
        if timer is None or timer[0] != key:
            return  # closed (or the timer moved) while we looked
        at = timer[1]
        following = await self._following(at)
        if next_timer(self.state) != timer:
            return
        due = following.due_at
        if workflow.patched(ROUND_COALESCE) and due <= workflow.now():
            # Missed escalations (a past cut-off, downtime) or a zero interval: one notice
            # now, the next one a whole interval later, never a burst and never a busy loop.
            at = workflow.now()
            due = after_gap(at, (await self._following(at)).due_at)
            if next_timer(self.state) != timer:
                return
        self._change(*escalate(self.state, key, at, due))

    async def _following(self, at: datetime) -> DeadlineResult:
        """When the escalation after one at ``at`` is due (``escalate_every`` later)."""
        result: DeadlineResult = await workflow.execute_activity(
            COMPUTE_DEADLINE,
            DeadlineRequest(at, [self._input.escalate_every]),
            result_type=DeadlineResult,
            start_to_close_timeout=DB_TIMEOUT,
            retry_policy=DB_RETRY,
        )
        return result

    async def _flush(self) -> None:
        """Project the state with the notices of its new escalations (one transaction since
        ``ROUND_ONE_TRANSACTION``; before it, the notices followed one by one)."""
        one_transaction = workflow.patched(ROUND_ONE_TRANSACTION)
        while self._state is not None and self._projected != self._state.version:
            snapshot, events, audit = self._state, self._pending, self._audit
            self._pending, self._audit = [], []
            escalations = [e for e in events if e.kind == "escalated"]
            notices = [self._notice(snapshot, e) for e in escalations] if one_transaction else []
            await workflow.execute_activity(
                PROJECT_ROUND,
                RoundProjection(
                    snapshot,
                    events,
                    self._input.created_by,
                    self._input.submission_deadlines,
                    notices,
                    audit,
                ),
                start_to_close_timeout=DB_TIMEOUT,
                retry_policy=DB_RETRY,
            )
            self._projected = snapshot.version
            if not one_transaction:
                for event in escalations:
                    await workflow.execute_activity(
                        NOTIFY_ROUND,
                        self._notice(snapshot, event),
                        start_to_close_timeout=DB_TIMEOUT,
                        retry_policy=DB_RETRY,
                    )

    @staticmethod
    def _notice(state: RoundState, event: RoundEvent) -> RoundNotice:
        assert event.org_code is not None
        late = state.find(event.org_code)
        recipients = [Recipient(event.org_code)]
        # nobody above the owner hears of its round (an owner forwarder of a round started
        # before 2026-12 is escalated to its own chair only)
        if event.parent_code and event.org_code != state.owner_org:
            recipients.append(Recipient(event.parent_code))
        return RoundNotice(
            event_key=event.key,
            round_code=state.code,
            round_name=state.name,
            org_code=event.org_code,
            level=late.level.value if late else "",
            escalation_level=event.escalation_level,
            deadline=deadline_for(late.level, state.deadlines) if late else None,
            recipients=recipients,
        )


@workflow.defn(name="ScheduledRoundWorkflow")
class ScheduledRoundWorkflow:
    """Started by a recurring round's schedule: opens ``<prefix>-<YYYYMMDD>`` as a child."""

    @workflow.run
    async def run(self, input: ScheduledRoundInput) -> str:
        today = workflow.now().astimezone(VN_TZ).date()
        code = f"{input.code_prefix}-{today:%Y%m%d}"
        await workflow.start_child_workflow(
            RoundWorkflow.run,
            RoundInput(
                code=code,
                name=f"{input.name} ({today:%d/%m/%Y})",
                year=today.year,
                owner_org=input.owner_org,
                award_codes=input.award_codes,
                submission_deadlines=input.submission_deadlines,
                escalate_every=input.escalate_every,
                created_by=input.created_by,
                origin=Origin(input.created_by, "round.opened_by_schedule"),
                decided_rank=input.decided_rank,
            ),
            id=round_workflow_id(code),
            task_queue=input.task_queue,
            parent_close_policy=workflow.ParentClosePolicy.ABANDON,
        )
        return code


@workflow.defn(name="DigestWorkflow")
class DigestWorkflow:
    """One day's digest: every chair gets what waits, what is overdue, what is due soon."""

    @workflow.run
    async def run(self, input: DigestInput) -> DigestResult:
        result: DigestResult = await workflow.execute_activity(
            SEND_DAILY_DIGEST,
            DigestRequest(workflow.now(), input.horizon_working_days),
            result_type=DigestResult,
            start_to_close_timeout=timedelta(minutes=2),
            retry_policy=DB_RETRY,
        )
        return result
