"""Choice labels from a dictionary per field and language.

Why: `get_FOO_display()` walks the field's choices and translates a lazy string on every call (40–80 µs); a
list of 25 rows with three choice columns pays that 75 times per page. The labels of a field in one language
never change while the process runs, so they are built once and looked up by value.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language

_LABELS: dict[tuple[int, str], dict[Any, str]] = {}


def choice_labels(field: models.Field) -> dict[Any, str]:
    """{value: label} of a field with choices, in the active language."""
    key = (id(field), get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {value: str(label) for value, label in field.flatchoices}
    return labels


def choice_label(obj: models.Model, name: str) -> Any:
    """The label of obj's choice field `name` (what get_<name>_display() returns), or None when the attribute
    is not a field with choices."""
    try:
        field = obj._meta.get_field(name)
    except Exception:  # not a model field (a property or a method)
        return None
    if not isinstance(field, models.Field) or not field.choices:
        return None
    value = getattr(obj, field.attname)
    return choice_labels(field).get(value, value)
