"""Wait until a worker polls a task queue: since engine v2 a create answers only after the
worker committed it, so fixtures hand out a worker only once Temporal sees it polling."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio.api.enums.v1 import TaskQueueKind, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client


async def worker_polling(client: Client, task_queue: str, within: float = 60.0) -> None:
    request = DescribeTaskQueueRequest(
        namespace=client.namespace,
        task_queue=TaskQueue(name=task_queue, kind=TaskQueueKind.TASK_QUEUE_KIND_NORMAL),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        described = await client.workflow_service.describe_task_queue(
            request, timeout=timedelta(seconds=5)
        )
        if described.pollers:
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"no worker polls {task_queue} after {within:.0f}s")
