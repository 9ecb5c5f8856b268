"""Forms of the inbox pages."""

from __future__ import annotations

from django import forms

from ..types import IdField
from .models import Delivery, NotificationKind


class NotificationIdForm(forms.Form):
    id = IdField(required=True, widget=forms.HiddenInput)


class PreferencesForm(forms.Form):
    """One choice per kind: immediately, daily digest, or off (e-mail and SMS; the inbox keeps everything)."""

    def __init__(self, *args, initial_values: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=initial_values.get(kind),
                widget=forms.Select(attrs={"class": "form-select"}),
            )
