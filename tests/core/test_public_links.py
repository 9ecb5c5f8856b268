"""Public entry points on a real server: the favicon, the login page's way to the portal, the phone keypad."""

from __future__ import annotations

import warnings

from django.conf import settings
from django.test import Client


def test_favicon_is_served(client, db):
    r = client.get("/favicon.ico")
    assert (r.status_code, r["Location"]) == (301, "/static/renda/favicon.svg")
    icon = client.get(r["Location"])
    assert icon.status_code == 200


def test_static_root_exists_so_whitenoise_does_not_warn(db):
    assert settings.STATIC_ROOT.is_dir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Client().get("/accounts/login/")
    assert [str(w.message) for w in caught if "No directory at" in str(w.message)] == []


def test_login_page_links_to_the_public_portal(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert '<a href="/p/">群众服务入口</a>' in page


def test_portal_phone_field_opens_the_number_keypad():
    from renda.portal.forms import PublicAppealForm

    html = str(PublicAppealForm.base_fields["citizen_phone"].widget.render("citizen_phone", ""))
    assert ('type="tel"' in html, 'inputmode="tel"' in html) == (True, True)


def test_api_docs_load_swagger_from_our_static_files(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert [word for word in ["cdn", "jsdelivr", "unpkg", "<script>"] if word in page] == []
