from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import form_choices
from renda.receptions.enums import Satisfaction
from renda.receptions.services import appeal_categories
from renda.registry.models import Village


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PublicAppealForm(forms.Form):
    content = forms.CharField(
        label=_("您的诉求"), widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"})
    )
    category = forms.ChoiceField(label=_("类别"), widget=forms.Select(attrs={"class": "form-select"}))
    village = forms.ModelChoiceField(
        label=_("所在村（社区）"),
        queryset=form_choices(Village).none(),
        required=False,
        empty_label=_("（可不选）"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    citizen_name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}),
    )
    citizen_phone = forms.CharField(
        label=_("手机号"),
        max_length=11,
        help_text=_("仅用于答复您；查询进展时需要手机号后四位。"),
        # type=tel and inputmode=tel: a phone opens its number keypad.
        widget=forms.TextInput(
            attrs={"type": "tel", "class": "form-control", "inputmode": "tel", "autocomplete": "tel"}
        ),
    )
    photos = MultipleFileField(
        label=_("照片（可选）"),
        required=False,
        widget=MultipleFileInput(
            attrs={"class": "form-control", "accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    answer = forms.CharField(
        label=_("验证题"),
        max_length=4,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    challenge = forms.CharField(widget=forms.HiddenInput)
    # A honeypot: hidden from people by CSS class, filled in by simple robots.
    website = forms.CharField(
        required=False,
        label=_("网址（请留空）"),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, town, question: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["category"].choices = appeal_categories()
        self.fields["village"].queryset = (
            form_choices(Village).filter(town=town, active=True).order_by("code")
        )
        self.fields["content"].max_length = settings.RENDA["APPEAL_CONTENT_MAX_CHARS"]
        self.fields["answer"].help_text = question


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    last4 = forms.RegexField(
        label=_("手机号后四位"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("请填写 4 位数字")},
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )


class VoterFeedbackForm(TrackForm):
    satisfaction = forms.ChoiceField(
        label=_("您对答复是否满意"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("意见（可选）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    second_look = forms.BooleanField(
        label=_("不满意，申请复查（仅一次）"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
