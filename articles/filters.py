"""The /artikel/ list filters: category, tag, artist, author and year.

Tag, artist and author match by name as readers type them ("sheila", "Sheila On 7",
"sheila-on-7"), case- and accent-insensitively: the value is compared with the name and,
slugified, with the slug (slugs are ASCII, so "Béla" finds "bela"). An artist's articles
are those about them or their songs, releases and films (``music.reach``).

A value that does not validate (an unknown category, junk, NUL bytes, huge strings) is
left out of the filter: django-filter only applies what reached ``cleaned_data``.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, Category, TaggedArticle
from music.models import Artist
from music.reach import articles_about_artists

SLUG_FIELD = {"max_length": 200}


def name_matches(value, prefix="", field="name"):
    """Rows whose name (``field``) contains ``value`` or whose slug contains its slug."""
    condition = Q(**{f"{prefix}{field}__icontains": value})
    slug = slugify(value)
    if slug:
        condition |= Q(**{f"{prefix}slug__contains": slug})
    return condition


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ArticleFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        label=_("Rubrik"),
        queryset=Category.objects.order_by("position", "name"),
        to_field_name="slug",
        empty_label=_("Semua rubrik"),
    )
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag", **SLUG_FIELD)
    artist = django_filters.CharFilter(label=_("Artis"), method="filter_artist", **SLUG_FIELD)
    author = django_filters.CharFilter(label=_("Penulis"), method="filter_author", **SLUG_FIELD)
    year = YearFilter(
        label=_("Tahun"),
        field_name="publish_at",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Article
        fields = ["category", "tag", "artist", "author", "year"]

    def filter_tag(self, queryset, name, value):
        tagged = TaggedArticle.objects.filter(name_matches(value, "tag__"), content_object=OuterRef("pk"))
        return queryset.filter(Exists(tagged))

    def filter_author(self, queryset, name, value):
        wrote = ArticleAuthor.objects.filter(name_matches(value, "author__"), article=OuterRef("pk"))
        return queryset.filter(Exists(wrote))

    def filter_artist(self, queryset, name, value):
        artists = Artist.objects.filter(name_matches(value)).values("pk")
        return articles_about_artists(artists, queryset)

    def applied(self):
        """``(label, value)`` of each filter the reader applied, for the page to say what matched nothing."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # a value that did not validate was not applied either
        cleaned = getattr(self.form, "cleaned_data", {})
        found = []
        for name, field in self.form.fields.items():
            value = cleaned.get(name)
            if value not in (None, ""):
                found.append((field.label, value))
        return found
