"""Template tags for the magazine's reader pages: publication time, reading time and share links."""

import math
from urllib.parse import quote, urlencode

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html, strip_tags
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from pophariini import seo
from pophariini.seo import absolute_url

register = template.Library()

# Words a reader reads in a minute (Indonesian running text, a common estimate).
WORDS_PER_MINUTE = 200


@register.simple_tag
def published_time(value):
    """``<time datetime="…">3 Januari 2022, 09.00 WIB</time>``: date, time and zone, as Indonesian media write them."""
    local = template_localtime(value)
    return format_html(
        '<time datetime="{}">{}, {} {}</time>',
        local.isoformat(),
        date_filter(local, "j F Y"),
        date_filter(local, "H.i"),
        local.tzname(),
    )


@register.filter
def reading_minutes(html) -> int:
    """Minutes to read ``html``'s text, at least one."""
    words = len(strip_tags(html or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


@register.inclusion_tag("includes/_share.html")
def share_links(path, title):
    """Plain links to share an article on WhatsApp, X, Facebook and Telegram: no script, no tracker."""
    url = absolute_url(path)
    return {
        "url": url,
        "links": [
            (
                "whatsapp",
                "WhatsApp",
                "https://wa.me/?" + urlencode({"text": f"{title} {url}"}, quote_via=quote),
            ),
            (
                "x",
                "X",
                "https://x.com/intent/post?" + urlencode({"text": title, "url": url}, quote_via=quote),
            ),
            ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
            (
                "telegram",
                "Telegram",
                "https://t.me/share/url?" + urlencode({"url": url, "text": title}, quote_via=quote),
            ),
        ],
    }


@register.simple_tag
def static_page_meta(page):
    """Head metadata and breadcrumbs for a static page (rendered by the 404 fallback, not by a view)."""
    trail = [(_("Beranda"), "/"), (page.title, page.url)]
    meta = seo.PageMeta(
        title=page.title,
        description=seo.summary(page.body, 40)
        or _("%(title)s — %(site)s.") % {"title": page.title, "site": seo.site_name()},
        path=page.url,
        jsonld=[seo.breadcrumb_list(trail)],
    )
    meta.trail = trail
    return meta
