"""The form district staff enter a year's official holiday schedule with (the page; the API takes lists)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..types import YearField
from .services import calendar_dates_parse

DATES_HELP = _("一个日期（2027-01-01）或一段日期（2027-02-05~2027-02-11），用顿号、逗号或换行分隔")


class CalendarYearForm(forms.Form):
    year = YearField(label=_("年份"), required=True)
    holidays = forms.CharField(
        label=_("放假日期"), widget=forms.Textarea(attrs={"rows": 4}), help_text=DATES_HELP
    )
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("周六或周日调为工作日的日期；没有则留空"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_holidays(self):
        return calendar_dates_parse(self.cleaned_data["holidays"])

    def clean_workdays(self):
        return calendar_dates_parse(self.cleaned_data.get("workdays") or "")

    def apply_errors(self, exc: ValidationError) -> None:
        """Put a service's errors on the fields they name."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)
