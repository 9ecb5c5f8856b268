"""Registry pages beyond the generic ones: the town page with its coverage checks, the district
overview, and a person's page with masked personal data."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from renda.core import services as core_services
from renda.core.access import user_is_district_staff, user_is_staff_for
from renda.core.deadlines.calendar import calendar_missing_year
from renda.core.deadlines.rules import clock_kind
from renda.core.figures.queries import clocks_due_soon, town_figures_for
from renda.core.labels import choice_label
from renda.core.models import Town
from renda.core.permissions import allowed
from renda.core.types import CountField

from . import queries, services
from .models import Person
from .resources import person as person_resource
from .resources.pages import DetailView
from .validators import mask_id_number, mask_phone


@login_required
def town_detail(request, pk):
    town = queries.town_get_for(user=request.user, pk=pk)
    coverage = queries.town_coverage(town=town)
    context = {"town": town, "coverage": coverage, "can_edit_town": user_is_district_staff(request.user)}
    if user_is_staff_for(request.user, town.pk):
        # 工作概况: the stored figures (one query when fresh) and the clocks behind the "due soon" figure.
        context["work"] = town_figures_for(towns=[town])[town.pk]
        context["due_soon"] = [(c, clock_kind(c.kind).label) for c in clocks_due_soon(town=town)]
    return render(request, "registry/town_detail.html", context)


town_detail.model = Town


class TownForm(forms.Form):
    population = CountField(
        label=_("常住人口"), widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=_("用于计算镇人民代表大会的法定代表名额"),
    )  # fmt: skip


@login_required
def town_update(request, pk):
    """District staff keep each town's resident population."""
    town = queries.town_get_for(user=request.user, pk=pk)
    if not user_is_district_staff(request.user):
        raise PermissionDenied
    form = TownForm(request.POST or None, initial={"population": town.population})
    if request.method == "POST" and form.is_valid():
        core_services.town_update(town=town, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("常住人口已保存"))
        return redirect("registry:town-detail", pk=town.pk)
    return render(request, "registry/town_form.html", {"town": town, "form": form})


town_update.model = Town


@login_required
def district_overview(request):
    if not user_is_district_staff(request.user):
        raise PermissionDenied
    return render(
        request,
        "registry/district_overview.html",
        {
            "rows": [
                {
                    **r,
                    "url": reverse("registry:town-detail", args=[r["town"].pk]),
                    "kind": choice_label(r["town"], "kind"),
                }
                for r in queries.district_overview_rows(user=request.user)
            ],
            # The lists each town's figures open (filtered by ?town=): reversed once, not once per town.
            "links": {
                "mandates": reverse("registry:mandate-list"),
                "villages": reverse("registry:village-list"),
                "posts": reverse("registry:liaisonpost-list"),
                "suggestions": reverse("suggestions:list"),
                "appeals": reverse("receptions:appeal-list"),
            },
            # From 1 November: next year's holiday schedule still to be entered.
            "missing_year": calendar_missing_year(timezone.localdate()),
        },
    )


class PersonDetailView(DetailView):
    def extra_context(self, person) -> dict:
        return {
            "id_masked": mask_id_number(person.id_number),
            "phone_masked": mask_phone(person.phone),
            "can_unmask": allowed(self.request.user, "registry.person_unmask", person),
            # The deputy's performance record (履职档案, the performance app) for those who may read it.
            "can_record": allowed(self.request.user, "performance.view_record", person),
        }


@login_required
@require_POST
def person_pii(request, pk):
    """Show the unmasked ID and phone to those allowed, and log that they looked."""
    person = person_resource.get_for(user=request.user, pk=pk)
    if not allowed(request.user, "registry.person_unmask", person):
        raise PermissionDenied
    services.person_pii_viewed(person=person, actor=request.user)
    return render(request, "registry/_person_pii.html", {"obj": person})


person_pii.model = Person
