"""Site-wide pages: 404 and 500 in the site's design, and the health check."""

import pytest
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


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
