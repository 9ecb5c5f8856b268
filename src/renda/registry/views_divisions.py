"""The division loader page: district staff load their district's (or one town's) official divisions."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.access import user_is_district_staff

from .divisions import districts_loadable_by, division_code_allowed_for, division_load


class DivisionLoadForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("divisions", "区划代码"),
        max_length=12,
        help_text=_("6 位区县代码载入全区；9 位或 12 位乡镇（街道）代码只载入该镇（街道）。"),
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        division_code_allowed_for(self.user, code)  # raises ValidationError with a Chinese message
        return code


@login_required
def divisions_load(request):
    if not user_is_district_staff(request.user):
        raise PermissionDenied
    districts = districts_loadable_by(request.user)
    initial = {"code": districts[0].code} if len(districts) == 1 else {}
    form = DivisionLoadForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = division_load(code=form.cleaned_data["code"], actor=request.user)
        except ValidationError as e:
            form.add_error("code", e)
        else:
            return render(request, "registry/divisions_result.html", {"report": report})
    return render(request, "registry/divisions_load.html", {"form": form, "districts": districts})
