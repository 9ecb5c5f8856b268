"""The worker prints each task log line once (issue 14): Huey's consumer adds a handler to the "huey" logger when
it has none, and the root's console printed the same line a second time."""

from __future__ import annotations

import io
import logging
import logging.config
import sys

from django.conf import settings
from django.core.management import call_command


def test_a_task_log_line_is_printed_once(monkeypatch):
    from huey.consumer import Consumer

    def run(self):  # the consumer's start, without its loop: one line as a task would log it
        logging.getLogger("huey.consumer").info("Executing renda.core.tasks.sample: 1")

    monkeypatch.setattr(Consumer, "run", run)
    saved = {name: logging.getLogger(name).handlers[:] for name in ("", "huey")}
    try:
        out = io.StringIO()
        monkeypatch.setattr(sys, "stderr", out)  # every StreamHandler made from here on writes to `out`
        logging.getLogger("huey").handlers[:] = []
        logging.config.dictConfig(settings.LOGGING)
        call_command("run_huey")
        assert out.getvalue().count("Executing renda.core.tasks.sample: 1") == 1, out.getvalue()
    finally:
        logging.config.dictConfig(settings.LOGGING)
        for name, handlers in saved.items():
            logging.getLogger(name).handlers[:] = handlers
