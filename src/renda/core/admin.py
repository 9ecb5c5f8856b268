"""Admin: the configuration tables of the deadline engine (rules are data). Town-owned records are
edited through the product's own pages, which keep the town scope; they are not registered here."""

from __future__ import annotations

from django.contrib import admin
from django_scopes import scopes_disabled

from .deadlines.models import CalendarOverride, DueRule, ReminderRule
from .deadlines.services import calendar_override_delete, calendar_override_save, clocks_refresh_reminders


@admin.register(DueRule)
class DueRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "amount", "unit"]
    search_fields = ["code", "name"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"

    # Every write goes through the calendar's services: audited, and the running clocks across the changed
    # days get their due dates recomputed (each move recorded on its item and told to its handler).
    def save_model(self, request, obj, form, change):
        with scopes_disabled():  # the admin recomputes clocks of all towns
            row = calendar_override_save(
                actor=request.user,
                date=obj.date,
                is_workday=obj.is_workday,
                note=obj.note,
                override=obj if change else None,
            )
        obj.pk = row.pk

    def delete_model(self, request, obj):
        with scopes_disabled():  # the admin recomputes clocks of all towns
            calendar_override_delete(actor=request.user, override=obj)

    def delete_queryset(self, request, queryset):
        with scopes_disabled():  # the admin recomputes clocks of all towns
            for obj in list(queryset):
                calendar_override_delete(actor=request.user, override=obj)


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
