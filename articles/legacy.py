"""The old WordPress site's addresses that are not stored redirects: AMP and comment feeds, feed variants, uploads.

Each answers with a permanent redirect to what a reader sees now, or a 404. An article
address redirects only while the article is published (``Article.objects.published()``),
so an old link never reveals a draft or an embargoed article.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404

from articles.models import Article
from pophariini.models import Photo
from pophariini.renditions import pick

# WordPress's resized copies: "a-300x200.jpg" is the 300-pixel-wide copy of "a.jpg".
_SIZE_SUFFIX_RE = re.compile(r"-(?P<width>\d{1,5})x\d{1,5}(?=\.\w+$)")


def article_alias(request, slug):
    """``/<slug>/amp/`` (the AMP copy) and ``/<slug>/feed/`` (its comments feed): the article itself."""
    article = get_object_or_404(Article.objects.published().only("slug"), slug=slug)
    return HttpResponsePermanentRedirect(article.get_absolute_url())


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
