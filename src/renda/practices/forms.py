"""Forms of the practice and six-haves pages: they parse input; the services keep the rules (Bootstrap classes by
oversight's `style`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.sixhaves import SIX_HAVES
from renda.core.types import VersionField, YearField
from renda.core.widgets import DateInput
from renda.oversight.forms_rectification import style

from . import queries


class PracticeForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    description = forms.CharField(
        label=_("主要做法"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    pilot_town = forms.ModelChoiceField(label=_("试点镇（街道）"), queryset=None)
    pilot_year = YearField(label=_("试点年份"))
    pilot_on = forms.DateField(
        label=_("试点开始日期"), required=False, widget=DateInput(), help_text=_("默认为试点年份的1月1日")
    )
    evidence = forms.CharField(label=_("试点情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    presented_at = forms.CharField(
        label=_("交流推广情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("在哪些交流会、座谈会上介绍过（会议名称或链接，每行一条）"),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot_town"].queryset = queries.towns_of_district(district=district)
        style(self)


class PracticeEditForm(forms.Form):
    version = VersionField(required=False)
    name = forms.CharField(label=_("名称"), max_length=100)
    description = forms.CharField(
        label=_("主要做法"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    presented_at = forms.CharField(
        label=_("交流推广情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("在哪些交流会、座谈会上介绍过（会议名称或链接，每行一条）"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class SummaryForm(forms.Form):
    version = VersionField(required=False)
    summary = forms.CharField(label=_("经验总结"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class AdoptionForm(forms.Form):
    """A town's adoption: the town among the user's own (district staff: any of the district's not yet recorded)."""

    town = forms.ModelChoiceField(label=_("镇（街道）"), queryset=None)
    adopted_on = forms.DateField(label=_("开展日期"), widget=DateInput())
    evidence = forms.CharField(label=_("开展情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lessons = forms.CharField(label=_("经验体会"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    presented_at = forms.CharField(
        label=_("交流推广情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("佐证材料"), required=False, help_text=_("图片、PDF 或 Word 文件"))

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = queries.towns_among(ids=[t.pk for t in towns])
        if len(towns) == 1:
            self.initial.setdefault("town", towns[0].pk)
        style(self)


class AdoptionEditForm(forms.Form):
    version = VersionField(required=False)
    adopted_on = forms.DateField(label=_("开展日期"), widget=DateInput())
    evidence = forms.CharField(label=_("开展情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lessons = forms.CharField(label=_("经验体会"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    presented_at = forms.CharField(
        label=_("交流推广情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class FileForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"), help_text=_("图片、PDF 或 Word 文件"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class OpenForm(forms.Form):
    year = YearField(label=_("年度"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class BudgetForm(forms.Form):
    version = VersionField(required=False)
    budget = forms.DecimalField(label=_("代表活动经费（万元）"), min_value=0, max_digits=10, decimal_places=2)
    budget_note = forms.CharField(label=_("经费说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ItemForm(forms.Form):
    version = VersionField(required=False)
    key = forms.ChoiceField(choices=list(SIX_HAVES.items()), widget=forms.HiddenInput)
    confirmed = forms.BooleanField(label=_("确认本项"), required=False)
    note = forms.CharField(label=_("补充说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(
        label=_("佐证材料"), required=False, help_text=_("如制度文件、活动照片（图片、PDF 或 Word）")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class VersionForm(forms.Form):
    version = VersionField(required=False)


class ReturnForm(forms.Form):
    version = VersionField(required=False)
    reason = forms.CharField(label=_("退回原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
