"""The select boxes built in Python by core.formrender are the markup Django's own templates give."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from renda.core.formrender import FormRenderer, MarkedBoundField


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "请选择"), ("a", "一村"), ("b", '<二村> & "三"')], required=False)
    grouped = forms.ChoiceField(
        choices=[
            ("镇代表", [(1, "王伟（一村）"), (2, "王伟（二村）")]),
            ("区代表", [(3, "李娜")]),
            (4, "其他"),
        ]
    )
    many = forms.MultipleChoiceField(
        choices=[(1, "甲"), (2, "乙"), (3, mark_safe("<b>丙</b>"))],
        widget=forms.SelectMultiple(attrs={"class": "form-select", "data-picker": True, "hidden": False}),
    )
    model_none = forms.TypedChoiceField(choices=[(None, "无"), (5, "五")], coerce=int, required=False)


class TemplatesOnly(DjangoTemplates):
    """Our bound field (aria-required, is-invalid) with every widget through Django's templates."""

    bound_field_class = MarkedBoundField


@pytest.mark.parametrize("data", [None, {"plain": "b", "grouped": "2", "many": ["1", "3"]}, {"plain": "x"}])
def test_select_markup_equals_djangos_templates(data):
    ours = Choices(data, renderer=FormRenderer())
    django = Choices(data, renderer=TemplatesOnly())
    for name in Choices.base_fields:
        fast = str(ours[name].as_widget())
        slow = str(django[name].as_widget())
        assert fast == slow, name
        assert "<option" in fast


def test_a_select_with_a_custom_option_template_goes_through_the_templates(monkeypatch):
    calls = []
    original = DjangoTemplates.render

    def spy(self, template_name, context, request=None):
        calls.append(template_name)
        return original(self, template_name, context, request=request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)

    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/select_option.html"

    class Radio(forms.Form):
        fast = forms.ChoiceField(choices=[(1, "甲")])
        other = forms.ChoiceField(choices=[(1, "甲")], widget=forms.RadioSelect)

    form = Radio(renderer=FormRenderer())
    str(form["fast"].as_widget())
    assert "django/forms/widgets/select.html" not in calls  # built in Python
    str(form["other"].as_widget())
    assert "django/forms/widgets/radio.html" in calls  # everything else is Django's
