"""Editors' side of the newsroom formats: corrections, ranked lists and sponsorship in the admin."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Correction, RankedEntry
from tests import factories
from tests.admin_forms import form_values

pytestmark = pytest.mark.django_db


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def section_url(section):
    return reverse("admin:articles_rankedsection_change", args=[section.pk])


def post_form(client, url, **changes):
    data = form_values(client.get(url))
    data.update(changes)
    return client.post(url, data)


def add_correction(client, article, text):
    return post_form(
        client,
        article_url(article),
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": Correction.Kind.CORRECTION,
            "corrections-0-text": text,
        },
    )


def test_editor_adds_a_correction_that_records_its_author_and_enters_the_articles_history(client, editor):
    article = factories.ArticleFactory()
    client.force_login(editor)
    response = add_correction(client, article, "Nama labelnya Demajors.")
    assert response.status_code == 302
    correction = Correction.objects.get(article=article)
    assert correction.created_by == editor
    article.refresh_from_db()
    assert article.revised_at == correction.created_at
    revision = Version.objects.get_for_object(article).first().revision
    assert "correction" in {v.content_type.model for v in revision.version_set.all()}


def test_an_editor_cannot_delete_a_correction(client, editor):
    correction = factories.CorrectionFactory()
    client.force_login(editor)
    page = client.get(article_url(correction.article)).content.decode()
    assert 'name="corrections-0-DELETE"' not in page
    post_form(client, article_url(correction.article), **{"corrections-0-DELETE": "on"})
    assert Correction.objects.filter(pk=correction.pk).exists()


def test_a_superuser_may_delete_a_correction_and_the_history_keeps_it(client, superuser):
    correction = factories.CorrectionFactory(text="Ralat yang dicabut.")
    client.force_login(superuser)
    # The article is saved once with the correction (a revision), then the correction is removed.
    assert post_form(client, article_url(correction.article)).status_code == 302
    response = post_form(client, article_url(correction.article), **{"corrections-0-DELETE": "on"})
    assert response.status_code == 302
    assert not Correction.objects.filter(pk=correction.pk).exists()
    kept = [
        v.field_dict["text"]
        for v in Version.objects.get_for_model(Correction).filter(object_id=str(correction.pk))
    ]
    assert "Ralat yang dicabut." in kept


def test_saving_a_ranked_list_in_the_admin_renumbers_it_by_position(client, editor):
    section = factories.RankedSectionFactory()
    releases = [factories.ReleaseFactory(title=title) for title in ("Satu", "Dua", "Tiga")]
    client.force_login(editor)
    changes = {}
    for index, (release, position) in enumerate(zip(releases, (30, 10, 20), strict=True)):
        changes |= {f"entries-{index}-release": str(release.pk), f"entries-{index}-position": str(position)}
    assert post_form(client, section_url(section), **changes).status_code == 302
    ranks = dict(RankedEntry.objects.filter(section=section).values_list("release__title", "rank"))
    assert ranks == {"Dua": 1, "Tiga": 2, "Satu": 3}

    moved = RankedEntry.objects.get(section=section, release__title="Satu")
    data = form_values(client.get(section_url(section)))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(moved.pk)).removesuffix("-id")
    assert post_form(client, section_url(section), **{f"{row}-position": "1"}).status_code == 302
    ranks = dict(RankedEntry.objects.filter(section=section).values_list("release__title", "rank"))
    assert ranks == {"Satu": 1, "Dua": 2, "Tiga": 3}


def test_a_list_added_on_the_article_page_without_a_title_is_kept(client, editor):
    """The help says an untitled list is fine when the article has only one; it must not vanish."""
    article = factories.ArticleFactory()
    client.force_login(editor)
    response = post_form(
        client,
        article_url(article),
        **{
            "ranked_sections-TOTAL_FORMS": "1",
            "ranked_sections-0-title": "",
            "ranked_sections-0-anchor": "",
            "ranked_sections-0-position": "0",
        },
    )
    assert response.status_code == 302
    section = article.ranked_sections.get()
    assert section.title == "" and str(section) == f"Daftar peringkat #{section.pk}"


def test_an_untouched_entry_row_of_a_list_is_still_skipped(client, editor):
    section = factories.RankedSectionFactory(title="")
    client.force_login(editor)
    assert post_form(client, section_url(section)).status_code == 302
    assert not RankedEntry.objects.filter(section=section).exists()


def test_the_same_release_twice_in_a_list_is_a_form_error_not_a_crash(client, editor):
    section = factories.RankedSectionFactory()
    release = factories.ReleaseFactory()
    client.force_login(editor)
    response = post_form(
        client,
        section_url(section),
        **{
            "entries-0-release": str(release.pk),
            "entries-1-release": str(release.pk),
            "entries-1-position": "2",
        },
    )
    assert response.status_code == 200
    assert not RankedEntry.objects.filter(section=section).exists()


def test_an_entry_with_two_subjects_is_a_form_error(client, editor):
    section = factories.RankedSectionFactory()
    client.force_login(editor)
    response = post_form(
        client,
        section_url(section),
        **{
            "entries-0-release": str(factories.ReleaseFactory().pk),
            "entries-0-artist": str(factories.ArtistFactory().pk),
        },
    )
    assert response.status_code == 200
    assert "Pilih tepat satu" in response.content.decode()


def test_editor_marks_an_article_sponsored_and_the_sponsor_is_required(client, editor):
    article = factories.ArticleFactory()
    client.force_login(editor)
    response = post_form(client, article_url(article), is_sponsored="on", sponsor_name="")
    assert response.status_code == 200
    assert "nama sponsor" in response.content.decode()
    assert post_form(client, article_url(article), is_sponsored="on", sponsor_name="Kopi").status_code == 302
    article.refresh_from_db()
    assert article.is_sponsored and article.sponsor_name == "Kopi"


def test_kontributor_cannot_edit_a_list_of_someone_elses_article(client, contributor):
    section = factories.RankedSectionFactory()
    client.force_login(contributor)
    response = client.get(section_url(section))
    assert response.status_code in (302, 403, 404)


def test_editor_ranks_a_recording_in_the_list_admin(client, editor):
    section = factories.RankedSectionFactory()
    cover = factories.TrackFactory()
    client.force_login(editor)
    response = post_form(client, section_url(section), **{"entries-0-track": str(cover.pk)})
    assert response.status_code == 302
    assert RankedEntry.objects.get(section=section).subject == cover
