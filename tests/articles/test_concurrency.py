"""Two people editing one article: a stale form is refused, names who changed it, and keeps the text."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles import workflow
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(roles, django_user_model):
    user = django_user_model.objects.create_user(
        "editor-kedua", is_staff=True, first_name="Bima", last_name="Sakti"
    )
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def open_form(client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return url, form_values(client.get(url))


def test_second_save_of_a_stale_form_is_refused_naming_who_and_when(editor, second_editor):
    article = factories.ArticleFactory(draft=True, title="Judul Awal")
    dina, bima = client_for(editor), client_for(second_editor)
    url, dina_form = open_form(dina, article)
    _, bima_form = open_form(bima, article)

    dina_form["title"] = "Judul dari Dina"
    assert dina.post(url, dina_form).status_code == 302

    bima_form["title"] = "Judul dari Bima"
    bima_form["body"] = "<p>Paragraf panjang yang ditulis Bima dengan susah payah.</p>"
    response = bima.post(url, bima_form)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Judul dari Dina"
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Dina Redaktur" in errors
    assert date_format(timezone.localtime(article.updated_at), "DATETIME_FORMAT") in errors
    # Bima's text is still on his screen.
    page = response.content.decode()
    assert 'value="Judul dari Bima"' in page
    assert "Paragraf panjang yang ditulis Bima dengan susah payah." in page


def test_refused_form_keeps_refusing_until_reloaded_then_saves(editor, second_editor):
    article = factories.ArticleFactory(draft=True)
    dina, bima = client_for(editor), client_for(second_editor)
    url, bima_form = open_form(bima, article)
    _, dina_form = open_form(dina, article)
    assert dina.post(url, dina_form).status_code == 302

    bima_form["title"] = "Versi Bima"
    response = bima.post(url, bima_form)
    assert response.status_code == 200
    # The resubmitted page carries the same, still stale, version: no silent overwrite on a second click.
    assert bima.post(url, form_values(response)).status_code == 200

    _, fresh = open_form(bima, article)
    fresh["title"] = "Versi Bima"
    assert bima.post(url, fresh).status_code == 302
    article.refresh_from_db()
    assert article.title == "Versi Bima"


def test_status_change_by_an_action_also_makes_an_open_form_stale(editor, second_editor):
    article = factories.ArticleFactory(review=True)
    bima = client_for(second_editor)
    url, bima_form = open_form(bima, article)
    workflow.publish_now(article=article, user=editor)
    bima_form["status"] = "draft"
    assert bima.post(url, bima_form).status_code == 200
    article.refresh_from_db()
    assert article.is_published


def test_change_to_figures_only_also_counts_as_a_newer_version(editor, second_editor):
    article = factories.ArticleFactory(draft=True, body="<p>[foto 1]</p>")
    figure = factories.FigureFactory(article=article, key=1, caption="Keterangan lama")
    dina, bima = client_for(editor), client_for(second_editor)
    url, dina_form = open_form(dina, article)
    _, bima_form = open_form(bima, article)
    # A caption edited on the photo in the body editor (articles/figures.py).
    for form, caption in ((dina_form, "Keterangan Dina"), (bima_form, "Keterangan Bima")):
        form["body"] = (
            f'<p data-figure-photo="{figure.photo_id}" data-figure-caption="{caption}">[foto 1]</p>'
        )
        form["figures-editor"] = "1"
    assert dina.post(url, dina_form).status_code == 302
    assert bima.post(url, bima_form).status_code == 200
    figure.refresh_from_db()
    assert figure.caption == "Keterangan Dina"


def test_form_without_the_loaded_version_is_refused(editor):
    article = factories.ArticleFactory(draft=True, title="Asli")
    client = client_for(editor)
    url, data = open_form(client, article)
    data.pop("loaded_version")
    data["title"] = "Tanpa Versi"
    assert client.post(url, data).status_code == 200
    article.refresh_from_db()
    assert article.title == "Asli"


def test_one_person_saving_twice_in_a_row_is_not_refused(editor):
    article = factories.ArticleFactory(draft=True)
    client = client_for(editor)
    for title in ("Pertama", "Kedua"):
        url, data = open_form(client, article)
        data["title"] = title
        assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Kedua"
