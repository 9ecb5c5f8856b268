"""Forms parse input for the pages; the services keep the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.types import IdMultipleChoiceField, VersionField
from renda.core.widgets import DateInput, form_widgets_fit
from renda.registry.enums import Level, MandateStatus
from renda.registry.models import HandlingUnit, Person

from . import services
from .models import Channel, ContactWay, Kind, Score


def deputies_of(town):
    return (
        Person.objects.filter(town=town, mandates__status=MandateStatus.SERVING, mandates__level=Level.TOWN)
        .distinct()
        .order_by("name")
    )


def units_of(town):
    return HandlingUnit.objects.filter(town=town, end_date=None).order_by("name")


class Versioned(forms.Form):
    version = VersionField(required=False)


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=Kind.choices, initial=Kind.SUGGESTION)
    channel = forms.ChoiceField(label=_("提出渠道"), choices=Channel.choices, initial=Channel.RECESS)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 8}))
    topic = forms.CharField(
        label=_("主题标签"), max_length=200, required=False, help_text=_("如：交通、水利，以顿号分隔")
    )
    lead = forms.ModelChoiceField(label=_("领衔代表"), queryset=Person.objects.none())
    co_signers = IdMultipleChoiceField(
        label=_("附议代表"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("附议代表确认后建议才正式提交"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    attachment = forms.FileField(
        label=_("附件"), required=False, help_text=_("图片（JPG、PNG）、PDF 或 Word 文件")
    )
    submit = forms.BooleanField(label=_("立即提交（不勾选则保存为草稿）"), required=False, initial=True)

    def __init__(self, *args, town, lead=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = deputies_of(town)
        self.fields["lead"].queryset = people
        self.fields["co_signers"].queryset = people
        if lead is not None:
            self.fields["lead"].initial = lead.pk
            self.fields["lead"].widget = forms.HiddenInput()
            self.fields["co_signers"].queryset = people.exclude(pk=lead.pk)
        for name, field in self.fields.items():
            if name != "submit":
                field.widget.attrs.setdefault(
                    "class",
                    "form-select"
                    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
                    else "form-control",
                )
        self.fields["submit"].widget.attrs["class"] = "form-check-input"
        form_widgets_fit(self)


class ReviewForm(Versioned):
    accept = forms.TypedChoiceField(
        label=_("审查结果"),
        choices=[("1", _("立案")), ("0", _("不予立案"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(label=_("不予立案理由"), required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "—")] + services.not_accepted_reasons()


class AssignForm(Versioned):
    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=HandlingUnit.objects.none())
    co_units = IdMultipleChoiceField(
        label=_("协办单位"), queryset=HandlingUnit.objects.none(), required=False
    )
    difficult = forms.BooleanField(label=_("涉及面广或办理难度大（答复期限 6 个月）"), required=False)

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units_of(suggestion.town)
        self.fields["co_units"].queryset = units_of(suggestion.town)


class ReasonForm(Versioned):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class ContactForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput())
    way = forms.ChoiceField(label=_("方式"), choices=ContactWay.choices)
    summary = forms.CharField(label=_("沟通情况"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("协办意见"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延期天数"), min_value=1, max_value=180)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"), choices=[("1", _("批准")), ("0", _("不批准"))], coerce=lambda v: v == "1"
    )

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class ReplyForm(Versioned):
    outcome_class = forms.ChoiceField(label=_("办理结果类别"))
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}))
    planned_date = forms.DateField(
        label=_("计划完成日期"),
        required=False,
        help_text=_("B 类必填"),
        widget=DateInput(),
    )
    letter = forms.FileField(label=_("盖章答复函"), help_text=_("PDF、图片或 Word 文件"))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)
        self.fields["outcome_class"].choices = services.outcome_classes()


class FeedbackForm(forms.Form):
    work_score = forms.ChoiceField(label=_("对办理工作"), choices=Score.choices, widget=forms.RadioSelect)
    result_score = forms.ChoiceField(label=_("对办理结果"), choices=Score.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    others = IdMultipleChoiceField(
        label=_("并入本件的建议"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, suggestion, **kwargs):
        from .models import Suggestion
        from .workflow import MERGEABLE

        super().__init__(*args, **kwargs)
        qs = Suggestion.objects.filter(
            town=suggestion.town, year=suggestion.year, state__in=list(MERGEABLE)
        ).exclude(pk=suggestion.pk)
        self.fields["others"].queryset = qs


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("列为重点督办"), required=False)
    supervisors = IdMultipleChoiceField(
        label=_("督办的主席团成员"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, suggestion, **kwargs):
        from renda.registry.models import PresidiumMember

        super().__init__(*args, **kwargs)
        self.fields["supervisors"].queryset = Person.objects.filter(
            pk__in=PresidiumMember.objects.filter(town=suggestion.town, end_date=None).values("person")
        )


class PublishForm(forms.Form):
    published = forms.BooleanField(label=_("公开答复"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class FollowupForm(forms.Form):
    done = forms.BooleanField(label=_("已落实"), required=False)
    note = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 2}))
    new_date = forms.DateField(
        label=_("新的计划完成日期"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("附件"))

    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class EmptyForm(Versioned):
    def __init__(self, *args, **kwargs):
        kwargs.pop("suggestion", None)
        super().__init__(*args, **kwargs)


class NoticeForm(forms.Form):
    deadline = forms.DateField(
        label=_("办理期限"),
        required=False,
        help_text=_("各件建议按其自身的答复期限；此期限只用于尚无答复期限的建议"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


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
