"""Login and session hardening (the client's address for throttling, session limits, password rule) and
the Permissions-Policy header."""

import datetime
import ipaddress
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _


def client_ip(request):
    """The address django-axes counts failed logins against.

    Behind ``BEHIND_PROXY``, each of the ``TRUSTED_PROXY_COUNT`` proxies appends the
    address it saw to X-Forwarded-For, so the client is that many entries from the
    right; anything further left was sent by the client and may be forged. Without a
    proxy the header is ignored, so it cannot be used to dodge a lockout.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    count = max(settings.TRUSTED_PROXY_COUNT, 1)
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def is_refused_demo_password(password) -> bool:
    """Whether ``password`` is the demo accounts' one on a site that must not accept it.

    ``seed_demo --demo-login`` gives the demo newsroom that password on a laptop
    (``DEMO_LOGINS``, on only with DEBUG); a database copied from there to a server must not
    open the newsroom to anyone who read the README.
    """
    from pophariini.management.commands.seed_demo import DEMO_PASSWORD  # a command imports models

    return not settings.DEMO_LOGINS and constant_time_compare(password or "", DEMO_PASSWORD)


class DemoPasswordBackend:
    """Refuse a login with the demo password outside DEBUG, however the login is attempted.

    Listed before ``ModelBackend``: ``PermissionDenied`` stops ``authenticate()`` there, and
    django-axes counts the attempt as a failure. No ``get_user()``: it never logs anyone in,
    and the test client's ``force_login()`` picks the first backend that has one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_refused_demo_password(password):
            raise PermissionDenied
        return None


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's login form, saying why the demo password is refused (the backend refuses it anyway)."""

    def clean(self):
        if is_refused_demo_password(self.cleaned_data.get("password")):
            raise ValidationError(
                _(
                    "Kata sandi demo tidak berlaku di server ini. Minta administrator "
                    "mengganti kata sandi akun Anda."
                ),
                code="demo_password",
            )
        return super().clean()


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY`` as the Permissions-Policy header on every response.

    Django has no setting for this one header; the page cache keeps it with the cached
    page, as every header the layers inside it add.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def permissions_policy_header(policy):
    """``{"camera": [], "fullscreen": ["self", "https://x"]}`` as ``camera=(), fullscreen=(self "https://x")``."""

    def origin(value):
        return value if value in ("self", "*") else f'"{value}"'

    return ", ".join(
        f"{feature}=({' '.join(origin(value) for value in allowed)})" for feature, allowed in policy.items()
    )


class SessionLimitMiddleware:
    """End a staff session after ``SESSION_IDLE_SECONDS`` without a request, and
    ``SESSION_COOKIE_AGE`` after logging in (a working day) however busy it was.

    Django's own expiry would slide with every save of the session; the first request of a
    login fixes it to a moment instead, and the last-seen time gives the idle limit, so a
    laptop left open in a café does not stay logged in to the newsroom.
    """

    # The last-seen time is written at most this often, not on every request.
    TOUCH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            seen = request.session.get(LAST_SEEN_KEY)
            if seen is None:
                request.session.set_expiry(
                    datetime.datetime.fromtimestamp(now + settings.SESSION_COOKIE_AGE, tz=datetime.UTC)
                )
                request.session[LAST_SEEN_KEY] = now
            elif now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
            elif now - seen >= self.TOUCH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


LAST_SEEN_KEY = "pophariini_last_seen"

# Spellings of the site's name a password may not be built on (after folding case and the
# usual digit-for-letter swaps): whoever guesses passwords starts with the site's name.
SITE_WORDS = ("pophariini", "pophari", "hariini")
_LOOKALIKES = str.maketrans("013457@$", "oieastas")


class SiteNamePasswordValidator:
    """Refuse passwords built on the site's name ("Pophariini2026", "p0phariini-demo")."""

    def validate(self, password, user=None):
        folded = "".join(ch for ch in password.lower().translate(_LOOKALIKES) if ch.isalpha())
        if any(word in folded for word in SITE_WORDS):
            raise ValidationError(
                _("Kata sandi tidak boleh memuat nama situs (Pophariini)."), code="password_site_name"
            )

    def get_help_text(self):
        return _("Kata sandi Anda tidak boleh memuat nama situs.")
