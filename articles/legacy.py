"""The old WordPress site's addresses that are not stored redirects: AMP, feeds, uploads, authors, ids.

The ids are WordPress's ``/?p=N`` and ``/?attachment_id=N``; stored redirects of old
attachment pages point at the latter and are resolved here when a reader asks.

Each answers with a permanent redirect to what a reader sees now, or a 404. An article
address redirects only while the article is published (``Article.objects.published()``),
so an old link never reveals a draft or an embargoed article.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.models import Article, Author
from pophariini.models import Page, Photo
from pophariini.renditions import pick

# WordPress's addresses by id: ``/?p=<post id>`` and ``/?attachment_id=<attachment id>``.
# At most 18 digits: a larger number fits no database integer and matches nothing.
WORDPRESS_ID_RE = re.compile(r"[0-9]{1,18}")
_ID_ADDRESS_RE = re.compile(r"/\?(?P<key>p|attachment_id)=(?P<number>[0-9]{1,18})")

# WordPress's resized copies: "a-300x200.jpg" is the 300-pixel-wide copy of "a.jpg".
_SIZE_SUFFIX_RE = re.compile(r"-(?P<width>\d{1,5})x\d{1,5}(?=\.\w+$)")


def article_alias(request, slug):
    """``/<slug>/amp/`` (the AMP copy) and ``/<slug>/feed/`` (its comments feed): the article itself."""
    article = get_object_or_404(Article.objects.published().only("slug"), slug=slug)
    return HttpResponsePermanentRedirect(article.get_absolute_url())


def author(request, slug, feed=False):
    """``/author/<login>/`` (and its feed): the author page, whose slug may differ from the login.

    Imported authors take their slug from their name ("Raka Dewangkara" → raka-dewangkara),
    while WordPress addressed them by login; an unknown name keeps its slug, as before.
    """
    if not Author.objects.filter(slug=slug).exists():
        by_login = Author.objects.filter(wp_login=slug).order_by("pk").values_list("slug", flat=True)
        slug = by_login.first() or slug
    if feed:
        return HttpResponsePermanentRedirect(reverse("articles:author_feed", kwargs={"slug": slug}))
    target = reverse("articles:author_detail", kwargs={"slug": slug})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


def feed_alias(request, prefix=""):
    """``/feed/rss2/``, ``/feed/atom/`` and the like: the section's one feed."""
    return HttpResponsePermanentRedirect(f"/{prefix}feed/")


def upload(request, path):
    """``/wp-content/uploads/YYYY/MM/<name>(-WxH).<ext>``: the photo's current file or nearest rendition.

    Photos imported from WordPress keep their upload path (``Photo.source_path``). A
    resized copy's address goes to the smallest rendition at least as wide, the original's
    to the original file; both are storage URLs, so files on S3-compatible storage work too.
    """
    if "\x00" in path:
        raise Http404
    original = _SIZE_SUFFIX_RE.sub("", path)
    candidates = [path] if original == path else [path, original]
    photos = {photo.source_path: photo for photo in Photo.objects.filter(source_path__in=candidates)}
    photo = next((photos[name] for name in candidates if name in photos), None)
    if photo is None or not photo.has_file:
        raise Http404
    resized = _SIZE_SUFFIX_RE.search(path)
    if resized and photo.source_path != path:
        rendition = pick(photo, int(resized["width"]))
        if rendition is not None:
            return HttpResponsePermanentRedirect(rendition.url)
    return HttpResponsePermanentRedirect(photo.image.url)


def wordpress_paged(request, prefix, number):
    """WordPress paginated with /…/page/N/; the same list here takes ?page=N."""
    target = f"/{prefix}"
    if int(number) > 1:
        target += f"?page={int(number)}"
    return HttpResponsePermanentRedirect(target)


def id_address(key: str, value: str) -> str | None:
    """``/?<key>=<value>`` for a WordPress id the site may know, else None (``abc``, huge numbers)."""
    return f"/?{key}={value}" if WORDPRESS_ID_RE.fullmatch(value or "") else None


def is_id_address(path: str) -> bool:
    return _ID_ADDRESS_RE.fullmatch(path) is not None


def id_address_target(address: str) -> str | None:
    """Where WordPress's ``/?p=N`` or ``/?attachment_id=N`` sends a reader now; None when nothing public answers.

    Stored redirects of attachment pages point at these addresses (see
    ``articles.wordpress.attachments``) and are resolved here on each request, so the
    answer follows publication: never a draft, an embargoed article or an unpublished page.
    """
    match = _ID_ADDRESS_RE.fullmatch(address)
    if match is None:
        return None
    number = int(match["number"])
    return post_address(number) if match["key"] == "p" else attachment_address(number)


def post_address(post_id: int) -> str | None:
    """The address of the imported WordPress post or page ``post_id`` while a reader may see it."""
    article = Article.objects.published().filter(wp_post_id=post_id).only("slug").first()
    if article is not None:
        return article.get_absolute_url()
    page = Page.objects.filter(wp_post_id=post_id, is_published=True).only("url").first()
    return page.url if page is not None else None


def attachment_address(attachment_id: int) -> str | None:
    """An old attachment page: the post or page it belonged to while public, else the photo's file."""
    photo = Photo.objects.filter(wp_attachment_id=attachment_id).first()
    if photo is None:
        return None
    if photo.wp_parent_id and (parent := post_address(photo.wp_parent_id)):
        return parent
    return photo.image.url if photo.has_file else None
