"""The supervision log's form (督办记录): phone-friendly, a date input; the service keeps the rules."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import form_choices
from renda.registry.models import Person

from .models import SupervisionKind


class SupervisionForm(forms.Form):
    supervisor = forms.ModelChoiceField(label=_("督办人"), queryset=form_choices(Person), required=False)
    kind = forms.ChoiceField(label=_("督办方式"), choices=SupervisionKind.choices)
    date = forms.DateField(
        label=_("督办日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    notes = forms.CharField(label=_("督办情况"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("附件"), required=False, help_text=_("图片（JPG、PNG）、PDF 或 Word 文件，可不上传")
    )

    def __init__(self, *args, suggestion, on_behalf: bool, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if on_behalf:
            # Town staff record on a supervisor's behalf: one of this suggestion's supervisors.
            field = cast(forms.ModelChoiceField, self.fields["supervisor"])
            field.queryset = (
                form_choices(Person)
                .filter(town=suggestion.town, supervised_suggestions__suggestion=suggestion)
                .order_by("name")
            )
            field.required = True
        else:
            del self.fields["supervisor"]
        for f in self.fields.values():
            w = f.widget
            w.attrs.setdefault("class", "form-select" if isinstance(w, forms.Select) else "form-control")
