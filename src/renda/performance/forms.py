"""Forms of the performance pages: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from renda.core.records import record_kinds
from renda.core.types import VersionField
from renda.core.widgets import DateInput, form_widgets_fit

from .enums import DutyKind


class _Bootstrap:
    def _style(self):
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")
        form_widgets_fit(self)  # type: ignore[arg-type]


class DutyForm(_Bootstrap, forms.Form):
    """An other duty; staff choose the deputy among the given persons, a deputy enters their own."""

    person = forms.ModelChoiceField(label=_("代表"), queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=_("类型"), choices=DutyKind.choices)
    date = forms.DateField(label=_("日期"), widget=DateInput())
    title = forms.CharField(label=_("事项"), max_length=200)
    note = forms.CharField(
        label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]
        self._style()


class RejectForm(_Bootstrap, forms.Form):
    reason = forms.CharField(label=_("不予确认理由"), max_length=300)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def field_name(kind: str, what: str) -> str:
    return f"{what}__{kind.replace('.', '__')}"


class RulesForm(_Bootstrap, forms.Form):
    """Points per line and the cap of every kind of the record (a cap left empty: none)."""

    version = VersionField(required=False)

    def __init__(self, *args, rules: dict, **kwargs):
        super().__init__(*args, **kwargs)
        most = settings.RENDA["PERFORMANCE_POINTS_MAX"]
        self.kinds = list(record_kinds().items())
        for kind, label in self.kinds:
            rule = rules.get(kind, {"points": 0, "cap": None})
            self.fields[field_name(kind, "points")] = forms.DecimalField(
                label=_("%(kind)s：每项分值") % {"kind": label}, max_digits=6, decimal_places=1,
                min_value=-most, max_value=most, initial=rule.get("points"),
            )  # fmt: skip
            self.fields[field_name(kind, "cap")] = forms.DecimalField(
                label=_("%(kind)s：上限") % {"kind": label}, max_digits=6, decimal_places=1, min_value=0,
                max_value=most, required=False, initial=rule.get("cap"),
            )  # fmt: skip
        self._style()

    def rows(self):
        """(label, points field, cap field) per kind, for the template."""
        return [(label, self[field_name(k, "points")], self[field_name(k, "cap")]) for k, label in self.kinds]

    def rules(self) -> dict:
        d = self.cleaned_data
        return {
            k: {"points": d[field_name(k, "points")], "cap": d.get(field_name(k, "cap"))}
            for k, _label in self.kinds
        }


class CorrectForm(_Bootstrap, forms.Form):
    delta = forms.DecimalField(label=_("增减分值"), max_digits=6, decimal_places=1)
    reason = forms.CharField(label=_("更正理由"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
