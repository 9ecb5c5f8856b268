"""Forms of the reception and appeal pages: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import form_choices
from renda.core.types import CountField, IdMultipleChoiceField, VersionField
from renda.core.widgets import DateInput, form_widgets_fit
from renda.registry.models import HandlingUnit, LiaisonPost, Person, Village

from .enums import ReplyMethod, Satisfaction
from .models import ReceptionDay, ReceptionGroup, ReceptionSetting
from .services import appeal_categories


class _Bootstrap:
    def _style(self):
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")
        form_widgets_fit(self)


def _formfield(db_field, **kwargs):
    """Related choices start from the base manager (the scoped manager cannot be queried at import);
    `_limit_to_town` then narrows them to the town explicitly."""
    if db_field.is_relation and db_field.remote_field is not None:
        kwargs.setdefault("queryset", form_choices(db_field.remote_field.model))
    return db_field.formfield(**kwargs)


def _limit_to_town(form, town) -> None:
    """Choices of foreign keys and many-to-many fields: only the town's records."""
    for name, model in [
        ("village", Village),
        ("liaison_post", LiaisonPost),
        ("deputies", Person),
        ("attended", Person),
        ("group", ReceptionGroup),
        ("unit", HandlingUnit),
    ]:
        if name in form.fields:
            qs = model.objects.filter(town=town)
            if model is Person:
                qs = qs.filter(mandates__status="serving").distinct()
            form.fields[name].queryset = qs.order_by("pk")


class SettingForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = ReceptionSetting
        formfield_callback = _formfield
        fields = ["days_of_month", "start_time", "end_time", "notice_days", "on_rest_day"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class GroupForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = ReceptionGroup
        formfield_callback = _formfield
        fields = [
            "name",
            "leader_name",
            "leader_title",
            "deputies",
            "village",
            "liaison_post",
            "place",
            "position",
            "active",
        ]

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_town(self, town)
        self._style()


class DayForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = ReceptionDay
        formfield_callback = _formfield
        fields = [
            "date",
            "start_time",
            "end_time",
            "group",
            "leader_name",
            "leader_title",
            "deputies",
            "village",
            "liaison_post",
            "place",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_town(self, town)
        for name in ["start_time", "end_time", "place", "deputies"]:
            self.fields[name].required = False
        self._style()


class ScheduleForm(_Bootstrap, forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DateInput())
    months = forms.TypedChoiceField(
        label=_("范围"), coerce=int, choices=[(1, _("一个月")), (3, _("一个季度"))], initial=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RecordForm(_Bootstrap, forms.Form):
    attended = IdMultipleChoiceField(
        label=_("实到代表"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visitors = CountField(label=_("接待群众人次"), initial=0)
    summary = forms.CharField(label=_("接待情况"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = day.deputies.all()
        self._style()
        self.fields["attended"].widget.attrs["class"] = "form-check-input"


class AppealForm(_Bootstrap, forms.Form):
    """An appeal recorded by staff or a deputy (at a reception, a liaison post, by phone)."""

    content = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ChoiceField(label=_("类别"))
    village = forms.ModelChoiceField(label=_("村（社区）"), queryset=Village.objects.none(), required=False)
    liaison_post = forms.ModelChoiceField(
        label=_("联络站点"), queryset=LiaisonPost.objects.none(), required=False
    )
    citizen_name = forms.CharField(label=_("群众姓名"), max_length=50)
    citizen_phone = forms.CharField(label=_("联系电话"), max_length=11)

    def __init__(self, *args, town, with_post: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = appeal_categories()
        _limit_to_town(self, town)
        if not with_post:
            del self.fields["liaison_post"]
        self._style()


class AssignForm(_Bootstrap, forms.Form):
    grant = forms.ChoiceField(label=_("责任人（单位）"))
    version = VersionField()

    def __init__(self, *args, grants, **kwargs):
        super().__init__(*args, **kwargs)
        self.grants = {str(g.pk): g for g in grants}
        self.fields["grant"].choices = [
            (str(g.pk), f"{g.user.display_name or g.user.username}（{g.unit or _('镇人大')}）")
            for g in grants
        ]
        self._style()


class ReplyForm(_Bootstrap, forms.Form):
    method = forms.ChoiceField(label=_("答复方式"), choices=ReplyMethod.choices)
    replied_on = forms.DateField(label=_("答复日期"), widget=DateInput())
    replied_by = forms.CharField(label=_("答复人"), max_length=50)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].initial = timezone.localdate()
        self._style()


class FeedbackForm(_Bootstrap, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("满意度"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("意见"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    second_look = forms.BooleanField(label=_("不满意，申请复查（仅一次）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["satisfaction"].widget.attrs["class"] = "form-check-input"


class ConvertForm(_Bootstrap, forms.Form):
    title = forms.CharField(label=_("建议标题"), max_length=200, required=False)
    signers = IdMultipleChoiceField(
        label=_("提出建议的代表（第一位为领衔）"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signers"].queryset = (
            Person.objects.filter(town=town, mandates__status="serving").distinct().order_by("pk")
        )
        self._style()
        self.fields["signers"].widget.attrs["class"] = "form-check-input"
