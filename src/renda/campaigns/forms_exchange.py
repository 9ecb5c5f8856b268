"""Forms of the chairs' invitations and the exchange meetings: they parse input; the services keep the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.types import IdMultipleChoiceField, VersionField
from renda.core.widgets import DateInput
from renda.oversight.forms_rectification import style

from . import queries, queries_exchange
from .enums import EventKind, InviteReply, MeetingKind


class PersonChoice(IdMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.town.name}）"


class PersonOne(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.town.name}）"


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    activity = forms.ModelChoiceField(
        label=_("关联监督活动"), queryset=None, required=False, help_text=_("可选：本区的检查、视察等活动")
    )
    persons = PersonChoice(
        label=_("邀请镇人大主席、副主席"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = queries.launch_activities_of_district(district=district)
        self.fields["persons"].queryset = queries_exchange.chair_choices(district=district)
        style(self)


class InviteForm(forms.Form):
    persons = PersonChoice(
        label=_("邀请镇人大主席、副主席"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = queries_exchange.chair_choices(district=district)
        style(self)


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("答复"),
        choices=[
            (InviteReply.ATTEND, InviteReply.ATTEND.label),
            (InviteReply.EXCUSED, InviteReply.EXCUSED.label),
        ],
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class AttendanceForm(forms.Form):
    version = VersionField(required=False)
    attended = IdMultipleChoiceField(
        label=_("实际出席"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = queries_exchange.invitees_of_event(event=event)
        self.fields["attended"].label_from_instance = lambda p: p.name
        style(self)


class MeetingForm(forms.Form):
    version = VersionField(required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200, required=False, help_text=_("不填则用会议类型"))
    date = forms.DateField(label=_("日期"), widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    participants = PersonChoice(
        label=_("参加人员"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("会议纪要"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = queries_exchange.chair_choices(district=district)
        style(self)


class PaperForm(forms.Form):
    title = forms.CharField(label=_("题目"), max_length=200)
    author = PersonOne(label=_("作者"), queryset=None)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、Word 或图片"))

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = queries_exchange.chair_choices(district=district)
        style(self)


class ExperienceForm(forms.Form):
    text = forms.CharField(label=_("经验做法"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    town = forms.ModelChoiceField(label=_("镇（街道）"), queryset=None, required=False)
    practice_name = forms.CharField(
        label=_("实践名称"), max_length=100, required=False, help_text=_("可选：标注为一项实践，如“站点评议”")
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = queries.towns_of_district(district=district)
        style(self)
