"""How every form field renders (`settings.FORM_RENDERER`): a required field says so to assistive technology
(`aria-required`), a field with an error is marked invalid (Bootstrap's `is-invalid`), on every form of every
app without each form base class doing it."""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


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
