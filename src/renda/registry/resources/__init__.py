"""The registry's aggregates described once (`declared`) for their generic pages (`pages`) and API (`api`);
`base` holds the description itself (Resource, Column)."""

from .base import Column, EndForm, Resource, field_label, resolve
from .declared import (
    RESOURCES,
    deputy_group,
    electoral_district,
    handling_unit,
    liaison_post,
    mandate,
    person,
    presidium,
    presidium_member,
    term,
    village,
)

__all__ = [
    "RESOURCES",
    "Column",
    "EndForm",
    "Resource",
    "deputy_group",
    "electoral_district",
    "field_label",
    "handling_unit",
    "liaison_post",
    "mandate",
    "person",
    "presidium",
    "presidium_member",
    "resolve",
    "term",
    "village",
]
