"""Template context shared by every page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pophariini import navigation


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": SimpleLazyObject(lambda: navigation.for_request(request).settings.name),
        # Read only when a template shows it (every reader page does; feeds and e-mails do not).
        "navigation": SimpleLazyObject(lambda: navigation.for_request(request)),
    }
