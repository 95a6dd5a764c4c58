"""Admin for authors, rubrics and articles: the editors' daily tool."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, Author, Category, Figure, RelatedArticle
from pophariini.admin import thumbnail


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


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    formset = RequiredInlineFormSet
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name_plural = _("penulis (yang pertama adalah penulis utama)")


class FigureInline(admin.StackedInline):
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


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "from_article"
    extra = 0
    autocomplete_fields = ["to_article"]
    fields = ["to_article", "position"]
    verbose_name_plural = _("artikel terkait pilihan redaksi (tampil paling depan)")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
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
    inlines = [ArticleAuthorInline, FigureInline, RelatedArticleInline]
    readonly_fields = ["first_published_at", "revised_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "hero", "body"]}),
        (_("Rubrik dan tag"), {"fields": ["category", "tags", "featured"]}),
        (_("Musik dalam artikel"), {"fields": ["artists", "songs", "releases", "films"]}),
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

    def get_queryset(self, request):
        return super().get_queryset(request).with_authors()

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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
