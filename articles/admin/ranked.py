"""The ranked-list admin: a list's entries, renumbered on save."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles import workflow
from articles.admin.history import EditorRevisionsMixin
from articles.models import RankedEntry, RankedSection
from pophariini.chooser import PhotoChooserMixin


class RankedEntryInline(PhotoChooserMixin, admin.TabularInline):
    model = RankedEntry
    extra = 3
    autocomplete_fields = ["release", "song", "track", "artist"]
    fields = ["position", "rank", "release", "song", "track", "artist", "text", "photo"]
    readonly_fields = ["rank"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}
    verbose_name_plural = _(
        "entri (isi satu: rilisan, lagu, rekaman, atau artis; peringkat mengikuti urutan)"
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("release", "song", "track__song", "track__release", "artist", "photo")
        )


@admin.register(RankedSection)
class RankedSectionAdmin(EditorRevisionsMixin, VersionAdmin):
    """A ranked list's entries, ordered by ``position``; saving renumbers the ranks 1…N.

    Rights follow the article the list belongs to (``articles.workflow``); history as for
    articles: revert and recover for editors only.
    """

    list_display = ["__str__", "article", "entry_count"]
    list_select_related = ["article"]
    search_fields = ["title", "article__title"]
    autocomplete_fields = ["article"]
    fields = ["article", "title", "anchor", "position"]
    inlines = [RankedEntryInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(entries_total=Count("entries"))
        if workflow.can_publish(request.user):
            return queryset
        return queryset.filter(article__in=workflow.visible_to(request.user))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article" and not workflow.can_publish(request.user):
            kwargs["queryset"] = workflow.visible_to(request.user).filter(
                status__in=workflow.CONTRIBUTOR_EDITABLE
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("entri"), ordering="entries_total")
    def entry_count(self, obj):
        return obj.entries_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.renumber()
