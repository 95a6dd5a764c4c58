"""The demo accounts in a real browser: refused with a clear message outside DEBUG, let in on a laptop."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pophariini.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser import admin_ui
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_accounts(settings):
    settings.DEBUG = True  # --demo-login refuses to run without DEBUG
    call_command("seed_demo", demo_login=True, stdout=io.StringIO())
    settings.DEBUG = False


@pytest.mark.parametrize("username", ["demo", "kontributor"])
def test_a_server_refuses_the_demo_password_and_says_why(page, settings, demo_accounts, username):
    settings.DEMO_LOGINS = False
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator(".errornote")).to_contain_text("Kata sandi demo tidak berlaku di server ini")
    expect(page.locator("#user-tools")).to_have_count(0)
    save_screenshot(page, f"demo-password-refused-{username}")


@pytest.mark.parametrize("username", ["demo", "kontributor"])
def test_on_a_laptop_the_demo_accounts_log_in(page, settings, demo_accounts, username):
    settings.DEMO_LOGINS = True
    admin_ui.log_in(page, username, DEMO_PASSWORD)
    save_screenshot(page, f"demo-password-accepted-{username}")
