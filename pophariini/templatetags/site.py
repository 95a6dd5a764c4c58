"""Template tags for every public page: responsive images, absolute URLs and pagination links."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pophariini.renditions import pick, renditions
from pophariini.seo import absolute_url

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
