"""Bounded input types, one place for every integer a request may carry.

An unbounded `int` lets 2^63 or -1 reach the database (an OverflowError on SQLite, "out of range" on
PostgreSQL: a 500). The API annotates its parameters and body fields with the pydantic types below (out of
range: 422); pages parse their GET parameters with the form fields below (out of range: a Chinese message).
Ids fit a 32-bit signed integer, so the same bound holds on every database."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, Field

ID_MAX = 2**31 - 1
COUNT_MAX = 2**31 - 1
LIMIT_MAX = 500
YEAR_MIN = settings.RENDA["YEAR_MIN"]
YEAR_MAX = settings.RENDA["YEAR_MAX"]

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
"""A primary key (path parameter, query filter or body field)."""
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Limit = Annotated[int, Field(ge=1, le=LIMIT_MAX)]
Offset = Annotated[int, Field(ge=0, le=COUNT_MAX)]
PageNumber = Annotated[int, Field(ge=1, le=COUNT_MAX)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
"""A non-negative number stored in an integer column (vote counts, days, versions)."""


def _local_time(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("时间为北京时间，不带时区")
    return value


LocalTime = Annotated[dt.time, AfterValidator(_local_time)]
"""A time of day as the office states it (Beijing time): one with a zone cannot be compared with stored times."""


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=ID_MAX, **kwargs)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class CountField(forms.IntegerField):
    """A count or number a page form takes (votes, visitors, a population, a session number): `min_value`
    (0 unless given) … a database integer's maximum, so 2^63 or -1 is a form error, never a 500."""

    def __init__(self, *, min_value: int = 0, max_value: int = COUNT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=min(max_value, COUNT_MAX), **kwargs)


class VersionField(CountField):
    """The hidden row version a page posts back (optimistic locking), bounded like a count."""

    widget = forms.HiddenInput


class PageNumberField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=COUNT_MAX, **kwargs)


def query_value(request, name: str, field: forms.Field, default=None):
    """One GET parameter parsed by a bounded form field: the value, `default` when absent, and `default`
    with a Chinese message on the page when it is not valid (never an error past the view)."""
    raw = request.GET.get(name, "")
    if raw in ("", None):
        return default
    try:
        value = field.clean(raw)
    except forms.ValidationError as exc:
        from django.contrib import messages

        messages.error(
            request, _("参数 %(name)s 无效：%(reason)s") % {"name": name, "reason": " ".join(exc.messages)}
        )
        return default
    return default if value is None else value


class LimitOffset(LimitOffsetPagination):
    """django-ninja's limit/offset pagination with both bounds (its own leaves the offset unbounded)."""

    class Input(Schema):
        limit: Limit = 100
        offset: Offset = 0


def bounded_int(field: forms.IntegerField) -> object:
    """The pydantic type of a form's integer field: the field's own bounds, else a database integer's."""
    low = field.min_value if field.min_value is not None else -COUNT_MAX
    high = field.max_value if field.max_value is not None else COUNT_MAX
    return Annotated[int, Field(ge=low, le=high)]  # type: ignore[arg-type]  # int bounds, not callables


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose ids are bounded before they reach the database (an `__in` lookup
    with 2^63 is an OverflowError on SQLite); an out-of-range id is an invalid choice like an unknown one."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value or ():
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # the parent refuses it as not a number
                if not 1 <= number <= ID_MAX:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)  # type: ignore[misc]  # Django's private hook, not in the stubs
