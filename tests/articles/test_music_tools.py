"""The article form's music tools: paste a tracklist onto a release linked to the article, and suggestions."""

import pytest
from django.urls import reverse

from articles.models import Article
from music.models import Artist, Film, Release, Song, Track, TrackCredit
from tests.admin_forms import form_values
from tests.factories import ArticleFactory, ArtistFactory, FilmFactory, ReleaseFactory
from tests.music.paste_steps import BACKSTAGE_TRACKLIST, paste_and_confirm

pytestmark = pytest.mark.django_db


def paste_url(article):
    return reverse("admin:articles_article_music_paste", args=[article.pk])


def suggestions_url(article):
    return reverse("admin:articles_article_music_suggestions", args=[article.pk])


SUGGEST_TEXT = reverse("admin:articles_article_music_suggest_text")


@pytest.fixture
def backstage_story():
    film = FilmFactory(title="Backstage", year=2021)
    article = ArticleFactory(title="Ragam Soundtrack dari Film Backstage", draft=True)
    article.films.add(film)
    for name in ("Sissy Prescillia", "Vanesha Prescillia", "Sheila On 7", "Mocca"):
        ArtistFactory(name=name)
    return article


def test_the_music_section_links_to_the_paste_and_the_suggestions(admin_client, backstage_story):
    page = admin_client.get(reverse("admin:articles_article_change", args=[backstage_story.pk]))
    content = page.content.decode()
    assert paste_url(backstage_story) in content
    assert suggestions_url(backstage_story) in content
    assert "articles/admin/music_tools.js" in content


def test_the_paste_offers_the_films_soundtrack_as_a_new_release(admin_client, backstage_story):
    page = admin_client.get(paste_url(backstage_story))
    form = page.context["target_form"]
    assert form["new_title"].value() == "Backstage (Original Motion Picture Soundtrack)"
    assert form["film"].value() == backstage_story.films.get().pk


def test_a_pasted_soundtrack_becomes_the_films_release_linked_with_its_songs_and_artists(
    admin_client, backstage_story
):
    film = backstage_story.films.get()
    response = paste_and_confirm(
        admin_client,
        paste_url(backstage_story),
        BACKSTAGE_TRACKLIST,
        new_title="Backstage (Original Motion Picture Soundtrack)",
        new_kind="soundtrack",
        film=film.pk,
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_article_change", args=[backstage_story.pk])
    release = Release.objects.get(title="Backstage (Original Motion Picture Soundtrack)")
    assert release.kind == Release.Kind.SOUNDTRACK
    assert release.tracks.count() == 7
    film.refresh_from_db()
    assert film.soundtrack == release
    article = Article.objects.get(pk=backstage_story.pk)
    assert list(article.releases.all()) == [release]
    assert article.songs.count() == 7
    assert set(article.artists.values_list("name", flat=True)) == {
        "Sissy Prescillia",
        "Vanesha Prescillia",
        "Andi Rianto",
        "Monty Tiwa",
    }
    # Once linked, the film's soundtrack is offered again, and a second paste doubles nothing.
    again = admin_client.get(paste_url(backstage_story))
    assert again.context["target_form"]["release"].value() == release.pk
    counts = [model.objects.count() for model in (Release, Song, Track, TrackCredit, Artist)]
    second = paste_and_confirm(
        admin_client, paste_url(backstage_story), BACKSTAGE_TRACKLIST, release=release.pk
    )
    assert second.status_code == 302
    assert [model.objects.count() for model in (Release, Song, Track, TrackCredit, Artist)] == counts


def test_a_new_release_title_that_exists_is_reused_not_doubled(admin_client, backstage_story):
    existing = ReleaseFactory(title="Backstage OST", kind=Release.Kind.SOUNDTRACK)
    paste_and_confirm(
        admin_client,
        paste_url(backstage_story),
        "1. Melangkah - Sissy Prescillia",
        new_title="backstage ost",
        new_kind="soundtrack",
    )
    assert Release.objects.filter(title__iexact="backstage ost").count() == 1
    assert existing.tracks.count() == 1


def test_the_target_must_be_one_release(admin_client, backstage_story):
    release = ReleaseFactory()
    both = admin_client.post(
        paste_url(backstage_story),
        {
            "action": "preview",
            "tracklist": "1. A - B",
            "release": release.pk,
            "new_title": "Lain",
            "new_kind": "album",
        },
    )
    assert both.status_code == 200
    assert both.context["stage"] == "paste"
    assert "bukan keduanya" in both.content.decode()
    neither = admin_client.post(
        paste_url(backstage_story), {"action": "preview", "tracklist": "1. A - B", "new_kind": "album"}
    )
    assert neither.context["stage"] == "paste"
    assert not Track.objects.exists()


def test_a_kontributor_pastes_into_their_own_draft_only(client, contributor, other_contributor):
    own = ArticleFactory(draft=True, authors=[contributor.author])
    others = ArticleFactory(draft=True)
    published = ArticleFactory(authors=[contributor.author])
    client.force_login(contributor)
    assert client.get(paste_url(own)).status_code == 200
    assert client.get(paste_url(others)).status_code == 403
    assert client.get(paste_url(published)).status_code == 403
    response = paste_and_confirm(
        client,
        paste_url(own),
        "1. Melangkah - Sissy Prescillia",
        new_title="Backstage OST",
        new_kind="soundtrack",
    )
    assert response.status_code == 302
    assert own.releases.get().title == "Backstage OST"


def test_suggestions_page_lists_music_named_in_the_text_and_links_one_per_click(admin_client):
    mocca = ArtistFactory(name="Mocca")
    ArtistFactory(name="Kita")
    article = ArticleFactory(body="<p>Kita tahu Mocca dari Bandung. Dia menyanyi.</p>", draft=True)
    page = admin_client.get(suggestions_url(article))
    assert [s.obj for s in page.context["suggestions"]] == [mocca]
    done = admin_client.post(suggestions_url(article), {"add": f"artist:{mocca.pk}"})
    assert done.status_code == 302
    assert list(article.artists.all()) == [mocca]
    assert admin_client.get(suggestions_url(article)).context["suggestions"] == []


@pytest.mark.parametrize("value", ["artist:999999", "nonsense", "artist:x", "", "photo:1"])
def test_a_bad_suggestion_click_gets_a_message_not_a_500(admin_client, value):
    article = ArticleFactory(draft=True)
    response = admin_client.post(suggestions_url(article), {"add": value}, follow=True)
    assert response.status_code == 200
    assert any("tidak ditemukan" in str(message) for message in response.context["messages"])


def test_live_suggestions_read_the_posted_text_and_leave_out_the_chosen(admin_client):
    mocca, sheila = ArtistFactory(name="Mocca"), ArtistFactory(name="Sheila On 7")
    film = FilmFactory(title="Backstage")
    answer = admin_client.post(
        SUGGEST_TEXT,
        {
            "title": "Film Backstage",
            "dek": "",
            "body": "<p>Mocca dan Sheila On 7.</p>",
            "artists": [str(mocca.pk)],
        },
    ).json()
    assert [(s["field"], s["id"]) for s in answer["suggestions"]] == [
        ("films", film.pk),
        ("artists", sheila.pk),
    ]
    assert answer["suggestions"][1]["label"] == "Sheila On 7"


def test_live_suggestions_need_a_post_and_article_rights(client, admin_client, django_user_model):
    assert admin_client.get(SUGGEST_TEXT).status_code == 405
    assert admin_client.post(SUGGEST_TEXT, {"body": "\x00", "artists": ["x"]}).status_code == 200
    client.force_login(django_user_model.objects.create_user("tamu", "t@example.com", "pw", is_staff=True))
    assert client.post(SUGGEST_TEXT, {"body": "Mocca"}).status_code == 403


def test_after_a_save_the_editor_is_told_what_the_text_names_but_does_not_link(admin_client):
    ArtistFactory(name="Sheila On 7")
    article = ArticleFactory(draft=True, body="<p>Lagu lama Sheila On 7 dinyanyikan ulang.</p>")
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = form_values(admin_client.get(change))
    response = admin_client.post(change, {**data, "_continue": "1"}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any("Sheila On 7" in message and suggestions_url(article) in message for message in messages), (
        messages
    )


def test_the_films_of_the_paste_target_are_the_articles_own(admin_client, backstage_story):
    stranger = FilmFactory(title="Film Lain")
    response = admin_client.post(
        paste_url(backstage_story),
        {
            "action": "preview",
            "tracklist": "1. A - B",
            "new_title": "X",
            "new_kind": "soundtrack",
            "film": stranger.pk,
        },
    )
    assert response.context["stage"] == "paste"
    assert Film.objects.get(pk=stranger.pk).soundtrack is None
