"""How every form field renders (`settings.FORM_RENDERER`): a required field says so to assistive technology
(`aria-required`), a field with an error is marked invalid (Bootstrap's `is-invalid`), on every form of every
app without each form base class doing it."""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class MarkedBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        if self.field.required:
            attrs["aria-required"] = "true"
        if self.form.is_bound and self.errors:
            classes = str(attrs.get("class", widget.attrs.get("class", ""))).split()
            if "is-invalid" not in classes:
                attrs["class"] = " ".join([*classes, "is-invalid"])
        return attrs

    @property
    def needs_file_again(self) -> bool:
        """A file was chosen but the form failed: the browser cannot refill a file input, so the page says so."""
        return bool(
            self.form.is_bound
            and self.form.errors
            and getattr(self.field.widget, "needs_multipart_form", False)
            and self.form.files.get(self.html_name)
        )


class FormRenderer(DjangoTemplates):
    bound_field_class = MarkedBoundField

    def render(self, template_name, context, request=None):
        # A select box includes a template per option: sixty deputies or units in a picker, a town filter on
        # every district list, cost a template include each. The same markup built here (the test compares it
        # with Django's templates), for the standard select and its options only.
        if template_name == SELECT and _standard_options(context["widget"]):
            return _select_html(context["widget"])
        return super().render(template_name, context, request=request)


def _standard_options(widget: dict) -> bool:
    return all(o["template_name"] == OPTION for _g, options, _i in widget["optgroups"] for o in options)


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        )
    return "".join(out)


def _select_html(widget: dict) -> SafeString:
    """django/forms/widgets/select.html and select_option.html, stripped as DjangoTemplates.render does."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for o in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(o["value"]))}"{_attrs_html(o["attrs"])}>'
                f"{conditional_escape(o['label'])}</option>\n"  # select_option.html ends with a newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
