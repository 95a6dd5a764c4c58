"""Rows edited on the article page: authors, figures, related links, ranked lists, corrections."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from js_asset import Media

from articles import figures, workflow
from articles.admin.forms import AddedRowForm, CorrectionFormSet, RequiredInlineFormSet
from articles.models import ArticleAuthor, Correction, Figure, RankedSection, RelatedArticle
from pophariini.chooser import chooser_css, chooser_importmap, chooser_urls, photo_data
from pophariini.models import Photo


class ArticleChildInline:
    """Inline rows of an article follow the article's own rights (a Kontributor's published piece is read-only)."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_edit(request, obj)


def _may_edit(request, article):
    return article is None or workflow.can_edit(request.user, article)


class ArticleAuthorInline(ArticleChildInline, admin.TabularInline):
    model = ArticleAuthor
    formset = RequiredInlineFormSet
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name_plural = _("penulis (yang pertama adalah penulis utama)")


class BodyFigureFormSet(BaseInlineFormSet):
    """The figures of an article as the body editor places them: no rows of its own to fill in.

    Photos are inserted, edited, moved and removed in the body (articles/figures.py tells how
    they travel). The editor marks the form when it ran (``<prefix>-editor``), so a save from a
    page without it, such as a form posted by a script, leaves the Figure rows as they are.
    """

    may_edit = False  # Set per request by FigureInline.get_formset.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.placements = None
        # What the admin's history message reads after save(). Changed rows are left out of it:
        # Django names their fields from the formset's forms, and this one has none (the
        # revision holds the change).
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []

    @property
    def from_editor(self):
        return self.is_bound and self.data.get(f"{self.prefix}-editor") == "1"

    def clean(self):
        super().clean()
        if self.from_editor and self.may_edit:
            placements = figures.placements_in(self.data.get("body", ""))
            figures.check_photos_exist(placements)
            self.placements = placements

    def save(self, commit=True):
        if self.placements is None:
            return []
        result = figures.sync_figures(article=self.instance, placements=self.placements)
        self.new_objects, self.deleted_objects = result.created, result.deleted
        return result.created + [figure for figure, _ in result.changed]

    @cached_property
    def editor_data(self):
        """What the body editor shows of the figures: their photos, and those not placed in the text."""
        article = self.instance
        saved = list(Figure.objects.filter(article=article).select_related("photo")) if article.pk else []
        photos = {figure.photo_id: figure.photo for figure in saved}
        if self.is_bound:
            # A form refused for another reason comes back with the photos just chosen.
            try:
                posted = {p.photo_id for p in figures.placements_in(self.data.get("body", "")) if p.photo_id}
            except ValidationError:
                posted = set()
            photos.update(Photo.objects.in_bulk(posted - photos.keys()))
        placed = set(article.placeholders)
        return {
            "figures": {
                figure.key: {"photo": figure.photo_id, "caption": figure.caption, "credit": figure.credit}
                for figure in saved
            },
            "photos": {pk: photo_data(photo) for pk, photo in photos.items()},
            "unplaced": [] if self.is_bound else [f.key for f in saved if f.key not in placed],
            "urls": chooser_urls(),
        }


class FigureInline(ArticleChildInline, admin.TabularInline):
    """Carries the body editor's figures to Figure rows on save (see ``BodyFigureFormSet``)."""

    model = Figure
    formset = BodyFigureFormSet
    template = "admin/articles/figure/body_figures.html"
    fields = ["caption"]
    extra = 0
    max_num = 0
    verbose_name_plural = _("foto dalam artikel")

    @property
    def media(self):
        return super().media + Media(importmap=chooser_importmap, css=chooser_css)

    def get_queryset(self, request):
        # Rows are not edited one by one here: the body says what they are.
        return super().get_queryset(request).none()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.may_edit = all(
            check(request, obj)
            for check in (self.has_add_permission, self.has_change_permission, self.has_delete_permission)
        )
        return formset


class RelatedArticleInline(ArticleChildInline, admin.TabularInline):
    model = RelatedArticle
    fk_name = "from_article"
    extra = 0
    autocomplete_fields = ["to_article"]
    fields = ["to_article", "position"]
    verbose_name_plural = _("artikel terkait pilihan redaksi (tampil paling depan)")


class CorrectionInline(ArticleChildInline, admin.StackedInline):
    """Ralat and hak jawab: dated, kept in the article's history, deletable by superusers only."""

    model = Correction
    formset = CorrectionFormSet
    extra = 0
    fields = ["kind", "text", ("created_at", "created_by")]
    readonly_fields = ["created_at", "created_by"]
    verbose_name_plural = _("ralat dan hak jawab (tampil di atas artikel, tercatat di /ralat/)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset

    def has_delete_permission(self, request, obj=None):
        # A published correction is part of the record: removing one is a superuser's decision.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class RankedSectionInline(ArticleChildInline, admin.TabularInline):
    model = RankedSection
    form = AddedRowForm
    extra = 0
    fields = ["title", "anchor", "position", "entry_count"]
    readonly_fields = ["entry_count"]
    show_change_link = True
    verbose_name_plural = _("daftar peringkat (simpan, lalu klik “Ubah” untuk mengisi entrinya)")

    @admin.display(description=_("entri"))
    def entry_count(self, obj):
        return obj.entries.count() if obj.pk else 0
