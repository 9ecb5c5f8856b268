"""The town's publication settings (Deputies Law Art. 58): which fields of its deputies the public portal shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext as _

from renda.core.audit import activity_entries
from renda.core.permissions import allowed
from renda.core.web import web_form_page

from .. import queries as q
from ..forms import PublicationForm
from ..services import publication as services
from ._common import staff_town


@login_required
def publication_edit(request):
    town = staff_town(request)
    if not allowed(request.user, "performance.manage", town):
        raise PermissionDenied
    fields, published, row = q.publication_fields(town)
    form = PublicationForm(
        request.POST or None,
        initial={"publish": fields, "published": published, "version": row.version if row else 0},
    )
    return web_form_page(
        request, form,
        lambda d: services.publication_set(
            town=town, fields=d["publish"], published=d["published"], actor=request.user, version=d.get("version")
        ),
        template="performance/publication_form.html",
        context=lambda: {
            "town": town, "title": _("代表履职公开设置"),
            "history": activity_entries(subject=row, limit=20) if row else [],
            "public_url": f"{reverse('portal:deputies')}?code={town.code}",
        },
        done=_("已调整代表履职公开事项"), target=f"{reverse('performance:publication')}?town={town.pk}",
    )  # fmt: skip


urlpatterns: list = [path("publication/", publication_edit, name="publication")]
