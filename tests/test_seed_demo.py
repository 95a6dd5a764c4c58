"""seed_demo loads the Backstage article with everything it implies, and creates only what is missing."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, RelatedSuggestion
from music.models import Artist, CreditRole, Film

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_article_has_its_facts():
    call_command("seed_demo", verbosity=0)
    article = Article.objects.for_detail().get(slug="ragam-soundtrack-dari-film-backstage")
    assert article.is_published
    assert article.category.name == "Berita"
    assert article.primary_author.name == "Raka Dewangkara"
    assert article.publish_at.date().isoformat() == "2022-01-03"
    assert article.hero.credit == "Dok: Paragon Pictures"
    assert article.hero.caption and article.hero.alt_text
    assert (article.hero.width, article.hero.height) == (1600, 900)
    assert {a.title for a in article.related.all()} == {
        "6 Kuliner Berbagai Kota Pilihan Perunggu",
        "Inheritors Kolaborasi bersama Agan Dazzle di Single Pestilence",
    }


def test_seed_film_and_soundtrack():
    call_command("seed_demo", verbosity=0)
    film = Film.objects.get(slug="backstage")
    assert film.production_company == "Paragon Pictures"
    assert [c.artist.name for c in film.credits.filter(role=CreditRole.DIRECTOR)] == ["Guntur Soeharjanto"]
    tracks = list(
        film.soundtrack.tracks.select_related("song").prefetch_related("credits", "song__original_artists")
    )
    assert len(tracks) == 7
    covers = {t.song.title: [a.name for a in t.cover_of] for t in tracks if t.is_cover}
    assert covers == {
        "Seberapa Pantas": ["Sheila On 7"],
        "Terbaik Untukmu": ["Tangga"],
        "I Remember": ["Mocca"],
        "Bagaikan Langit": ["Potret"],
    }
    melangkah = next(t for t in tracks if t.song.title == "Melangkah")
    # A duet: both sisters are its original artists, and their recording is no cover.
    sisters = ["Sissy Prescillia", "Vanesha Prescillia"]
    assert [a.name for a in melangkah.song.original_artists.all()] == sisters
    assert not melangkah.is_cover
    assert {c.artist.name for c in melangkah.credits.all()} == set(sisters)
    writers = {(c.artist.name, c.role) for c in melangkah.song.credits.all()}
    assert writers == {
        ("Andi Rianto", CreditRole.COMPOSER),
        ("Andi Rianto", CreditRole.LYRICIST),
        ("Monty Tiwa", CreditRole.LYRICIST),
    }


def test_seed_demo_twice_changes_no_row_count(settings):
    settings.DEBUG = True
    call_command("seed_demo", demo_login=True, verbosity=0)
    before = row_counts()
    call_command("seed_demo", demo_login=True, verbosity=0)
    assert row_counts() == before


def snapshot():
    """Every row's ``updated_at`` and the stored related lists."""
    stamps = {
        model._meta.label: sorted(model.objects.values_list("pk", "updated_at"))
        for model in apps.get_models()
        if any(field.name == "updated_at" for field in model._meta.concrete_fields)
    }
    suggestions = sorted(RelatedSuggestion.objects.values_list("article_id", "position", "suggested_id"))
    return stamps, suggestions


def test_a_second_run_keeps_what_editors_changed_and_writes_nothing(client):
    call_command("seed_demo", verbosity=0)
    article = Article.objects.get(slug="ragam-soundtrack-dari-film-backstage")
    article.title = "Tujuh Lagu dari Film Backstage"
    article.save()
    artist = Artist.objects.get(slug="vanesha-prescillia")
    artist.name = "Vanesha Prescillia Sarasvati"
    artist.save()
    photo = article.hero
    photo.caption = "Vanesha dan Sissy di lokasi syuting"
    photo.save()
    # Reading the pages stores their related lists.
    for story in Article.objects.all():
        assert client.get(story.get_absolute_url()).status_code == 200
    before = snapshot()
    assert before[1], "no related list was stored"

    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", verbosity=0)

    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert snapshot() == before
    article.refresh_from_db()
    assert article.title == "Tujuh Lagu dari Film Backstage"
    assert Artist.objects.get(slug="vanesha-prescillia").name == "Vanesha Prescillia Sarasvati"
    assert article.hero.caption == "Vanesha dan Sissy di lokasi syuting"


def test_a_demo_article_whose_slug_an_editor_changed_is_not_created_again():
    call_command("seed_demo", verbosity=0)
    article = Article.objects.get(slug="ragam-soundtrack-dari-film-backstage")
    article.slug = "tujuh-lagu-dari-film-backstage"
    article.save()
    count = Article.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Article.objects.count() == count
    assert not Article.objects.filter(slug="ragam-soundtrack-dari-film-backstage").exists()


def test_demo_login_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", demo_login=True, verbosity=0)


def test_demo_logins_have_the_newsroom_roles(settings):
    settings.DEBUG = True
    call_command("seed_demo", demo_login=True, verbosity=0)
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.prefetch_related("groups")}
    assert [g.name for g in users["demo"].groups.all()] == ["Editor"]
    assert [g.name for g in users["kontributor"].groups.all()] == ["Kontributor"]
    assert not any(u.is_superuser for u in users.values())


def test_demo_logins_have_author_profiles_that_a_second_run_leaves_alone(settings):
    """Each demo account can byline its own articles; an editor's change to the profile stays."""
    settings.DEBUG = True
    call_command("seed_demo", demo_login=True, verbosity=0)
    profiles = {author.user.username: author for author in Author.objects.filter(user__isnull=False)}
    assert set(profiles) == {"demo", "kontributor"}
    Author.objects.filter(pk=profiles["demo"].pk).update(name="Nadia L.")
    call_command("seed_demo", demo_login=True, verbosity=0)
    assert Author.objects.filter(user__username="demo").get().name == "Nadia L."
    assert Author.objects.filter(user__isnull=False).count() == 2


def test_seed_has_a_ranked_list_of_the_soundtracks_covers(client):
    call_command("seed_demo", verbosity=0)
    article = Article.objects.published().get(slug="4-lagu-lama-di-soundtrack-backstage")
    (section,) = article.ranked_sections.all()
    entries = list(section.entries.order_by("rank").for_display())
    assert [(e.rank, e.song.title, *(a.name for a in e.artists)) for e in entries] == [
        (1, "Bagaikan Langit", "Potret"),
        (2, "I Remember", "Mocca"),
        (3, "Terbaik Untukmu", "Tangga"),
        (4, "Seberapa Pantas", "Sheila On 7"),
    ]
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'id="1"' in page and 'id="4"' in page
    assert '"@type": "ItemList"' in page
