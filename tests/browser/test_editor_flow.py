"""An editor's day in the real admin: a Kontributor writes and submits, an Editor publishes."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from articles.models import Article, Author, Category
from music.models import Artist, Film, Release, Song
from tests.browser import admin_ui
from tests.browser.conftest import DESKTOP, PHONE, save_screenshot
from tests.factories import ArticleFactory, ArtistFactory, SongFactory

pytestmark = pytest.mark.browser

PASSWORD = "pw-ruang-redaksi-2025"


def make_photo(path, color, label):
    """A real JPEG on disk, as a photographer would hand it over."""
    image = Image.new("RGB", (1200, 800), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1120, 720), outline=(255, 255, 255), width=12)
    draw.text((120, 120), label, fill=(255, 255, 255))
    image.save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def newsroom(django_user_model):
    """The people and the few things that exist before the day starts."""
    call_command("setup_roles", stdout=io.StringIO())
    kontributor = django_user_model.objects.create_user(
        "dewi", "dewi@example.com", PASSWORD, is_staff=True, first_name="Dewi", last_name="Kartika"
    )
    kontributor.groups.add(Group.objects.get(name="Kontributor"))
    editor = django_user_model.objects.create_user(
        "redaktur", "redaktur@example.com", PASSWORD, is_staff=True, first_name="Raka"
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    # An Editor sets up rubrics and author profiles; a Kontributor only picks them.
    Category.objects.create(name="Berita", slug="berita", position=1)
    author = Author.objects.create(
        name="Dewi Kartika", tagline="Menulis sambil mendengarkan piringan hitam.", user=kontributor
    )
    # Music the catalogue already knows: a band whose song gets covered, a lyricist, a director.
    sandyakala = ArtistFactory(name="Sandyakala", slug="sandyakala")
    SongFactory(title="Lautan Kenangan", original_artists=[sandyakala])
    bayu = ArtistFactory(name="Bayu Pramana", kind=Artist.Kind.PERSON)
    SongFactory(title="Rumah Kaca", original_artists=[bayu])
    ArtistFactory(name="Rangga Wibisono", kind=Artist.Kind.PERSON)
    # Something already published in the same rubric, for "Eksplor konten lain".
    ArticleFactory(
        title="Sandyakala Kembali Manggung di Bandung",
        category=Category.objects.get(slug="berita"),
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=2),
    )
    return {"kontributor": kontributor, "editor": editor, "author": author}


ARTICLE_TITLE = "Langit Jingga dan Lagu-lagu yang Menemaninya"
PARAGRAPHS = [
    "Film Langit Jingga membawa tiga lagu yang kini bisa didengarkan di layanan streaming.",
    "Kirana Larasati menulis Senja di Braga bersama Bayu Pramana untuk adegan pembuka.",
    "Lautan Kenangan milik Sandyakala dibawakan ulang dengan aransemen yang lebih sunyi.",
]


def test_kontributor_writes_and_editor_publishes(new_page, newsroom, tmp_path):
    """From an empty catalogue entry to a published article, all through the admin UI."""
    hero_file = make_photo(tmp_path / "langit-jingga-poster.jpg", (200, 90, 40), "Langit Jingga")
    first_file = make_photo(tmp_path / "kirana-di-studio.jpg", (40, 90, 160), "Studio")
    second_file = make_photo(tmp_path / "sandyakala-panggung.jpg", (30, 120, 70), "Panggung")

    page = new_page(DESKTOP)
    admin_ui.log_in(page, "dewi", PASSWORD)

    # An artist.
    admin_ui.open_add_form(page, "music/artist")
    page.locator("#id_name").fill("Kirana Larasati")
    page.locator("#id_kind").select_option("person")
    page.locator("#id_origin_city").fill("Bandung")
    page.locator("#id_bio").fill("Penyanyi dan penulis lagu asal Bandung.")
    admin_ui.save(page)

    # A song with its composer and lyricist.
    admin_ui.open_add_form(page, "music/song")
    page.locator("#id_title").fill("Senja di Braga")
    admin_ui.choose(page, "id_original_artists", "Kirana")
    page.locator("#id_year").fill("2025")
    admin_ui.choose(page, "id_credits-0-artist", "Kirana")
    page.locator("#id_credits-0-role").select_option("composer")
    row = admin_ui.add_inline_row(page, "credits")
    admin_ui.choose(page, f"id_credits-{row}-artist", "Bayu")
    page.locator(f"#id_credits-{row}-role").select_option("lyricist")
    admin_ui.save(page)

    # The soundtrack release with three tracks, the second a cover.
    admin_ui.open_add_form(page, "music/release")
    page.locator("#id_title").fill("Langit Jingga (Original Soundtrack)")
    page.locator("#id_kind").select_option("soundtrack")
    page.locator("#id_release_date").fill("2025-03-14")
    page.locator("#id_label").fill("Jingga Records")
    admin_ui.choose(page, "id_credits-0-artist", "Kirana")
    tracks = [("Senja di Braga", "Kirana"), ("Lautan Kenangan", "Kirana"), ("Rumah Kaca", "Bayu")]
    for index, (song, performer) in enumerate(tracks):
        page.locator(f"#id_tracks-{index}-position").fill(str(index + 1))
        admin_ui.choose(page, f"id_tracks-{index}-song", song)
        admin_ui.choose(page, f"id_tracks-{index}-performer_artists", performer)
    admin_ui.save(page)

    # The film, with its director and that soundtrack.
    admin_ui.open_add_form(page, "music/film")
    page.locator("#id_title").fill("Langit Jingga")
    page.locator("#id_year").fill("2025")
    page.locator("#id_production_company").fill("Sinema Nusantara")
    admin_ui.choose(page, "id_soundtrack", "Langit Jingga")
    admin_ui.choose(page, "id_credits-0-artist", "Rangga")
    page.locator("#id_credits-0-role").select_option("director")
    admin_ui.save(page)

    # The article: text, hero photo, two figures, the film, the byline.
    admin_ui.open_add_form(page, "articles/article")
    # A Kontributor's form offers saving and submitting only, and no publish time.
    expect(page.locator(".publishing-bar button")).to_have_text(["Simpan draf", "Kirim untuk ditinjau"])
    expect(page.locator("#id_publish_at_0")).to_have_count(0)
    # Typed key by key: the admin fills the slug from the title as one types.
    page.locator("#id_title").press_sequentially(ARTICLE_TITLE)
    expect(page.locator("#id_slug")).to_have_value("langit-jingga-dan-lagu-lagu-yang-menemaninya")
    page.locator("#id_dek").fill(
        "Tiga lagu, satu di antaranya lagu lama Sandyakala, mengiringi film terbaru."
    )
    admin_ui.upload_photo_into_field(
        page,
        "hero",
        image_path=hero_file,
        alt_text="Poster film Langit Jingga berlatar senja",
        caption="Poster resmi Langit Jingga",
        credit="Dok: Sinema Nusantara",
    )
    admin_ui.type_paragraphs(page, PARAGRAPHS)
    admin_ui.choose(page, "id_category", "Berita")
    page.locator("#id_tags").fill("soundtrack, film Indonesia")
    admin_ui.choose(page, "id_films", "Langit Jingga")
    admin_ui.choose(page, "id_article_authors-0-author", "Dewi")
    # Two photos uploaded where they belong in the text, shown there with their caption and credit.
    admin_ui.upload_photo_after(
        page,
        PARAGRAPHS[1],
        image_path=first_file,
        alt_text="Kirana Larasati bernyanyi di depan mikrofon studio",
        caption="Kirana Larasati merekam Senja di Braga",
        credit="Foto: Arya Nugraha",
    )
    admin_ui.upload_photo_after(
        page,
        PARAGRAPHS[2],
        image_path=second_file,
        alt_text="Sandyakala tampil di panggung terbuka",
        caption="Sandyakala, pemilik asli Lautan Kenangan",
        credit="Dok: Sandyakala",
    )
    admin_ui.save(page, "_continue")
    editor = admin_ui.body_editor(page)
    expect(editor.locator(":scope > *")).to_have_count(5)
    expect(editor.locator("p")).to_have_text(PARAGRAPHS)
    expect(editor.locator("figure.body-figure figcaption")).to_contain_text(
        ["Kirana Larasati merekam Senja di Braga", "Sandyakala, pemilik asli Lautan Kenangan"]
    )
    expect(editor).not_to_contain_text("[foto")

    # Submit for review; a Kontributor has no way to publish.
    page.goto("/admin/articles/article/")
    expect(page.locator("select[name=action] option", has_text="Terbitkan sekarang")).to_have_count(0)
    admin_ui.run_action(page, ARTICLE_TITLE, "Kirim untuk ditinjau")
    article = Article.objects.get(slug="langit-jingga-dan-lagu-lagu-yang-menemaninya")
    assert article.status == Article.Status.REVIEW

    # The Editor, in another browser, publishes it.
    editor_page = new_page(DESKTOP)
    admin_ui.sign_in(editor_page, "redaktur")
    editor_page.goto("/admin/articles/article/?status__exact=review")
    admin_ui.run_action(editor_page, ARTICLE_TITLE, "Terbitkan sekarang")

    article.refresh_from_db()
    assert article.is_published
    assert article.published_by == newsroom["editor"]
    assert article.created_by == newsroom["kontributor"]
    assert article.hero.width == 1200 and article.hero.credit == "Dok: Sinema Nusantara"
    assert article.placeholders == [1, 2]
    assert list(article.films.values_list("title", flat=True)) == ["Langit Jingga"]
    film = Film.objects.get(title="Langit Jingga")
    assert film.soundtrack == Release.objects.get(kind=Release.Kind.SOUNDTRACK)
    tracks = list(film.soundtrack.tracks.select_related("song").prefetch_related("credits"))
    assert [(t.position, t.song.title, t.is_cover) for t in tracks] == [
        (1, "Senja di Braga", False),
        (2, "Lautan Kenangan", True),
        (3, "Rumah Kaca", False),
    ]
    song = Song.objects.get(title="Senja di Braga")
    assert sorted(song.credits.values_list("artist__name", "role")) == [
        ("Bayu Pramana", "lyricist"),
        ("Kirana Larasati", "composer"),
    ]

    # A reader now finds it: figures where the writer put them, the cover marked.
    for name, device in (("phone", PHONE), ("desktop", DESKTOP)):
        reader = new_page(device)
        reader.goto(article.get_absolute_url())
        expect(reader.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
        expect(reader.locator("article figure").first.locator(".credit")).to_have_text(
            "Dok: Sinema Nusantara"
        )
        figures = reader.locator("article figure").filter(has_not_text="Poster resmi Langit Jingga")
        expect(figures).to_have_count(2)
        expect(figures.nth(0).locator("figcaption")).to_contain_text("Kirana Larasati merekam Senja di Braga")
        expect(figures.nth(0).locator("figcaption .credit")).to_have_text("Foto: Arya Nugraha")
        expect(figures.nth(0).locator("xpath=preceding-sibling::*[1]")).to_have_text(PARAGRAPHS[1])
        expect(figures.nth(1).locator("figcaption")).to_contain_text(
            "Sandyakala, pemilik asli Lautan Kenangan"
        )
        expect(figures.nth(1).locator("figcaption .credit")).to_have_text("Dok: Sandyakala")
        expect(figures.nth(1).locator("xpath=preceding-sibling::*[1]")).to_have_text(PARAGRAPHS[2])
        music = reader.get_by_role("region", name="Musik dalam artikel ini")
        expect(music.locator("li", has_text="Lautan Kenangan")).to_contain_text("cover dari Sandyakala")
        save_screenshot(reader, f"editor-flow-article-{name}")
        reader.goto("/")
        expect(reader.get_by_role("link", name=ARTICLE_TITLE, exact=True).first).to_be_visible()
        reader.goto("/cari/?q=Sandyakala")
        expect(reader.locator("main").get_by_role("link", name=ARTICLE_TITLE, exact=True)).to_be_visible()
