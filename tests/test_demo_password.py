"""The demo accounts' password opens the newsroom on a DEBUG laptop (make run) and nowhere else."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from pophariini.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_editor(django_user_model):
    # As seed_demo --demo-login makes it (set_password skips the validators that refuse it).
    user = django_user_model.objects.create_user(
        "demo", password=DEMO_PASSWORD, is_staff=True, is_superuser=True
    )
    return user


def log_in(client, password=DEMO_PASSWORD):
    return client.post(LOGIN, {"username": "demo", "password": password, "next": "/admin/"}, secure=True)


def test_outside_debug_the_demo_password_is_refused_with_a_clear_message(client, settings, demo_editor):
    settings.DEMO_LOGINS = False
    response = log_in(client)
    assert response.status_code == 200
    assert "Kata sandi demo tidak berlaku di server ini" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_outside_debug_no_login_path_accepts_the_demo_password(rf, settings, demo_editor):
    settings.DEMO_LOGINS = False
    assert authenticate(rf.post(LOGIN), username="demo", password=DEMO_PASSWORD) is None


def test_outside_debug_another_password_still_logs_in(client, settings, demo_editor):
    settings.DEMO_LOGINS = False
    demo_editor.set_password("lagu-lama-kaset-pita-2026")
    demo_editor.save()
    response = log_in(client, "lagu-lama-kaset-pita-2026")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(demo_editor.pk)


def test_with_debug_the_demo_accounts_log_in(client, settings, demo_editor):
    settings.DEMO_LOGINS = True
    response = log_in(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(demo_editor.pk)


@pytest.mark.parametrize("debug, allowed", [("1", "True"), ("0", "False"), ("", "False")])
def test_demo_logins_follow_the_sites_debug(debug, allowed):
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(DEBUG=debug, SECRET_KEY="x" * 50, ENV_FILE="", DJANGO_SETTINGS_MODULE="pophariini.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEMO_LOGINS)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == allowed, result.stderr
