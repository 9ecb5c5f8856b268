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
            super().clean_fields(exclude=_loaded_relations(self, exclude))  # type: ignore[misc]  # a mixin
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


def _loaded_relations(obj, exclude) -> set[str]:
    """`exclude` plus the foreign keys whose object is already on the instance, loaded from the database.

    Django validates a foreign key by querying its table for the id (`ForeignKey.validate`), one query per key
    per `full_clean`: a service that creates a row with four keys paid four lookups for objects it was handed.
    An object that came from the database exists (a deletion since is the database constraint's to refuse);
    only a bare id, or an object not saved or with another id, is still checked."""
    skip = set(exclude or ())
    for f in obj._meta.concrete_fields:
        if f.many_to_one and f.is_cached(obj):
            related = getattr(obj, f.name)
            if related is not None and not related._state.adding and related.pk == getattr(obj, f.attname):
                skip.add(f.name)
    return skip


def xml_safe_row(values) -> list:
    """A spreadsheet row with every string passed through `xml_safe` (openpyxl refuses control characters)."""
    return [xml_safe(v) for v in values]
