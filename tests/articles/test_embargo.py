"""Nothing leaks before its time (issue 15, findings 3 and 9): renamed unpublished articles leave no
redirect naming their new address, redirects lead only to public pages, a tag only drafts use has
no feed, and publishing after a withdrawn schedule dates the article from the moment it went out."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from pophariini.models import Redirect
from tests import factories

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article = Article.objects.get(pk=article.pk)
    article.slug = slug
    article.save()
    return article


@pytest.mark.parametrize("traits", [{"scheduled": True}, {"draft": True}, {"review": True}])
def test_renaming_an_unpublished_article_leaves_no_redirect_to_its_new_address(client, traits):
    article = factories.ArticleFactory(slug="zqxschedmark-slug", **traits)
    rename(article, "zqxschedmark-renamed-embargo")
    assert not Redirect.objects.exists()
    response = client.get("/zqxschedmark-slug/")
    assert response.status_code == 404
    assert "renamed-embargo" not in response.content.decode()


def test_renaming_a_withdrawn_article_leaves_no_redirect(client, editor):
    article = factories.ArticleFactory(slug="kabar-lama")
    article = workflow.unpublish(article=article, user=editor)
    rename(article, "kabar-rahasia")
    assert client.get("/kabar-lama/").status_code == 404
    assert not Redirect.objects.filter(new_path="/kabar-rahasia/").exists()


def test_a_redirect_is_followed_only_while_its_article_is_public(client, editor):
    article = rename(factories.ArticleFactory(slug="judul-lama"), "judul-baru")
    response = client.get("/judul-lama/")
    assert response.status_code == 301 and response["Location"] == "/judul-baru/"
    workflow.unpublish(article=article, user=editor)
    response = client.get("/judul-lama/")
    assert response.status_code == 404
    assert "judul-baru" not in response.content.decode()
    workflow.publish_now(article=article, user=editor)
    assert client.get("/judul-lama/")["Location"] == "/judul-baru/"


def test_other_stored_redirects_still_work(client):
    Redirect.objects.create(old_path="/2019/05/lama/", new_path="/kategori/berita/")
    factories.ArticleFactory(category=factories.CategoryFactory(name="Berita", slug="berita"))
    assert client.get("/2019/05/lama/")["Location"] == "/kategori/berita/"


def test_a_tag_only_drafts_use_has_no_feed_as_it_has_no_page(client):
    draft = factories.ArticleFactory(draft=True)
    draft.tags.add("Zqx Rahasia")
    assert client.get("/tag/zqx-rahasia/").status_code == 404
    response = client.get("/tag/zqx-rahasia/feed/")
    assert response.status_code == 404
    assert "Zqx Rahasia" not in response.content.decode()
    # Once a published article uses it, both answer.
    factories.ArticleFactory().tags.add("Zqx Rahasia")
    assert client.get("/tag/zqx-rahasia/feed/").status_code == 200


def published_dates(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    documents = [
        json.loads(d) for d in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    flat = [d for doc in documents for d in (doc if isinstance(doc, list) else [doc])]
    date_published = next(d["datePublished"] for d in flat if d.get("@type") in ("NewsArticle", "Article"))
    items = ET.fromstring(client.get("/feed/").content).iter("item")
    pub_date = next(item.findtext("pubDate") for item in items if item.findtext("title") == article.title)
    return datetime.datetime.fromisoformat(date_published), pub_date


def test_published_now_after_a_withdrawn_schedule_is_dated_now(client, editor):
    article = factories.ArticleFactory(draft=True, title="Kabar Embargo")
    ahead = timezone.now() + datetime.timedelta(days=30)
    workflow.schedule(article=article, user=editor, publish_at=ahead)
    workflow.unpublish(article=article, user=editor)
    before = timezone.now()
    article = workflow.publish_now(article=article, user=editor)
    assert before <= article.first_published_at <= timezone.now()
    date_published, pub_date = published_dates(client, article)
    assert abs(date_published - article.first_published_at) < datetime.timedelta(seconds=1)
    assert ahead.strftime("%d %b %Y") not in pub_date
    assert timezone.now().astimezone(datetime.UTC).strftime("%d %b %Y") in pub_date


def test_rescheduled_earlier_goes_out_dated_by_the_new_time(editor):
    article = factories.ArticleFactory(draft=True)
    now = timezone.now()
    workflow.schedule(article=article, user=editor, publish_at=now + datetime.timedelta(days=30))
    workflow.unpublish(article=article, user=editor)
    article = workflow.schedule(article=article, user=editor, publish_at=now + datetime.timedelta(days=2))
    assert article.first_published_at == now + datetime.timedelta(days=2)


def test_a_true_first_publication_is_kept(editor):
    launch = timezone.now() - datetime.timedelta(days=10)
    article = workflow.unpublish(article=factories.ArticleFactory(publish_at=launch), user=editor)
    article = workflow.publish_now(article=article, user=editor)
    assert article.first_published_at == launch
