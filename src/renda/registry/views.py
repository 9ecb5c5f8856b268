"""Registry pages beyond the generic ones: the town page with its coverage checks, the district
overview, and a person's page with masked personal data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from renda.core.access import user_is_district_staff, user_is_staff_for
from renda.core.models import Town
from renda.core.resources import DetailView

from . import queries, services
from .models import Person
from .resources import person as person_resource
from .validators import mask_id_number, mask_phone


@login_required
def town_detail(request, pk):
    town = queries.town_get_for(user=request.user, pk=pk)
    coverage = queries.town_coverage(town=town)
    return render(request, "registry/town_detail.html", {"town": town, "coverage": coverage})


town_detail.model = Town


@login_required
def district_overview(request):
    if not user_is_district_staff(request.user):
        raise PermissionDenied
    return render(
        request,
        "registry/district_overview.html",
        {"rows": queries.district_overview_rows(user=request.user)},
    )


class PersonDetailView(DetailView):
    def extra_context(self, person) -> dict:
        return {
            "id_masked": mask_id_number(person.id_number),
            "phone_masked": mask_phone(person.phone),
            "can_unmask": user_is_staff_for(self.request.user, person.town_id),
        }


@login_required
@require_POST
def person_pii(request, pk):
    """Show the unmasked ID and phone to those allowed, and log that they looked."""
    person = person_resource.get_for(user=request.user, pk=pk)
    if not user_is_staff_for(request.user, person.town_id):
        raise PermissionDenied
    services.person_pii_viewed(person=person, actor=request.user)
    return render(request, "registry/_person_pii.html", {"obj": person})


person_pii.model = Person
