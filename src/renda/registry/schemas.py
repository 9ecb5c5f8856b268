"""The registry API's typed bodies: each resource's Out schema (choice fields as enums in the OpenAPI), its
page (`count` and `items`, read by `limit`/`offset`), a person's unmasked data and history, the coverage
checks and the towns' figures."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pydantic
from django.db import models
from ninja import Schema
from ninja.orm import create_schema

from renda.core.api_parts import HistoryOut
from renda.core.enums import TownKind

from .enums import MandateStatus
from .validators import mask_id_number, mask_phone

EXCLUDE = {"created_at", "updated_at"}


def _choice_type(f: models.Field) -> Any:
    """A choice field's values as a Literal (an enum in the OpenAPI); blank and null as the field allows."""
    values = [str(v) for v, _label in f.flatchoices]
    if f.blank and "" not in values:
        values.append("")
    typ: Any = Literal[tuple(values)]
    return typ | None if f.null else typ


def out_schema(model: type[models.Model]) -> type[Schema]:
    """A record as the API returns it: every concrete field but the timestamps."""
    concrete = [f for f in model._meta.get_fields() if f.concrete and f.name not in EXCLUDE]
    choice = [f for f in concrete if getattr(f, "choices", None) and not f.is_relation]
    custom = [(f.name, _choice_type(f), ...) for f in choice]
    names = [f.name for f in concrete if f not in choice]
    return create_schema(model, name=f"{model.__name__}Out", fields=names, custom_fields=custom)


def masked_person_schema(schema: type[Schema]) -> type[Schema]:
    """Personal data is masked for everyone here; the unmasked values are a separate, logged operation."""

    class PersonOut(schema):  # type: ignore[misc, valid-type]
        @staticmethod
        def resolve_id_number(obj) -> str:
            return mask_id_number(obj.id_number)

        @staticmethod
        def resolve_phone(obj) -> str:
            return mask_phone(obj.phone)

    return PersonOut


def page_schema(model: type[models.Model], item: type) -> type[pydantic.BaseModel]:
    return pydantic.create_model(f"{model.__name__}Page", count=(int, ...), items=(list[item], ...))


class EndIn(pydantic.BaseModel):
    end_date: dt.date
    reason: str
    status: MandateStatus | None = None  # how a mandate ends (the other records take none)


class PersonPiiOut(Schema):
    id: int
    name: str
    id_number: str | None
    phone: str


class Ref(Schema):
    id: int
    name: str


class CoverageOut(Schema):
    town: Ref
    term: Ref | None
    villages_without_electoral_district: list[Ref]
    villages_without_serving_town_deputy: list[Ref]
    electoral_districts_without_liaison_post: list[Ref]
    deputy_groups_under_minimum: list[Ref]
    presidium_problems: list[str]
    seats: int
    seat_limit: int | None
    seats_over_limit: bool
    gap_count: int


class TownRef(Schema):
    id: int
    code: str
    name: str
    kind: TownKind


class TownRowOut(Schema):
    town: TownRef
    deputies: int
    other_deputies: int
    villages: int
    villages_uncovered: int | None
    liaison_posts: int
    seat_limit: int | None
    work: dict[str, Any]


__all__ = [
    "CoverageOut",
    "EndIn",
    "HistoryOut",
    "PersonPiiOut",
    "TownRowOut",
    "masked_person_schema",
    "out_schema",
    "page_schema",
]
