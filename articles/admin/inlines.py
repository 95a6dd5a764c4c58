"""Rows edited on the article page: authors, figures, related links, ranked lists, corrections."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.admin.forms import AddedRowForm, CorrectionFormSet, RequiredInlineFormSet
from articles.models import ArticleAuthor, Correction, Figure, RankedSection, RelatedArticle
from pophariini.admin import thumbnail


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

    def get_queryset(self, request):
        # Each row's title is its author's name.
        return super().get_queryset(request).select_related("author")


class FigureInline(ArticleChildInline, admin.StackedInline):
    model = Figure
    extra = 1
    autocomplete_fields = ["photo"]
    fields = [("code", "key", "position"), ("photo", "preview"), "caption", "credit"]
    readonly_fields = ["code", "preview"]
    verbose_name_plural = _("foto dalam artikel (tulis kodenya di isi artikel)")

    @admin.display(description=_("kode di isi"))
    def code(self, obj):
        if obj.pk:
            return format_html("<code>{}</code>", obj.placeholder)
        return _("muncul setelah disimpan")

    @admin.display(description=_("pratinjau"))
    def preview(self, obj):
        return thumbnail(obj.photo if obj.pk else None, size=120)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")


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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entries_total=Count("entries"))

    @admin.display(description=_("entri"))
    def entry_count(self, obj):
        if not obj.pk:
            return 0
        return obj.entries_total if hasattr(obj, "entries_total") else obj.entries.count()
