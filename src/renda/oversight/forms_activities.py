"""Forms of the plan and activity pages: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import form_choices
from renda.core.types import IdMultipleChoiceField, VersionField, YearField
from renda.core.widgets import DateInput, form_widgets_fit
from renda.registry.models import DeputyGroup, HandlingUnit, Person
from renda.registry.validators import validate_mobile

from .enums import ActivityKind, DocumentKind, InvitationReply, PlanState
from .models import Activity, Opinion, PlanItem


class _Bootstrap:
    def _style(self):
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")
        form_widgets_fit(self)


def _formfield(db_field, **kwargs):
    if db_field.is_relation and db_field.remote_field is not None:
        kwargs.setdefault("queryset", form_choices(db_field.remote_field.model))
    return db_field.formfield(**kwargs)


class PlanForm(_Bootstrap, forms.Form):
    year = YearField(label=_("年度"), required=True)
    title = forms.CharField(
        label=_("标题"), max_length=200, required=False, help_text=_("留空则按年度自动生成")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PlanItemForm(_Bootstrap, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = PlanItem
        formfield_callback = _formfield
        fields = ["kind", "topic", "month", "responsible"]

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (
            Person.objects.filter(town=town, presidium_posts__end_date__isnull=True).distinct().order_by("pk")
        )
        self._style()


class ReasonForm(_Bootstrap, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AmendForm(_Bootstrap, forms.Form):
    """An amendment from the page: withdraw lines and/or add one (the API changes lines too)."""

    reason = forms.CharField(label=_("调整原因"), max_length=500)
    withdraw = forms.ModelMultipleChoiceField(
        label=_("撤销的计划事项"), queryset=PlanItem.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("新增事项类型"), choices=[("", "—"), *ActivityKind.choices], required=False
    )
    topic = forms.CharField(label=_("新增事项主题"), max_length=200, required=False)
    month = forms.IntegerField(label=_("新增事项月份"), min_value=1, max_value=12, required=False)
    version = VersionField(required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["withdraw"].queryset = PlanItem.objects.filter(plan=plan, withdrawn=False).order_by("pk")
        self._style()

    def clean(self):
        """The plan's lines after the amendment (`items`: kept ones by id, the new one by its fields)."""
        d = super().clean()
        gone = {i.pk for i in d.get("withdraw") or []}
        rows: list[dict] = [
            {"id": pk} for pk in PlanItem.objects.filter(plan=self.plan, withdrawn=False).values_list("pk", flat=True)
            if pk not in gone
        ]  # fmt: skip
        if d.get("topic"):
            rows.append({"kind": d.get("kind"), "topic": d["topic"], "month": d.get("month")})
        d["items"] = rows
        return d


class ActivityForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = Activity
        formfield_callback = _formfield
        fields = [
            "kind",
            "topic",
            "plan_item",
            "start_date",
            "end_date",
            "place",
            "organiser",
            "office",
            "deputy_group",
            "notice_days",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = False
        self.fields["notice_days"].required = False
        self.fields["plan_item"].queryset = PlanItem.objects.filter(
            town=town, withdrawn=False, plan__state=PlanState.APPROVED
        ).order_by("pk")
        self.fields["office"].queryset = HandlingUnit.objects.filter(town=town).order_by("pk")
        self.fields["deputy_group"].queryset = DeputyGroup.objects.filter(town=town).order_by("pk")
        self._style()


class InviteForm(_Bootstrap, forms.Form):
    persons = IdMultipleChoiceField(label=_("代表"), queryset=Person.objects.none(), required=False)
    group = forms.ModelChoiceField(
        label=_("代表小组（全体成员）"), queryset=DeputyGroup.objects.none(), required=False
    )

    def __init__(self, *args, town, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = (
            Person.objects.filter(town=town, mandates__status="serving").distinct().order_by("pk")
        )
        self.fields["group"].queryset = DeputyGroup.objects.filter(town=town, end_date__isnull=True).order_by(
            "pk"
        )
        self._style()


class ReplyForm(_Bootstrap, forms.Form):
    reply = forms.ChoiceField(
        label=_("答复"), choices=[(InvitationReply.ATTEND, _("参加")), (InvitationReply.EXCUSED, _("请假"))]
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class HoldForm(_Bootstrap, forms.Form):
    """What happened: who of the invited came, the summary, the findings, the voters' opinions per deputy."""

    attended = IdMultipleChoiceField(
        label=_("实际出席的代表"), queryset=Person.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    summary = forms.CharField(label=_("活动情况"), widget=forms.Textarea(attrs={"rows": 4}))
    findings = forms.CharField(
        label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = VersionField(required=False)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        ids = [i.person_id for i in self.invitations]
        self.fields["attended"].queryset = Person.objects.filter(pk__in=ids).order_by("pk")
        for inv in self.invitations:
            self.fields[f"opinions_{inv.person_id}"] = forms.CharField(
                label=_("%(name)s 带来的选民意见") % {"name": inv.person.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=inv.opinions,
            )
        self._style()

    def clean(self):
        """The voters' opinions per deputy (`opinions`: person id → text, the filled ones)."""
        d = super().clean()
        d["opinions"] = {
            inv.person_id: d[f"opinions_{inv.person_id}"]
            for inv in self.invitations
            if d.get(f"opinions_{inv.person_id}")
        }
        return d


class DocumentForm(_Bootstrap, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("文件"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class OpinionForm(_Bootstrap, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Opinion
        fields = ["title", "addressee", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["addressee"].required = False
        self._style()


class IssueForm(_Bootstrap, forms.Form):
    number = forms.CharField(label=_("文号"), max_length=60)
    issued_on = forms.DateField(label=_("印发日期"), widget=DateInput(), required=False)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RespondForm(_Bootstrap, forms.Form):
    response = forms.CharField(label=_("政府书面反馈"), widget=forms.Textarea(attrs={"rows": 6}))
    responded_on = forms.DateField(label=_("反馈日期"), widget=DateInput(), required=False)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class FindingSuggestionForm(_Bootstrap, forms.Form):
    """A suggestion from a held activity's findings: led by a deputy who attended, prefilled with the findings."""

    lead = forms.ModelChoiceField(label=_("领衔代表"), queryset=Person.objects.none())
    title = forms.CharField(
        label=_("标题"), max_length=200, required=False, help_text=_("留空则按活动主题生成")
    )
    content = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, activity, attendees, **kwargs):
        kwargs.setdefault("initial", {"content": activity.findings})
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Person.objects.filter(pk__in=[p.pk for p in attendees]).order_by("pk")
        self._style()


class FindingAppealForm(_Bootstrap, forms.Form):
    """A voter's appeal from a held activity's findings: the voter the reply goes to, the category, the matter."""

    category = forms.ChoiceField(label=_("诉求类别"))
    content = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 6}))
    citizen_name = forms.CharField(label=_("群众姓名"), max_length=50)
    citizen_phone = forms.CharField(label=_("联系电话"), max_length=11, validators=[validate_mobile])

    def __init__(self, *args, activity, categories, **kwargs):
        kwargs.setdefault("initial", {"content": activity.findings})
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *categories]
        self._style()
