"""Forms of the rectification pages: they parse input; the services keep the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.types import VersionField
from renda.core.widgets import DateInput, form_widgets_fit

from . import queries_rectification as queries
from .enums import ReportKind


def style(form: forms.Form) -> forms.Form:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        elif isinstance(w, forms.Select):
            w.attrs.setdefault("class", "form-select")
        else:
            w.attrs.setdefault("class", "form-control")
    form_widgets_fit(form)
    return form


class Versioned(forms.Form):
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        kwargs.pop("item", None)
        super().__init__(*args, **kwargs)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("整改事项"), max_length=200)
    description = forms.CharField(
        label=_("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=None)
    activity = forms.ModelChoiceField(label=_("来源活动"), queryset=None, required=False)
    opinion = forms.ModelChoiceField(label=_("来源审议意见"), queryset=None, required=False)

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = queries.units_of_town(town=town)
        self.fields["activity"].queryset = queries.activities_of_town(town=town)
        self.fields["opinion"].queryset = queries.opinions_of_town(town=town)
        style(self)


class ReportForm(Versioned):
    kind = forms.ChoiceField(label=_("报告类型"), choices=ReportKind.choices, initial=ReportKind.PROGRESS)
    text = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(
        label=_("佐证材料"), required=False, help_text=_("图片（JPG、PNG）、PDF 或 Word 文件")
    )


class RejectForm(Versioned):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(
        label=_("新的整改期限"),
        required=False,
        widget=DateInput(),
        help_text=_("不填则按整改期限规则重新计算"),
    )


class RecheckForm(Versioned):
    confirmed = forms.TypedChoiceField(
        label=_("回头看结论"),
        choices=[("1", _("整改到位")), ("0", _("重新整改"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("情况说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("重新整改时必填"),
    )
    due_date = forms.DateField(
        label=_("新的整改期限"),
        required=False,
        widget=DateInput(),
        help_text=_("重新整改时可填；不填则按整改期限规则重新计算"),
    )


class AcceptForm(Versioned):
    pass
