"""Paths of slug-addressed pages: slug_path gives what reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from pophariini.slugs import fixed_path, slug_path

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


@pytest.mark.parametrize(
    "name", ["articles:home", "articles:feed", "articles:article_list", "articles:search"]
)
def test_fixed_path_equals_reverse_and_follows_the_script_prefix(name):
    assert fixed_path(name) == reverse(name)
    try:
        set_script_prefix("/majalah/")
        assert fixed_path(name) == reverse(name)
        assert fixed_path(name).startswith("/majalah/")
    finally:
        set_script_prefix("/")


def test_the_path_tag_renders_what_the_url_tag_renders():
    from django.template import engines

    engine = engines["django"]
    for url_tag, path_tag in [
        ("{% url 'articles:home' %}", "{% path 'articles:home' %}"),
        ("{% url 'music:artist_detail' slug %}", "{% path 'music:artist_detail' slug %}"),
    ]:
        context = {"slug": "perunggu"}
        assert engine.from_string("{% load site %}" + path_tag).render(context) == engine.from_string(
            url_tag
        ).render(context)
