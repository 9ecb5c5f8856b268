"""What the congress pages share: query-string values and DOCX downloads."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse

from renda.core.types import IdField, YearField, query_value


def page_size() -> int:
    return settings.RENDA["PAGE_SIZE"]


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
