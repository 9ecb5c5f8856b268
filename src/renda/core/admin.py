"""Admin: the configuration tables of the deadline engine (rules are data). Town-owned records are
edited through the product's own pages, which keep the town scope; they are not registered here."""

from __future__ import annotations

from django.contrib import admin
from django_scopes import scopes_disabled

from .deadlines.models import CalendarOverride, DueRule, ReminderRule
from .deadlines.services import clocks_refresh_reminders


@admin.register(DueRule)
class DueRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "amount", "unit"]
    search_fields = ["code", "name"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "offset_days", "recipients", "template", "escalation", "active"]
    list_filter = ["kind", "escalation", "active"]
    search_fields = ["code", "kind"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Running clocks of the kind get their next reminder day from the new steps (admin: all towns).
        with scopes_disabled():  # the admin recomputes clocks of all towns
            clocks_refresh_reminders(kind=obj.kind)
