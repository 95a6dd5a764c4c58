"""The admin's article list: each story's state, the status and "Tulisan saya" filters, and what each role is offered."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.articles.newsroom import make_roles, staff_member

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def kontributor_client():
    make_roles()
    client = Client()
    client.force_login(staff_member(get_user_model(), "kontri", "Kontributor"))
    return client


def test_scheduled_article_shows_as_terjadwal_in_the_list(admin_client):
    factories.ArticleFactory(scheduled=True, title="Nanti Saja")
    response = admin_client.get(reverse(CHANGELIST))
    assert "Terjadwal" in response.content.decode()


def test_the_list_shows_each_storys_state_over_its_time_and_marks_the_featured(admin_client):
    when = timezone.make_aware(datetime.datetime(2025, 3, 21, 10, 0))
    factories.ArticleFactory(title="Di Halaman Depan", featured=True, publish_at=when)
    factories.ArticleFactory(title="Masih Draf", draft=True, publish_at=None)
    html = admin_client.get(reverse(CHANGELIST)).content.decode()
    row = r'field-title">.*?>([^<]+)</a>.*?<td class="field-publication">(.*?)</td>'
    cells = dict(re.findall(row, html, re.S))
    assert cells["Di Halaman Depan"].startswith(
        'Terbit · <strong class="featured-mark">Unggulan</strong><br><span class="publish-time">21 Maret 2025'
    )
    assert cells["Masih Draf"] == 'Draf<br><span class="publish-time">—</span>'


def test_only_those_who_may_recover_see_the_recover_deleted_link(admin_client):
    """A Kontributor would get 403 behind the link, so the link is not shown to them."""
    assert "recoverlink" in admin_client.get(reverse(CHANGELIST)).content.decode()
    assert "recoverlink" not in kontributor_client().get(reverse(CHANGELIST)).content.decode()


def test_the_status_filter_tells_scheduled_stories_from_those_readers_see(admin_client):
    factories.ArticleFactory(title="Sudah Tayang")
    factories.ArticleFactory(scheduled=True, title="Tayang Besok")
    factories.ArticleFactory(draft=True, title="Masih Draf")
    factories.ArticleFactory(review=True, title="Menunggu Redaksi")
    url = reverse(CHANGELIST)
    listed = {}
    for value in ("scheduled", "published", "draft", "review"):
        response = admin_client.get(url, {"status__exact": value})
        listed[value] = {article.title for article in response.context["cl"].result_list}
    assert listed == {
        "scheduled": {"Tayang Besok"},
        "published": {"Sudah Tayang"},
        "draft": {"Masih Draf"},
        "review": {"Menunggu Redaksi"},
    }
    choices = admin_client.get(url).content.decode()
    assert "?status__exact=scheduled" in choices and ">Terjadwal</a>" in choices
    # The desk's "Lihat semua" under Terjadwal opens exactly that list.
    desk = admin_client.get(reverse("admin:index")).content.decode()
    assert f'href="{url}?status__exact=scheduled"' in desk


def test_my_drafts_list_holds_only_my_drafts_as_the_desk_promises(admin_client, editor_user):
    factories.ArticleFactory(draft=True, title="Draf Saya Sendiri", created_by=editor_user)
    factories.ArticleFactory(draft=True, title="Draf Orang Lain")
    factories.ArticleFactory(title="Tulisan Saya yang Tayang", created_by=editor_user)
    url = reverse(CHANGELIST)
    response = admin_client.get(url, {"status__exact": "draft", "milik": "saya"})
    assert {article.title for article in response.context["cl"].result_list} == {"Draf Saya Sendiri"}
    desk = admin_client.get(reverse("admin:index")).content.decode()
    assert f'href="{url}?status__exact=draft&amp;milik=saya"' in desk


def test_a_kontributor_whose_list_is_only_their_own_gets_no_tulisan_saya_choice():
    assert "milik=saya" not in kontributor_client().get(reverse(CHANGELIST)).content.decode()


def test_undated_drafts_head_the_list_before_the_newest_story_on_every_database(admin_client):
    older = factories.ArticleFactory(title="Lama", publish_at=timezone.now() - datetime.timedelta(days=9))
    newer = factories.ArticleFactory(title="Baru", publish_at=timezone.now() - datetime.timedelta(days=1))
    undated = factories.ArticleFactory(title="Belum Bertanggal", draft=True, publish_at=None)
    response = admin_client.get(reverse(CHANGELIST))
    assert list(response.context["cl"].result_list) == [undated, newer, older]
