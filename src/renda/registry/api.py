"""Registry API: the generic operations of every registry resource, the town coverage checks and a
person's personal data (masked unless allowed)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router

from renda.core.permissions import allowed
from renda.core.types import Id

from . import queries, services
from .resources import RESOURCES, person
from .resources.api import resource_router
from .schemas import CoverageOut, PersonPiiOut, TownRowOut, masked_person_schema, out_schema

router = Router(tags=["registry"])

for _resource in RESOURCES:
    _schema = out_schema(_resource.model)
    router.add_router(
        "", resource_router(_resource, masked_person_schema(_schema) if _resource is person else _schema)
    )


@router.post("/persons/{pk}/pii", response=PersonPiiOut, openapi_extra={"x-renda-model": "registry.person"})
def person_pii(request, pk: Id):
    """The unmasked ID number and phone, for the town's staff only; every call is logged."""
    obj = person.get_for(user=request.user, pk=pk)
    if not allowed(request.user, "registry.person_unmask", obj):
        raise PermissionDenied
    services.person_pii_viewed(person=obj, actor=request.user)
    return {"id": obj.pk, "name": obj.name, "id_number": obj.id_number, "phone": obj.phone}


@router.get("/towns/{pk}/coverage", response=CoverageOut, openapi_extra={"x-renda-model": "core.town"})
def town_coverage(request, pk: Id):
    """Coverage checks of one town's registry (C1)."""
    return queries.town_coverage(town=queries.town_get_for(user=request.user, pk=pk)).as_dict()


@router.get("/towns", response=list[TownRowOut])
def town_list(request):
    """The towns this user may see, with their registry figures."""
    return [
        {
            k: (v if k != "town" else {"id": v.pk, "code": v.code, "name": v.name, "kind": v.kind})
            for k, v in r.items()
        }
        for r in queries.district_overview_rows(user=request.user)
    ]
