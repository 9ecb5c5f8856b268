"""A django.tasks backend on Huey: SqliteHuey by default, RedisHuey when REDIS_URL is set (DESIGN).

Tasks are declared with Django's `@task`; enqueueing hands Huey the task's import path and its
JSON arguments, and the Huey consumer (`renda worker`) runs them. Tasks take ids, never model objects.
"""

from __future__ import annotations

import json

from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskResult, TaskResultStatus
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from huey.contrib.djhuey import HUEY
from huey.contrib.djhuey import task as huey_task


@huey_task(retries=3, retry_delay=30)
def run_django_task(path: str, args_json: str, kwargs_json: str):
    func = import_string(path)
    return func.call(*json.loads(args_json), **json.loads(kwargs_json))


class HueyTaskBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result_id = get_random_string(32)
        run_django_task(task.module_path, json.dumps(list(args)), json.dumps(kwargs))
        return TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


def queue_name() -> str:
    return type(HUEY).__name__
