"""Issue 15's remaining hardening: Permissions-Policy, the admin's address, login lockout by account,
the password rule and the session limits."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from pophariini import security
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


# Permissions-Policy (finding 10).


@pytest.mark.parametrize("path", ["/", "/tidak-ada/", "/robots.txt", "/healthz", "/feed/", LOGIN])
def test_every_response_sends_a_restrictive_permissions_policy(client, path):
    factories.ArticleFactory()
    policy = client.get(path)["Permissions-Policy"]
    assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy
    # The embedded players may still go full screen and play protected media.
    assert 'fullscreen=(self "https://www.youtube-nocookie.com"' in policy
    assert '"https://open.spotify.com"' in policy.split("encrypted-media=")[1].split(")")[0]


def test_cached_pages_keep_the_permissions_policy(client):
    factories.ArticleFactory()
    client.get("/")
    cached = client.get("/")
    assert cached["X-Page-Cache"] == "hit"
    assert "camera=()" in cached["Permissions-Policy"]


def test_embeds_ask_only_for_what_the_policy_grants_them(client):
    article = factories.ArticleFactory(body="<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>")
    page = client.get(article.get_absolute_url())
    assert 'allow="encrypted-media; picture-in-picture; fullscreen"' in page.content.decode()
    assert "https://www.youtube-nocookie.com" in page["Permissions-Policy"].split("picture-in-picture=")[1]


# The admin's address (finding 6).


def test_robots_txt_does_not_name_the_admin(client, settings):
    settings.ADMIN_URL = "ruang-redaksi/"
    body = client.get("/robots.txt").content.decode()
    assert "ruang-redaksi" not in body and "admin" not in body
    assert "Disallow: /pratinjau/" in body


def test_an_anonymous_preview_is_a_404_not_a_way_to_the_login(client):
    draft = factories.ArticleFactory(draft=True)
    response = client.get(f"/pratinjau/{draft.pk}/")
    assert response.status_code == 404
    assert "Location" not in response
    assert "login" not in response.content.decode()


def test_a_non_staff_account_gets_a_404_preview_too(client, django_user_model):
    draft = factories.ArticleFactory(draft=True)
    client.force_login(django_user_model.objects.create_user("pembaca", password="x" * 12))
    assert client.get(f"/pratinjau/{draft.pk}/").status_code == 404


def test_staff_still_preview(admin_client):
    draft = factories.ArticleFactory(draft=True, title="Rahasia redaksi")
    response = admin_client.get(f"/pratinjau/{draft.pk}/")
    assert response.status_code == 200 and "Rahasia redaksi" in response.content.decode()


# Login (finding 5).


def test_guessing_one_accounts_password_from_many_addresses_and_browsers_locks_the_account(
    client, settings, editor_user
):
    for attempt in range(settings.AXES_FAILURE_LIMIT * 2):
        response = Client().post(
            LOGIN,
            {"username": "redaksi", "password": f"salah-{attempt}"},
            secure=True,
            REMOTE_ADDR=f"127.0.0.{attempt + 2}",
            HTTP_USER_AGENT=f"Peramban/{attempt}",
        )
    assert response.status_code == 429
    # The right password from a fresh address and browser is refused while the account is locked.
    response = Client().post(
        LOGIN,
        {"username": "redaksi", "password": "pw-redaksi-123"},
        secure=True,
        REMOTE_ADDR="192.0.2.99",
        HTTP_USER_AGENT="Baru/1",
    )
    assert response.status_code == 429
    # Another account from that address is unaffected.
    factories_user = type(editor_user).objects.create_superuser("lain", "lain@example.com", "pw-lain-1234567")
    response = Client().post(
        LOGIN,
        {"username": factories_user.username, "password": "pw-lain-1234567"},
        secure=True,
        REMOTE_ADDR="192.0.2.99",
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "password",
    ["pophariini", "Pophariini2026", "pophariini-demo", "P0phar11n1!!xyz", "redaksi-pophari-2026"],
)
def test_passwords_built_on_the_sites_name_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(error.code == "password_site_name" for error in refused.value.error_list)


def test_short_passwords_are_refused_and_a_good_one_is_accepted():
    with pytest.raises(ValidationError) as refused:
        validate_password("Kg7#pq2Lx9")  # 10 characters
    assert any(error.code == "password_too_short" for error in refused.value.error_list)
    validate_password("lagu-hujan-di-bulan-juni-7")


def test_the_admins_password_form_says_why_in_indonesian(admin_client, editor_user):
    url = reverse("admin:auth_user_password_change", args=[editor_user.pk])
    response = admin_client.post(
        url, {"password1": "Pophariini2026", "password2": "Pophariini2026", "usable_password": "true"}
    )
    assert response.status_code == 200
    assert "Kata sandi tidak boleh memuat nama situs" in response.content.decode()


def test_a_session_ends_after_two_idle_hours(client, editor_user, monkeypatch, settings):
    clock = [time.time()]
    monkeypatch.setattr(security.time, "time", lambda: clock[0])
    client.force_login(editor_user)
    assert client.get(reverse("admin:index")).status_code == 200
    clock[0] += settings.SESSION_IDLE_SECONDS - 60
    assert client.get(reverse("admin:index")).status_code == 200
    clock[0] += settings.SESSION_IDLE_SECONDS + 1
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and LOGIN in response["Location"]


def test_a_busy_session_still_ends_a_working_day_after_login(client, editor_user, monkeypatch, settings):
    clock = [time.time()]
    monkeypatch.setattr(security.time, "time", lambda: clock[0])
    client.force_login(editor_user)
    client.get(reverse("admin:index"))
    assert settings.SESSION_COOKIE_AGE == 10 * 60 * 60
    assert client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE
    # Activity every hour does not push the end of the session further.
    expiry = client.session.get_expiry_date()
    for _hour in range(5):
        clock[0] += 3600
        assert client.get(reverse("admin:index")).status_code == 200
    assert client.session.get_expiry_date() == expiry
