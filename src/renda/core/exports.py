"""CSV download of a list page: the same filtered rows as the page, the columns it shows, all of them.

A list view builds its queryset (the user's visible rows, the page's filters) as always, then asks
`csv_export(request, qs, columns=…, filename=…)`: with `?format=csv` in the query it answers a streaming CSV
(UTF-8 with a byte-order mark, so that Excel shows Chinese), else None and the view renders its page. The
page's pagination (`core/_pagination.html`) then shows the 导出 CSV link (`core/_csv_link.html`: the same query
string plus `format=csv`).

- Same permission and town scoping as the page: the queryset is the page's own, and the response's rows are
  read while streaming inside the request's town scope and language, re-entered by the generator (the WSGI
  server reads the body after the middleware has left its scope).
- Big lists: rows are read in chunks (`QuerySet.iterator`) and written as they come.
- Formula injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
  `'`, so that a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django_scopes import get_scope, scope

CSV_PARAM = "format"
CSV_VALUE = "csv"
CHUNK = 500
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of the download: its heading and how to read it from a row (a dotted attribute path, each
    step read as its choice label where it has one, or a function of the row)."""

    label: Any  # a (lazy) translatable string
    value: str | Callable[[Any], Any]


def csv_wanted(request: HttpRequest) -> bool:
    return request.GET.get(CSV_PARAM) == CSV_VALUE


def _read(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if obj is None:
            return None
        if isinstance(obj, models.Model):
            try:
                field = obj._meta.get_field(part)
            except Exception:  # noqa: BLE001 — not a field: a property or method
                field = None
            if field is not None and getattr(field, "choices", None) and not field.is_relation:
                obj = getattr(obj, f"get_{part}_display")()
                continue
        obj = getattr(obj, part)
        if isinstance(obj, models.Manager):
            return "、".join(str(o) for o in obj.all())
        if callable(obj):
            obj = obj()
    return obj


def cell(value: Any) -> str:
    """A value as the text of one cell, guarded against formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def row_cells(obj: Any, columns: Iterable[Column]) -> list[str]:
    return [cell(c.value(obj) if callable(c.value) else _read(obj, c.value)) for c in columns]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def _rows(qs: Any) -> Iterator[Any]:
    if isinstance(qs, models.QuerySet):
        yield from qs.iterator(chunk_size=CHUNK)
    else:
        yield from qs


def csv_response(qs: Any, *, columns: list[Column], filename: str) -> StreamingHttpResponse:
    """A streaming CSV of `qs` (a queryset or any iterable of rows) with these columns."""
    captured = dict(get_scope())
    language = translation.get_language()
    header = [str(c.label) for c in columns]

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(header)
        with scope(**captured), translation.override(language):
            for obj in _rows(qs):
                yield writer.writerow(row_cells(obj, columns))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"{filename}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_export(
    request: HttpRequest, qs: Any, *, columns: list[Column], filename: str
) -> StreamingHttpResponse | None:
    """The CSV download when the request asks for it (`?format=csv`), else None (render the page)."""
    request.csv_exportable = True  # type: ignore[attr-defined]  # the page's pagination shows the link
    if not csv_wanted(request):
        return None
    return csv_response(qs, columns=columns, filename=filename)
