"""Widgets that work on a phone, shared by every app's forms.

- `DateInput`: the browser's date picker (`type=date`, ISO value), for every DateField.
- `TelInput`: the number keypad (`type=tel`) for phone numbers.
- `picker_attrs()`: marks a multiple choice (a `<select multiple>` or a list of checkboxes) for the searchable
  picker of `static/renda/renda.js`; the field still posts the same values.
- `form_widgets_fit(form)`: applies the three to a form's fields by their kind, so each app's form styling
  calls one function instead of choosing widgets field by field; it also labels the choices of a model with a
  `choice_label` (people with their village and level).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%Y-%m-%d"  # the value format of <input type=date>


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format or DATE_FORMAT)


class TelInput(forms.TextInput):
    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "tel", "autocomplete": "tel", **(attrs or {})})


def picker_attrs() -> dict[str, object]:
    """The data attributes renda.js reads: the marker and the picker's texts in the page's language."""
    return {
        "data-picker": "",
        "data-picker-filter": _("输入姓名或名称筛选"),
        "data-picker-remove": _("移除"),
        "data-picker-empty": _("尚未选择"),
        "data-picker-none": _("没有匹配的选项"),
    }


def _is_phone(name: str) -> bool:
    return name == "phone" or name.endswith("_phone")


def form_widgets_fit(form: forms.BaseForm) -> forms.BaseForm:
    """Date inputs for dates, the tel keypad for phone numbers, the picker for multiple choices."""
    for name, field in form.fields.items():
        w = field.widget
        if isinstance(w, forms.HiddenInput | forms.MultipleHiddenInput):
            continue
        if isinstance(field, forms.DateField) and type(w) is forms.DateInput:
            fitted = DateInput(attrs=w.attrs)
            fitted.is_required = w.is_required
            field.widget = fitted
        elif isinstance(w, forms.DateInput) and w.input_type == "date" and not w.format:
            w.format = DATE_FORMAT
        elif isinstance(field, forms.CharField) and _is_phone(name) and type(w) is forms.TextInput:
            w.input_type = "tel"
            w.attrs.setdefault("inputmode", "tel")
            w.attrs.setdefault("autocomplete", "tel")
        elif isinstance(w, forms.SelectMultiple | forms.CheckboxSelectMultiple):
            for key, value in picker_attrs().items():
                w.attrs.setdefault(key, value)
        _label_choices(field)
    return form


def _label_choices(field: forms.Field) -> None:
    """Choices of a model that says how its rows read in a list (`choice_label`, with `choice_queryset` for
    what it reads): people as "王伟（一村，镇级代表）" so that two of the same name can be told apart."""
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        return
    model = field.queryset.model
    if not hasattr(model, "choice_label") or getattr(field, "_labelled", False):
        return
    field.queryset = model.choice_queryset(field.queryset)
    field.label_from_instance = model.choice_label  # type: ignore[method-assign]
    field._labelled = True  # type: ignore[attr-defined]
