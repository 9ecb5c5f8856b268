"""Who may build and read year-end packs (`rules` predicates; services call `require`).

- reports.pack: a town's pack — the town's staff and the district's staff over it (the object is the Town);
  the district's pack — the district's staff (the object is the District).
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.models import District
from renda.core.permissions import is_signed_in, is_staff_of_town


@rules.predicate
def is_staff_of_the_district(user, obj) -> bool:
    if not isinstance(obj, District) or not is_signed_in(user):
        return False
    return obj.pk in grants_of(user).district_ids or bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_a_town(user, obj) -> bool:
    return not isinstance(obj, District)


rules.add_perm("reports.pack", is_staff_of_the_district | (is_a_town & is_staff_of_town))
