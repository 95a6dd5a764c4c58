"""Figures follow the body: the editor's photo paragraphs create, update, move and delete Figure rows."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.figures import Placement, placements_in, sync_figures
from articles.models import Article, Figure
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def figure_paragraph(key, photo, caption="", credit=""):
    """A photo as the body editor writes it (articles/static/articles/editor/photo-figure.js)."""
    return (
        f'<p data-figure-photo="{photo.pk}" data-figure-caption="{caption}" '
        f'data-figure-credit="{credit}">[foto {key}]</p>'
    )


def rows(article):
    return list(
        Figure.objects.filter(article=article)
        .order_by("position")
        .values_list("key", "photo_id", "caption", "credit", "position")
    )


def test_placements_read_the_editor_data_and_bare_codes():
    photo_html = '<p data-figure-photo="7" data-figure-caption="Vanesha &amp; Sissy" data-figure-credit="">[foto 2]</p>'
    body = f"<p>Pembuka.</p>{photo_html}<p>[foto 1]</p><p>Teks [foto 3] di tengah kalimat.</p>"
    assert placements_in(body) == [
        Placement(key=2, photo_id=7, caption="Vanesha & Sissy", credit=""),
        Placement(key=1),
    ]


@pytest.mark.parametrize(
    "body",
    ['<p data-figure-photo="tujuh">[foto 1]</p>', '<p data-figure-photo="1">[foto 99999]</p>'],
)
def test_data_no_editor_writes_is_refused(body):
    with pytest.raises(ValidationError):
        placements_in(body)


def test_sync_creates_updates_moves_and_deletes_rows():
    article = factories.ArticleFactory()
    first, second, third = factories.PhotoFactory.create_batch(3)
    kept = factories.FigureFactory(article=article, photo=first, key=1, caption="Lama")
    factories.FigureFactory(article=article, photo=second, key=2)
    bare = factories.FigureFactory(article=article, photo=third, key=4, caption="Tetap")

    sync_figures(
        article=article,
        placements=[
            Placement(key=5, photo_id=second.pk, caption="Baru", credit="Foto: Arya"),
            Placement(key=4),  # a bare code: its row stays as it is, only its place changes
            Placement(key=1, photo_id=first.pk, caption="Keterangan baru", credit=""),
            Placement(key=5, photo_id=third.pk),  # the same key twice counts once
        ],
    )

    assert rows(article) == [
        (5, second.pk, "Baru", "Foto: Arya", 0),
        (4, third.pk, "Tetap", bare.credit, 1),
        (1, first.pk, "Keterangan baru", "", 2),
    ]
    assert Figure.objects.get(pk=kept.pk).caption == "Keterangan baru"


# Through the admin, as the editor's page posts it.


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def post_from_editor(client, article, body, *, editor_ran=True):
    url = change_url(article)
    data = form_values(client.get(url))
    data["body"] = body
    data["figures-editor"] = "1" if editor_ran else ""
    return client.post(url, data)


def test_article_saved_with_codes_opens_with_its_photos_and_keeps_them(admin_client):
    photo, unplaced_photo = factories.PhotoFactory(caption="Vanesha dan Sissy"), factories.PhotoFactory()
    article = factories.ArticleFactory(body="<p>Pembuka.</p><p>[foto 1]</p>")
    factories.FigureFactory(article=article, photo=photo, key=1, credit="Dok: Paragon Pictures")
    factories.FigureFactory(article=article, photo=unplaced_photo, key=2)

    page = admin_client.get(change_url(article)).content.decode()
    data = json.loads(
        re.search(r'<script id="body-figures-data" type="application/json">(.*?)</script>', page).group(1)
    )
    assert data["figures"]["1"] == {"photo": photo.pk, "caption": "", "credit": "Dok: Paragon Pictures"}
    assert data["photos"][str(photo.pk)]["caption"] == "Vanesha dan Sissy"
    assert data["photos"][str(photo.pk)]["thumb"].endswith(".webp")
    assert data["unplaced"] == [2]  # the editor shows it after the text, as the page does

    # Saved unchanged by the editor (which appended the unplaced figure): nothing is lost.
    response = post_from_editor(
        admin_client, article, "<p>Pembuka.</p><p>[foto 1]</p>" + figure_paragraph(2, unplaced_photo)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Pembuka.</p><p>[foto 1]</p><p>[foto 2]</p>"
    assert [(key, photo_id) for key, photo_id, *_ in rows(article)] == [(1, photo.pk), (2, unplaced_photo.pk)]


def test_photo_inserted_edited_and_removed_in_the_editor_reach_the_rows(admin_client):
    old, new = factories.PhotoFactory(), factories.PhotoFactory()
    article = factories.ArticleFactory(body="<p>Satu.</p><p>[foto 1]</p>")
    factories.FigureFactory(article=article, photo=old, key=1)

    body = "<p>Satu.</p>" + figure_paragraph(2, new, "Di studio", "Foto: Arya Nugraha")
    assert post_from_editor(admin_client, article, body).status_code == 302

    article.refresh_from_db()
    assert article.body == "<p>Satu.</p><p>[foto 2]</p>"
    assert rows(article) == [(2, new.pk, "Di studio", "Foto: Arya Nugraha", 0)]


def test_a_save_without_the_editor_leaves_figures_alone(admin_client):
    photo = factories.PhotoFactory()
    article = factories.ArticleFactory(body="<p>Teks.</p>")
    factories.FigureFactory(article=article, photo=photo, key=1, caption="Tidak ditempatkan")
    assert post_from_editor(admin_client, article, "<p>Teks lain.</p>", editor_ran=False).status_code == 302
    assert rows(article) == [(1, photo.pk, "Tidak ditempatkan", "", 0)]


def test_a_deleted_photo_refuses_the_save_with_nothing_written(admin_client):
    photo = factories.PhotoFactory()
    article = factories.ArticleFactory(title="Judul Lama", body="<p>Teks.</p>")
    body = figure_paragraph(1, photo)
    url = change_url(article)
    data = form_values(admin_client.get(url))
    photo.delete()
    data.update({"body": body, "figures-editor": "1", "title": "Judul Baru"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "sudah dihapus dari pustaka" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Judul Lama" and not article.figures.exists()


def test_a_refused_form_comes_back_with_the_photos_just_chosen(admin_client):
    photo = factories.PhotoFactory(alt_text="Kirana di studio")
    article = factories.ArticleFactory()
    url = change_url(article)
    data = form_values(admin_client.get(url))
    data.update({"body": figure_paragraph(3, photo, "Baru dipilih"), "figures-editor": "1", "title": ""})
    page = admin_client.post(url, data).content.decode()
    assert "data-figure-photo" in page  # the textarea keeps what the editor wrote
    assert "Kirana di studio" in page  # and the photo is known to the editor
    assert not Article.objects.get(pk=article.pk).figures.exists()


def test_published_article_renders_figures_placed_by_the_editor(admin_client, client):
    photo = factories.PhotoFactory(caption="Keterangan bawaan", credit="Dok: Pophariini")
    article = factories.ArticleFactory(body="<p>Pembuka.</p>")
    body = "<p>Pembuka.</p>" + figure_paragraph(1, photo, "Vanesha dan Sissy", "Dok: Paragon Pictures")
    assert post_from_editor(admin_client, article, body).status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r"<figure.*?</figure>", page, re.S).group(0)
    assert "Vanesha dan Sissy" in figure and "Dok: Paragon Pictures" in figure
