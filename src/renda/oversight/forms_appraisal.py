"""Forms of the station appraisal pages and the voters' portal form: they parse input; the services keep the
rules (the scale, one sheet per deputy or phone, the weights adding up to 100)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.types import VersionField, YearField

from . import queries_appraisal as queries
from .forms_rectification import style


def criteria_text(rows) -> str:
    return "\n".join(f"{name} {weight}" for name, weight in rows)


class AppraisalForm(forms.Form):
    year = YearField(label=gettext_lazy("年度"), required=True)
    title = forms.CharField(
        label=gettext_lazy("标题"), max_length=200, required=False, help_text=gettext_lazy("不填则自动生成")
    )
    criteria = forms.CharField(
        label=gettext_lazy("测评项目及权重"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("每行一项：名称 权重，例如“服务态度 30”；权重合计须为 100"),
    )
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("参评站所"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        units = queries.station_units_of_town(town=town)
        self.fields["units"].queryset = units
        self.fields["units"].initial = list(units.values_list("pk", flat=True))
        self.fields["criteria"].initial = criteria_text(settings.RENDA["APPRAISAL_DEFAULT_CRITERIA"])
        style(self)

    def clean_criteria(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            line = line.strip()
            if not line:
                continue
            name, _sep, weight = line.rpartition(" ")
            if not name.strip() or not weight.isdigit() or len(weight) > 3:
                raise forms.ValidationError(_("“%(line)s”的格式应为：名称 权重") % {"line": line[:50]})
            rows.append((name.strip(), weight))
        return rows


class ScoreForm(forms.Form):
    """One station's sheet: a number per criterion and an opinion (staff: for which deputy, a paper sheet)."""

    opinion = forms.CharField(
        label=gettext_lazy("意见建议"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, criteria, deputies=None, **kwargs):
        kwargs.pop("item", None)
        super().__init__(*args, **kwargs)
        low, high = settings.RENDA["APPRAISAL_SCORE_MIN"], settings.RENDA["APPRAISAL_SCORE_MAX"]
        self.criteria = list(criteria)
        fields = {}
        for c in self.criteria:
            outside = _("“%(name)s”的分数须为 %(low)s 至 %(high)s 之间的整数") % {
                "name": c.name,
                "low": low,
                "high": high,
            }
            fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.name}（{c.weight}%）",
                min_value=low,
                max_value=high,
                error_messages={"min_value": outside, "max_value": outside, "invalid": outside},
                help_text=_("%(low)s–%(high)s 分") % {"low": low, "high": high},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        if deputies is not None:
            fields = {
                "deputy": forms.ModelChoiceField(
                    label=_("代表（录入纸质测评表）"), queryset=deputies, required=True
                ),
                **fields,
            }
        self.fields = {**fields, **self.fields}
        style(self)

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class KeyProblemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("重点问题"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(label=gettext_lazy("责任单位"), queryset=None)
    version = VersionField(required=False)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = queries.units_of_town(town=station.appraisal.town)
        self.fields["unit"].initial = station.unit_id
        style(self)


class VoterScoreForm(ScoreForm):
    """The portal's form: which station, the voter's phone (kept only as a digest), the scores, an opinion."""

    def __init__(self, *args, appraisal, stations, **kwargs):
        super().__init__(*args, criteria=queries.appraisal_criteria(appraisal), **kwargs)
        self.fields = {
            "station": forms.ModelChoiceField(label=_("测评站所"), queryset=stations),
            "phone": forms.CharField(
                label=_("手机号码"),
                max_length=11,
                help_text=_("仅用于防止重复测评，不会公开"),
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            ),
            **self.fields,
        }
        style(self)
