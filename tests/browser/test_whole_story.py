"""The issue's yardstick: a whole new soundtrack story written in the admin as a new Editor would.

A film that is new to the catalogue, its soundtrack (an original duet by two singers the
catalogue does not know yet, and two covers of songs it does), two writers, three photos
uploaded where they belong in the text, tags, and the piece scheduled. Every click and every
field entry the Editor makes goes through ``Counted``; the totals are printed and held to the
issue's target (≤ 30 clicks, ≤ 40 field entries). A reader then finds it once its time comes.
"""

import base64
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from taggit.models import Tag

from articles.models import Article, ArticleAuthor, Author, Category
from music.models import Artist, Film, Release
from tests.browser import admin_ui
from tests.browser.conftest import save_screenshot
from tests.browser.test_editor_flow import make_photo
from tests.factories import ArtistFactory, SongFactory

pytestmark = pytest.mark.browser

PASSWORD = "pw-satu-cerita-2026"
MAX_CLICKS = 30
MAX_ENTRIES = 40

TITLE = "Lagu-lagu Kota Hujan: Soundtrack yang Dinyanyikan Dua Pendatang Baru"
FILM = "Kota Hujan"
PARAGRAPHS = [
    "Film Kota Hujan tayang bulan depan dengan soundtrack yang dinyanyikan dua pendatang baru.",
    "Laras Ayuningtyas dan Damar Wicaksono berduet di Rintik Terakhir, lagu tema film ini.",
    "Damar juga membawakan ulang Seberapa Pantas milik Sheila On 7 dengan gitar akustik.",
    "Laras menutup album dengan I Remember, lagu Mocca yang ia nyanyikan sejak remaja.",
]
TRACKLIST = (
    "1. Rintik Terakhir – Laras Ayuningtyas & Damar Wicaksono (musik: Laras Ayuningtyas, lirik: Damar Wicaksono) 4:02\n"
    "2. Seberapa Pantas - Damar Wicaksono (cover Sheila On 7)\n"
    "3. I Remember – Laras Ayuningtyas [Mocca cover]\n"
)
PHOTOS = [
    # (after paragraph, file stem, colour, alt text, caption, credit)
    (
        0,
        "kota-hujan-poster",
        (60, 80, 140),
        "Poster film Kota Hujan bernuansa biru",
        "Poster Kota Hujan",
        "Dok: Rintik Pictures",
    ),
    (
        1,
        "laras-damar-studio",
        (150, 70, 50),
        "Laras dan Damar bernyanyi di satu mikrofon",
        "Laras Ayuningtyas dan Damar Wicaksono merekam Rintik Terakhir",
        "Foto: Sekar Melati",
    ),
    (
        2,
        "damar-akustik",
        (40, 110, 60),
        "Damar memainkan gitar akustik di studio",
        "Damar Wicaksono membawakan Seberapa Pantas",
        "Foto: Sekar Melati",
    ),
]


class Counted:
    """The Editor's hands: every click and every field entry goes through here and is counted.

    A key that submits counts as a click; choosing from a suggestion list counts as a click.
    """

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.entries = 0
        self.log = []

    def click(self, locator, why=""):
        self.clicks += 1
        self.log.append(f"click  {why}")
        locator.click()

    def fill(self, locator, text, why=""):
        self.entries += 1
        self.log.append(f"entry  {why}")
        locator.fill(text)

    def type(self, locator, text, why=""):
        """Typed key by key (the admin reacts to typing: slugs, suggestions)."""
        self.entries += 1
        self.log.append(f"entry  {why}")
        locator.press_sequentially(text)

    def keyboard(self, text, why=""):
        self.entries += 1
        self.log.append(f"entry  {why}")
        self.page.keyboard.type(text)

    def files(self, locator, paths, why=""):
        self.entries += 1
        self.log.append(f"entry  {why}")
        locator.set_input_files(paths)

    def pick_file(self, file_chooser, path, why=""):
        """A file chosen in the system's file picker."""
        self.entries += 1
        self.log.append(f"entry  {why}")
        file_chooser.set_files(path)

    def drop(self, target, path, why=""):
        """A file dragged from the desktop and dropped at the end of ``target``: one mouse gesture."""
        self.clicks += 1
        self.log.append(f"click  {why}")
        target.evaluate(
            """(element, [data, name]) => {
                const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
                const transfer = new DataTransfer()
                transfer.items.add(new File([bytes], name, { type: "image/jpeg" }))
                const box = element.getBoundingClientRect()
                element.dispatchEvent(new DragEvent("drop", {
                    dataTransfer: transfer, bubbles: true, cancelable: true,
                    clientX: box.right - 2, clientY: box.bottom - 4,
                }))
            }""",
            [base64.b64encode(path.read_bytes()).decode(), path.name],
        )

    def chose(self, why=""):
        """A choice Playwright cannot click itself (a native list), made another way: one click."""
        self.clicks += 1
        self.log.append(f"click  {why}")

    def choose(self, select_id, search, option=None, why=""):
        """An autocomplete (select2): open it, type, click the result."""
        self.click(self.page.locator(f"#{select_id} + .select2 .select2-selection"), f"open {why}")
        self.keyboard(search, f"search {why}")
        self.click(
            self.page.locator(
                ".select2-container--open .select2-results__option", has_text=option or search
            ).first,
            f"pick {why}",
        )
        expect(self.page.locator(f"#{select_id} option:checked", has_text=option or search)).to_have_count(1)

    def submit(self, locator, why=""):
        with self.page.expect_navigation():
            self.click(locator, why)


@pytest.fixture
def newsroom(django_user_model):
    """A newsroom on an ordinary day: two writers, the rubrics, songs the catalogue knows, a tag."""
    call_command("setup_roles", stdout=io.StringIO())
    editor = django_user_model.objects.create_user(
        "nadia", "nadia@example.com", PASSWORD, is_staff=True, first_name="Nadia", last_name="Putri"
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    Author.objects.create(name="Nadia Putri", user=editor, tagline="Redaktur musik dan film.")
    Author.objects.create(name="Bima Sakti", tagline="Menonton film sambil mencatat lagunya.")
    Category.objects.create(name="Berita", slug="berita", position=1)
    Category.objects.create(name="Film", slug="film", position=2)
    sheila = ArtistFactory(name="Sheila On 7", slug="sheila-on-7", kind=Artist.Kind.GROUP)
    SongFactory(title="Seberapa Pantas", original_artists=[sheila])
    mocca = ArtistFactory(name="Mocca", slug="mocca", kind=Artist.Kind.GROUP)
    SongFactory(title="I Remember", original_artists=[mocca])
    Tag.objects.create(name="Soundtrack", slug="soundtrack")
    return {"editor": editor}


def shot(page, step):
    save_screenshot(page, f"whole-story-{step}")


def test_a_whole_soundtrack_story_in_thirty_clicks(new_page, newsroom, tmp_path):
    files = [make_photo(tmp_path / f"{stem}.jpg", colour, stem) for _, stem, colour, *_ in PHOTOS]
    page = new_page()
    hand = Counted(page)

    # Logging in counts too: it is part of a new editor's morning.
    page.goto("/admin/login/")
    hand.fill(page.locator("#id_username"), "nadia", "username")
    hand.fill(page.locator("#id_password"), PASSWORD, "password")
    hand.submit(page.locator("#login-form [type=submit]"), "log in")

    # From the desk to a new article.
    page.goto("/admin/")
    hand.click(page.locator(".model-article a.addlink"), "new article")
    expect(page.locator(".publishing-state")).to_be_visible()
    shot(page, "01-new")

    hand.type(page.locator("#id_title"), TITLE, "title")
    hand.fill(
        page.locator("#id_dek"), "Dua penyanyi baru, satu duet, dua lagu lama yang dibawakan ulang.", "dek"
    )
    hand.choose("id_category", "Film", why="category")

    # The text, with each photo uploaded right where it belongs.
    editor = admin_ui.body_editor(page)
    hand.click(editor, "into the body")
    photo_button = page.locator(".prose-menubar button[title='Sisipkan foto']")
    for number, text in enumerate(PARAGRAPHS):
        if number:
            page.keyboard.press("Enter")  # part of typing the text
        hand.keyboard(text, f"paragraph {number + 1}")
        photo = next((p for p in PHOTOS if p[0] == number), None)
        if photo is None:
            continue
        _, stem, _, alt, caption, credit = photo
        path = files[PHOTOS.index(photo)]
        before = editor.locator("figure.body-figure").count()
        dialog = page.locator("dialog.photo-chooser[open]")
        if number == 0:
            # The photo button, its upload tab, the system's file picker.
            hand.click(photo_button, "photo button")
            hand.click(dialog.get_by_role("tab", name="Unggah baru"), "upload tab")
            with page.expect_file_chooser() as chooser:
                hand.click(dialog.get_by_role("button", name="Pilih berkas"), "choose file")
            hand.pick_file(chooser.value, path, f"file {stem}")
        else:
            # Dragged from the desktop onto the end of the paragraph just typed.
            hand.drop(editor.locator("p", has_text=text), path, f"drop {stem}")
        row = dialog.locator(".photo-chooser__upload")
        hand.fill(row.get_by_label("Teks alternatif (wajib)"), alt, "alt text")
        hand.fill(row.get_by_label("Keterangan"), caption, "caption")
        hand.fill(row.get_by_label("Kredit"), credit, "credit")
        if number == 0:
            shot(page, "02-photo-dialog")
        hand.click(dialog.get_by_role("button", name="Unggah"), "upload")
        expect(dialog).to_be_hidden()
        expect(editor.locator("figure.body-figure")).to_have_count(before + 1)
    expect(editor.locator("p")).to_have_text(PARAGRAPHS)
    shot(page, "03-body")

    # Tags: an existing one from the suggestions (a native list: its value is the choice), one new.
    tags = page.locator("#id_tags")
    hand.type(tags, "sound", "tag search")
    suggestion = page.locator("#tag-suggestions option")
    expect(suggestion).to_have_count(1)
    tags.fill(suggestion.get_attribute("value"))
    hand.chose("tag suggestion")
    hand.type(tags, ", film Indonesia", "new tag")
    expect(tags).to_have_value("Soundtrack, film Indonesia")

    # The second writer (the Editor's own byline is there already).
    expect(page.locator("#id_article_authors-0-author option:checked")).to_have_text("Nadia Putri")
    hand.click(page.locator("#article_authors-group .add-row a"), "another byline")
    hand.choose("id_article_authors-1-author", "Bima", "Bima Sakti", why="second writer")

    # The film is new: added from the article's music section.
    with page.expect_popup() as popup_info:
        hand.click(page.locator("#add_id_films"), "add film")
    popup = popup_info.value
    hand.fill(popup.locator("#id_title"), FILM, "film title")
    hand.fill(popup.locator("#id_year"), "2026", "film year")
    shot(popup, "04-film-popup")
    hand.click(popup.locator("input[name=_save]"), "save film")
    expect(page.locator("#id_films option:checked")).to_have_text([f"{FILM} (2026)"])
    shot(page, "05-before-save")

    hand.submit(page.locator(".publishing-bar button[value=save]"), "save draft")
    admin_ui.expect_success(page)
    # Saved and reopened: the photos are still seen in the text, never a code.
    expect(editor.locator("figure.body-figure figcaption")).to_contain_text([p[4] for p in PHOTOS])
    expect(editor).not_to_contain_text("[foto")
    shot(page, "06-saved")

    # The soundtrack, pasted from the article: the release is proposed after the film.
    hand.click(page.get_by_role("link", name="Tempel daftar lagu"), "paste tracklist")
    expect(page.locator("#id_new_title")).to_have_value(f"{FILM} (Original Motion Picture Soundtrack)")
    hand.fill(page.locator("#id_tracklist"), TRACKLIST, "tracklist")
    hand.click(page.get_by_role("button", name="Pratinjau"), "preview")
    expect(page.locator(".paste-row")).to_have_count(3)
    expect(page.locator(".paste-names tr.paste-level-new", has_text="Laras Ayuningtyas")).to_have_count(1)
    expect(page.locator(".paste-names tr.paste-level-new", has_text="Damar Wicaksono")).to_have_count(1)
    shot(page, "07-paste-preview")
    hand.submit(page.get_by_role("button", name="Simpan daftar lagu"), "confirm tracklist")
    admin_ui.expect_success(page)
    shot(page, "08-pasted")

    # Music the text names: one click each.
    suggestions = page.locator(".music-suggestions")
    for name in ("Sheila On 7", "Mocca"):
        hand.click(suggestions.get_by_role("button", name=f"+ {name}"), f"suggested {name}")
    shot(page, "09-suggestions")

    # Scheduled for tomorrow morning.
    hand.click(page.locator(".publishing-schedule summary"), "Jadwalkan…")
    when = timezone.localtime() + timedelta(days=1)
    hand.fill(page.locator("#id_scheduled_for"), when.strftime("%Y-%m-%dT09:00"), "publish time")
    hand.submit(page.locator(".publishing-schedule button[value=schedule]"), "schedule")
    admin_ui.expect_success(page)
    expect(page.locator(".publishing-state")).to_contain_text("Terjadwal")
    shot(page, "10-scheduled")

    print("\n".join(hand.log))
    print(f"clicks: {hand.clicks}, field entries: {hand.entries}")
    assert hand.clicks <= MAX_CLICKS and hand.entries <= MAX_ENTRIES, (hand.clicks, hand.entries)

    # What was made.
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PUBLISHED and article.publish_at > timezone.now()
    assert not Article.objects.published().filter(pk=article.pk).exists()
    bylines = ArticleAuthor.objects.filter(article=article).order_by("position")
    assert [b.author.name for b in bylines] == ["Nadia Putri", "Bima Sakti"]
    assert sorted(article.tags.names()) == ["Soundtrack", "film Indonesia"]
    film = Film.objects.get(title=FILM)
    release = film.soundtrack
    assert release is not None and release.kind == Release.Kind.SOUNDTRACK
    tracks = list(release.tracks.select_related("song").order_by("position"))
    assert [(t.song.title, t.is_cover) for t in tracks] == [
        ("Rintik Terakhir", False),
        ("Seberapa Pantas", True),
        ("I Remember", True),
    ]
    assert sorted(tracks[0].performers.values_list("name", flat=True)) == [
        "Damar Wicaksono",
        "Laras Ayuningtyas",
    ]

    # The time comes (moved into the past, as the clock would), and a reader opens it.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    reader = new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    figures = reader.locator("article figure").filter(has=reader.locator("figcaption .credit"))
    for after, _, _, _, caption, credit in PHOTOS:
        figure = reader.locator("article figure", has_text=caption)
        expect(figure.locator("figcaption")).to_contain_text(caption)
        expect(figure.locator("figcaption .credit")).to_have_text(credit)
        expect(figure.locator("xpath=preceding-sibling::*[1]")).to_have_text(PARAGRAPHS[after])
    expect(figures).to_have_count(len(PHOTOS))
    music = reader.get_by_role("region", name="Musik dalam artikel ini")
    expect(music.locator("li", has_text="Seberapa Pantas")).to_contain_text("cover dari Sheila On 7")
    expect(music.locator("li", has_text="I Remember")).to_contain_text("cover dari Mocca")
    expect(music.locator("li", has_text="Rintik Terakhir")).not_to_contain_text("cover")
    expect(reader.locator("main")).to_contain_text("Oleh Nadia Putri dan Bima Sakti")
    shot(reader, "11-reader")
