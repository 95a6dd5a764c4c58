"""Search's music results: artists, songs, releases and films whose name matches, shown above the articles.

Only what a reader may reach: music's one visibility rule (``music.selectors.public``),
so a search never names the music of an embargoed article.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from articles.filters import name_matches
from music.models import Artist, Film, Release, Song
from music.selectors import public

PER_KIND = 6


@dataclass
class MusicGroup:
    label: str
    kind: str
    items: list


def _words(query: str) -> str:
    """The query's wanted words as one phrase: exclusions ("-jazz") and quotes left out."""
    return " ".join(word.strip('"') for word in query.split() if not word.startswith("-")).strip()


def music_results(query: str) -> list[MusicGroup]:
    """Up to ``PER_KIND`` matches of each kind, alphabetically; four queries."""
    phrase = _words(query)
    if len(phrase) < 2:
        return []
    kinds = [
        (Artist, "name", _("Artis"), "artist", ("name", "slug", "kind", "origin_city")),
        (Song, "title", _("Lagu"), "song", ("title", "slug")),
        (Release, "title", _("Rilisan"), "release", ("title", "slug", "kind", "release_date")),
        (Film, "title", _("Film"), "film", ("title", "slug", "year")),
    ]
    groups = []
    for model, field, label, kind, columns in kinds:
        items = list(
            public(model.objects.filter(name_matches(phrase, field=field)))
            .only(*columns)
            .order_by(field, "pk")[:PER_KIND]
        )
        if items:
            groups.append(MusicGroup(str(label), kind, items))
    return groups
