"""Pasting a tracklist on the release form: preview, correction, confirm, no duplicates, rights."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from music.models import Artist, CreditRole, Release, Song, SongCredit, Track, TrackCredit
from tests.factories import ArticleFactory, ArtistFactory, ReleaseFactory, SongFactory
from tests.music.paste_steps import BACKSTAGE_TRACKLIST, paste_and_confirm, preview_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    call_command("setup_roles", stdout=io.StringIO())


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def kontributor_client(client, roles, django_user_model):
    client.force_login(member(django_user_model, "dewi", "Kontributor"))
    return client


def paste_url(release):
    return reverse("admin:music_release_paste", args=[release.pk])


def seed_people():
    """The artists the seed already has: the covered bands and the sisters, with an accent to fold."""
    return {
        name: ArtistFactory(name=name)
        for name in ("Sissy Prescillia", "Vanesha Prescillia", "Sheila On 7", "Tangga", "Mocca")
    }


def test_the_form_links_to_the_paste_page(admin_client):
    release = ReleaseFactory()
    page = admin_client.get(reverse("admin:music_release_change", args=[release.pk]))
    assert paste_url(release).encode() in page.content
    page = admin_client.get(reverse("admin:music_release_add"))
    assert reverse("admin:music_release_paste_new").encode() in page.content


def test_the_paste_fields_are_labelled_as_the_admin_labels_fields(admin_client):
    page = admin_client.get(reverse("admin:music_release_paste_new")).content.decode()
    assert ">Judul rilisan baru:</label>" in page and ">Jenis rilisan:</label>" in page
    preview = admin_client.post(
        paste_url(ReleaseFactory()), {"action": "preview", "tracklist": "1. Melangkah - Sissy"}
    ).content.decode()
    assert ">Cakram:</label>" in preview and ">Penulis lirik:</label>" in preview


def test_the_preview_parses_each_line_and_matches_each_name(admin_client):
    people = seed_people()
    ArtistFactory(name="Pótret")  # "Potret" in the list: the same name without the accent
    release = ReleaseFactory(title="Backstage (Original Motion Picture Soundtrack)")
    response = admin_client.post(paste_url(release), {"action": "preview", "tracklist": BACKSTAGE_TRACKLIST})
    assert response.status_code == 200
    rows = response.context["row_formset"].forms
    assert [form.initial["title"] for form in rows][:4] == [
        "Melangkah",
        "Apa Adanya",
        "Aku Takkan Berhenti",
        "Seberapa Pantas",
    ]
    assert rows[0].initial["performers"] == "Sissy Prescillia, Vanesha Prescillia"
    assert rows[0].initial["lyricists"] == "Andi Rianto, Monty Tiwa"
    assert rows[1].initial["duration"] == "3:58"
    assert rows[3].initial["covered"] == "Sheila On 7"
    names = {form.initial["name"]: form for form in response.context["name_formset"].forms}
    assert names["Sissy Prescillia"].initial["match"] == str(people["Sissy Prescillia"].pk)
    assert names["Sissy Prescillia"].level == "exact"
    assert names["Potret"].level == "insensitive"
    assert names["Andi Rianto"].initial["match"] == "new"
    content = response.content.decode()
    assert "Artis baru: Andi Rianto" in content
    assert "Simpan daftar lagu" in content


def test_a_misspelt_name_is_offered_its_close_match_but_not_taken(admin_client):
    mocca = ArtistFactory(name="Mocca")
    release = ReleaseFactory()
    response = admin_client.post(paste_url(release), {"action": "preview", "tracklist": "I Remember - Mocka"})
    [name] = response.context["name_formset"].forms
    assert name.level == "close"
    assert name.initial["match"] == "new"
    assert str(mocca.pk) in [value for value, _label in name.fields["match"].widget.choices]


def test_confirming_creates_songs_tracks_credits_and_artists_in_one_go(admin_client):
    people = seed_people()
    release = ReleaseFactory(
        title="Backstage (Original Motion Picture Soundtrack)", kind=Release.Kind.SOUNDTRACK
    )
    response = paste_and_confirm(admin_client, paste_url(release), BACKSTAGE_TRACKLIST)
    assert response.status_code == 302
    assert response.url == reverse("admin:music_release_change", args=[release.pk])

    tracks = list(release.tracks.select_related("song").order_by("position"))
    assert [(t.position, t.song.title) for t in tracks] == [
        (1, "Melangkah"),
        (2, "Apa Adanya"),
        (3, "Aku Takkan Berhenti"),
        (4, "Seberapa Pantas"),
        (5, "Terbaik Untukmu"),
        (6, "I Remember"),
        (7, "Bagaikan Langit"),
    ]
    sisters = [people["Sissy Prescillia"], people["Vanesha Prescillia"]]
    melangkah = tracks[0]
    assert [c.artist for c in melangkah.credits.order_by("position")] == sisters
    assert list(melangkah.song.original_artists.order_by("name")) == sisters
    andi = Artist.objects.get(name="Andi Rianto")
    assert set(SongCredit.objects.filter(song=melangkah.song).values_list("artist__name", "role")) == {
        ("Andi Rianto", CreditRole.COMPOSER),
        ("Andi Rianto", CreditRole.LYRICIST),
        ("Monty Tiwa", CreditRole.LYRICIST),
    }
    assert SongCredit.objects.filter(artist=andi).count() == 6  # composer and lyricist of three songs
    seberapa = tracks[3]
    assert list(seberapa.song.original_artists.all()) == [people["Sheila On 7"]]
    assert Track.objects.with_cover_flag().get(pk=seberapa.pk).cover_flag
    assert not Track.objects.with_cover_flag().get(pk=melangkah.pk).cover_flag
    assert tracks[1].duration.total_seconds() == 238
    # Potret was new: created once, as were the two writers.
    assert Artist.objects.filter(name="Potret").count() == 1
    assert Artist.objects.count() == len(people) + 3


def test_pasting_the_same_list_again_creates_nothing(admin_client):
    seed_people()
    release = ReleaseFactory()
    paste_and_confirm(admin_client, paste_url(release), BACKSTAGE_TRACKLIST)
    counts = [model.objects.count() for model in (Artist, Song, Track, TrackCredit, SongCredit)]
    response = paste_and_confirm(admin_client, paste_url(release), BACKSTAGE_TRACKLIST)
    assert response.status_code == 302
    assert [model.objects.count() for model in (Artist, Song, Track, TrackCredit, SongCredit)] == counts


def test_an_existing_song_of_the_same_title_and_original_artist_is_reused(admin_client):
    sheila = ArtistFactory(name="Sheila On 7")
    song = SongFactory(title="Seberapa Pantas", original_artists=[sheila])
    SongFactory(title="Seberapa Pantas", original_artists=[ArtistFactory(name="Band Lain")])
    release = ReleaseFactory()
    paste_and_confirm(admin_client, paste_url(release), "1. Seberapa Pantas - Vanesha (cover Sheila On 7)")
    assert release.tracks.get().song == song


def test_an_unreadable_line_is_shown_and_must_be_filled_in_or_skipped(admin_client):
    release = ReleaseFactory()
    text = "1. Melangkah - Sissy Prescillia\nTracklist:\n2. Apa Adanya - Sissy Prescillia"
    preview = admin_client.post(paste_url(release), {"action": "preview", "tracklist": text})
    rows = preview.context["row_formset"].forms
    assert rows[1].initial["raw"] == "Tracklist:"
    assert rows[1].initial["problem"]
    assert "Tracklist:" in preview.content.decode()

    refused = admin_client.post(paste_url(release), {**preview_data(preview), "action": "confirm"})
    assert refused.status_code == 200
    assert "Lewati" in str(refused.context["row_formset"].forms[1].non_field_errors())
    assert not release.tracks.exists()

    filled = preview_data(preview, **{"rows-1-title": "Aku Takkan Berhenti", "rows-1-position": "3"})
    done = admin_client.post(paste_url(release), {**filled, "action": "confirm"})
    assert done.status_code == 302
    assert sorted(release.tracks.values_list("song__title", flat=True)) == [
        "Aku Takkan Berhenti",
        "Apa Adanya",
        "Melangkah",
    ]


def test_a_skipped_line_is_reported_not_lost(admin_client):
    release = ReleaseFactory()
    text = "1. Melangkah - Sissy\n---"
    preview = admin_client.post(paste_url(release), {"action": "preview", "tracklist": text})
    done = admin_client.post(
        paste_url(release),
        {**preview_data(preview, **{"rows-1-skip": "on"}), "action": "confirm"},
        follow=True,
    )
    messages = [str(message) for message in done.context["messages"]]
    assert any("---" in message and "dilewati" in message for message in messages)
    assert release.tracks.count() == 1


def test_an_edited_name_is_matched_again_before_saving(admin_client):
    mocca = ArtistFactory(name="Mocca")
    release = ReleaseFactory()
    preview = admin_client.post(paste_url(release), {"action": "preview", "tracklist": "I Remember - Moca"})
    # The editor fixes the typo in the row; the names table still holds the old spelling.
    again = admin_client.post(
        paste_url(release), {**preview_data(preview, **{"rows-0-performers": "Mocca"}), "action": "confirm"}
    )
    assert again.status_code == 200
    assert "nama baru" in again.context["error"]
    [name] = again.context["name_formset"].forms
    assert name.initial["match"] == str(mocca.pk)
    done = admin_client.post(paste_url(release), {**preview_data(again), "action": "confirm"})
    assert done.status_code == 302
    assert list(release.tracks.get().performers.all()) == [mocca]
    assert not Artist.objects.filter(name="Moca").exists()


def test_a_number_taken_by_another_song_is_refused_and_nothing_is_written(admin_client):
    release = ReleaseFactory()
    Track.objects.create(release=release, song=SongFactory(title="Lagu Lama"), position=1)
    response = paste_and_confirm(
        admin_client, paste_url(release), "1. Melangkah - Sissy\n2. Apa Adanya - Sissy"
    )
    assert response.status_code == 200
    assert "Lagu Lama" in response.content.decode()
    assert release.tracks.count() == 1
    assert not Song.objects.filter(title="Melangkah").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "preview", "tracklist": ""},
        {"action": "preview", "tracklist": "\x00\n \n"},
        {"action": "preview", "tracklist": "x\n" * 300},
        {"action": "confirm"},
        {"action": "refresh", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-0-disc": "x"},
        {
            "action": "confirm",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
            "rows-0-line_number": "1",
            "rows-0-disc": "1",
            "rows-0-title": "X",
            "rows-0-song": "999999",
            "rows-0-position": "1",
        },
        {
            "action": "confirm",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "names-TOTAL_FORMS": "1",
            "names-INITIAL_FORMS": "0",
            "rows-0-line_number": "1",
            "rows-0-disc": "1",
            "rows-0-title": "X",
            "rows-0-song": "new",
            "rows-0-position": "1",
            "rows-0-performers": "Y",
            "names-0-key": "y",
            "names-0-name": "Y",
            "names-0-match": "999999",
            "names-0-kind": "person",
        },
        {"action": "nonsense"},
    ],
)
def test_bad_input_gets_a_message_never_a_500_nor_half_written_rows(admin_client, data):
    release = ReleaseFactory()
    response = admin_client.post(paste_url(release), data)
    assert response.status_code == 200
    assert b"errorlist" in response.content or b"errornote" in response.content
    assert not release.tracks.exists()
    assert not Artist.objects.filter(name="Y").exists()


def test_a_new_release_is_made_from_a_pasted_list(admin_client):
    url = reverse("admin:music_release_paste_new")
    response = paste_and_confirm(
        admin_client,
        url,
        "1. Pestilence - Inheritors feat. Agan Dazzle 4:01",
        new_title="Pestilence",
        new_kind="single",
    )
    release = Release.objects.get(title="Pestilence")
    assert response.url == reverse("admin:music_release_change", args=[release.pk])
    assert release.kind == Release.Kind.SINGLE
    track = release.tracks.get()
    assert set(track.credits.values_list("artist__name", "role")) == {
        ("Inheritors", CreditRole.PERFORMER),
        ("Agan Dazzle", CreditRole.FEATURED),
    }
    assert list(release.credits.values_list("artist__name", flat=True)) == ["Inheritors"]


def embargoed_release():
    """A release readers cannot see yet: linked only from a draft (a Kontributor may still change it)."""
    release = ReleaseFactory()
    ArticleFactory(draft=True).releases.add(release)
    return release


def test_a_kontributor_pastes_a_tracklist(kontributor_client):
    release = embargoed_release()
    response = paste_and_confirm(kontributor_client, paste_url(release), BACKSTAGE_TRACKLIST)
    assert response.status_code == 302
    assert release.tracks.count() == 7


def test_a_kontributor_corrects_the_release_they_made_from_a_pasted_list(kontributor_client):
    paste_and_confirm(
        kontributor_client,
        reverse("admin:music_release_paste_new"),
        "1. Pestilence - Inheritors",
        new_title="Pestilence",
        new_kind="single",
    )
    release = Release.objects.get(title="Pestilence")
    # Public at once (no article links it), yet theirs to correct: the paste logged who made it.
    page = kontributor_client.get(reverse("admin:music_release_change", args=[release.pk]))
    assert "Anda masih bisa memperbaikinya sampai" in page.content.decode()
    response = paste_and_confirm(kontributor_client, paste_url(release), "2. Pandemi - Inheritors")
    assert response.status_code == 302
    assert release.tracks.count() == 2


def test_a_kontributor_may_not_paste_onto_a_release_readers_see(kontributor_client):
    public = ReleaseFactory()
    response = kontributor_client.post(
        paste_url(public), {"action": "preview", "tracklist": BACKSTAGE_TRACKLIST}
    )
    assert response.status_code == 403
    assert not public.tracks.exists()


@pytest.mark.parametrize("group", [None, "view-only"])
def test_staff_without_the_music_rights_may_not_paste(client, roles, django_user_model, group):
    from django.contrib.auth.models import Permission

    user = member(django_user_model, "tamu", None)
    if group:
        user.user_permissions.add(Permission.objects.get(codename="view_release"))
    client.force_login(user)
    release = ReleaseFactory()
    assert client.get(paste_url(release)).status_code == 403
    assert client.post(paste_url(release), {"action": "preview", "tracklist": "1. A - B"}).status_code == 403
    assert client.get(reverse("admin:music_release_paste_new")).status_code == 403


def test_a_kontributor_without_the_right_to_add_artists_is_told_so(client, roles, django_user_model):
    from django.contrib.auth.models import Permission

    user = member(django_user_model, "terbatas", None)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "view_release",
                "change_release",
                "add_track",
                "add_trackcredit",
                "add_song",
                "add_songcredit",
            ]
        )
    )
    client.force_login(user)
    release = embargoed_release()
    response = paste_and_confirm(client, paste_url(release), "1. Melangkah - Orang Baru")
    assert response.status_code == 200
    assert "tidak berhak" in response.context["error"]
    assert not Artist.objects.filter(name="Orang Baru").exists()
    assert not release.tracks.exists()


def test_a_retitled_row_gets_its_song_picked_again_before_saving(admin_client):
    sheila = ArtistFactory(name="Sheila On 7")
    old = SongFactory(title="Seberapa Pantas", original_artists=[sheila])
    release = ReleaseFactory()
    preview = admin_client.post(
        paste_url(release),
        {"action": "preview", "tracklist": "1. Seberapa Pantas - Vanesha (cover Sheila On 7)"},
    )
    assert preview.context["row_formset"].forms[0].initial["song"] == str(old.pk)
    again = admin_client.post(
        paste_url(release), {**preview_data(preview, **{"rows-0-title": "Sephia"}), "action": "confirm"}
    )
    assert again.status_code == 200
    assert "Judul lagu berubah" in again.context["error"]
    assert again.context["row_formset"].forms[0].initial["song"] == "new"
    admin_client.post(paste_url(release), {**preview_data(again), "action": "confirm"})
    assert release.tracks.get().song.title == "Sephia"
    assert Song.objects.get(pk=old.pk).title == "Seberapa Pantas"
