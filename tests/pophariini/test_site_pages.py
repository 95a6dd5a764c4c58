"""Site-wide pages: 404 and 500 in the site's design, the health check and the icon."""

import pytest
from django.templatetags.static import static
from django.test import override_settings

from pophariini.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_address_gets_the_designed_404(client):
    response = client.get("/tidak-ada-artikel-ini/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Halaman tidak ditemukan" in content
    assert '<label for="cari-404">' in content
    assert 'name="robots" content="noindex' in content


def test_500_page_renders_without_the_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


def test_unreachable_database_gives_a_temporary_503(client, monkeypatch):
    """A database restart must look temporary to load balancers and crawlers, not like a broken page."""
    from django.db import OperationalError

    from articles import views

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.ArticleDetailView, "get", down)
    client.raise_request_exception = False
    response = client.get("/apa-saja/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Terjadi kesalahan" in response.content.decode()


def test_other_errors_stay_a_500(client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(views.ArticleDetailView, "get", broken)
    client.raise_request_exception = False
    assert client.get("/apa-saja/").status_code == 500


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_favicon_ico_leads_to_the_sites_icon(client, admin_client):
    """Browsers and crawlers ask for /favicon.ico whatever a page declares; it used to render the 404 page."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
    # The admin declares the icon too, so its tabs show it and ask for nothing else.
    assert f'<link rel="icon" href="{static("favicon.svg")}"' in admin_client.get("/admin/").content.decode()
