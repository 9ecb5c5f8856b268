"""The deputy's record (core.record): the held activities they attended, each with its type and its page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renda.core.record import RecordEntry, RecordSection

from .queries_activities import attended_by


def activity_record(*, person, user) -> RecordSection:
    """The held activities `person` attended that `user` may see; one query."""
    rows = attended_by(person=person, user=user)
    return RecordSection(
        "oversight.activities",
        _("参加的闭会期间活动"),
        [RecordEntry(a.start_date, a.topic, a.get_kind_display(), a.get_absolute_url()) for a in rows],
    )
