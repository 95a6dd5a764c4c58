"""Paths of slug-addressed pages: slug_path gives what reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from pophariini.slugs import slug_path

NAMES = [
    "articles:article_detail",
    "articles:category_detail",
    "articles:tag_detail",
    "articles:author_detail",
    "music:artist_detail",
    "music:song_detail",
    "music:release_detail",
    "music:film_detail",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", ["ragam-soundtrack", "a", "Sal_Priadi-2"])
def test_slug_path_equals_reverse(name, slug):
    assert slug_path(name, slug) == reverse(name, kwargs={"slug": slug})


@pytest.mark.parametrize("slug", ["lagu-ñ", "dua kata", "100%", "a/b", ""])
def test_a_slug_the_url_does_not_take_is_refused_as_by_reverse(slug):
    with pytest.raises(NoReverseMatch):
        slug_path("music:artist_detail", slug)


def test_slug_path_follows_the_script_prefix():
    try:
        set_script_prefix("/majalah/")
        assert slug_path("articles:article_detail", "kabar") == "/majalah/kabar/"
    finally:
        set_script_prefix("/")
    assert slug_path("articles:article_detail", "kabar") == "/kabar/"


def test_slug_path_follows_a_changed_urlconf(settings):
    assert slug_path("articles:article_detail", "kabar") == "/kabar/"
    settings.ROOT_URLCONF = "tests.urls_prefixed"
    assert slug_path("articles:article_detail", "kabar") == "/berita/kabar/"
