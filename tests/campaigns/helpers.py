"""What the campaign tests share: a third town of district X with its staff, a held activity of a town on a day,
a launched campaign, reads of the engine's rows."""

from __future__ import annotations

import datetime as dt

from django_scopes import scopes_disabled

from factories import make_town, make_user
from renda.campaigns import services
from renda.core.enums import Role
from renda.core.notifications.models import Notification
from renda.oversight.services import activities
from suggestions.helpers import on

__all__ = ["held_activity", "launched", "notified", "on", "third_town"]


def third_town(world):
    """A third town of district X (黎里镇) with a town staff account."""
    with scopes_disabled():  # test set-up
        town = make_town(world.x, "320509106000", "黎里镇")
        staff = make_user(f"staff_lili_{town.pk}", Role.TOWN_STAFF, town=town)
    return town, staff


def held_activity(
    tw_town, staff, person, day: dt.date, kind: str = "inspection", topic: str = "消防安全检查"
):
    """An activity of the town held on `day` (created, published and recorded on that day)."""
    with on(day, 8), scopes_disabled():  # the services check the actor; the test writes across towns
        a = activities.activity_create(
            town=tw_town,
            data={
                "kind": kind,
                "topic": topic,
                "start_date": day,
                "place": "镇政府",
                "organiser": "镇人大主席团",
            },
            actor=staff,
        )
        if person is not None:
            activities.activity_invite(activity=a, persons=[person], actor=staff)
        activities.activity_publish(activity=a, actor=staff)
        return activities.activity_hold(
            activity=a, attended=[person] if person is not None else [], summary="检查出租房", actor=staff
        )


def launched(world, towns, day: dt.date, **data):
    """A campaign of district X over `towns`, launched by district X's staff on `day`."""
    actor = world.district_x_staff
    with on(day), scopes_disabled():
        c = services.campaign_create(
            district=world.x,
            data={
                "title": "331消防安全隐患专项整治",
                "towns": towns,
                "categories": ["群租房", "电动车室内充电"],
            }
            | data,
            actor=actor,
        )
        return services.campaign_launch(campaign=c, actor=actor)


def notified(user, template: str) -> list[Notification]:
    with scopes_disabled():  # test reads
        return list(Notification.objects.filter(user=user, template=template).order_by("id"))
