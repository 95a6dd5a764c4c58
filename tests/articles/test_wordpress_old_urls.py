"""Old WordPress addresses: slugs from permalinks, redirects for old links, static pages at their old URLs."""

import pytest
from django.http import HttpResponseNotFound
from django.test import RequestFactory

from articles.models import Article
from articles.wordpress import import_wxr
from pophariini.middleware import RedirectFallbackMiddleware
from pophariini.models import Page, Redirect
from tests.articles.wordpress_exports import FIXTURES, wxr_item
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def answer_404(request):
    return HttpResponseNotFound()


def follow_fallback(path):
    return RedirectFallbackMiddleware(answer_404)(RequestFactory().get(path))


def test_link_path_becomes_the_slug_and_p_links_redirect(write_wxr):
    import_wxr(path=write_wxr(wxr_item(42, link="https://www.pophariini.com/kabar-baik/", name="kabar-baik")))

    assert Article.objects.get().slug == "kabar-baik"
    assert not Redirect.objects.filter(old_path="/kabar-baik/").exists()
    response = follow_fallback("/?p=42")
    assert (response.status_code, response["Location"]) == (301, "/kabar-baik/")


def test_old_p_link_on_the_live_site_redirects_to_the_imported_post(client, write_wxr):
    import_wxr(path=write_wxr(wxr_item(42, link="https://www.pophariini.com/kabar-baik/", name="kabar-baik")))

    response = client.get("/?p=42")

    assert (response.status_code, response["Location"]) == (301, "/kabar-baik/")
    assert client.get("/?p=9999").status_code == 404


def test_dated_permalink_redirects_to_the_new_address(write_wxr):
    import_wxr(path=write_wxr(wxr_item(43, link="https://www.pophariini.com/2019/05/03/judul-lama/")))

    assert Article.objects.get().slug == "judul-lama"
    response = follow_fallback("/2019/05/03/judul-lama/")
    assert (response.status_code, response["Location"]) == (301, "/judul-lama/")


def test_slug_collisions_get_distinct_slugs_and_redirects(write_wxr):
    ArticleFactory(slug="sama")
    path = write_wxr(
        wxr_item(1, link="https://www.pophariini.com/2019/01/sama/"),
        wxr_item(2, link="https://www.pophariini.com/2020/01/sama/"),
        wxr_item(3, link="https://www.pophariini.com/kategori/"),
    )

    import_wxr(path=path)

    slugs = dict(Article.objects.filter(wp_post_id__isnull=False).values_list("wp_post_id", "slug"))
    assert slugs == {1: "sama-2", 2: "sama-3", 3: "kategori-2"}
    assert Redirect.objects.get(old_path="/2020/01/sama/").new_path == "/sama-3/"
    assert Redirect.objects.get(old_path="/kategori/").new_path == "/kategori-2/"


def test_unpublished_posts_get_no_redirect_that_would_reveal_them(write_wxr):
    path = write_wxr(
        wxr_item(1, status="draft", link="https://www.pophariini.com/?p=1"),
        wxr_item(2, status="publish", password="x", link="https://www.pophariini.com/2020/01/rahasia/"),
    )

    import_wxr(path=path)

    assert Redirect.objects.count() == 0


# Pages ------------------------------------------------------------------------------------


def test_pages_become_sanitised_static_pages_at_their_old_url(client):
    import_wxr(path=FIXTURES / "pophariini-1.1.xml")

    page = Page.objects.get()
    assert (page.title, page.url, page.is_published) == ("Tentang Kami", "/tentang-kami/", True)
    assert page.body == "<p>Pophariini adalah media musik Indonesia.</p><p>Kami menulis tentang musik.</p>"
    response = client.get("/tentang-kami/")
    assert response.status_code == 200
    assert "media musik Indonesia" in response.content.decode()


def test_unpublished_page_is_imported_but_not_published(write_wxr):
    import_wxr(path=write_wxr(wxr_item(9, "Redaksi", post_type="page", status="draft", name="redaksi")))

    page = Page.objects.get()
    assert page.url == "/redaksi/" and not page.is_published


def test_deeply_nested_page_gets_an_address_that_fits(write_wxr):
    link = "https://www.pophariini.com/" + "/".join(["bagian-yang-sangat-panjang-sekali"] * 12) + "/akhir/"
    import_wxr(path=write_wxr(wxr_item(9, "Dalam", post_type="page", link=link)))

    assert Page.objects.get().url == "/akhir/"
    assert (
        Redirect.objects.get(old_path=link.removeprefix("https://www.pophariini.com")).new_path == "/akhir/"
    )


def test_a_wordpress_tag_slug_that_differs_redirects_to_the_tag(client, write_wxr):
    # WordPress gives a tag "alignment-2" when a category already has the slug "alignment".
    public = wxr_item(1, tags=("Alignment",)).replace('nicename="alignment"', 'nicename="alignment-2"')
    draft = wxr_item(2, status="draft", tags=("Rahasia",)).replace(
        'nicename="rahasia"', 'nicename="rahasia-2"'
    )
    import_wxr(path=write_wxr(public, draft))

    response = client.get("/tag/alignment-2/")
    assert (response.status_code, response["Location"]) == (301, "/tag/alignment/")
    assert client.get("/tag/alignment/").status_code == 200
    assert not Redirect.objects.filter(old_path__startswith="/tag/rahasia").exists()
    assert client.get("/tag/rahasia-2/").status_code == 404
