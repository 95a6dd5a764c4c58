"""Navigation editors manage: menus, site settings, footer, breadcrumbs, static pages in the sitemap."""

import json
import re

import pytest
from django.db import IntegrityError, transaction

from pophariini.models import MenuItem, Page, SiteSettings
from tests.factories import ArticleFactory, ArtistFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def header_nav(html):
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group()


def footer(html):
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group()


def test_the_header_menu_lists_rubrics_pages_and_links_in_the_editors_order(client):
    berita = CategoryFactory(name="Berita", slug="berita")
    review = CategoryFactory(name="Review", slug="review")
    page = Page.objects.create(title="Tentang Kami", url="/tentang-kami/", body="<p>Kami.</p>")
    MenuItem.objects.create(category=review, position=2)
    MenuItem.objects.create(category=berita, position=1)
    MenuItem.objects.create(page=page, position=3, label="Tentang")
    MenuItem.objects.create(url="https://open.spotify.com/user/pophariini", label="Playlist", position=4)
    nav = header_nav(html_of(client, "/"))
    positions = [
        nav.index(text)
        for text in ('href="/kategori/berita/"', 'href="/kategori/review/"', "Tentang", "Playlist")
    ]
    assert positions == sorted(positions)
    assert 'aria-current="page"' in header_nav(html_of(client, "/kategori/berita/"))


def test_without_a_header_menu_the_home_rubrics_stand_in(client):
    CategoryFactory(name="Review", slug="review", show_on_home=True, position=2)
    CategoryFactory(name="Berita", slug="berita", show_on_home=True, position=1)
    CategoryFactory(name="Arsip Lama", slug="arsip-lama", show_on_home=False)
    nav = header_nav(html_of(client, "/"))
    assert nav.index('href="/kategori/berita/"') < nav.index('href="/kategori/review/"')
    assert "/kategori/arsip-lama/" not in nav
    # Once editors arrange the menu, theirs is the menu.
    MenuItem.objects.create(url="https://open.spotify.com/user/pophariini", label="Playlist")
    nav = header_nav(html_of(client, "/"))
    assert "Playlist" in nav and "/kategori/berita/" not in nav


def test_an_offline_static_page_leaves_the_menu(client):
    page = Page.objects.create(title="Lowongan", url="/lowongan/", is_published=False)
    MenuItem.objects.create(page=page, menu=MenuItem.Menu.FOOTER)
    assert "/lowongan/" not in html_of(client, "/")


def test_a_menu_item_has_exactly_one_target():
    with pytest.raises(IntegrityError), transaction.atomic():
        MenuItem.objects.create(category=CategoryFactory(), url="https://example.com/")
    with pytest.raises(IntegrityError), transaction.atomic():
        MenuItem.objects.create()


def test_the_footer_holds_static_pages_social_accounts_and_contact(client):
    page = Page.objects.create(title="Pedoman Media Siber", url="/pedoman-media-siber/")
    MenuItem.objects.create(page=page, menu=MenuItem.Menu.FOOTER)
    SiteSettings.objects.create(
        name="Pophariini",
        instagram_url="https://www.instagram.com/pophariini/",
        x_url="https://x.com/pophariini",
        contact_email="redaksi@pophariini.example",
        contact_address="Jl. Kemang Raya, Jakarta Selatan",
    )
    html = footer(html_of(client, "/"))
    assert 'href="/pedoman-media-siber/"' in html
    assert (
        'href="https://www.instagram.com/pophariini/"' in html and 'href="https://x.com/pophariini"' in html
    )
    assert "mailto:redaksi@pophariini.example" in html and "Kemang Raya" in html


def test_site_settings_have_one_row():
    SiteSettings.objects.create(name="Pophariini")
    again = SiteSettings(name="Lain")
    again.save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.objects.get().name == "Lain"


def test_a_menu_change_shows_at_once_on_cached_pages(client):
    category = CategoryFactory(name="Kolom", slug="kolom")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    MenuItem.objects.create(category=category)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert 'href="/kategori/kolom/"' in header_nav(response.content.decode())


def test_static_pages_are_in_the_sitemap_and_offline_ones_are_not(client):
    Page.objects.create(title="Pedoman Media Siber", url="/pedoman-media-siber/")
    Page.objects.create(title="Draf", url="/draf/", is_published=False)
    index = html_of(client, "/sitemap.xml")
    assert "sitemap-halaman-statis.xml" in index
    section = html_of(client, "/sitemap-halaman-statis.xml")
    assert "<loc>https://pophariini.example/pedoman-media-siber/</loc>" in section
    assert "/draf/" not in section


def breadcrumb_pairs(html):
    visible = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    names = [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(r"<li>(.*?)</li>", visible, re.S)
    ]
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        for document in data if isinstance(data, list) else [data]:
            if document.get("@type") == "BreadcrumbList":
                return names, [item["name"] for item in document["itemListElement"]]
    raise AssertionError("no BreadcrumbList")


def test_visible_breadcrumbs_match_the_json_ld(client):
    category = CategoryFactory(name="Berita", slug="berita")
    article = ArticleFactory(title="Ragam Soundtrack", category=category)
    artist = ArtistFactory(name="Sheila On 7")
    article.artists.add(artist)
    for url in (article.get_absolute_url(), "/kategori/berita/", "/artikel/", artist.get_absolute_url()):
        visible, structured = breadcrumb_pairs(html_of(client, url))
        assert visible == structured, url
        assert visible[0] == "Beranda"
    assert breadcrumb_pairs(html_of(client, article.get_absolute_url()))[0] == [
        "Beranda",
        "Berita",
        "Ragam Soundtrack",
    ]


def test_the_admin_manages_settings_and_menus(admin_client):
    assert (
        'href="/admin/pophariini/sitesettings/add/"'
        in admin_client.get("/admin/pophariini/sitesettings/").content.decode()
    )
    response = admin_client.post(
        "/admin/pophariini/sitesettings/add/",
        {"name": "Pophariini", "tagline": "Musik", "instagram_url": "https://instagram.com/pophariini"},
    )
    assert response.status_code == 302
    # One row only: once saved, there is nothing more to add.
    assert admin_client.get("/admin/pophariini/sitesettings/add/").status_code == 403
    assert admin_client.get("/admin/pophariini/sitesettings/1/change/").status_code == 200
    category = CategoryFactory(name="Review", slug="review")
    response = admin_client.post(
        "/admin/pophariini/menuitem/add/",
        {"menu": "header", "position": 1, "label": "", "category": category.pk, "url": ""},
    )
    assert response.status_code == 302
    response = admin_client.post(
        "/admin/pophariini/menuitem/add/",
        {"menu": "header", "position": 2, "label": "", "category": category.pk, "url": "https://x.example/"},
    )
    assert response.status_code == 200
    assert "Pilih tepat satu tujuan" in response.content.decode()
    assert admin_client.get("/admin/pophariini/menuitem/").status_code == 200


def test_a_static_page_has_a_description_canonical_image_and_breadcrumbs(client):
    Page.objects.create(
        title="Pedoman Media Siber",
        url="/pedoman-media-siber/",
        body="<p>Pedoman pemberitaan media siber kami.</p>",
    )
    html = html_of(client, "/pedoman-media-siber/")
    assert '<meta name="description" content="Pedoman pemberitaan media siber kami.">' in html
    assert '<link rel="canonical" href="https://pophariini.example/pedoman-media-siber/">' in html
    assert '<meta property="og:image"' in html
    visible, structured = breadcrumb_pairs(html)
    assert visible == structured == ["Beranda", "Pedoman Media Siber"]
