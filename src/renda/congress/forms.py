"""Congress forms: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.models import Town
from renda.core.types import CountField, IdMultipleChoiceField
from renda.core.widgets import DateInput, form_widgets_fit
from renda.registry.models import DeputyGroup, Person

from .enums import (
    AgendaKind,
    MotionKind,
    MotionSource,
    MotionState,
    Presence,
    SessionKind,
    SessionState,
    SpecialRequester,
    VoteKind,
)
from .models import AgendaItem, Motion, Session

DATE = DateInput()


def _bootstrap(form: forms.Form) -> None:
    for f in form.fields.values():
        w = f.widget
        if isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, forms.Select | forms.SelectMultiple):
            w.attrs.setdefault("class", "form-select")
        else:
            w.attrs.setdefault("class", "form-control")
    form_widgets_fit(form)


class BaseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class SessionForm(BaseForm):
    town = forms.ModelChoiceField(queryset=Town.objects.none(), label=_("镇"))
    kind = forms.ChoiceField(choices=SessionKind.choices, label=_("会议类型"))
    number = CountField(label=_("本届第几次会议"), required=False, min_value=1, help_text=_("留空则自动编号"))
    start_date = forms.DateField(label=_("开幕日期"), widget=DATE)
    end_date = forms.DateField(label=_("闭幕日期"), widget=DATE)
    venue = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    motion_deadline = forms.DateField(label=_("议案截止日期"), widget=DATE, required=False)
    requested_by = forms.ChoiceField(
        choices=[("", "—")] + list(SpecialRequester.choices), label=_("临时会议提议方"), required=False
    )
    requesters = IdMultipleChoiceField(
        queryset=Person.objects.none(),
        label=_("提议代表"),
        required=False,
        help_text=_("代表提议临时会议时选择"),
    )

    def __init__(self, *args, towns: list[Town], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Town.objects.filter(pk__in=[t.pk for t in towns])
        if len(towns) == 1:
            self.fields["town"].initial = towns[0].pk
        self.fields["requesters"].queryset = (
            Person.objects.filter(town__in=[t.pk for t in towns], mandates__level="town")
            .distinct()
            .order_by("name")
        )


class RollCallForm(forms.Form):
    """One day's roll call: a choice per deputy serving that day (`p_<person id>`); a row left out is kept."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for r in rows:
            self.fields[f"p_{r['person'].pk}"] = forms.ChoiceField(
                label=r["person"].name,
                choices=Presence.choices,
                required=False,
                initial=r["value"],
                widget=forms.RadioSelect,
            )

    def presence(self) -> dict[int, str]:
        return {int(name[2:]): value for name, value in self.cleaned_data.items() if value}


class AgendaItemForm(BaseForm):
    kind = forms.ChoiceField(choices=AgendaKind.choices, label=_("议程类型"))
    title = forms.CharField(label=_("议程名称"), max_length=200)


class DocumentForm(BaseForm):
    title = forms.CharField(label=_("文件名称"), max_length=200)
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label=_("议程"), required=False)
    file = forms.FileField(label=_("文件"))

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(session=session)


class LeaveForm(BaseForm):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("代表"))
    first_day = forms.DateField(label=_("请假起始日"), widget=DATE)
    last_day = forms.DateField(label=_("请假截止日"), widget=DATE)
    reason = forms.CharField(label=_("请假事由"), max_length=200)

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class OpinionForm(BaseForm):
    group = forms.ModelChoiceField(queryset=DeputyGroup.objects.none(), label=_("代表小组"))
    content = forms.CharField(label=_("审议意见"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, town_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = DeputyGroup.objects.filter(town=town_id, end_date__isnull=True)


class VoteCreateForm(BaseForm):
    kind = forms.ChoiceField(choices=VoteKind.choices, label=_("类型"))
    title = forms.CharField(label=_("表决事项"), max_length=200)
    day = forms.DateField(label=_("表决日期"), widget=DATE)
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label=_("议程"), required=False)
    motion = forms.ModelChoiceField(queryset=Motion.objects.none(), label=_("议案"), required=False)

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(session=session)
        self.fields["motion"].queryset = Motion.objects.filter(session=session, state=MotionState.ON_AGENDA)
        self.fields["day"].initial = min(max(timezone.localdate(), session.start_date), session.end_date)


class CountsForm(BaseForm):
    yes = CountField(label=_("赞成"))
    no = CountField(label=_("反对"))
    abstain = CountField(label=_("弃权"))
    not_voting = CountField(label=_("未按表决器"), initial=0)


class CorrectionForm(CountsForm):
    reason = forms.CharField(label=_("更正理由"), max_length=300)


class MotionForm(BaseForm):
    session = forms.ModelChoiceField(queryset=Session.objects.none(), label=_("会议"))
    kind = forms.ChoiceField(choices=MotionKind.choices, label=_("类型"))
    source = forms.ChoiceField(choices=MotionSource.choices, label=_("提出方"), initial=MotionSource.DEPUTIES)
    title = forms.CharField(label=_("案由"), max_length=200)
    content = forms.CharField(label=_("内容（案由、案据、方案）"), widget=forms.Textarea(attrs={"rows": 6}))
    lead = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("领衔代表"), required=False, help_text=_("代表本人提出时留空")
    )

    def __init__(self, *args, sessions, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions.exclude(state=SessionState.CLOSED)
        self.fields["lead"].queryset = persons


class ReasonForm(BaseForm):
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)


class DecideForm(BaseForm):
    decision = forms.ChoiceField(
        choices=[("on", _("列入会议议程")), ("off", _("不列入议程，作为代表建议处理"))], label=_("主席团决定")
    )
    reason = forms.CharField(label=_("说明"), max_length=300, required=False)


class ResolveForm(BaseForm):
    resolution = forms.CharField(label=_("处理结果"), max_length=300)


class BudgetAdjustmentForm(BaseForm):
    town = forms.ModelChoiceField(queryset=Town.objects.none(), label=_("镇"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, towns: list[Town], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Town.objects.filter(pk__in=[t.pk for t in towns])
        self.fields["year"].initial = timezone.localdate().year
