"""Who may do what in the registry (see renda.core.permissions).

The object is the town a record is created in, or the record itself (a town-owned model); for the division
loader it is the DivisionCode asked for.
"""

from __future__ import annotations

import rules

from renda.core.access import grants_of
from renda.core.models import District
from renda.core.permissions import is_district_staff, is_staff_of_town, is_superuser


@rules.predicate
def loads_divisions_of(user, code) -> bool:
    """District staff load their own districts' official divisions."""
    district = getattr(code, "district", code)
    ids = grants_of(user).district_ids
    return bool(ids) and District.objects.filter(pk__in=ids, code=district).exists()


# Create, edit and end a town's registry records (villages, terms, electoral districts, persons, mandates,
# presidium, deputy groups, liaison posts, handling units): the town's congress office, or the district's staff.
rules.add_perm("registry.edit", is_staff_of_town)
# Attach a village to a town with a congress (区镇合一): the district's staff over the village's town.
rules.add_perm("registry.village_attach", is_district_staff & is_staff_of_town)
# See a person's ID number and phone unmasked (logged), on the page, in the history or through the API.
rules.add_perm("registry.person_unmask", is_staff_of_town)
# Import and export a town's rosters (花名册).
rules.add_perm("registry.roster", is_staff_of_town)
# Load official divisions (obj: the DivisionCode): the district's staff; a superuser any district.
rules.add_perm("registry.divisions_load", is_superuser | loads_divisions_of)
