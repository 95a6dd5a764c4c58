"""A Kontributor's reach over photos and music (issue 15, finding 4): role × object × state, as POSTs.

A Kontributor adds photos and music entities and changes them while no reader sees them; once
live (a public music entity, a photo on a public page) only an Editor changes or deletes them.
"""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from music.models import Release
from music.selectors import is_public
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db

# object kind: (admin URL name part, field changed, new value)
KINDS = {
    "artist": ("music_artist", "bio", "Biografi yang diubah tanpa tinjauan."),
    "song": ("music_song", "notes", "Catatan yang diubah."),
    "release": ("music_release", "label", "Label Palsu"),
    "film": ("music_film", "production_company", "Rumah Produksi Palsu"),
    "photo": ("pophariini_photo", "caption", "Keterangan yang diubah."),
}


def make(kind, state):
    """The object in ``state``: live (a reader sees it) or hidden (under embargo, or unused)."""
    if kind == "photo":
        photo = factories.PhotoFactory()
        factories.ArticleFactory(hero=photo, **({} if state == "live" else {"draft": True}))
        return photo
    factory = {
        "artist": factories.ArtistFactory,
        "song": factories.SongFactory,
        "release": factories.ReleaseFactory,
        "film": factories.FilmFactory,
    }[kind]
    entity = factory()
    article = factories.ArticleFactory(**({} if state == "live" else {"draft": True}))
    getattr(article, f"{kind}s").add(entity)
    return entity


def edit(client, editor, kind, obj):
    """POST the change form with one field changed, as a browser would; returns the response."""
    prefix, field, value = KINDS[kind]
    url = reverse(f"admin:{prefix}_change", args=[obj.pk])
    reader = Client()
    reader.force_login(editor)
    data = form_values(reader.get(url))
    data[field] = value
    return client.post(url, data)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("role", "state", "allowed"),
    [
        ("contributor", "live", False),
        ("contributor", "hidden", True),
        ("editor", "live", True),
        ("editor", "hidden", True),
    ],
)
def test_changing_by_role_and_state(client, request, editor, kind, role, state, allowed):
    obj = make(kind, state)
    client.force_login(request.getfixturevalue(role))
    response = edit(client, editor, kind, obj)
    obj.refresh_from_db()
    _prefix, field, value = KINDS[kind]
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert getattr(obj, field) == value
    else:
        assert response.status_code == 403
        assert getattr(obj, field) != value


def test_a_photo_on_a_public_music_page_is_live_too(client, contributor, editor):
    photo = factories.PhotoFactory()
    factories.ArtistFactory(photo=photo)  # reference data: public
    client.force_login(contributor)
    assert edit(client, editor, "photo", photo).status_code == 403


def test_replacing_a_live_photos_image_is_refused(client, contributor, editor):
    photo = make("photo", "live")
    client.force_login(contributor)
    url = reverse("admin:pophariini_photo_change", args=[photo.pk])
    before = photo.image.name
    response = client.post(
        url, {"image": factories.image_upload("ganti.jpg"), "alt_text": "Ganti", "caption": "", "credit": ""}
    )
    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.image.name == before


def test_a_kontributor_sees_a_live_entity_read_only(client, contributor):
    artist = make("artist", "live")
    client.force_login(contributor)
    page = client.get(reverse("admin:music_artist_change", args=[artist.pk]))
    assert page.status_code == 200
    assert 'name="bio"' not in page.content.decode()
    assert "hanya bisa dilihat; minta Editor untuk mengubahnya" in page.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_only_an_editor_deletes_a_live_object(client, contributor, editor, kind):
    obj = make(kind, "live")
    url = reverse(f"admin:{KINDS[kind][0]}_delete", args=[obj.pk])
    client.force_login(contributor)
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_a_kontributor_still_adds_music_and_photos(client, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("admin:music_artist_add"),
        {
            "name": "Band Baru",
            "slug": "",
            "kind": "group",
            "origin_city": "Malang",
            "bio": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:pophariini_photo_add"),
        {"image": factories.image_upload(), "alt_text": "Band di panggung", "caption": "", "credit": ""},
    )
    assert response.status_code == 302


def test_a_kontributor_cannot_add_a_track_to_a_public_release(client, contributor, editor):
    live, hidden = make("release", "live"), make("release", "hidden")
    song = factories.SongFactory()
    client.force_login(contributor)
    data = {"disc": "1", "position": "1", "song": song.pk, "version": "", "duration": ""}
    data |= {"credits-TOTAL_FORMS": "0", "credits-INITIAL_FORMS": "0"}
    assert client.post(reverse("admin:music_track_add"), {**data, "release": live.pk}).status_code == 403
    assert not live.tracks.exists()
    assert client.post(reverse("admin:music_track_add"), {**data, "release": hidden.pk}).status_code == 302
    assert hidden.tracks.count() == 1


def add_release(client, title):
    """A Kontributor adds a release through the admin's add form, as a browser submits it."""
    url = reverse("admin:music_release_add")
    data = form_values(client.get(url)) | {"title": title, "kind": "album"}
    assert client.post(url, data).status_code == 302
    return Release.objects.get(title=title)


def test_a_kontributor_corrects_a_release_of_their_own_for_a_day_while_no_article_links_it(
    client, contributor, other_contributor, editor
):
    client.force_login(contributor)
    release = add_release(client, "Album Baru Tanpa Artikel")
    assert is_public(release)  # reference data: readers see it at once
    url = reverse("admin:music_release_change", args=[release.pk])
    page = client.get(url).content.decode()
    assert 'name="label"' in page and "Anda masih bisa memperbaikinya sampai" in page
    assert edit(client, editor, "release", release).status_code == 302
    release.refresh_from_db()
    assert release.label == KINDS["release"][2]

    # Not another Kontributor's.
    client.force_login(other_contributor)
    assert client.get(url).status_code == 200
    assert "hanya bisa dilihat" in client.get(url).content.decode()
    assert edit(client, editor, "release", release).status_code == 403

    # Not once a published article links it: the Editor reviewed it there.
    client.force_login(contributor)
    article = factories.ArticleFactory()
    article.releases.add(release)
    assert edit(client, editor, "release", release).status_code == 403
    article.releases.remove(release)
    assert edit(client, editor, "release", release).status_code == 302

    # Not after a day.
    LogEntry.objects.filter(object_id=str(release.pk)).update(
        action_time=timezone.now() - timedelta(hours=25)
    )
    assert edit(client, editor, "release", release).status_code == 403
    assert "hanya bisa dilihat" in client.get(url).content.decode()
