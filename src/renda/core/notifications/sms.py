"""The SMS gateway port: a class with `send(phone, text)`, chosen by settings.RENDA["SMS_BACKEND"].
The console backend prints; the memory backend keeps an outbox for tests; a real gateway implements
the same method."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class BaseSmsBackend:
    def send(self, phone: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"[SMS → {phone}] {text}\n")
        sys.stdout.flush()


class MemorySmsBackend(BaseSmsBackend):
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemorySmsBackend.outbox.append((phone, text))


def sms_backend() -> BaseSmsBackend:
    return import_string(settings.RENDA["SMS_BACKEND"])()


def sms_send(*, phone: str, text: str) -> None:
    sms_backend().send(phone, text)
