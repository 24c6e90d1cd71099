"""Composition root of the worker: activities with their dependencies, workflow, interceptors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.worker import PollerBehaviorSimpleMaximum, Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.awards import AwardActivities
from activities.deadline import DeadlineActivities
from activities.digest import DigestActivities
from activities.interceptor import LogContextInterceptor
from activities.notify import NotifyActivities
from activities.projection import ProjectionActivities
from activities.round import RoundActivities
from activities.transition import TransitionActivities
from core.settings import Settings
from workflows.dossier import DossierWorkflow
from workflows.dossier_v2 import DossierWorkflowV2
from workflows.round import DigestWorkflow, RoundWorkflow, ScheduledRoundWorkflow

# The sandbox re-imports every module that is not passed through for each new workflow run.
# ``domain`` (pure stdlib) and ``workflows`` (constants and pure functions, no module state)
# are deterministic by construction (import-linter keeps them free of I/O), so they are
# imported once: creating a dossier's workflow instance no longer executes its modules again
# (py-spy under `make bench`: ~9 % of the worker's CPU, ~50 ms per new dossier). The
# sandbox's call restrictions still apply to every other module.
WORKFLOW_RUNNER = SandboxedWorkflowRunner(
    restrictions=SandboxRestrictions.default.with_passthrough_modules("domain", "workflows")
)


def build_activities(sessions: async_sessionmaker[AsyncSession]) -> Sequence[Any]:
    """Every activity callable, bound to its dependencies."""
    return [
        TransitionActivities(sessions).commit_transition,
        # engine v1 activities: dossiers started before v2 finish on them
        ProjectionActivities(sessions).project_dossier,
        DeadlineActivities(sessions).compute_deadline,
        NotifyActivities(sessions).notify,
        AwardActivities(sessions).record_awards,
        *_round_activities(sessions),
    ]


def _round_activities(sessions: async_sessionmaker[AsyncSession]) -> Sequence[Any]:
    rounds = RoundActivities(sessions)
    return [
        rounds.load_round_tree,
        rounds.project_round,
        rounds.collect_round_progress,
        rounds.notify_round,
        DigestActivities(sessions).send_daily_digest,
    ]


def build_worker(
    client: Client,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    *,
    task_queue: str | None = None,
) -> Worker:
    """The worker of the dossier task queue (``settings.task_queue`` unless overridden)."""
    return Worker(
        client,
        task_queue=task_queue or settings.task_queue,
        workflows=[
            DossierWorkflowV2,
            DossierWorkflow,
            RoundWorkflow,
            ScheduledRoundWorkflow,
            DigestWorkflow,
        ],
        activities=build_activities(sessions),
        interceptors=[LogContextInterceptor()],
        workflow_runner=WORKFLOW_RUNNER,
        graceful_shutdown_timeout=timedelta(seconds=10),
        max_concurrent_workflow_tasks=settings.max_concurrent_workflow_tasks,
        max_concurrent_activities=settings.max_concurrent_activities,
        max_cached_workflows=settings.max_cached_workflows,
        **workflow_pollers(settings),
    )


def workflow_pollers(settings: Settings) -> dict[str, Any]:
    """The Worker options of its workflow-task long polls. The SDK's default (5, a fifth of
    them on the normal queue) leaves one poll for the queue every new dossier's first task
    arrives on, so creates queued behind it (make bench, tdkt cycle: create p99 ~2.0 s ->
    ~0.9 s with 10 pollers, half of them on the normal queue)."""
    polls = PollerBehaviorSimpleMaximum(settings.workflow_task_pollers)
    return {
        "workflow_task_poller_behavior": polls,
        "nonsticky_to_sticky_poll_ratio": settings.nonsticky_poll_ratio,
    }
