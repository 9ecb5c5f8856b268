"""What the congress pages share: query-string values, the invalid-form answer and DOCX downloads."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from renda.core.types import IdField, YearField, query_value
from renda.core.web import form_error_text


def page_size() -> int:
    return settings.RENDA["PAGE_SIZE"]


def invalid(request, form, target: str):
    """A form that did not validate: its errors in one message, back to the page it came from."""
    messages.error(request, form_error_text(form))
    return redirect(target)


def query_id(request, name: str) -> int | None:
    return query_value(request, name, IdField())


def query_year(request, default=None) -> int | None:
    return query_value(request, "year", YearField(), default)


def parse_date(value, default=None):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def docx(content: bytes, filename: str) -> HttpResponse:
    return attachment(
        content, filename, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
