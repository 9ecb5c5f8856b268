"""Navigation per role, for the base layout."""

from __future__ import annotations

from django.template.loader import get_template
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .access import grants_of, user_is_district_staff
from .enums import Role
from .notifications.queries import notification_unread_count

S = {Role.DISTRICT_STAFF, Role.TOWN_STAFF, Role.PRESIDIUM}  # the congress offices and the presidium
SD = S | {Role.DEPUTY}
EVERYONE = set(Role)

# Top-level entries: (label, url name, roles that see it; None = everyone logged in), or a group
# (label, [entries]) shown as a drop-down. A group with one visible entry shows as a plain link.
NAV: list = [
    (_("首页"), "home", None),
    (_("各镇概览"), "registry:district-overview", {Role.DISTRICT_STAFF}),
    (_("节假日安排"), "calendar", {Role.DISTRICT_STAFF}),
    (_("统计报表"), "reports:dashboard", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
    (
        _("名册"),
        [
            (_("代表"), "registry:mandate-list", SD),
            (_("人员"), "registry:person-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
            (_("村（社区）"), "registry:village-list", S),
            (_("选区"), "registry:electoraldistrict-list", S),
            (_("主席团"), "registry:presidiummember-list", S),
            (_("代表小组"), "registry:deputygroup-list", SD),
            (_("联络站点"), "registry:liaisonpost-list", SD),
            (_("承办单位"), "registry:handlingunit-list", S),
            (_("名册导入"), "registry:roster-import", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
        ],
    ),
    (
        _("人代会"),
        [
            (_("会议"), "congress:session-list", SD),
            (_("议案"), "congress:motion-list", SD),
            (_("人代会合规检查"), "congress:compliance", S),
        ],
    ),
    (_("代表建议"), "suggestions:list", EVERYONE),
    (
        _("接待与诉求"),
        [
            (_("接待日"), "receptions:day-list", SD),
            (_("群众诉求"), "receptions:appeal-list", EVERYONE),
            (_("即将到期诉求"), "receptions:petitions-due", {Role.PETITIONS}),
            (_("超期诉求督办"), "receptions:discipline-overdue", {Role.DISCIPLINE}),
        ],
    ),
    (
        _("闭会期间监督"),
        [
            (_("年度工作计划"), "oversight:plan-list", S),
            (_("活动"), "oversight:activity-list", SD),
            (_("整改事项"), "oversight:item-list", S | {Role.UNIT_CLERK}),
            (_("站所评议"), "oversight:appraisal-list", SD),
            (_("各镇监督概况"), "oversight:figures", {Role.DISTRICT_STAFF}),
        ],
    ),
    (
        _("上下联动"),
        [
            (_("专项督查"), "campaigns:campaign-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
            (_("跟进任务"), "campaigns:task-list", {Role.TOWN_STAFF}),
        ],
    ),
    (
        _("履职与考核"),
        [
            (_("我的履职档案"), "performance:mine", {Role.DEPUTY}),
            (_("其他履职事项"), "performance:duty-list", SD),
            (_("代表履职考核"), "performance:assessment", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
            (_("代表小组活动计划"), "performance:plan-board", SD),
            (_("代表小组活动"), "performance:group-activity-list", SD),
            (_("六有自评"), "practices:sixhaves-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
            (_("工作经验库"), "practices:practice-list", {Role.DISTRICT_STAFF, Role.TOWN_STAFF}),
        ],
    ),
]


def _link(label, name: str, allowed, roles: set, everything: bool) -> dict | None:
    if not (allowed is None or everything or roles & allowed):
        return None
    try:
        return {"label": str(label), "url": reverse(name), "name": name}
    except NoReverseMatch:  # a module that is not installed: no link
        return None


# The navigation computed once per process for each combination of what it depends on: the roles, the
# district-wide flag, the language and the URL prefix. The key holds every input (the grants come from
# core.access, invalidated by the grants version), so an entry is never stale and needs no invalidation.
_NAV: dict[tuple, tuple[list[dict], list[str]]] = {}
NAV_ENTRIES = 256  # bounds the memo; real deployments have a handful of role combinations


def nav_key(user) -> tuple:
    everything = bool(user.is_superuser or user_is_district_staff(user))
    return (frozenset(grants_of(user).roles), everything, get_language(), get_script_prefix())


def nav_items_for(user) -> list[dict]:
    """The navigation of one user: links, and groups with `children` (shared: do not modify)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _nav_of(user)[0]


def _nav_of(user) -> tuple[list[dict], list[str]]:
    key = nav_key(user)
    found = _NAV.get(key)
    if found is None:
        if len(_NAV) >= NAV_ENTRIES:
            _NAV.clear()
        roles, everything = set(key[0]), key[1]
        found = _NAV[key] = (_nav_build(roles, everything), sorted({str(Role(r).label) for r in roles}))
    return found


def _nav_build(roles: set, everything: bool) -> list[dict]:
    items = []
    for label, target, *allowed in NAV:
        if isinstance(target, list):
            links = (_link(text, name, who, roles, everything) for text, name, who in target)
            children = [c for c in links if c]
            if len(children) == 1:
                items.append(children[0])
            elif children:
                items.append(
                    {"label": str(label), "children": children, "names": [c["name"] for c in children]}
                )
        elif link := _link(label, target, allowed[0], roles, everything):
            items.append(link)
    return items


# The links' HTML (core/_nav.html) likewise, per navigation key and page (the active link).
_NAV_HTML: dict[tuple, str] = {}
NAV_HTML_ENTRIES = 4096


def nav_html_for(user, view_name: str) -> str:
    key = (nav_key(user), view_name)
    html = _NAV_HTML.get(key)
    if html is None:
        if len(_NAV_HTML) >= NAV_HTML_ENTRIES:
            _NAV_HTML.clear()
        items = _nav_of(user)[0]
        html = _NAV_HTML[key] = get_template("core/_nav.html").render(
            {"nav_items": items, "view_name": view_name}
        )
    return html


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items, role_labels = _nav_of(user)
    match = getattr(request, "resolver_match", None)
    return {
        "nav_items": items,
        "nav_html": nav_html_for(user, match.view_name if match else ""),
        "role_labels": role_labels,
        "show_lockouts": user_is_district_staff(user),
        # One cheap count on the partial unread index, for the badge in the navigation bar.
        "inbox_unread": notification_unread_count(user=user),
        # The lists' town column and filter (templates/core/_town_filter.html): shown with two or more towns.
        "town_choices": grants_of(user).town_names,
    }
