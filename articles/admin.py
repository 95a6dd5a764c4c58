"""Admin for authors, rubrics and articles: the editors' daily tool."""

import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from articles import revisions, workflow
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    Correction,
    Figure,
    RankedEntry,
    RankedSection,
    RelatedArticle,
    TaggedArticle,
)
from pophariini.admin import thumbnail

User = get_user_model()


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["preview", "name", "tagline", "user"]
    list_display_links = ["preview", "name"]
    search_fields = ["name", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    fields = ["name", "slug", "tagline", "bio", "photo", "user"]

    @admin.display(description=_("foto"))
    def preview(self, obj):
        return thumbnail(obj.photo, size=48)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo", "user")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_on_home"]
    list_editable = ["position", "show_on_home"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class RequiredInlineFormSet(BaseInlineFormSet):
    """At least one row that is not marked for deletion."""

    def clean(self):
        super().clean()
        alive = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not alive:
            raise ValidationError(_("Artikel harus punya paling tidak satu penulis."))


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


class CorrectionFormSet(BaseInlineFormSet):
    """Records who wrote each new correction (the inline sets ``user`` per request)."""

    user = None

    def save_new(self, form, commit=True):
        form.instance.created_by = self.user
        return super().save_new(form, commit)


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
    extra = 0
    fields = ["title", "anchor", "position", "entry_count"]
    readonly_fields = ["entry_count"]
    show_change_link = True
    verbose_name_plural = _("daftar peringkat (simpan, lalu klik “Ubah” untuk mengisi entrinya)")

    @admin.display(description=_("entri"))
    def entry_count(self, obj):
        return obj.entries.count() if obj.pk else 0


class ArticleAdminForm(forms.ModelForm):
    """The article form, refusing a save made from a page someone else has saved since it was opened."""

    # The ``updated_at`` the editor's page was loaded with (ISO 8601); compared on save.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "loaded_version" in self.fields:
            self.refuse_stale_save(cleaned_data.get("loaded_version", ""))
        return cleaned_data

    def refuse_stale_save(self, loaded_version):
        # Lock the row until the admin's transaction ends, so two saves cannot both pass.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("updated_at", "updated_by")
            .first()
        )
        if current is None:
            raise ValidationError(_("Artikel ini sudah dihapus orang lain."), code="deleted")
        try:
            loaded = datetime.datetime.fromisoformat(loaded_version)
        except ValueError:
            loaded = None
        if loaded == current["updated_at"]:
            return
        editor = User.objects.filter(pk=current["updated_by"]).first()
        who = (editor.get_full_name() or editor.get_username()) if editor else _("pengguna lain")
        when = date_format(timezone.localtime(current["updated_at"]), "DATETIME_FORMAT")
        latest = reverse("admin:articles_article_change", args=[self.instance.pk])
        raise ValidationError(
            format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                _(
                    "Tidak disimpan: %(who)s mengubah artikel ini pada %(when)s, setelah Anda membukanya. "
                    "Teks Anda masih ada di formulir di bawah; salin bagian yang Anda ubah, buka versi "
                    "terbaru, lalu terapkan lagi di sana."
                )
                % {"who": who, "when": when},
                latest,
                _("Buka versi terbaru di tab baru"),
            ),
            code="stale",
        )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Waktu terbit (WIB)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise ValidationError(_("Waktu terbit terjadwal harus di masa depan."))
        return value


# A revision of an article holds what an editor sees on its page: authors, figures,
# hand-picked related links and tags. Reverting restores them all. Corrections are
# versioned too (a correction saved with the article lands in the same revision), but
# the article does not "follow" them: reverting to an older text must never delete a
# correction published since, which is part of the public record.
for child in (ArticleAuthor, Figure, RelatedArticle, TaggedArticle, Correction, RankedEntry):
    if not reversion.is_registered(child):
        reversion.register(child)
if not reversion.is_registered(RankedSection):
    reversion.register(RankedSection, follow=["entries"])
if not reversion.is_registered(Article):
    reversion.register(
        Article,
        follow=[
            "article_authors",
            "figures",
            "related_links",
            "taggedarticle_set",
            "ranked_sections",
        ],
    )


@receiver(pre_delete, sender=Correction, dispatch_uid="correction_kept_in_history")
def keep_deleted_correction_in_history(sender, instance, **kwargs):
    """A correction leaves the page only with its last text stored in the revision history.

    Written as its own revision right away: a version added to the surrounding admin
    revision would be dropped by django-reversion, which saves only rows that still exist.
    """
    revision = Revision.objects.create(
        date_created=timezone.now(),
        comment=gettext("Ralat dihapus: %(text)s") % {"text": instance.text[:200]},
    )
    Version.objects.create(
        revision=revision,
        object_id=str(instance.pk),
        content_type=ContentType.objects.get_for_model(Correction),
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", [instance]),
        object_repr=str(instance)[:191],
    )


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """Articles for the newsroom: Kontributor see and change only their own unpublished work.

    Rights come from ``articles.workflow``; status changes beyond draft/review are
    admin actions calling its services. History, revert and recovery of deleted
    articles come from django-reversion (editors only), with a compare view.
    """

    form = ArticleAdminForm
    list_display = [
        "preview",
        "title",
        "status_label",
        "publish_at",
        "category",
        "primary_author_name",
        "featured",
    ]
    list_display_links = ["preview", "title"]
    list_filter = ["status", "category", "featured", ("publish_at", admin.DateFieldListFilter)]
    list_select_related = ["category", "hero"]
    search_fields = ["title", "dek", "slug"]
    date_hierarchy = "publish_at"
    ordering = ["-publish_at", "-pk"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "hero", "artists", "songs", "releases", "films"]
    inlines = [ArticleAuthorInline, FigureInline, RelatedArticleInline, RankedSectionInline, CorrectionInline]
    readonly_fields = ["first_published_at", "revised_at", "created_at", "updated_at"]
    # What a Kontributor may not decide: when and whether it is public, and the home page.
    publisher_only_fields = ["publish_at", "featured", "is_sponsored", "sponsor_name"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "hero", "body"]}),
        (_("Rubrik dan tag"), {"fields": ["category", "tags", "featured"]}),
        (_("Musik dalam artikel"), {"fields": ["artists", "songs", "releases", "films"]}),
        (_("Konten bersponsor"), {"fields": ["is_sponsored", "sponsor_name"]}),
        (_("Penerbitan"), {"fields": ["status", "publish_at"]}),
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
            fields += self.publisher_only_fields
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            first, options = fieldsets[0]
            fieldsets = [
                (first, {**options, "fields": [*options["fields"], "loaded_version"]}),
                *fieldsets[1:],
            ]
        return fieldsets

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not workflow.can_publish(request.user):
            kwargs["choices"] = [
                (value, label) for value, label in db_field.choices if value in workflow.CONTRIBUTOR_EDITABLE
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_publish(request.user):
            # Bulk delete would reach a Kontributor's own published articles.
            actions.pop("delete_selected", None)
        return actions

    # Reversion: history is open to whoever may view the article; revert and recover to editors.

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "can_revert": workflow.can_publish(request.user)}
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._require_publisher(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._require_publisher(request)
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self._require_publisher(request)
        return super().recoverlist_view(request, extra_context)

    def _require_publisher(self, request):
        if not workflow.can_publish(request.user):
            raise PermissionDenied

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/<int:version_id>/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return [compare, *super().get_urls()]

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

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            when = date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
            return format_html('<span title="{}">{}</span>', when, _("Terjadwal"))
        return obj.get_status_display()

    @admin.display(description=_("penulis utama"))
    def primary_author_name(self, obj):
        author = obj.primary_author
        return author.name if author else "—"

    def view_on_site(self, obj):
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("articles:article_preview", kwargs={"pk": obj.pk})

    # Saving.

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        publishing = {"status", "publish_at"} & set(form.changed_data)
        if obj.status == Article.Status.PUBLISHED and (publishing or not change):
            obj.published_by = request.user
        super().save_model(request, obj, form, change)

    # Actions: each calls a workflow service per article and reports what it refused.

    @admin.action(description=_("Ajukan untuk ditinjau"), permissions=["change"])
    def submit_for_review_action(self, request, queryset):
        self._run(
            request, queryset, workflow.submit_for_review, _("%(count)d artikel diajukan untuk ditinjau.")
        )

    @admin.action(description=_("Terbitkan sekarang"), permissions=["publish"])
    def publish_now_action(self, request, queryset):
        self._run(request, queryset, workflow.publish_now, _("%(count)d artikel diterbitkan."))

    @admin.action(description=_("Jadwalkan terbit…"), permissions=["publish"])
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

    @admin.action(description=_("Tarik dari publikasi (kembali ke draf)"), permissions=["publish"])
    def unpublish_action(self, request, queryset):
        self._run(request, queryset, workflow.unpublish, _("%(count)d artikel ditarik dari publikasi."))

    @admin.action(description=_("Kembalikan ke draf"), permissions=["publish"])
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


class RankedEntryInline(admin.TabularInline):
    model = RankedEntry
    extra = 3
    autocomplete_fields = ["release", "song", "artist", "photo"]
    fields = ["position", "rank", "release", "song", "artist", "text", "photo"]
    readonly_fields = ["rank"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}
    verbose_name_plural = _("entri (isi satu: rilisan, lagu, atau artis; peringkat mengikuti urutan)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("release", "song", "artist", "photo")


@admin.register(RankedSection)
class RankedSectionAdmin(VersionAdmin):
    """A ranked list's entries, ordered by ``position``; saving renumbers the ranks 1…N.

    Rights follow the article the list belongs to (``articles.workflow``).
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
