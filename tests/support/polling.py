"""Wait until a worker polls a task queue: since engine v2 a create answers only after the
worker committed it, so fixtures hand out a worker only once Temporal sees it polling.

A describe can fail transiently: it was answered CANCELLED ("operation was canceled") at
fixture setup in one `make test` run on a slow machine, late in the session, when the session's
long-lived client may meet the server ending a connection at its maximum age. The raw service
call does not retry, so such a failure (or a slow answer) is asked again until ``within``."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio.api.enums.v1 import TaskQueueKind, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

TRANSIENT = (RPCStatusCode.CANCELLED, RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.UNAVAILABLE)


async def worker_polling(client: Client, task_queue: str, within: float = 60.0) -> None:
    request = DescribeTaskQueueRequest(
        namespace=client.namespace,
        task_queue=TaskQueue(name=task_queue, kind=TaskQueueKind.TASK_QUEUE_KIND_NORMAL),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        try:
            described = await client.workflow_service.describe_task_queue(
                request, timeout=timedelta(seconds=5)
            )
        except RPCError as exc:
            if exc.status not in TRANSIENT:
                raise
        else:
            if described.pollers:
                return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"no worker polls {task_queue} after {within:.0f}s")
