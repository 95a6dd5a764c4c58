"""Template tags for every public page: responsive images, dates, absolute URLs and pagination links."""

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from pophariini.renditions import pick, renditions
from pophariini.seo import absolute_url
from pophariini.slugs import fixed_path, slug_path

register = template.Library()

# Article column on a desktop is about 720px wide; on a phone the image fills the screen.
DEFAULT_SIZES = "(min-width: 760px) 720px, 100vw"


@register.simple_tag
def responsive_img(photo, sizes=DEFAULT_SIZES, lazy=True, width=640):
    """An ``<img>`` with WebP ``srcset``, intrinsic ``width``/``height`` and alt text.

    ``lazy=False`` is for the one image above the fold (the hero): it loads eagerly with
    high priority. A photo without a file renders nothing.
    """
    available = renditions(photo)
    if not available:
        return ""
    fallback = pick(photo, width)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {}>',
        fallback.url,
        ", ".join(f"{r.url} {r.width}w" for r in available),
        sizes,
        fallback.width,
        fallback.height,
        photo.alt_text or photo.caption,
        mark_safe('loading="lazy" decoding="async"' if lazy else 'fetchpriority="high"'),
    )


@register.simple_tag
def time_element(value):
    """``<time datetime="2022-01-03T10:00:00+07:00">3 Januari 2022</time>`` for a date and time.

    What ``date:'c'`` and ``date:"DATE_FORMAT"`` give, at a fraction of their cost: a
    page of cards shows dozens of dates, most of them on a few days.
    """
    local = template_localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(), _long_date(local.date(), get_language())
    )


@functools.lru_cache(maxsize=4096)
def _long_date(day, language):
    # ``language`` is the active one: part of the key, since the month names depend on it.
    return formats.date_format(day, "DATE_FORMAT")


@receiver(setting_changed)
def _formats_changed(setting, **kwargs):
    if setting in ("DATE_FORMAT", "FORMAT_MODULE_PATH", "LANGUAGE_CODE", "TIME_ZONE", "USE_TZ"):
        _long_date.cache_clear()


@register.simple_tag
def path(name, slug=None):
    """``{% url name %}`` or ``{% url name slug %}`` for the pages every page links to.

    The same path, without a full URL reversal each time (``pophariini.slugs``).
    """
    return fixed_path(name) if slug is None else slug_path(name, slug)


@register.simple_tag
def absolute(path):
    return absolute_url(path)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with ``page`` set to ``number`` (page 1 drops it)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if number and int(number) > 1:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else context["request"].path
