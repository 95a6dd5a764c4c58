"""The article admin: the editors' daily tool, with rights, history and publishing actions."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import revisions, workflow
from articles.admin.filters import MineFilter, StatusFilter
from articles.admin.forms import ArticleAdminForm, ScheduleForm, preload_autocomplete_choices
from articles.admin.history import EditorRevisionsMixin
from articles.admin.inlines import (
    ArticleAuthorInline,
    CorrectionInline,
    FigureInline,
    RankedSectionInline,
    RelatedArticleInline,
)
from articles.admin.music_tools import MusicToolsMixin
from articles.admin.publishing import ACTION_LABELS, PublishingAdminMixin
from articles.models import Article
from pophariini.admin_display import ReadOnlyIconsMixin, boolean_icon, thumbnail
from pophariini.chooser import PhotoChooserMixin


@admin.register(Article)
class ArticleAdmin(
    PublishingAdminMixin,
    PhotoChooserMixin,
    MusicToolsMixin,
    EditorRevisionsMixin,
    ReadOnlyIconsMixin,
    VersionAdmin,
):
    """Articles for the newsroom: Kontributor see and change only their own unpublished work.

    Rights come from ``articles.workflow``; every status change is a named action of the
    form ("Terbitkan sekarang", ``articles.admin.publishing``) or a list action, each
    calling its services. History, revert and recovery of deleted
    articles come from django-reversion (editors only), with a compare view.
    """

    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "preview",
        "title",
        "publication",
        "category",
        "primary_author_name",
    ]
    list_display_links = ["preview", "title"]
    list_filter = [
        StatusFilter,
        MineFilter,
        "category",
        "featured",
        ("publish_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["category", "hero"]
    search_fields = ["title", "dek", "slug"]
    date_hierarchy = "publish_at"
    # Undated drafts first, newest publish time next, on PostgreSQL and SQLite alike (each
    # database puts NULL at a different end of a descending order by itself).
    ordering = [F("publish_at").desc(nulls_first=True), "-pk"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "artists", "songs", "releases", "films"]
    inlines = [ArticleAuthorInline, FigureInline, RelatedArticleInline, RankedSectionInline, CorrectionInline]
    readonly_fields = ["first_published_at", "revised_at", "created_at", "updated_at"]
    # What a Kontributor may not decide: when and whether it is public, and the home page.
    publisher_only_fields = ["publish_at", "featured", "is_sponsored", "sponsor_name"]
    # Shown to them read only as icons labelled in the admin's language (see boolean_icon()).
    read_only_icons = {"featured": "featured_icon", "is_sponsored": "sponsored_icon"}
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "hero", "body"]}),
        (_("Rubrik dan tag"), {"fields": ["category", "tags", "featured"]}),
        (_("Musik dalam artikel"), {"fields": ["artists", "songs", "releases", "films"]}),
        (_("Konten bersponsor"), {"fields": ["is_sponsored", "sponsor_name"]}),
        (
            _("Lanjutan"),
            {
                "classes": ["collapse"],
                "fields": [
                    "seo_title",
                    "seo_description",
                    "first_published_at",
                    "revised_at",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    actions = [
        "submit_for_review_action",
        "publish_now_action",
        "schedule_action",
        "unpublish_action",
        "back_to_draft_action",
    ]
    object_history_template = "admin/articles/article/object_history.html"

    # Rights.

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_authors()
        if workflow.can_publish(request.user):
            return queryset
        match = request.resolver_match
        if match and match.url_name == "autocomplete":
            # Picking related articles: own work plus anything readers can see.
            return queryset.filter(workflow.owned_by(request.user) | Q(pk__in=Article.objects.published()))
        return workflow.visible_to(request.user, queryset)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self._exists(object_id):
            # Someone else's article: forbidden, not "deleted".
            raise PermissionDenied
        return obj

    def _exists(self, object_id):
        try:
            return Article.objects.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            return False

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or obj is None or workflow.can_publish(request.user):
            return allowed
        return workflow.is_owner(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_delete(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_publish(request.user):
            fields += self.as_icons(self.publisher_only_fields)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not workflow.can_publish(request.user):
            fieldsets = [
                (name, {**options, "fields": self.as_icons(options["fields"])}) for name, options in fieldsets
            ]
        if obj is not None and self.has_change_permission(request, obj):
            first, options = fieldsets[0]
            fieldsets = [
                (first, {**options, "fields": [*options["fields"], "loaded_version"]}),
                *fieldsets[1:],
            ]
        return fieldsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_publish(request.user):
            # Bulk delete would reach a Kontributor's own published articles.
            actions.pop("delete_selected", None)
        return actions

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/<int:version_id>/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return [compare, *self.publishing_urls(), *super().get_urls()]

    def compare_view(self, request, object_id, version_id):
        """A saved version beside the current article, field by field."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "version": version,
            "rows": revisions.compare(version, obj),
            "can_revert": workflow.can_publish(request.user),
            "title": _("Bandingkan versi %(when)s dengan sekarang")
            % {"when": date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")},
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    # List columns.

    @admin.display(description=_("foto"))
    def preview(self, obj):
        return thumbnail(obj.hero, size=60)

    @admin.display(description=_("unggulan"))
    def featured_icon(self, obj):
        return boolean_icon(obj.featured)

    @admin.display(description=_("konten bersponsor"))
    def sponsored_icon(self, obj):
        return boolean_icon(obj.is_sponsored)

    @admin.display(description=_("tanggal"), ordering="publish_at")
    def publication(self, obj):
        """The state over the publish time, and whether the story is featured, in one column (as
        WordPress's post list does), so the list fits a laptop beside the menu and the filters."""
        state = _("Terjadwal") if obj.is_scheduled else obj.get_status_display()
        featured = (
            format_html(' · <strong class="featured-mark">{}</strong>', _("Unggulan")) if obj.featured else ""
        )
        when = date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT") if obj.publish_at else "—"
        return format_html('{}{}<br><span class="publish-time">{}</span>', state, featured, when)

    @admin.display(description=_("penulis utama"))
    def primary_author_name(self, obj):
        author = obj.primary_author
        return author.name if author else "—"

    def view_on_site(self, obj):
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("articles:article_preview", kwargs={"pk": obj.pk})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ArticleAuthorInline) and obj.pk is None and request.method != "POST":
            # A new piece is bylined to its writer; another author can still be chosen or added.
            own = workflow.author_profile(request.user)
            if own is not None:
                kwargs["initial"] = [{"author": own.pk}]
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        preload_autocomplete_choices(f.formset for f in context.get("inline_admin_formsets", []))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Saving.

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # Status and publish time change only through the named actions (``save_related``).
        super().save_model(request, obj, form, change)

    # Actions: each calls a workflow service per article and reports what it refused.

    @admin.action(description=ACTION_LABELS[workflow.SUBMIT], permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        self._run(
            request, queryset, workflow.submit_for_review, _("%(count)d artikel dikirim untuk ditinjau.")
        )

    @admin.action(description=ACTION_LABELS[workflow.PUBLISH], permissions=["publish"])
    def publish_now_action(self, request, queryset):
        self._run(request, queryset, workflow.publish_now, _("%(count)d artikel diterbitkan."))

    @admin.action(description=ACTION_LABELS[workflow.SCHEDULE], permissions=["publish"])
    def schedule_action(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._run(
                request,
                queryset,
                workflow.schedule,
                _("%(count)d artikel dijadwalkan."),
                publish_at=form.cleaned_data["publish_at"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Jadwalkan terbit"),
            "form": form,
            "articles": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    @admin.action(description=ACTION_LABELS[workflow.UNPUBLISH], permissions=["publish"])
    def unpublish_action(self, request, queryset):
        self._run(request, queryset, workflow.unpublish, _("%(count)d artikel ditarik dari situs."))

    @admin.action(description=ACTION_LABELS[workflow.BACK_TO_DRAFT], permissions=["publish"])
    def back_to_draft_action(self, request, queryset):
        self._run(request, queryset, workflow.back_to_draft, _("%(count)d artikel dikembalikan ke draf."))

    def _run(self, request, queryset, service, done_message, **kwargs):
        done = 0
        for article in queryset:
            try:
                changed = service(article=article, user=request.user, **kwargs)
            except workflow.WorkflowError as error:
                self.message_user(request, f"{article}: {error}", messages.WARNING)
            except PermissionDenied:
                message = _("Anda tidak berhak mengubah artikel ini.")
                self.message_user(request, f"{article}: {message}", messages.ERROR)
            else:
                done += 1
                # Also in the admin's "recent actions", next to ordinary saves.
                self.log_change(request, changed, workflow.last_comment(changed))
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
