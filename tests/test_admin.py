"""The editors' admin: every page opens, and real saves through the admin forms work."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, Author, Category
from music.models import Artist, CreditRole, Film, Genre, Release, Song, Track
from pophariini.models import MenuItem, Page, Photo, Redirect, SiteSettings
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def _genre():
    return Genre.objects.create(name="Thrash metal", slug="thrash-metal")


def _redirect():
    return Redirect.objects.create(old_path="/2019/05/judul-lama/", new_path="/judul-baru/")


def _page():
    return Page.objects.create(title="Tentang Kami", url="/tentang-kami/", body="<p>Redaksi kami.</p>")


INSTANCE_FACTORIES = {
    "pophariini.photo": factories.PhotoFactory,
    "pophariini.redirect": _redirect,
    "pophariini.page": _page,
    "pophariini.sitesettings": lambda: SiteSettings.objects.create(
        instagram_url="https://instagram.com/pophariini"
    ),
    "pophariini.menuitem": lambda: MenuItem.objects.create(category=factories.CategoryFactory()),
    "music.genre": _genre,
    "articles.rankedsection": factories.RankedSectionFactory,
    "music.artist": factories.ArtistFactory,
    "music.song": factories.SongFactory,
    "music.release": factories.ReleaseFactory,
    "music.track": factories.TrackFactory,
    "music.film": factories.FilmFactory,
    "articles.author": factories.AuthorFactory,
    "articles.category": factories.CategoryFactory,
    "articles.article": factories.ArticleFactory,
}


def test_every_registered_model_has_an_instance_for_the_change_page_test():
    assert {m._meta.label_lower for m in project_models()} <= set(INSTANCE_FACTORIES)


def project_models():
    return [m for m in admin.site._registry if m._meta.app_label in {"pophariini", "music", "articles"}]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label_lower)
def test_changelist_and_add_pages_open(admin_client, model):
    factory = INSTANCE_FACTORIES.get(model._meta.label_lower)
    if factory:
        factory()
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    # A one-row model (site settings) has no add page once its row exists.
    expected = 403 if model._meta.label_lower == "pophariini.sitesettings" else 200
    assert admin_client.get(admin_url(model, "add")).status_code == expected


@pytest.mark.parametrize("label", sorted(INSTANCE_FACTORIES))
def test_change_page_opens_and_saves_unchanged(admin_client, label):
    obj = INSTANCE_FACTORIES[label]()
    url = admin_url(type(obj), "change", obj.pk)
    response = admin_client.get(url)
    assert response.status_code == 200
    response = admin_client.post(url, form_values(response))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""


def post_new(client, model, overrides, files=None):
    url = admin_url(model, "add")
    data = form_values(client.get(url))
    data.update(overrides)
    if files:
        data.update(files)
    return client.post(url, data)


def assert_saved(response):
    if response.status_code != 302:
        context = response.context
        errors = [context["adminform"].form.errors] + [
            fs.formset.errors for fs in context["inline_admin_formsets"]
        ]
        errors += [fs.formset.non_form_errors() for fs in context["inline_admin_formsets"]]
        raise AssertionError(f"not saved: {errors}")


def test_editor_uploads_a_photo_with_alt_text(admin_client):
    response = post_new(
        admin_client,
        Photo,
        {"alt_text": "Sissy dan Vanesha", "caption": "Di panggung", "credit": "Dok: Paragon Pictures"},
        {"image": factories.image_upload("panggung.png")},
    )
    assert_saved(response)
    photo = Photo.objects.get()
    assert (photo.credit, photo.width) == ("Dok: Paragon Pictures", 64)


def test_photo_without_alt_text_or_with_a_fake_image_gets_a_clear_error(admin_client):
    response = post_new(admin_client, Photo, {"alt_text": ""}, {"image": factories.image_upload()})
    assert "alt_text" in response.context["adminform"].form.errors
    fake = factories.SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    response = post_new(admin_client, Photo, {"alt_text": "x"}, {"image": fake})
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not Photo.objects.exists()


def test_editor_creates_a_group_with_members_and_links(admin_client):
    member = factories.ArtistFactory(name="Eross Candra", kind=Artist.Kind.PERSON)
    response = post_new(
        admin_client,
        Artist,
        {
            "name": "Sheila On 7",
            "slug": "sheila-on-7",
            "kind": "group",
            "origin_city": "Yogyakarta",
            "memberships-0-member": member.pk,
            "memberships-0-role": "gitar",
            "links-0-platform": "instagram",
            "links-0-url": "https://www.instagram.com/sheilaon7",
        },
    )
    assert_saved(response)
    group = Artist.objects.get(slug="sheila-on-7")
    assert list(group.members.all()) == [member]
    assert group.links.get().platform == "instagram"


def test_streaming_link_on_the_wrong_domain_is_refused_in_the_admin(admin_client):
    response = post_new(
        admin_client,
        Release,
        {
            "title": "Pestilence",
            "slug": "pestilence",
            "kind": "single",
            "streaming_links-0-platform": "spotify",
            "streaming_links-0-url": "https://evil.example/album/1",
        },
    )
    assert response.status_code == 200
    assert not Release.objects.exists()


def test_editor_creates_a_song_with_composer_and_lyricist(admin_client):
    sheila, eross = factories.ArtistFactory(name="Sheila On 7"), factories.ArtistFactory(name="Eross")
    response = post_new(
        admin_client,
        Song,
        {
            "title": "Seberapa Pantas",
            "slug": "seberapa-pantas",
            "original_artists": [sheila.pk],
            "credits-0-artist": eross.pk,
            "credits-0-role": "composer",
            "credits-1-artist": eross.pk,
            "credits-1-role": "lyricist",
            "credits-1-position": "1",
            "credits-TOTAL_FORMS": "2",
        },
    )
    assert_saved(response)
    song = Song.objects.get()
    assert list(song.original_artists.all()) == [sheila]
    assert sorted(song.credits.values_list("role", flat=True)) == ["composer", "lyricist"]


def test_editor_builds_a_soundtrack_tracklist_with_a_cover(admin_client):
    sissy, mocca = factories.ArtistFactory(name="Sissy"), factories.ArtistFactory(name="Mocca")
    original = factories.SongFactory(title="Melangkah", original_artists=[sissy])
    cover = factories.SongFactory(title="I Remember", original_artists=[mocca])
    response = post_new(
        admin_client,
        Release,
        {
            "title": "Backstage OST",
            "slug": "backstage-ost",
            "kind": "soundtrack",
            "tracks-0-disc": "1",
            "tracks-0-position": "1",
            "tracks-0-song": original.pk,
            "tracks-0-performer_artists": [sissy.pk],
            "tracks-1-disc": "1",
            "tracks-1-position": "2",
            "tracks-1-song": cover.pk,
            "tracks-1-performer_artists": [sissy.pk],
            "streaming_links-0-platform": "spotify",
            "streaming_links-0-url": "https://open.spotify.com/album/backstage",
        },
    )
    assert_saved(response)
    tracks = list(Track.objects.prefetch_related("credits").select_related("song").order_by("position"))
    assert [(t.song.title, t.is_cover) for t in tracks] == [("Melangkah", False), ("I Remember", True)]


def test_tracklist_refuses_two_tracks_at_one_position(admin_client):
    song = factories.SongFactory()
    response = post_new(
        admin_client,
        Release,
        {
            "title": "Dobel",
            "slug": "dobel",
            "kind": "album",
            "tracks-0-disc": "1",
            "tracks-0-position": "1",
            "tracks-0-song": song.pk,
            "tracks-1-disc": "1",
            "tracks-1-position": "1",
            "tracks-1-song": song.pk,
        },
    )
    assert response.status_code == 200
    assert not Release.objects.exists()


def test_editor_creates_a_film_with_director_and_soundtrack(admin_client):
    soundtrack = factories.ReleaseFactory(kind=Release.Kind.SOUNDTRACK)
    director = factories.ArtistFactory(name="Guntur Soeharjanto", kind=Artist.Kind.PERSON)
    response = post_new(
        admin_client,
        Film,
        {
            "title": "Backstage",
            "slug": "backstage",
            "year": "2022",
            "production_company": "Paragon Pictures",
            "soundtrack": soundtrack.pk,
            "credits-0-artist": director.pk,
            "credits-0-role": CreditRole.DIRECTOR,
        },
    )
    assert_saved(response)
    film = Film.objects.get()
    assert film.soundtrack == soundtrack
    assert film.credits.get().artist == director


def test_editor_creates_author_and_category(admin_client):
    photo = factories.PhotoFactory()
    assert_saved(
        post_new(
            admin_client,
            Author,
            {
                "name": "Raka Dewangkara",
                "slug": "raka-dewangkara",
                "tagline": "Musik dulu.",
                "photo": photo.pk,
            },
        )
    )
    assert_saved(
        post_new(admin_client, Category, {"name": "Wawancara", "slug": "wawancara", "position": "4"})
    )
    assert Author.objects.get().photo == photo
    assert Category.objects.get().slug == "wawancara"


def test_editor_writes_a_full_article(admin_client):
    category, author = factories.CategoryFactory(name="Berita"), factories.AuthorFactory()
    second_author = factories.AuthorFactory()
    hero, photo = factories.PhotoFactory(), factories.PhotoFactory()
    film, artist = factories.FilmFactory(), factories.ArtistFactory()
    song, release = factories.SongFactory(), factories.ReleaseFactory()
    older = factories.ArticleFactory()
    response = post_new(
        admin_client,
        Article,
        {
            "title": "Ragam Soundtrack dari Film Backstage",
            "slug": "ragam-soundtrack-dari-film-backstage",
            "dek": "Tujuh lagu.",
            # Two photos as the body editor writes them (articles/figures.py).
            "body": (
                f'<p>Pembuka.</p><p data-figure-photo="{photo.pk}" data-figure-caption="Vanesha dan Sissy" '
                'data-figure-credit="Dok: Paragon Pictures">[foto 1]</p>'
                f'<h2>Sub</h2><p data-figure-photo="{hero.pk}">[foto 2]</p>'
            ),
            "figures-editor": "1",
            "category": category.pk,
            "tags": "soundtrack, film",
            "hero": hero.pk,
            "artists": [artist.pk],
            "songs": [song.pk],
            "releases": [release.pk],
            "films": [film.pk],
            "workflow_action": "save",
            "article_authors-0-author": author.pk,
            "article_authors-0-position": "0",
            "article_authors-1-author": second_author.pk,
            "article_authors-1-position": "1",
            "article_authors-TOTAL_FORMS": "2",
            "related_links-0-to_article": older.pk,
            "related_links-0-position": "0",
            "related_links-TOTAL_FORMS": "1",
        },
    )
    assert_saved(response)
    article = Article.objects.for_detail().get(slug="ragam-soundtrack-dari-film-backstage")
    assert article.status == Article.Status.DRAFT and not article.is_published
    assert article.ordered_authors == [author, second_author]
    assert sorted(f.placeholder for f in article.figures.all()) == ["[foto 1]", "[foto 2]"]
    assert article.figures.get(key=1).display_credit == "Dok: Paragon Pictures"
    assert sorted(t.name for t in article.tags.all()) == ["film", "soundtrack"]
    assert list(article.films.all()) == [film] and list(article.related.all()) == [older]
    assert article.created_by.username == "redaksi"


def test_article_without_an_author_is_refused(admin_client):
    response = post_new(
        admin_client,
        Article,
        {"title": "Tanpa Penulis", "slug": "tanpa-penulis", "category": factories.CategoryFactory().pk},
    )
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_rich_body_survives_an_unchanged_admin_save(admin_client):
    body = (
        '<h2>Subjudul</h2><p>Teks <strong>tebal</strong> dan <a href="https://pophariini.com/">tautan</a>.</p>'
        "<blockquote><p>Kutipan.</p></blockquote><ul><li>satu</li></ul><ol><li>dua</li></ol>"
        "<table><tbody><tr><th>Lagu</th><td>Melangkah</td></tr></tbody></table>"
        "<p>[foto 1]</p><p>https://open.spotify.com/track/abc</p>"
    )
    article = factories.ArticleFactory(body=body)
    factories.FigureFactory(article=article)
    url = admin_url(Article, "change", article.pk)
    assert_saved(admin_client.post(url, form_values(admin_client.get(url))))
    article.refresh_from_db()
    assert article.body == body


def test_view_on_site_goes_to_the_article_or_to_the_staff_preview(admin_client):
    live, draft = factories.ArticleFactory(), factories.ArticleFactory(draft=True)
    model_admin = admin.site._registry[Article]
    assert model_admin.view_on_site(live) == live.get_absolute_url()
    assert model_admin.view_on_site(draft) == reverse("articles:article_preview", kwargs={"pk": draft.pk})
    assert admin_client.get(model_admin.view_on_site(draft)).status_code == 200


def test_publishing_a_new_article_from_the_form_means_now_and_a_slug_from_the_title(admin_client):
    """ "Terbitkan sekarang" on a new article publishes it at once; an empty slug comes from the title."""
    response = post_new(
        admin_client,
        Article,
        {
            "title": "Terbit Sekarang Juga",
            "slug": "",
            "body": "<p>Isi.</p>",
            "category": factories.CategoryFactory().pk,
            "workflow_action": "publish",
            "article_authors-0-author": factories.AuthorFactory().pk,
            "article_authors-0-position": "0",
        },
    )
    assert_saved(response)
    article = Article.objects.get()
    assert article.slug == "terbit-sekarang-juga"
    assert article.is_published and article.first_published_at == article.publish_at


def test_each_track_row_offers_a_new_performer_and_takes_a_duration_as_written(admin_client):
    page = admin_client.get(admin_url(Release, "add")).content.decode()
    assert 'id="add_id_tracks-0-performer_artists"' in page
    assert "music/admin/tracklist.css" in page
    song = factories.SongFactory()
    response = post_new(
        admin_client,
        Release,
        {
            "title": "Backstage OST",
            "slug": "backstage-ost",
            "kind": "soundtrack",
            "tracks-0-position": "1",
            "tracks-0-song": song.pk,
            "tracks-0-duration": "3:45",
        },
    )
    assert_saved(response)
    assert Track.objects.get().duration.total_seconds() == 225


def test_the_admin_breadcrumb_starts_at_beranda_in_indonesian(admin_client):
    """The project's catalogue must not override Django's Indonesian "Beranda" with "Home"."""
    html = admin_client.get(admin_url(Article, "changelist")).content.decode()
    assert ">Beranda</a>" in html
    assert ">Home</a>" not in html


def test_third_party_admin_strings_are_indonesian(admin_client):
    """django-taggit and django-reversion ship no Indonesian; the project's catalogue gives it."""
    add_page = admin_client.get(admin_url(Article, "add")).content.decode()
    assert "Daftar tag, dipisahkan koma." in add_page
    assert "A comma-separated list of tags." not in add_page
    changelist = admin_client.get(admin_url(Article, "changelist")).content.decode()
    assert "Pulihkan artikel yang terhapus" in changelist
    assert "Recover deleted" not in changelist


@pytest.mark.parametrize(
    "url_name", ["admin:index", "admin:music_release_add", "admin:articles_article_changelist"]
)
def test_every_admin_page_carries_the_projects_admin_styles(admin_client, url_name):
    """Long names wrap in autocomplete fields and change lists on every form, not the article's only."""
    page = admin_client.get(reverse(url_name)).content.decode()
    assert "pophariini/admin.css" in page
    assert "Redaksi Pophariini" in page  # Django's own base_site still brands it
