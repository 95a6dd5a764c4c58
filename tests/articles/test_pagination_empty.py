"""List pagination with nothing to list (apart from test_pagination.py, whose articles every test there sees)."""

import pytest

from articles.models import Article
from articles.pagination import PAGE_SIZE, LatestFirstPaginator

pytestmark = pytest.mark.django_db


def test_an_empty_list_has_an_empty_first_page(monkeypatch):
    monkeypatch.setattr(LatestFirstPaginator, "deferred_join_offset", 0)
    paginator = LatestFirstPaginator(Article.objects.published().latest_first(), PAGE_SIZE)
    assert list(paginator.page(1)) == []
