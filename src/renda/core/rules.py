"""Who may do what in core: accounts, role grants, towns, sign-in devices (see renda.core.permissions).

The objects the predicates get: a District (or None) for the account and grant permissions, a Town for
`core.town_update`, the User concerned for the self-service ones, a TOTP device for its confirmation.
"""

from __future__ import annotations

import rules

from .access import grants_of
from .permissions import is_district_staff, is_superuser


@rules.predicate
def manages_accounts_of(user, district) -> bool:
    """The district's standing-committee staff manage the accounts of the district and its towns."""
    district_id = getattr(district, "pk", district)
    return district_id is not None and district_id in grants_of(user).district_ids


@rules.predicate
def is_that_user(user, account) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(account, "pk", None) == user.pk


@rules.predicate
def owns_device(user, device) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(device, "user_id", None) == user.pk


@rules.predicate
def is_staff_of_district_of_town(user, town) -> bool:
    return getattr(town, "district_id", None) in grants_of(user).district_ids


# Open an account (alone, or with its first grants): the district's staff.
rules.add_perm("core.user_create", is_superuser | is_district_staff)
# Edit an account, grant or revoke its roles (obj: the district concerned).
rules.add_perm("core.account_manage", is_superuser | manages_accounts_of)
# One's own password, with the old one.
rules.add_perm("core.user_change_password", is_that_user)
rules.add_perm("core.user_set_language", is_that_user)
# A town's population and name (obj: the town): the district staff over it.
rules.add_perm("core.town_update", is_superuser | (is_district_staff & is_staff_of_district_of_town))
# One's own TOTP device, confirmed with a code it shows.
rules.add_perm("core.totp_confirm", owns_device)
# Lift a login lockout (obj: the account; the view finds it among the district's accounts).
rules.add_perm("core.lockout_clear", is_district_staff)
