"""Registry writes (C1), by what they keep: places (villages, terms, electoral districts), people (persons,
mandates) and bodies (presidium, deputy groups, liaison posts, handling units). Views, forms and the API call
these; each checks its permission (`registry.edit` on the town or record) and writes its audit row.

Every service takes keyword arguments and an explicit actor; `data` is a dict of field values as a
form's cleaned_data gives them (model instances for foreign keys, lists for many-to-many fields).
"""

from ._base import RowsInvalid
from .bodies import (
    deputy_group_create,
    deputy_group_end,
    deputy_group_update,
    handling_unit_create,
    handling_unit_end,
    handling_unit_update,
    liaison_post_create,
    liaison_post_end,
    liaison_post_update,
    presidium_create,
    presidium_member_create,
    presidium_member_end,
    presidium_member_update,
    presidium_update,
)
from .people import (
    mandate_create,
    mandate_end,
    mandate_update,
    mandates_create_many,
    person_create,
    person_pii_viewed,
    person_update,
    persons_create_many,
)
from .places import (
    electoral_district_create,
    electoral_district_update,
    term_create,
    term_end,
    term_update,
    village_attach,
    village_create,
    village_end,
    village_update,
)

__all__ = [
    "RowsInvalid",
    "deputy_group_create",
    "deputy_group_end",
    "deputy_group_update",
    "electoral_district_create",
    "electoral_district_update",
    "handling_unit_create",
    "handling_unit_end",
    "handling_unit_update",
    "liaison_post_create",
    "liaison_post_end",
    "liaison_post_update",
    "mandate_create",
    "mandate_end",
    "mandate_update",
    "mandates_create_many",
    "person_create",
    "person_pii_viewed",
    "person_update",
    "persons_create_many",
    "presidium_create",
    "presidium_member_create",
    "presidium_member_end",
    "presidium_member_update",
    "presidium_update",
    "term_create",
    "term_end",
    "term_update",
    "village_attach",
    "village_create",
    "village_end",
    "village_update",
]
