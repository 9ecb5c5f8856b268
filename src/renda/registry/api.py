"""Registry API: the generic operations of every registry resource, the town coverage checks and a
person's personal data (masked unless allowed)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.orm import create_schema

from renda.core.access import user_is_staff_for
from renda.core.resources import resource_router
from renda.core.types import Id

from . import queries, services
from .resources import RESOURCES, person
from .validators import mask_id_number, mask_phone

router = Router(tags=["registry"])

EXCLUDE = {"created_at", "updated_at"}


def _out_schema(resource):
    model = resource.model
    names = [f.name for f in model._meta.get_fields() if f.concrete and f.name not in EXCLUDE]
    return create_schema(model, name=f"{model.__name__}Out", fields=names)


def _serialize(obj, user):
    return obj


def _masked(schema):
    """Personal data is masked for everyone here; the unmasked values are a separate, logged operation."""

    class PersonOut(schema):
        @staticmethod
        def resolve_id_number(obj) -> str:
            return mask_id_number(obj.id_number)

        @staticmethod
        def resolve_phone(obj) -> str:
            return mask_phone(obj.phone)

    return PersonOut


for _resource in RESOURCES:
    _schema = _masked(_out_schema(_resource)) if _resource is person else _out_schema(_resource)
    router.add_router("", resource_router(_resource, _schema, serialize=_serialize))


class PersonPiiOut(Schema):
    id: int
    name: str
    id_number: str | None
    phone: str


@router.post("/persons/{pk}/pii", response=PersonPiiOut, openapi_extra={"x-renda-model": "registry.person"})
def person_pii(request, pk: Id):
    """The unmasked ID number and phone, for the town's staff only; every call is logged."""
    obj = person.get_for(user=request.user, pk=pk)
    if not user_is_staff_for(request.user, obj.town_id):
        raise PermissionDenied
    services.person_pii_viewed(person=obj, actor=request.user)
    return {"id": obj.pk, "name": obj.name, "id_number": obj.id_number, "phone": obj.phone}


@router.get("/towns/{pk}/coverage", openapi_extra={"x-renda-model": "core.town"})
def town_coverage(request, pk: Id) -> dict:
    """Coverage checks of one town's registry (C1)."""
    return queries.town_coverage(town=queries.town_get_for(user=request.user, pk=pk)).as_dict()


@router.get("/towns", response=list[dict])
def town_list(request):
    """The towns this user may see, with their registry figures."""
    return [
        {
            k: (v if k != "town" else {"id": v.pk, "code": v.code, "name": v.name, "kind": v.kind})
            for k, v in r.items()
        }
        for r in queries.district_overview_rows(user=request.user)
    ]
