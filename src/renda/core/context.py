"""Navigation per role, for the base layout."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import grants_of, user_is_district_staff
from .enums import Role
from .notifications.queries import notification_unread_count

# (label, url name, roles that see it; None = everyone logged in)
NAV_ITEMS = [
    (_("首页"), "home", None),
    (_("各镇概览"), "registry:district-overview", {Role.DISTRICT_STAFF}),
    (_("村（社区）"), "registry:village-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}),
    (_("选区"), "registry:electoraldistrict-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}),
    (_("代表"), "registry:mandate-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY}),
    (_("人员"), "registry:person-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
    (_("主席团"), "registry:presidiummember-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}),
    (
        _("代表小组"),
        "registry:deputygroup-list",
        {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY},
    ),
    (
        _("联络站点"),
        "registry:liaisonpost-list",
        {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY},
    ),
    (_("承办单位"), "registry:handlingunit-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}),
    (_("名册导入"), "registry:roster-import", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
    (
        _("人代会"),
        "congress:session-list",
        {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY},
    ),
    (_("议案"), "congress:motion-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY}),
    (_("人代会合规检查"), "congress:compliance", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}),
    (_("代表建议"), "suggestions:list", set(Role)),
    (_("接待日"), "receptions:day-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM, Role.DEPUTY}),
    (_("群众诉求"), "receptions:appeal-list", set(Role)),
    (_("即将到期诉求"), "receptions:petitions-due", {Role.PETITIONS}),
    (_("超期诉求督办"), "receptions:discipline-overdue", {Role.DISCIPLINE}),
]


def nav_items_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    roles = set(grants_of(user).roles)
    superuser = user.is_superuser or user_is_district_staff(user)
    items = []
    for label, name, allowed in NAV_ITEMS:
        if allowed is None or superuser or roles & allowed:
            try:
                items.append({"label": label, "url": reverse(name), "name": name})
            except Exception:  # a module not installed yet: no link
                continue
    return items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    g = grants_of(user)
    return {
        "nav_items": nav_items_for(user),
        "role_labels": sorted({str(Role(r).label) for r in g.roles}),
        # One cheap count on the partial unread index, for the badge in the navigation bar.
        "inbox_unread": notification_unread_count(user=user),
    }
