"""Ranked lists ("Album Terbaik 2025"): constraints, numbering, the rendered list, JSON-LD and music pages."""

import json
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from articles.models import RankedEntry
from articles.most_read import most_read_rail
from pophariini import navigation
from tests.factories import (
    ArticleFactory,
    ArtistFactory,
    PhotoFactory,
    RankedEntryFactory,
    RankedSectionFactory,
    ReleaseCreditFactory,
    ReleaseFactory,
    SongFactory,
    StreamingLinkFactory,
    TrackCreditFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

# Sections, entries, release performers, release links, artist links.
LIST_QUERIES = 5


def jsonld(response):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    documents = []
    for block in found:
        data = json.loads(block)
        documents += data if isinstance(data, list) else [data]
    return documents


def album_list(n, **article_kwargs):
    """A published list of ``n`` albums, each with cover, performer, label and a streaming link."""
    section = RankedSectionFactory(article=ArticleFactory(title="Album Terbaik 2025", **article_kwargs))
    for position in range(1, n + 1):
        release = ReleaseFactory(title=f"Album {position}", cover=PhotoFactory(), label=f"Label {position}")
        ReleaseCreditFactory(release=release, artist=ArtistFactory(name=f"Band {position}"))
        StreamingLinkFactory(release=release)
        RankedEntryFactory(section=section, release=release, position=position)
    return section


def test_an_entry_must_name_exactly_one_release_song_or_artist():
    section = RankedSectionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RankedEntry.objects.create(section=section, release=ReleaseFactory(), artist=ArtistFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        RankedEntry.objects.create(section=section)
    with pytest.raises(IntegrityError), transaction.atomic():
        RankedEntry.objects.create(section=section, track=TrackFactory(), song=SongFactory())


def test_the_same_release_cannot_appear_twice_in_one_section_but_may_in_another():
    entry = RankedEntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RankedEntryFactory(section=entry.section, release=entry.release)
    other = RankedSectionFactory(article=entry.section.article, anchor="ep")
    assert RankedEntryFactory(section=other, release=entry.release).pk


def test_renumber_follows_the_editors_order():
    section = RankedSectionFactory()
    first, second, third = (RankedEntryFactory(section=section, position=p) for p in (10, 20, 30))
    third.position = 5
    third.save()
    assert section.renumber() == 3
    ranks = {e.pk: e.rank for e in RankedEntry.objects.filter(section=section)}
    assert ranks == {third.pk: 1, first.pk: 2, second.pk: 3}


def test_ranked_list_renders_numbered_entries_with_cover_artist_label_year_and_links(client):
    section = album_list(3)
    response = client.get(section.article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for rank in (1, 2, 3):
        assert f'id="{rank}"' in html
        assert f'href="#{rank}"' in html
    entry = RankedEntry.objects.select_related("release").get(section=section, rank=2)
    # Read in the entry's own line: the page holds the current year elsewhere (footer, photo paths).
    row = re.search(r'<li class="ranked-entry" id="2".*?</li>', html, re.S).group()
    assert "Album 2" in row
    meta = re.search(r'<p class="music-meta">(.*?)</p>', row, re.S).group(1)
    assert " ".join(strip_tags(meta).split()) == f"Band 2 · Label 2 · {entry.release.release_date.year}"
    assert "open.spotify.com/album/" in html
    assert html.index("Album 1") < html.index("Album 2") < html.index("Album 3")
    assert html.count('class="ranked-entry"') == 3


def test_a_second_list_uses_its_anchor_prefix():
    section = RankedSectionFactory(anchor="ep")
    entry = RankedEntryFactory(section=section)
    assert entry.anchor == "ep-1"


def test_ranked_list_with_fifty_entries_keeps_to_a_fixed_query_budget(client):
    """Five queries for the lists (sections, entries, performers, release links, artist links), none per entry."""

    def count(article):
        navigation.cached()  # one cached value for every page (pophariini.navigation)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        return len(queries.captured_queries), response

    plain, _ = count(ArticleFactory())
    small, _ = count(album_list(1).article)
    large, response = count(album_list(50).article)
    assert small == large <= plain + LIST_QUERIES
    assert response.content.decode().count('class="ranked-entry"') == 50


def test_article_without_a_list_makes_no_query_for_lists_or_corrections(client):
    article = ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    assert not any(q["sql"].startswith('SELECT "articles_rankedsection"') for q in queries.captured_queries)
    assert not any(q["sql"].startswith('SELECT "articles_correction"') for q in queries.captured_queries)


def test_ranked_list_is_described_as_an_item_list_in_json_ld(client):
    section = album_list(2)
    documents = jsonld(client.get(section.article.get_absolute_url()))
    item_list = next(d for d in documents if d["@type"] == "ItemList")
    assert item_list["numberOfItems"] == 2
    first = item_list["itemListElement"][0]
    assert first["position"] == 1
    assert first["url"].endswith(f"{section.article.get_absolute_url()}#1")
    assert first["item"]["@type"] == "MusicAlbum" and first["item"]["name"] == "Album 1"
    assert first["item"]["byArtist"][0]["name"] == "Band 1"


def test_song_and_artist_entries_render_with_their_own_details(client):
    section = RankedSectionFactory()
    singer = ArtistFactory(name="Hindia", origin_city="Jakarta")
    RankedEntryFactory(
        section=section, release=None, song=SongFactory(title="Evaluasi", original_artists=[singer])
    )
    RankedEntryFactory(section=section, release=None, artist=ArtistFactory(name="Perunggu"))
    html = client.get(section.article.get_absolute_url()).content.decode()
    assert "Evaluasi" in html and "Hindia" in html and "Perunggu" in html


def test_a_ranked_duet_names_both_original_singers(client):
    sissy, vanesha = ArtistFactory(name="Sissy Prescillia"), ArtistFactory(name="Vanesha Prescillia")
    section = RankedSectionFactory()
    melangkah = SongFactory(title="Melangkah", original_artists=[vanesha, sissy])
    RankedEntryFactory(section=section, release=None, song=melangkah)
    response = client.get(section.article.get_absolute_url())
    entry = re.search(r'<li class="ranked-entry".*?</li>', response.content.decode(), re.S).group()
    assert re.search(r"Sissy Prescillia</a>.*Vanesha Prescillia</a>", entry, re.S)


def test_entry_text_is_stored_as_plain_text():
    entry = RankedEntryFactory(text="<script>alert(1)</script>Bagus <b>sekali</b>")
    assert entry.text == "Bagus sekali"


def test_release_and_artist_pages_show_where_they_were_ranked(client):
    release = ReleaseFactory(title="Sinestesia")
    artist = ArtistFactory(name="Efek Rumah Kaca")
    ReleaseCreditFactory(release=release, artist=artist)
    section = RankedSectionFactory(article=ArticleFactory(title="Album Terbaik 2025"))
    for position in range(1, 3):
        RankedEntryFactory(section=section, position=position)
    RankedEntryFactory(section=section, release=release, position=3)
    artists = RankedSectionFactory(article=ArticleFactory(title="Musisi Terbaik 2025"))
    RankedEntryFactory(section=artists, release=None, artist=artist)

    release_page = client.get(release.get_absolute_url()).content.decode()
    assert "Album Terbaik 2025 — #3" in release_page
    assert f'{section.article.get_absolute_url()}#3"' in release_page
    assert "Musisi Terbaik 2025 — #1" in client.get(artist.get_absolute_url()).content.decode()


def test_music_pages_never_show_rankings_from_unpublished_articles(client):
    release = ReleaseFactory()
    for article in (
        ArticleFactory(title="Draf Terbaik", draft=True),
        ArticleFactory(title="Nanti", scheduled=True),
    ):
        RankedEntryFactory(section=RankedSectionFactory(article=article), release=release)
    html = client.get(release.get_absolute_url()).content.decode()
    assert "Draf Terbaik" not in html and "Nanti" not in html
    assert "Masuk daftar" not in html


def test_renumbering_a_list_reaches_readers_of_a_cached_page(client):
    section = RankedSectionFactory()
    first = RankedEntryFactory(section=section, position=1, release__title="Pertama")
    RankedEntryFactory(section=section, position=2, release__title="Kedua")
    client.get(section.article.get_absolute_url())
    type(first).objects.filter(pk=first.pk).update(position=3)
    section.renumber()
    html = client.get(section.article.get_absolute_url()).content.decode()
    assert html.index("Kedua") < html.index("Pertama")


def test_entries_of_a_titled_section_sit_one_heading_level_below_its_title(client):
    untitled = RankedSectionFactory()
    RankedEntryFactory(section=untitled, release__title="Tanpa Bagian")
    titled = RankedSectionFactory(article=untitled.article, title="EP", anchor="ep")
    RankedEntryFactory(section=titled, release__title="Dalam Bagian")
    html = client.get(untitled.article.get_absolute_url()).content.decode()
    assert re.search(r'<h2 class="ranked-title"><a [^>]*>Tanpa Bagian</a></h2>', html)
    assert re.search(r'<h2 id="daftar-\d+">EP</h2>', html)
    assert re.search(r'<h3 class="ranked-title"><a [^>]*>Dalam Bagian</a></h3>', html)
    assert 'id="ep-1"' in html and 'id="1"' in html


def test_streaming_links_of_an_advertorial_are_marked_sponsored(client):
    paid = album_list(2, is_sponsored=True, sponsor_name="Label Besar")
    paid.article.releases.add(paid.entries.first().release)
    editorial = album_list(2)
    paid_html = client.get(paid.article.get_absolute_url()).content.decode()
    editorial_html = client.get(editorial.article.get_absolute_url()).content.decode()
    # Ranked entries and the music box alike.
    assert paid_html.count('rel="noopener external sponsored"') == 3
    assert 'rel="noopener external"' not in paid_html
    assert editorial_html.count('rel="noopener external"') == 2
    assert "sponsored" not in re.findall(r'<ul class="streaming".*?</ul>', editorial_html, re.S)[0]


def test_an_entry_may_rank_a_recording_shown_with_its_performers(client):
    """ "#3 Sephia" in a list of a film's songs is the film's cover, not Sheila On 7's original."""
    sephia = SongFactory(title="Sephia", original_artists=[ArtistFactory(name="Sheila On 7")])
    soundtrack = ReleaseFactory(title="Backstage OST", cover=PhotoFactory())
    StreamingLinkFactory(release=soundtrack)
    cover = TrackFactory(song=sephia, release=soundtrack, version="Versi Film")
    TrackCreditFactory(track=cover, artist=ArtistFactory(name="Sissy Prescillia"))
    section = RankedSectionFactory()
    RankedEntryFactory(section=section, release=None, track=cover)
    response = client.get(section.article.get_absolute_url())
    entry = re.search(r'<li class="ranked-entry".*?</li>', response.content.decode(), re.S).group()
    assert "Sephia (Versi Film)" in entry and "Sissy Prescillia" in entry
    assert "Sheila On 7" not in entry
    assert "<img" in entry  # the release's cover
    assert "open.spotify.com" in entry
    [item_list] = [doc for doc in jsonld(response) if doc.get("@type") == "ItemList"]
    thing = item_list["itemListElement"][0]["item"]
    assert thing["@type"] == "MusicRecording" and thing["name"] == "Sephia (Versi Film)"
    assert [artist["name"] for artist in thing["byArtist"]] == ["Sissy Prescillia"]
    assert thing["inAlbum"]["name"] == "Backstage OST"


def test_recording_entries_keep_to_the_query_budget(client):
    def count(article):
        navigation.cached()  # one cached value for every page (pophariini.navigation)
        most_read_rail()  # one cached value for every article page (articles.most_read)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries.captured_queries)

    def recordings_list(n):
        section = RankedSectionFactory()
        for position in range(n):
            track = TrackFactory(release=ReleaseFactory(cover=PhotoFactory()))
            TrackCreditFactory(track=track)
            StreamingLinkFactory(release=track.release)
            RankedEntryFactory(section=section, release=None, track=track, position=position)
        return section.article

    small, large = recordings_list(1), recordings_list(20)
    assert count(small) == count(large)
