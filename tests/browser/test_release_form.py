"""The release form in a real browser: the tracklist fits a laptop screen, and a new singer is added from a track row."""

import pytest
from playwright.sync_api import expect

from music.models import Release
from tests.browser import admin_ui
from tests.browser.conftest import DESKTOP
from tests.factories import ArtistFactory, SongFactory

pytestmark = pytest.mark.browser

PASSWORD = "pw-ruang-redaksi-2025"


@pytest.fixture
def kontributor(db):
    return admin_ui.staff_member("dewi", "Kontributor", PASSWORD)


def test_tracklist_fits_a_laptop_and_a_new_performer_is_added_from_the_row(new_page, kontributor):
    SongFactory(title="Seberapa Pantas", original_artists=[ArtistFactory(name="Sheila On 7")])
    page = new_page(DESKTOP)
    admin_ui.sign_in(page, "dewi")
    admin_ui.open_add_form(page, "music/release")
    expect(page.locator("#tracks-group")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["viewport"]["width"]
    group = page.locator("#tracks-group")
    assert group.evaluate("element => element.scrollWidth <= element.clientWidth")

    page.locator("#id_title").fill("Backstage (Original Motion Picture Soundtrack)")
    page.locator("#id_kind").select_option("soundtrack")
    page.locator("#id_tracks-0-position").fill("1")
    admin_ui.choose(page, "id_tracks-0-song", "Seberapa Pantas")
    with page.expect_popup() as popup_info:
        page.locator("#add_id_tracks-0-performer_artists").click()
    popup = popup_info.value
    popup.locator("#id_name").fill("Sissy Prescillia")
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    expect(page.locator("#id_tracks-0-performer_artists option:checked")).to_have_text(["Sissy Prescillia"])
    admin_ui.save(page)

    track = Release.objects.get().tracks.prefetch_related("credits__artist").get()
    assert [credit.artist.name for credit in track.credits.all()] == ["Sissy Prescillia"]
    assert track.is_cover
