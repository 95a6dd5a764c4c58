"""The article change form costs a fixed number of queries, however many figures, authors and ranked entries."""

import pytest
from django.urls import reverse

from bench.admin_form import build_heavy_article

pytestmark = pytest.mark.django_db

CHANGE_FORM_BUDGET = 30


def test_the_change_form_of_a_heavy_article_stays_within_thirty_queries(
    client, editor_user, django_assert_max_num_queries
):
    article = build_heavy_article()
    assert (article.figures.count(), article.article_authors.count()) == (20, 10)
    client.force_login(editor_user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.get(url)  # the session's first request and the admin's own registries
    with django_assert_max_num_queries(CHANGE_FORM_BUDGET) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # No query per row: one for each inline's rows, one for the objects their choosers show.
    photo_queries = [q for q in captured.captured_queries if 'FROM "pophariini_photo"' in q["sql"]]
    assert len(photo_queries) <= 3
    page = response.content.decode()
    # Every photo reaches the body editor, every author has a row.
    assert all(f"Penampilan di panggung nomor {n}" in page for n in range(20))
    assert all(f'name="article_authors-{n}-author"' in page for n in range(10))
