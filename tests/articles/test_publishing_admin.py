"""Publishing without guessing: the article form's named actions per role, its state line,
the newsroom desk on the admin home, the soft edit lock and tags spelled once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import locks
from articles.models import Article, EditLock
from pophariini.content import bulk_write
from tests import factories
from tests.admin_forms import form_values
from tests.articles.newsroom import newsroom_for_the_module, staff_member

pytestmark = pytest.mark.django_db

SCHEDULE_AT = "2031-05-01T09:30"


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """The roles and staff, made once for the module's tests (all plain ``db``)."""
    yield from newsroom_for_the_module(django_db_blocker)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def post_action(client, article, action, **changes):
    data = form_values(client.get(change_url(article)))
    data.update(workflow_action=action, **changes)
    return client.post(change_url(article), data)


def state_of(article):
    article.refresh_from_db()
    if article.is_scheduled:
        return "scheduled"
    return "published" if article.is_published else article.status


def buttons(client, article):
    return [button["action"] for button in client.get(change_url(article)).context["publishing_buttons"]]


# Named actions, per role and state.


@pytest.mark.parametrize(
    ("trait", "offered"),
    [
        ({"draft": True}, ["save", "publish", "schedule"]),
        ({"review": True}, ["save", "publish", "schedule", "back_to_draft"]),
        ({"scheduled": True}, ["save", "publish", "schedule", "unpublish"]),
        ({}, ["save", "unpublish"]),
    ],
)
def test_an_editor_is_offered_the_actions_that_fit_the_state(client, editor, trait, offered):
    client.force_login(editor)
    assert buttons(client, factories.ArticleFactory(**trait)) == offered


def test_a_kontributor_saves_or_submits_a_draft_and_only_saves_one_in_review(client, contributor):
    client.force_login(contributor)
    assert buttons(client, factories.ArticleFactory(draft=True, created_by=contributor)) == ["save", "submit"]
    assert buttons(client, factories.ArticleFactory(review=True, created_by=contributor)) == ["save"]
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Simpan draf" in page and "Kirim untuk ditinjau" in page and "Terbitkan sekarang" not in page


# The list's bulk action for each named action of the form.
LIST_ACTIONS = {
    "submit": "submit_for_review_action",
    "publish": "publish_now_action",
    "schedule": "schedule_action",
    "unpublish": "unpublish_action",
    "back_to_draft": "back_to_draft_action",
}


def button_labels(client, *articles):
    labels = {}
    for article in articles:
        for button in client.get(change_url(article)).context["publishing_buttons"]:
            labels.setdefault(button["action"], str(button["label"]))
    return labels


def list_action_labels(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    return {name: str(label) for name, label in response.context["action_form"].fields["action"].choices}


def test_a_list_action_says_what_the_forms_button_for_the_same_step_says(client, editor, contributor):
    client.force_login(contributor)
    labels = button_labels(client, factories.ArticleFactory(draft=True, created_by=contributor))
    in_list = list_action_labels(client)
    client.force_login(editor)
    labels |= button_labels(
        client, *(factories.ArticleFactory(**{trait: True}) for trait in ("draft", "review", "scheduled"))
    )
    in_list |= list_action_labels(client)
    assert set(labels) == {"save", *LIST_ACTIONS}
    for action, list_action in LIST_ACTIONS.items():
        assert in_list[list_action] == labels[action]
    assert labels["submit"] == "Kirim untuk ditinjau"


def test_the_new_article_form_has_no_status_field_nor_empty_time_fields(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="status"' not in page and 'name="publish_at_0"' not in page
    for label in ("Simpan draf", "Terbitkan sekarang", "Jadwalkan…"):
        assert label in page


@pytest.mark.usefixtures("frozen_now")
@pytest.mark.parametrize(
    ("trait", "action", "after"),
    [
        ({"draft": True}, "save", "draft"),
        ({"draft": True}, "publish", "published"),
        ({"draft": True}, "schedule", "scheduled"),
        ({"review": True}, "publish", "published"),
        ({"review": True}, "back_to_draft", "draft"),
        ({"review": True}, "save", "review"),
        ({"scheduled": True}, "publish", "published"),
        ({"scheduled": True}, "unpublish", "draft"),
        ({}, "unpublish", "draft"),
        ({}, "save", "published"),
    ],
)
def test_each_named_action_of_an_editor_runs_its_workflow_service(client, editor, trait, action, after):
    article = factories.ArticleFactory(title="Lama", **trait)
    client.force_login(editor)
    response = post_action(client, article, action, title="Baru", scheduled_for=SCHEDULE_AT)
    assert response.status_code == 302 and response.url == change_url(article)
    assert state_of(article) == after
    assert article.title == "Baru"
    if action == "schedule":
        assert timezone.localtime(article.publish_at).strftime("%Y-%m-%dT%H:%M") == SCHEDULE_AT
    if action == "publish":
        assert article.published_by == editor and article.publish_at == timezone.now()


def test_publishing_is_recorded_in_the_history_with_what_was_done(client, editor):
    article = factories.ArticleFactory(draft=True)
    client.force_login(editor)
    post_action(client, article, "publish")
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "Diterbitkan" in history


def test_a_new_article_is_published_now_in_one_click(client, editor):
    client.force_login(editor)
    url = reverse("admin:articles_article_add")
    data = form_values(client.get(url))
    data.update(
        title="Kabar Kilat",
        category=factories.CategoryFactory().pk,
        workflow_action="publish",
        **{"article_authors-0-author": factories.AuthorFactory().pk, "article_authors-0-position": "0"},
    )
    response = client.post(url, data)
    article = Article.objects.get(title="Kabar Kilat")
    assert response.status_code == 302 and response.url == change_url(article)
    assert article.is_published and article.published_by == editor


@pytest.mark.usefixtures("frozen_now")
def test_scheduling_needs_a_future_time_and_keeps_the_text_typed(client, editor):
    article = factories.ArticleFactory(draft=True, title="Lama")
    client.force_login(editor)
    for when, error in (("", "Isi tanggal dan jam tayang."), ("2020-01-01T10:00", "harus di masa depan")):
        response = post_action(client, article, "schedule", title="Baru", scheduled_for=when)
        assert response.status_code == 200
        assert error in response.content.decode()
        assert 'class="publishing-schedule" open' in response.content.decode()
    assert state_of(article) == "draft" and article.title == "Lama"


def test_a_kontributor_submits_for_review_from_the_form(client, contributor):
    article = factories.ArticleFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    assert post_action(client, article, "submit").status_code == 302
    assert state_of(article) == "review"
    # In review the Kontributor may still correct it, but not submit or publish again.
    assert post_action(client, article, "save", title="Diperbaiki").status_code == 302
    assert state_of(article) == "review" and article.title == "Diperbaiki"


@pytest.mark.parametrize("action", ["publish", "schedule", "unpublish", "back_to_draft", "nonsense"])
def test_a_kontributor_is_refused_every_editor_action(client, contributor, action):
    article = factories.ArticleFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    response = post_action(client, article, action, scheduled_for=SCHEDULE_AT)
    assert response.status_code == 200
    assert "Tindakan itu tidak tersedia" in response.content.decode()
    assert state_of(article) == "draft"


@pytest.mark.parametrize(
    "frozen_now", [datetime.datetime(2022, 1, 1, 3, 0, tzinfo=datetime.UTC)], indirect=True
)
def test_the_form_head_says_the_state_in_indonesian_and_the_sites_time(client, editor, frozen_now):
    client.force_login(editor)
    scheduled = factories.ArticleFactory(publish_at=datetime.datetime(2022, 1, 3, 2, 0, tzinfo=datetime.UTC))
    assert (
        "Terjadwal: tayang Senin, 3 Januari 2022 09.00 WIB"
        in client.get(change_url(scheduled)).content.decode()
    )
    live = factories.ArticleFactory(publish_at=datetime.datetime(2021, 12, 31, 13, 30, tzinfo=datetime.UTC))
    assert (
        "Terbit: tayang sejak Jumat, 31 Desember 2021 20.30 WIB"
        in client.get(change_url(live)).content.decode()
    )
    draft = factories.ArticleFactory(draft=True)
    assert "Draf: belum tayang" in client.get(change_url(draft)).content.decode()


def test_pratinjau_replaces_view_on_site_and_opens_the_staff_preview(client, editor):
    article = factories.ArticleFactory()
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    preview = reverse("articles:article_preview", kwargs={"pk": article.pk})
    assert f'href="{preview}"' in page and "Pratinjau" in page
    assert (
        "Lihat di situs" not in page and article.get_absolute_url() not in page.split("object-tools")[1][:600]
    )


# The newsroom desk.


def desk(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response


def test_the_desk_lists_each_queue_with_links(client, editor, contributor, frozen_now):
    client.force_login(editor)
    waiting = factories.ArticleFactory(review=True, title="Menunggu Dina", created_by=contributor)
    factories.ArticleFactory(scheduled=True, title="Tayang Besok")
    factories.ArticleFactory(draft=True, title="Draf Dina", created_by=editor)
    factories.ArticleFactory(draft=True, title="Draf Orang Lain")
    factories.ArticleFactory(title="Sudah Terbit")
    broken = factories.ArticleFactory(draft=True, title="Foto Tanpa Kredit", created_by=editor)
    factories.FigureFactory(
        article=broken, credit="", caption="Keterangan", photo=factories.PhotoFactory(credit="")
    )
    page = desk(client).content.decode()
    sections = {
        key: page.split(f'id="desk-{key}"')[1].split("</section>")[0]
        for key in ("review", "scheduled", "drafts", "published", "problems")
    }
    assert "Menunggu Dina" in sections["review"] and "Raka Dewangkara" in sections["review"]
    assert "menunggu" in sections["review"] and change_url(waiting) in sections["review"]
    assert "Tayang Besok" in sections["scheduled"]
    assert "Draf Dina" in sections["drafts"] and "Draf Orang Lain" not in sections["drafts"]
    assert "Sudah Terbit" in sections["published"]
    assert "Foto Tanpa Kredit" in sections["problems"] and "foto tanpa kredit" in sections["problems"]
    assert change_url(broken) in sections["problems"]
    # Django's list of every section stays under the desk.
    assert reverse("admin:articles_article_changelist") in page and 'class="app-articles' in page
    # Writing starts from the desk.
    assert f'href="{reverse("admin:articles_article_add")}">Tulis artikel baru</a>' in page


def test_a_kontributor_desk_shows_only_their_own_unpublished_work(client, contributor, other_contributor):
    client.force_login(contributor)
    factories.ArticleFactory(review=True, title="Punya Raka", created_by=contributor)
    factories.ArticleFactory(review=True, title="Punya Sari", created_by=other_contributor)
    factories.ArticleFactory(scheduled=True, title="Embargo Orang Lain")
    page = desk(client).content.decode()
    assert "Punya Raka" in page
    assert "Punya Sari" not in page and "Embargo Orang Lain" not in page


def test_the_desk_costs_the_same_queries_with_more_articles(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    factories.ArticleFactory(review=True)
    desk(client)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        desk(client)
    with bulk_write():
        for _ in range(6):
            for trait in ({"review": True}, {"scheduled": True}, {"draft": True, "created_by": editor}, {}):
                factories.FigureFactory(article=factories.ArticleFactory(**trait))
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        desk(client)


# The soft edit lock.


@pytest.fixture
def nadia(roles, django_user_model):
    return staff_member(django_user_model, "nadia", "Editor", first_name="Nadia")


def lock_url(article, name="lock"):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


@pytest.mark.parametrize(
    "frozen_now", [datetime.datetime(2025, 6, 15, 3, 2, tzinfo=datetime.UTC)], indirect=True
)
def test_a_second_editor_is_told_who_has_the_article_open(client, editor, nadia, frozen_now):
    article = factories.ArticleFactory(draft=True)
    client.force_login(nadia)
    page = client.get(change_url(article)).content.decode()
    assert "Sedang disunting" not in page
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Sedang disunting oleh Nadia sejak 10.02" in page
    # The heartbeat of the second page keeps telling, without taking the lock.
    assert client.post(lock_url(article)).json() == {"notice": "Sedang disunting oleh Nadia sejak 10.02"}
    assert EditLock.objects.get(article=article).user == nadia


def test_the_lock_expires_by_itself_when_the_page_stops_renewing_it(client, editor, nadia, frozen_now):
    from unittest import mock

    article = factories.ArticleFactory(draft=True)
    client.force_login(nadia)
    client.get(change_url(article))
    client.force_login(editor)
    assert client.post(lock_url(article)).json()["notice"].startswith("Sedang disunting oleh Nadia")
    later = frozen_now + datetime.timedelta(seconds=locks.LOCK_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.post(lock_url(article)).json() == {"notice": ""}
    assert EditLock.objects.get(article=article).user == editor


def test_a_renewed_lock_does_not_expire_and_a_released_one_is_free_at_once(client, editor, nadia, frozen_now):
    from unittest import mock

    article = factories.ArticleFactory(draft=True)
    client.force_login(nadia)
    client.get(change_url(article))
    almost = frozen_now + datetime.timedelta(seconds=locks.LOCK_SECONDS - 10)
    with mock.patch("django.utils.timezone.now", return_value=almost):
        client.post(lock_url(article))  # Nadia's page is still open
    client.force_login(editor)
    later = frozen_now + datetime.timedelta(seconds=locks.LOCK_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Nadia" in client.post(lock_url(article)).json()["notice"]
    client.force_login(nadia)
    client.post(lock_url(article, "unlock"))
    client.force_login(editor)
    assert client.post(lock_url(article)).json() == {"notice": ""}


def test_the_lock_only_informs_saving_still_works_for_the_second_editor(client, editor, nadia):
    article = factories.ArticleFactory(draft=True, title="Lama")
    client.force_login(nadia)
    client.get(change_url(article))
    client.force_login(editor)
    assert post_action(client, article, "save", title="Baru").status_code == 302
    article.refresh_from_db()
    assert article.title == "Baru"


def test_only_who_may_change_the_article_may_hold_its_lock(client, contributor, other_contributor):
    article = factories.ArticleFactory(draft=True, created_by=other_contributor)
    client.force_login(contributor)
    assert client.post(lock_url(article)).status_code == 403
    assert client.get(lock_url(article)).status_code == 405
    assert not EditLock.objects.exists()


# Tags.


def test_a_tag_typed_in_another_case_reuses_the_existing_spelling(client, editor):
    Tag.objects.create(name="Jazz", slug="jazz")
    article = factories.ArticleFactory(draft=True)
    client.force_login(editor)
    assert (
        post_action(client, article, "save", tags="jazz, JAZZ, Film Indonesia, film indonesia").status_code
        == 302
    )
    assert sorted(tag.name for tag in article.tags.all()) == ["Film Indonesia", "Jazz"]
    assert Tag.objects.filter(name__iexact="jazz").count() == 1


def test_tags_read_back_as_typed_and_a_second_save_keeps_them(client, editor):
    article = factories.ArticleFactory(draft=True)
    client.force_login(editor)
    assert post_action(client, article, "save", tags="Sheila On 7, pop").status_code == 302
    shown = form_values(client.get(change_url(article)))["tags"]
    assert '"' not in shown
    assert sorted(name.strip() for name in shown.split(",")) == ["Sheila On 7", "pop"]
    assert post_action(client, article, "save").status_code == 302  # the form as shown, saved again
    assert sorted(tag.name for tag in article.tags.all()) == ["Sheila On 7", "pop"]


def test_a_lone_multi_word_tag_stays_one_and_a_comma_in_a_name_needs_quotes(client, editor):
    article = factories.ArticleFactory(draft=True)
    client.force_login(editor)
    post_action(client, article, "save", tags="Sheila On 7")
    assert [tag.name for tag in article.tags.all()] == ["Sheila On 7"]
    post_action(client, article, "save", tags='"Tika, dan The Dissidents", pop')
    shown = form_values(client.get(change_url(article)))["tags"]
    assert shown == '"Tika, dan The Dissidents", pop'
    post_action(client, article, "save")
    assert sorted(tag.name for tag in article.tags.all()) == ["Tika, dan The Dissidents", "pop"]


def test_tag_suggestions_offer_existing_tags_starting_with_what_is_typed_first(client, editor):
    for name in ("Jazz", "Acid Jazz", "Pop", "jazz-fusion"):
        Tag.objects.create(name=name, slug=name.lower().replace(" ", "-") + "-x")
    client.force_login(editor)
    url = reverse("admin:articles_article_tag_suggestions")
    assert client.get(url, {"q": "jaz"}).json() == {"tags": ["Jazz", "jazz-fusion", "Acid Jazz"]}
    assert client.get(url, {"q": ""}).json() == {"tags": []}
    assert client.get(url, {"q": "a\x00"}).status_code == 200


def test_a_lock_heartbeat_renews_no_reader_state(client, editor):
    """Locks are written every half minute per open form: they must not count as content."""
    from pophariini import content

    assert EditLock not in content.models()
