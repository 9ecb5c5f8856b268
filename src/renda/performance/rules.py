"""Who may do what with the performance record and the assessment (`rules` predicates; services `require`).

- performance.view_record: a deputy's record — the deputy themselves, the town's staff and presidium.
- performance.enter_duty: enter an "other duty" (training, other) — the deputy for themselves, or staff.
- performance.confirm: confirm or reject an entered duty — the town's staff, never for their own record.
- performance.manage: the town's point rules, running the assessment, correcting a point — the town's staff.
- performance.view: the town's assessment and ranking — staff, presidium and the town's deputies.
- performance.file_plan: file a deputy group's yearly plan, record the group's activities — the group's leader
  and members, or the town's staff (obj: the group, its plan or its activity).
- performance.view_groups: the town's group plans and activities — staff, presidium and the town's deputies.
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.permissions import has_role_in_town, is_presidium_of_town, is_signed_in, is_staff_of_town


def _person_id(obj) -> int | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "registry.person":
        return obj.pk
    return getattr(obj, "person_id", None)


@rules.predicate
def is_own(user, obj) -> bool:
    """The record is the user's own (their person, their duty, their score)."""
    pid = _person_id(obj)
    return bool(pid and is_signed_in(user) and pid in grants_of(user).person_ids)


is_deputy_of_town = has_role_in_town(Role.DEPUTY)


def _group_of(obj):
    if obj is None:
        return None
    if obj._meta.label_lower == "registry.deputygroup":
        return obj
    return getattr(obj, "group", None)


def group_person_ids(group) -> set[int]:
    """The group's leader and members."""
    ids = {p.pk for p in group.members.all()}
    if group.leader_id:
        ids.add(group.leader_id)
    return ids


@rules.predicate
def is_in_group(user, obj) -> bool:
    """The user is the leader or a member of the deputy group (of the plan or activity)."""
    group = _group_of(obj)
    if group is None or not is_signed_in(user):
        return False
    mine = grants_of(user).person_ids
    return bool(mine and mine & group_person_ids(group))


rules.add_perm("performance.view_record", is_staff_of_town | is_presidium_of_town | is_own)
rules.add_perm("performance.enter_duty", is_staff_of_town | is_own)
rules.add_perm("performance.confirm", is_staff_of_town & ~is_own)
rules.add_perm("performance.manage", is_staff_of_town)
rules.add_perm("performance.view", is_staff_of_town | is_presidium_of_town | is_deputy_of_town)
rules.add_perm("performance.file_plan", is_staff_of_town | is_in_group)
rules.add_perm("performance.view_groups", is_staff_of_town | is_presidium_of_town | is_deputy_of_town)
