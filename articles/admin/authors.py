"""Authors and rubrics: the lists every article is filed under."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Author, Category
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
