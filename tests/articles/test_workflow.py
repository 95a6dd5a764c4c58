"""Editorial workflow: role × action × article state, in the admin and in the services."""

import datetime
import io
from unittest import mock

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article
from pophariini.content import bulk_write
from tests import factories
from tests.admin_forms import form_values
from tests.articles.newsroom import newsroom_for_the_module

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ROLES = ["owner", "other", "editor", "superuser"]
STATES = ["draft", "review", "scheduled", "published"]
USERS = {"owner": "contributor", "other": "other_contributor", "editor": "editor", "superuser": "superuser"}
TRAITS = {
    "draft": {"draft": True},
    "review": {"review": True},
    "scheduled": {"scheduled": True},
    "published": {},
}

# What each role may do to an article the Kontributor "owner" wrote, by state.
MAY_OPEN = {"owner": set(STATES), "other": set(), "editor": set(STATES), "superuser": set(STATES)}
MAY_EDIT = {"owner": {"draft", "review"}, "other": set(), "editor": set(STATES), "superuser": set(STATES)}
# action: (roles allowed to use it, {state before: state after}); other states stay as they were.
ACTIONS = {
    "submit_for_review_action": ({"owner", "editor", "superuser"}, {"draft": "review"}),
    "publish_now_action": (
        {"editor", "superuser"},
        {"draft": "published", "review": "published", "scheduled": "published"},
    ),
    "schedule_action": (
        {"editor", "superuser"},
        {"draft": "scheduled", "review": "scheduled", "scheduled": "scheduled"},
    ),
    "unpublish_action": ({"editor", "superuser"}, {"scheduled": "draft", "published": "draft"}),
    "back_to_draft_action": ({"editor", "superuser"}, {"review": "draft"}),
}
# In the future of the pinned clock (``frozen_now``) that the tests scheduling it use.
SCHEDULE_AT = "2031-05-01T09:30"


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """The roles and staff, made once for the module's tests (all plain ``db``)."""
    yield from newsroom_for_the_module(django_db_blocker)


@pytest.fixture
def as_role(request, client):
    """Log the test client in as one of the ROLES; returns the user."""

    def login(role):
        user = request.getfixturevalue(USERS[role])
        client.force_login(user)
        return user

    return login


def article_in(state, owner, **kwargs):
    # Test data only: no test here looks at what the write renews.
    with bulk_write():
        return factories.ArticleFactory(created_by=owner, **TRAITS[state], **kwargs)


def state_of(article):
    article.refresh_from_db()
    if article.is_scheduled:
        return "scheduled"
    return "published" if article.is_published else article.status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_article_list_shows_what_the_role_may_open(client, as_role, contributor, role, state):
    article = article_in(state, contributor, title="Tulisan Raka")
    as_role(role)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    shown = article in response.context["cl"].result_list
    assert shown == (state in MAY_OPEN[role])


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_change_url_opens_editable_read_only_or_forbidden(client, as_role, contributor, role, state):
    article = article_in(state, contributor)
    as_role(role)
    response = client.get(change_url(article))
    if state not in MAY_OPEN[role]:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert response.context["has_change_permission"] == (state in MAY_EDIT[role])


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_saving_the_change_form_is_allowed_only_where_the_role_may_edit(
    client, as_role, contributor, editor, role, state
):
    article = article_in(state, contributor, title="Judul Lama")
    # What a browser would send, read as an editor sees the form.
    client.force_login(editor)
    data = form_values(client.get(change_url(article)))
    data["title"] = "Judul Baru"
    as_role(role)
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    if state in MAY_EDIT[role]:
        assert response.status_code == 302
        assert article.title == "Judul Baru"
    else:
        assert response.status_code == 403
        assert article.title == "Judul Lama"


@pytest.mark.usefixtures("frozen_now")
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_admin_actions_by_role_and_state(client, as_role, contributor, role, action, state):
    article = article_in(state, contributor)
    user = as_role(role)
    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [article.pk], "apply": "1", "publish_at": SCHEDULE_AT},
    )
    assert response.status_code == 302
    allowed_roles, transitions = ACTIONS[action]
    expected = transitions.get(state, state) if role in allowed_roles else state
    assert state_of(article) == expected
    if expected != state:
        assert article.updated_by == user
        if expected == "scheduled":
            assert timezone.localtime(article.publish_at).strftime("%Y-%m-%dT%H:%M") == SCHEDULE_AT


@pytest.mark.parametrize("role", ROLES)
def test_action_menu_offers_only_what_the_role_may_do(client, as_role, role):
    as_role(role)
    choices = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    offered = {name for name, _label in choices if name}
    if role in {"editor", "superuser"}:
        assert offered == {*ACTIONS, "delete_selected"}
    else:
        # No bulk delete: it would reach a writer's own published articles.
        assert offered == {"submit_for_review_action"}


def test_kontributor_cannot_publish_schedule_or_feature_from_the_form(client, contributor):
    article = article_in("draft", contributor)
    client.force_login(contributor)
    response = client.get(change_url(article))
    form = response.context["adminform"].form
    assert "status" not in form.fields and "publish_at" not in form.fields and "featured" not in form.fields
    assert [b["action"] for b in response.context["publishing_buttons"]] == ["save", "submit"]

    data = form_values(response)
    data.update(status="published", publish_at_0="2020-01-01", publish_at_1="10:00", featured="on")
    for action in ("publish", "schedule", "unpublish"):
        response = client.post(change_url(article), {**data, "workflow_action": action})
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()
    article.refresh_from_db()
    assert (article.status, article.publish_at, article.featured) == ("draft", None, False)


def test_kontributor_submits_through_the_form_and_article_becomes_read_only(client, contributor, editor):
    article = article_in("draft", contributor)
    client.force_login(contributor)
    data = form_values(client.get(change_url(article)))
    data["workflow_action"] = "submit"
    assert client.post(change_url(article), data).status_code == 302
    assert state_of(article) == "review"
    # An editor publishes; from then on the writer may only look.
    workflow.publish_now(article=article, user=editor)
    response = client.get(change_url(article))
    assert response.status_code == 200 and not response.context["has_change_permission"]


def test_articles_credited_to_the_writers_author_profile_count_as_their_own(client, contributor):
    article = factories.ArticleFactory(draft=True, authors=[contributor.author])
    client.force_login(contributor)
    assert client.get(change_url(article)).context["has_change_permission"]


def test_kontributor_creates_an_article_as_draft_or_review_only(client, contributor):
    category = factories.CategoryFactory()
    client.force_login(contributor)
    url = reverse("admin:articles_article_add")
    data = form_values(client.get(url))
    data.update(
        title="Tulisan Baru",
        slug="tulisan-baru",
        category=category.pk,
        workflow_action="submit",
        **{"article_authors-0-author": contributor.author.pk, "article_authors-0-position": "0"},
    )
    assert client.post(url, data).status_code == 302
    article = Article.objects.get(slug="tulisan-baru")
    assert (article.status, article.created_by) == ("review", contributor)


@pytest.mark.parametrize(
    ("role", "state", "may_delete"),
    [
        ("owner", "draft", True),
        ("owner", "review", True),
        ("owner", "scheduled", False),
        ("owner", "published", False),
        ("other", "draft", False),
        ("editor", "published", True),
        ("superuser", "scheduled", True),
    ],
)
def test_delete_url_by_role_and_state(client, as_role, contributor, role, state, may_delete):
    article = article_in(state, contributor)
    as_role(role)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    response = client.post(url, {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists() != may_delete
    assert response.status_code == (302 if may_delete else 403)


def test_kontributor_guessing_urls_of_another_article_gets_403(client, contributor, other_contributor):
    article = article_in("draft", other_contributor)
    client.force_login(contributor)
    for name in ("change", "delete", "history"):
        url = reverse(f"admin:articles_article_{name}", args=[article.pk])
        assert client.get(url).status_code == 403, name
    assert client.get(reverse("admin:articles_article_change", args=["999999"])).status_code == 302


def test_kontributor_adds_photos_and_music_but_cannot_delete_them(client, contributor):
    client.force_login(contributor)
    photo, artist = factories.PhotoFactory(), factories.ArtistFactory()
    assert client.get(reverse("admin:pophariini_photo_add")).status_code == 200
    assert client.get(reverse("admin:music_artist_add")).status_code == 200
    assert client.get(reverse("admin:pophariini_photo_delete", args=[photo.pk])).status_code == 403
    assert client.get(reverse("admin:music_artist_delete", args=[artist.pk])).status_code == 403


def test_kontributor_may_pick_published_articles_as_related_but_not_others_drafts(client, contributor):
    live = factories.ArticleFactory(title="Kabar Terbit")
    hidden = factories.ArticleFactory(title="Kabar Draf", draft=True)
    client.force_login(contributor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "relatedarticle",
            "field_name": "to_article",
            "term": "Kabar",
        },
    )
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert live.pk in ids and hidden.pk not in ids


# Services, as called from the shell.


def test_services_refuse_a_kontributor_and_record_the_editor(contributor, editor):
    article = article_in("review", contributor)
    with pytest.raises(PermissionDenied):
        workflow.publish_now(article=article, user=contributor)
    published = workflow.publish_now(article=article, user=editor)
    assert (published.published_by, published.updated_by) == (editor, editor)
    revision = Version.objects.get_for_object(article).first().revision
    assert (revision.user, revision.get_comment()) == (editor, "Diterbitkan")


def test_first_published_time_is_kept_when_republished(editor):
    launch = timezone.now() - datetime.timedelta(days=10)
    article = factories.ArticleFactory(publish_at=launch)
    article = workflow.unpublish(article=article, user=editor)
    article = workflow.publish_now(article=article, user=editor)
    assert article.first_published_at == launch
    assert article.publish_at > launch


def test_scheduling_needs_a_future_time_and_the_article_appears_on_time_by_itself(editor):
    article = factories.ArticleFactory(draft=True)
    now = timezone.now()
    with pytest.raises(workflow.WorkflowError):
        workflow.schedule(article=article, user=editor, publish_at=now - datetime.timedelta(minutes=1))
    at = now + datetime.timedelta(hours=2)
    workflow.schedule(article=article, user=editor, publish_at=at)
    assert article not in Article.objects.published()
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        assert article in Article.objects.published()
        assert state_of(article) == "published"


def test_services_never_write_back_a_stale_copy(editor):
    article = factories.ArticleFactory(draft=True, title="Lama")
    stale = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(title="Sudah Diubah Orang Lain")
    workflow.publish_now(article=stale, user=editor)
    article.refresh_from_db()
    assert article.title == "Sudah Diubah Orang Lain" and article.is_published


def test_schedule_action_asks_for_the_time_first(client, editor):
    article = factories.ArticleFactory(draft=True, title="Menunggu Jadwal")
    client.force_login(editor)
    response = client.post(CHANGELIST, {"action": "schedule_action", "_selected_action": [article.pk]})
    assert response.status_code == 200
    assert "Menunggu Jadwal" in response.content.decode()
    assert state_of(article) == "draft"


@pytest.mark.usefixtures("frozen_now")
def test_scheduled_article_shows_terjadwal_with_jakarta_time(client, editor):
    at = datetime.datetime(2031, 5, 1, 2, 30, tzinfo=datetime.UTC)
    factories.ArticleFactory(publish_at=at)
    client.force_login(editor)
    content = client.get(CHANGELIST).content.decode()
    assert "Terjadwal" in content and "09.30" in content


def test_setup_roles_is_idempotent_and_gives_each_role_its_rights(roles):
    before = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    call_command("setup_roles", stdout=io.StringIO())
    after = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert before == after and set(after) == {"Kontributor", "Editor"}
    assert "publish_article" in after["Editor"] and "publish_article" not in after["Kontributor"]
    assert "delete_photo" in after["Editor"] and "delete_photo" not in after["Kontributor"]
    assert {"add_photo", "add_artist", "change_article"} <= after["Kontributor"]


def test_publish_scheduled_reports_articles_that_went_live_and_is_harmless(editor):
    now = timezone.now()
    factories.ArticleFactory(title="Baru Saja Tayang", publish_at=now - datetime.timedelta(minutes=3))
    factories.ArticleFactory(title="Masih Terjadwal", scheduled=True)
    out = io.StringIO()
    call_command("publish_scheduled", "--since=10", stdout=out)
    call_command("publish_scheduled", "--since=10", stdout=out)
    text = out.getvalue()
    assert text.count("Baru Saja Tayang") == 2 and "Masih Terjadwal" not in text


def test_every_status_change_leaves_a_revision_with_who(editor):
    article = factories.ArticleFactory(draft=True)
    with reversion.create_revision():
        article.save()
    workflow.submit_for_review(article=article, user=editor)
    workflow.back_to_draft(article=article, user=editor)
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(article)]
    assert comments[:2] == ["Dikembalikan ke draf", "Dikirim untuk ditinjau"]


@pytest.mark.parametrize("state", ["draft", "scheduled"])
@pytest.mark.parametrize(("role", "status_code"), [("owner", 200), ("other", 404), ("editor", 200)])
def test_staff_preview_by_role_is_private_and_noindex(client, as_role, contributor, role, status_code, state):
    article = article_in(state, contributor)
    as_role(role)
    response = client.get(reverse("articles:article_preview", kwargs={"pk": article.pk}))
    assert response.status_code == status_code
    if status_code == 200:
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        assert "noindex" in response["X-Robots-Tag"]


def test_preview_is_closed_to_readers(client):
    article = factories.ArticleFactory(draft=True)
    response = client.get(reverse("articles:article_preview", kwargs={"pk": article.pk}))
    assert response.status_code == 404  # not a redirect naming the admin login


def test_actions_appear_in_the_admin_log_with_who_did_what(client, editor):
    article = factories.ArticleFactory(review=True)
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "publish_now_action", "_selected_action": [article.pk]})
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert (entry.user, entry.get_change_message()) == (editor, "Diterbitkan")
