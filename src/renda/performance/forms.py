"""Forms of the performance pages: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from renda.core.records import record_kinds
from renda.core.types import IdMultipleChoiceField, VersionField
from renda.core.widgets import DateInput, form_widgets_fit

from .enums import DutyKind, GroupActivityKind, PublishField


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


# ------------------------------------------------------------------------------------------- deputy groups


def _kind_by_label() -> dict[str, str]:
    out = {}
    for value, label in GroupActivityKind.choices:
        out[str(label)] = value
        out[value] = value
    return out


class PlanFileForm(_Bootstrap, forms.Form):
    """A group's yearly plan: one planned activity a line ("月份 活动形式 活动主题"), the designated summariser."""

    summariser = forms.ModelChoiceField(label=_("指定活动总结人"), queryset=None)  # type: ignore[arg-type]
    items = forms.CharField(
        label=_("计划活动"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一项：月份 活动形式 活动主题，如“3 视察 农村道路交通安全”。活动形式：%(kinds)s")
        % {"kinds": "、".join(str(label) for _v, label in GroupActivityKind.choices)},
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    version = VersionField(required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summariser"].queryset = people  # type: ignore[attr-defined]
        self._style()

    def clean_items(self) -> list[dict]:
        kinds = _kind_by_label()
        out = []
        for i, raw in enumerate(self.cleaned_data["items"].splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            parts = line.replace("|", " ").replace("，", " ").replace(",", " ").split(None, 2)
            month = parts[0].removesuffix("月") if parts else ""
            if len(parts) < 3 or not month.isdigit() or parts[1] not in kinds:
                raise forms.ValidationError(
                    _("第 %(i)s 行应为：月份 活动形式 活动主题（活动形式：%(kinds)s）")
                    % {"i": i, "kinds": "、".join(str(label) for _v, label in GroupActivityKind.choices)}
                )
            out.append({"month": int(month[:2]), "kind": kinds[parts[1]], "topic": parts[2].strip()})
        if not out:
            raise forms.ValidationError(_("请至少填写一项计划活动"))
        return out


class GroupActivityForm(_Bootstrap, forms.Form):
    date = forms.DateField(label=_("活动日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("活动形式"), choices=GroupActivityKind.choices)
    topic = forms.CharField(label=_("活动主题"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    attendees = IdMultipleChoiceField(label=_("参加代表"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people  # type: ignore[attr-defined]
        self._style()


class SummaryForm(_Bootstrap, forms.Form):
    summary = forms.CharField(label=_("活动总结"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PublicationForm(_Bootstrap, forms.Form):
    """Which fields the town publishes about its deputies; ID numbers and phone numbers are never offered."""

    publish = forms.MultipleChoiceField(
        label=_("公开事项"), choices=PublishField.choices, widget=forms.CheckboxSelectMultiple
    )
    published = forms.BooleanField(label=_("在群众门户公开本镇代表信息"), required=False)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish"].widget.attrs["class"] = "form-check-input"
        self.fields["published"].widget.attrs["class"] = "form-check-input"
