"""Who may do what with reception days and appeals (`rules` predicates; services call `require`).

- receptions.manage: the town's congress office staff (and the district's staff over it) arrange reception days,
  keep the rota groups and the setting, assign appeals and turn them into deputy suggestions.
- receptions.record_day: staff, or a deputy on the day's rota, record what happened on the day.
- receptions.submit_appeal: staff of the town, a deputy on the rota of the reception day the appeal comes from,
  or a citizen on the portal (`CITIZEN`).
- receptions.reply / receptions.view_pii: the handlers — the responsible person, the clerks of the
  responsible unit, and the town staff.
- receptions.record_feedback: staff and the petitions office call the voter back and record the satisfaction.
- receptions.give_feedback: the voter on the portal (`CITIZEN`), with the tracking code.
- receptions.feedback: either of the two (the permission of the table's close and reopen).
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.permissions import has_role_in_town, is_citizen, is_signed_in, is_staff_of_town


@rules.predicate
def is_on_day_rota(user, day) -> bool:
    """A deputy on the reception day's rota (the object is a ReceptionDay)."""
    from .models import ReceptionDay

    if not isinstance(day, ReceptionDay) or not is_signed_in(user):
        return False
    persons = grants_of(user).person_ids
    return bool(persons) and day.deputies.filter(pk__in=persons).exists()


@rules.predicate
def is_appeal_handler(user, appeal) -> bool:
    """The appeal's responsible person, or a clerk of its responsible unit."""
    if appeal is None or not is_signed_in(user):
        return False
    if appeal.handler_id and appeal.handler_id == user.pk:
        return True
    return bool(appeal.unit_id and appeal.unit_id in grants_of(user).unit_ids)


is_petitions_of_town = has_role_in_town(Role.PETITIONS)

rules.add_perm("receptions.manage", is_staff_of_town)
rules.add_perm("receptions.record_day", is_staff_of_town | is_on_day_rota)
rules.add_perm("receptions.submit_appeal", is_citizen | is_staff_of_town | is_on_day_rota)
rules.add_perm("receptions.reply", is_staff_of_town | is_appeal_handler)
rules.add_perm("receptions.view_pii", is_staff_of_town | is_appeal_handler)
rules.add_perm("receptions.record_feedback", is_staff_of_town | is_petitions_of_town)
rules.add_perm("receptions.give_feedback", is_citizen)
# Closing or reopening a replied appeal by its satisfaction (the table's permission): either of the two above.
rules.add_perm("receptions.feedback", is_staff_of_town | is_petitions_of_town | is_citizen)
