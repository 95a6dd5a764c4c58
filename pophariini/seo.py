"""Page metadata: absolute URLs from SITE_URL, Open Graph/Twitter fields and JSON-LD documents."""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pophariini.renditions import SOCIAL_WIDTH, pick


def site_name() -> str:
    """The site's name from the site settings (``pophariini.navigation``, cached, read once per request)."""
    from pophariini import navigation  # navigation builds on this module

    return navigation.site_name()


# JSON inside <script>: these characters could end the element or open a comment.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    """``path`` on the public origin (SITE_URL), never the request's host."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def json_script(documents) -> str:
    """JSON-LD ready to sit inside ``<script type="application/ld+json">``."""
    payload = documents[0] if len(documents) == 1 else documents
    return mark_safe(json.dumps(payload, ensure_ascii=False).translate(_JSON_ESCAPES))


def summary(text: str, words: int = 30) -> str:
    return Truncator(" ".join(strip_tags(text or "").split())).words(words, truncate="…")


@dataclass
class SocialImage:
    url: str
    width: int
    height: int
    alt: str


def social_image(photo) -> SocialImage | None:
    rendition = pick(photo, SOCIAL_WIDTH) if photo else None
    if rendition is None:
        return None
    return SocialImage(absolute_url(rendition.url), rendition.width, rendition.height, photo.alt_text)


@dataclass
class PageMeta:
    """What ``base.html`` puts in ``<head>``: title, description, canonical, social card, JSON-LD."""

    title: str
    description: str = ""
    path: str = "/"
    og_type: str = "website"
    image: SocialImage | None = None
    jsonld: list = field(default_factory=list)
    noindex: bool = False
    published: object = None
    modified: object = None

    @property
    def canonical(self):
        return absolute_url(self.path)

    @property
    def full_title(self):
        name = site_name()
        return self.title if self.title == name else f"{self.title} | {name}"

    @property
    def jsonld_script(self):
        return json_script(self.jsonld) if self.jsonld else ""


def organization():
    return {
        "@type": "Organization",
        "name": site_name(),
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static("img/logo.png")),
            "width": 600,
            "height": 60,
        },
    }


def breadcrumb_list(trail):
    """``trail``: ``(name, path)`` pairs from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": absolute_url(path)}
            for index, (name, path) in enumerate(trail, start=1)
        ],
    }


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def news_article(article, *, authors, image: SocialImage | None):
    """schema.org NewsArticle for a published article."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "headline": Truncator(article.title).chars(110),
        "description": summary(article.seo_description or article.dek, 50),
        "datePublished": _iso(article.first_published_at or article.publish_at),
        "dateModified": _iso(article.revised_at or article.first_published_at or article.publish_at),
        "articleSection": article.category.name,
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in authors
        ],
        "publisher": organization(),
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if image:
        data["image"] = [image.url]
    if article.is_sponsored:
        # schema.org's type for paid content; the sponsor is named, as on the page.
        data["@type"] = "AdvertiserContentArticle"
        data["sponsor"] = {"@type": "Organization", "name": article.sponsor_name}
    return data


def _ranked_thing(entry):
    subject = entry.subject
    if entry.release_id:
        data = {"@type": "MusicAlbum", "name": subject.title}
        if entry.artists:
            data["byArtist"] = [_artist_ref(artist) for artist in entry.artists]
    elif entry.song_id:
        data = {"@type": "MusicComposition", "name": subject.title}
    elif entry.track_id:
        data = {
            "@type": "MusicRecording",
            "name": entry.title,
            "byArtist": [_artist_ref(artist) for artist in entry.artists],
            "inAlbum": {"@type": "MusicAlbum", "name": subject.release.title},
        }
    else:
        data = {
            "@type": "MusicGroup" if subject.kind == subject.Kind.GROUP else "Person",
            "name": subject.name,
        }
    data["url"] = absolute_url(entry.url)
    return data


def item_lists(article, sections):
    """One schema.org ItemList per ranked list of an article (entries from ``ranked_sections()``)."""
    documents = []
    page = absolute_url(article.get_absolute_url())
    for section in sections:
        entries = list(section.entries.all())
        if not entries:
            continue
        documents.append(
            {
                "@context": "https://schema.org",
                "@type": "ItemList",
                "name": f"{article.title} — {section.title}" if section.title else article.title,
                "url": page,
                "itemListOrder": "https://schema.org/ItemListOrderAscending",
                "numberOfItems": len(entries),
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": entry.rank,
                        "url": f"{page}#{entry.anchor}",
                        "item": _ranked_thing(entry),
                    }
                    for entry in entries
                ],
            }
        )
    return documents


def _same_as(links):
    return [link.url for link in links]


def artist_document(artist, *, image: SocialImage | None):
    data = {
        "@context": "https://schema.org",
        "@type": "MusicGroup" if artist.kind == artist.Kind.GROUP else "Person",
        "name": artist.name,
        "url": absolute_url(artist.get_absolute_url()),
    }
    if artist.bio:
        data["description"] = summary(artist.bio, 50)
    if image:
        data["image"] = image.url
    links = _same_as(artist.links.all())
    if links:
        data["sameAs"] = links
    if artist.kind == artist.Kind.GROUP:
        members = [m.member for m in artist.memberships.all()]
        if members:
            data["member"] = [
                {"@type": "Person", "name": m.name, "url": absolute_url(m.get_absolute_url())}
                for m in members
            ]
        genres = [g.name for g in artist.genres.all()]
        if genres:
            data["genre"] = genres
    return data


def _artist_ref(artist):
    kind = "MusicGroup" if artist.kind == artist.Kind.GROUP else "Person"
    return {"@type": kind, "name": artist.name, "url": absolute_url(artist.get_absolute_url())}


def _recording(track):
    data = {
        "@type": "MusicRecording",
        "name": track.song.title,
        "position": track.position,
        "recordingOf": {"@type": "MusicComposition", "name": track.song.title},
    }
    if track.performing_artists:
        data["byArtist"] = [_artist_ref(artist) for artist in track.performing_artists]
    return data


def release_document(release, *, performers, image: SocialImage | None):
    data = {
        "@context": "https://schema.org",
        "@type": "MusicAlbum",
        "name": release.title,
        "url": absolute_url(release.get_absolute_url()),
        "albumReleaseType": {
            "single": "SingleRelease",
            "ep": "EPRelease",
        }.get(release.kind, "AlbumRelease"),
        "numTracks": len(release.tracklist),
        "track": [_recording(track) for track in release.tracklist],
    }
    if release.kind == release.Kind.SOUNDTRACK:
        data["albumProductionType"] = "SoundtrackAlbum"
    elif release.kind == release.Kind.COMPILATION:
        data["albumProductionType"] = "CompilationAlbum"
    if release.release_date:
        data["datePublished"] = release.release_date.isoformat()
    if performers:
        data["byArtist"] = [_artist_ref(artist) for artist in performers]
    if image:
        data["image"] = image.url
    return data


def song_document(song, *, composers, lyricists, versions):
    data = {
        "@context": "https://schema.org",
        "@type": "MusicComposition",
        "name": song.title,
        "url": absolute_url(song.get_absolute_url()),
    }
    if composers:
        data["composer"] = [_artist_ref(a) for a in composers]
    if lyricists:
        data["lyricist"] = [_artist_ref(a) for a in lyricists]
    if versions:
        data["recordedAs"] = [_recording(track) for track in versions]
    return data


def film_document(film, *, directors, image: SocialImage | None):
    data = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.title,
        "url": absolute_url(film.get_absolute_url()),
    }
    if film.year:
        data["dateCreated"] = str(film.year)
    if directors:
        data["director"] = [{"@type": "Person", "name": a.name} for a in directors]
    if film.production_company:
        data["productionCompany"] = {"@type": "Organization", "name": film.production_company}
    if film.synopsis:
        data["description"] = summary(film.synopsis, 50)
    if image:
        data["image"] = image.url
    return data


def website_document():
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_name(),
        "url": absolute_url("/"),
        "inLanguage": settings.LANGUAGE_CODE,
        "description": _("Kabar, ulasan, dan wawancara musik Indonesia."),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute_url("/cari/") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
