"""Text that every page, export and document can carry.

- `control_character_problem`: stored text may not hold C0 control characters (a `\\x0b` in a unit's name
  used to break every DOCX/XLSX it went into); multi-line text may hold tab and line breaks.
- `xml_safe`: the one cleaner every DOCX/XLSX writer passes its text through, so an export survives whatever
  is already stored (XML 1.0 allows no C0 control character but tab, LF and CR, and no U+FFFE/U+FFFF)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def control_character_problem(value: str, *, multiline: bool = False) -> str | None:
    """None if `value` holds no control character (tab and line breaks allowed when multi-line)."""
    pattern = _TEXT_CONTROLS if multiline else _LINE_CONTROLS
    if isinstance(value, str) and pattern.search(value):
        return _("不能包含控制字符（如换页符、垂直制表符）")
    return None


def validate_no_control_characters(value: str) -> None:
    if problem := control_character_problem(value):
        raise ValidationError(problem, code="control_characters")


def xml_safe(value):
    """`value` with the characters XML cannot carry removed; anything not a string is returned as it is."""
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


class CleanInputMixin:
    """Model mixin: `clean_fields` (run by every ModelForm and by the services' `full_clean`) also refuses
    control characters in every text field and dates outside the years the platform accepts."""

    def clean_fields(self, exclude=None):
        import datetime as dt

        from django.conf import settings
        from django.db import models

        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)  # type: ignore[misc]  # a mixin of models.Model
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        low, high = settings.RENDA["DATE_YEAR_MIN"], settings.RENDA["YEAR_MAX"]
        for f in self._meta.concrete_fields:  # type: ignore[attr-defined]  # a mixin of models.Model
            if (exclude and f.name in exclude) or f.name in errors:
                continue
            value = getattr(self, f.attname)
            problem = None
            if isinstance(f, models.CharField | models.TextField):
                problem = control_character_problem(value, multiline=isinstance(f, models.TextField))
            elif (
                isinstance(f, models.DateField)
                and isinstance(value, dt.date)
                and not low <= value.year <= high
            ):
                problem = _("年份应在 %(low)s 至 %(high)s 之间") % {"low": low, "high": high}
            if problem:
                errors[f.name] = [ValidationError(problem, code="invalid")]
        if errors:
            raise ValidationError(errors)


def xml_safe_row(values) -> list:
    """A spreadsheet row with every string passed through `xml_safe` (openpyxl refuses control characters)."""
    return [xml_safe(v) for v in values]
