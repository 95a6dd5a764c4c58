"""What every reader page shows around its content: the site settings and the editors' menus.

Read in two small queries (settings with their photos, menu items with their targets)
and kept in the shared cache under the versions of the models they read
(``pophariini.versions``): a write to a menu, the settings, a static page, a rubric or a
photo renews it, any other write leaves it, so a page rendered again reads no row for it.
"""

from dataclasses import dataclass, field

from asgiref.local import Local
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db.models import Q
from django.templatetags.static import static

from pophariini import seo, versions
from pophariini.models import MenuItem, Page, Photo, SiteSettings

# The share image used when the site settings name none: 1200×630, as social cards ask.
DEFAULT_SHARE_IMAGE = ("img/share.png", 1200, 630)


@dataclass
class Navigation:
    settings: SiteSettings
    header: list = field(default_factory=list)
    footer: list = field(default_factory=list)

    @property
    def share_image(self) -> seo.SocialImage:
        return share_image_of(self.settings)


def site_settings() -> SiteSettings:
    """The settings row, or unsaved defaults before an editor first saves them."""
    found = (
        SiteSettings.objects.select_related("logo", "share_image")
        .filter(pk=SiteSettings.SINGLETON_PK)
        .first()
    )
    return found or SiteSettings()


def share_image_of(settings: SiteSettings) -> seo.SocialImage:
    image = seo.social_image(settings.share_image) if settings.share_image_id else None
    if image is None:
        path, width, height = DEFAULT_SHARE_IMAGE
        image = seo.SocialImage(seo.absolute_url(static(path)), width, height, settings.name)
    return image


def load() -> Navigation:
    """The settings and both menus, in two queries (three while the header menu is empty: the
    home page's rubrics stand in); a static page taken offline leaves the menu."""
    navigation = Navigation(settings=site_settings())
    items = MenuItem.objects.select_related("category", "page").filter(
        Q(page__isnull=True) | Q(page__is_published=True)
    )
    for item in items:
        (navigation.header if item.menu == MenuItem.Menu.HEADER else navigation.footer).append(item)
    if not navigation.header:
        # Until editors arrange a header menu, readers get the home page's rubrics in its order.
        categories = apps.get_model("articles", "Category").objects.filter(show_on_home=True)
        navigation.header = [
            MenuItem(category=category) for category in categories.order_by("position", "name")
        ]
    return navigation


def for_request(request) -> Navigation:
    """The navigation, read once per request however many parts of the page ask."""
    navigation = getattr(request, "_site_navigation", None)
    if navigation is None:
        navigation = request._site_navigation = current()
    return navigation


def cached() -> Navigation:
    """The navigation from the shared cache, loaded when a menu, the settings, a page, a rubric or a photo changed."""
    return versions.cached(
        "navigation", None, [SiteSettings, MenuItem, Page, Photo, "articles.Category"], load
    )


# The navigation of the request being served, for code that has no request at hand (page
# titles, JSON-LD, feeds): read once per request. Outside a request nothing is kept, so a
# command or a shell never sees an old name.
_request = Local()
# The request's navigation until it is first read; None means outside a request.
UNREAD = object()


def _request_started(**kwargs):
    # One attribute set per signal: this runs for every request, cached hits included.
    _request.navigation = UNREAD


def _request_finished(**kwargs):
    _request.navigation = None


request_started.connect(_request_started, dispatch_uid="navigation_request_started")
request_finished.connect(_request_finished, dispatch_uid="navigation_request_finished")


def current() -> Navigation:
    """The navigation for the request being served (once per request), else read afresh."""
    navigation = getattr(_request, "navigation", None)
    if navigation is None:
        return cached()
    if navigation is UNREAD:
        navigation = _request.navigation = cached()
    return navigation


def site_name() -> str:
    """The site's name as editors set it in the site settings."""
    return current().settings.name
