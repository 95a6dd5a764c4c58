"""A release's tracklist in the admin shows and takes durations as tracklists write them (3:45)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from music.models import Release, Track
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def change_url(release):
    return reverse("admin:music_release_change", args=[release.pk])


@pytest.fixture
def release():
    release = factories.ReleaseFactory(title="Backstage OST", kind=Release.Kind.SOUNDTRACK)
    factories.TrackFactory(release=release, position=1, duration=timedelta(minutes=3, seconds=45))
    return release


def test_a_track_shows_its_length_as_minutes_and_seconds(admin_client, release):
    html = admin_client.get(change_url(release)).content.decode()
    assert 'name="tracks-0-duration" value="3:45"' in html
    assert "00:03:45" not in html
    # The empty rows show the format, not an example that reads like a value.
    assert 'placeholder="mnt:dtk"' in html
    assert 'placeholder="3:45"' not in html


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("4:05", timedelta(minutes=4, seconds=5)),
        ("1:02:03", timedelta(hours=1, minutes=2, seconds=3)),
        ("", None),
    ],
)
def test_the_editor_types_a_length_as_it_is_written(admin_client, release, typed, stored):
    data = form_values(admin_client.get(change_url(release)))
    data["tracks-0-duration"] = typed
    response = admin_client.post(change_url(release), data)
    assert response.status_code == 302
    assert Track.objects.get(release=release).duration == stored


def test_a_length_that_is_not_one_gets_a_message(admin_client, release):
    data = form_values(admin_client.get(change_url(release)))
    data["tracks-0-duration"] = "tiga menit"
    response = admin_client.post(change_url(release), data)
    assert response.status_code == 200
    assert "Tulis durasi seperti 3:45." in response.content.decode()
    assert Track.objects.get(release=release).duration == timedelta(minutes=3, seconds=45)


def test_the_format_is_translated(admin_client, release, settings):
    settings.LANGUAGE_CODE = "en"
    html = admin_client.get(change_url(release)).content.decode()
    assert 'placeholder="min:sec"' in html
