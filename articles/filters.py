"""The /artikel/ list filters: category, tag, artist, author and year, all by slug or number.

A value that does not validate (an unknown category, junk, NUL bytes, huge strings) is
left out of the filter: django-filter only applies what reached ``cleaned_data``.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Category

SLUG_FIELD = {"max_length": 200}


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ArticleFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        label=_("Rubrik"),
        queryset=Category.objects.order_by("position", "name"),
        to_field_name="slug",
        empty_label=_("Semua rubrik"),
    )
    tag = django_filters.CharFilter(label=_("Tag"), field_name="tags__slug", **SLUG_FIELD)
    artist = django_filters.CharFilter(label=_("Artis"), field_name="artists__slug", **SLUG_FIELD)
    author = django_filters.CharFilter(label=_("Penulis"), field_name="authors__slug", **SLUG_FIELD)
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
