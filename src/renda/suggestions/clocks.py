"""The clock kinds of this module (registered in its AppConfig.ready()), and who gets their reminders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.deadlines.rules import clock_kind_register


def _resolver(clock, role):
    """Key suggestions: the presidium reminders go to the members who supervise them."""
    if role != "presidium" or clock.content_type.model != "suggestion":
        return None
    from renda.core.enums import Role
    from renda.core.notifications.recipients import user_ids_with_role

    users = user_ids_with_role(role=Role.PRESIDIUM, supervising_suggestion_id=clock.object_id)
    return users or None


def register() -> None:
    clock_kind_register("suggestion.assign", _("建议交办"), _("提交日"))
    clock_kind_register("suggestion.return", _("建议退办"), _("交办日"))
    clock_kind_register("suggestion.co_opinion", _("协办意见"), _("交办日"))
    clock_kind_register("suggestion.reply", _("建议答复"), _("交办日"), due_field="due_date")
    clock_kind_register("suggestion.second_reply", _("建议再次答复"), _("反馈日"), due_field="due_date")
    clock_kind_register("suggestion.contact", _("答复前联系代表"), _("交办日"))
    clock_kind_register("suggestion.followup", _("建议后续跟踪"), _("计划完成日"))
    for kind in ("suggestion.assign", "suggestion.reply", "suggestion.second_reply", "suggestion.contact"):
        from renda.core.deadlines.rules import RECIPIENT_RESOLVERS

        RECIPIENT_RESOLVERS[kind] = _resolver
