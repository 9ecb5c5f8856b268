"""Forms of the campaign pages: they parse input; the services keep the rules (Bootstrap classes by
oversight's `style`)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from renda.core.types import VersionField
from renda.oversight.forms_rectification import style

from . import queries
from .services import categories_parse


def _kind_choices():
    from renda.oversight.enums import ActivityKind

    return ActivityKind.choices


class CampaignForm(forms.Form):
    version = VersionField(required=False)
    title = forms.CharField(label=_("名称"), max_length=200)
    theme = forms.CharField(label=_("主题"), max_length=200, required=False)
    description = forms.CharField(
        label=_("工作要求"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    towns = forms.ModelMultipleChoiceField(
        label=_("参加的镇（街道）"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认为本区所有设人大的镇；街道可另行勾选"),
    )
    followup_days = forms.IntegerField(
        label=_("跟进期限（天）"), min_value=0, max_value=10000, help_text=_("自部署之日起计算")
    )
    required_kinds = forms.MultipleChoiceField(
        label=_("跟进活动类型"),
        choices=_kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则任何类型的活动均可"),
    )
    categories = forms.CharField(
        label=_("问题类别"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个，或用顿号分隔，如：群租房、电动车室内充电、消防通道堵塞"),
    )
    launch_activity = forms.ModelChoiceField(
        label=_("区级部署活动"),
        queryset=None,
        required=False,
        help_text=_("可选：区人大常委会组织的检查或视察"),
    )

    def __init__(self, *args, district, edit: bool = False, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "followup_days": settings.RENDA["CAMPAIGN_FOLLOWUP_DAYS"],
                "categories": "\n".join(settings.RENDA["CAMPAIGN_DEFAULT_CATEGORIES"]),
            },
        )
        super().__init__(*args, **kwargs)
        if not edit:
            del self.fields["version"]
        towns = queries.towns_of_district(district=district)
        self.fields["towns"].queryset = towns
        if not self.is_bound:
            self.initial.setdefault("towns", [t.pk for t in towns if t.has_congress])
        self.fields["launch_activity"].queryset = queries.launch_activities_of_district(district=district)
        style(self)

    def clean_categories(self) -> list[str]:
        return categories_parse(self.cleaned_data.get("categories") or "")


class VersionForm(forms.Form):
    version = VersionField(required=False)


class ReportForm(forms.Form):
    """The town's follow-up: the activity it held and one count per category of the campaign."""

    version = VersionField(required=False)
    activity = forms.ModelChoiceField(label=_("跟进活动"), queryset=None)
    note = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = queries.activities_for_task(task=task)
        self.categories = list(task.campaign.categories)
        for i, name in enumerate(self.categories):
            self.fields[f"finding_{i}"] = forms.IntegerField(
                label=name, min_value=0, max_value=1_000_000, initial=0, required=False
            )
        style(self)

    def findings(self) -> dict[str, int]:
        d = self.cleaned_data
        return {name: d.get(f"finding_{i}") or 0 for i, name in enumerate(self.categories)}
