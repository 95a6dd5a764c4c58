"""The client's address for login throttling, honouring a trusted proxy only when told to."""

import ipaddress

from django.conf import settings


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
