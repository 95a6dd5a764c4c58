"""The article list's filters."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import Article


class StatusFilter(admin.SimpleListFilter):
    """The workflow's states as the newsroom speaks of them: a published story whose time has not
    come is "Terjadwal", apart from those readers can see."""

    title = _("status")
    # The name Django's own filter on the field used, so the desk's links and bookmarked lists
    # (``?status__exact=review``) keep working.
    parameter_name = "status__exact"
    SCHEDULED = "scheduled"

    def lookups(self, request, model_admin):
        return [
            (Article.Status.DRAFT, Article.Status.DRAFT.label),
            (Article.Status.REVIEW, Article.Status.REVIEW.label),
            (self.SCHEDULED, _("Terjadwal")),
            (Article.Status.PUBLISHED, Article.Status.PUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.SCHEDULED:
            return queryset.scheduled(at=timezone.now())
        if value == Article.Status.PUBLISHED:
            return queryset.published(at=timezone.now())
        if value in (Article.Status.DRAFT, Article.Status.REVIEW):
            return queryset.filter(status=value)
        return queryset


class MineFilter(admin.SimpleListFilter):
    """The stories one created or is credited on (the desk's "Draf saya" lists the newest of them)."""

    title = _("tulisan")
    parameter_name = "milik"
    MINE = "saya"

    def lookups(self, request, model_admin):
        # A Kontributor's list holds only their own work already: nothing to choose.
        return [(self.MINE, _("Tulisan saya"))] if workflow.can_publish(request.user) else []

    def queryset(self, request, queryset):
        if self.value() == self.MINE:
            return queryset.filter(workflow.owned_by(request.user))
        return queryset
