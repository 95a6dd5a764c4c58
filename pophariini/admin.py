"""Admin for photos, redirects and static pages."""

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from pophariini import (
    axes_admin,  # noqa: F401  (replaces django-axes' attempt and failure lists)
    chooser,
)
from pophariini.admin_access import PhotoAccessMixin
from pophariini.admin_display import boolean_icon, thumbnail
from pophariini.models import Page, Photo, Redirect
from pophariini.security import StaffLoginForm


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Imports may lack both; an editor's photo may not. (A read-only form has neither field.)
        for name in ("image", "alt_text"):
            if name in self.fields:
                self.fields[name].required = True


@admin.register(Photo)
class PhotoAdmin(PhotoAccessMixin, admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ["preview", "alt_text", "caption", "credit", "dimensions", "created_at"]
    list_display_links = ["preview", "alt_text"]
    search_fields = ["alt_text", "caption", "credit", "original_name", "source_path"]
    list_filter = ["created_at"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview_large", "dimensions", "original_name", "source_path"]
    fieldsets = [
        (None, {"fields": ["image", "preview_large", "alt_text", "caption", "credit"]}),
        (
            _("Lanjutan"),
            {"classes": ["collapse"], "fields": ["dimensions", "original_name", "source_path"]},
        ),
    ]

    def get_urls(self):
        # The chooser's JSON endpoints (pophariini/chooser.py): login, staff and CSRF from admin_view.
        urls = [
            path(
                "chooser/",
                self.admin_site.admin_view(lambda request: chooser.list_view(self, request)),
                name="pophariini_photo_chooser",
            ),
            path(
                "chooser/upload/",
                self.admin_site.admin_view(lambda request: chooser.upload_view(self, request)),
                name="pophariini_photo_chooser_upload",
            ),
        ]
        return urls + super().get_urls()

    @admin.display(description=_("pratinjau"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("pratinjau"))
    def preview_large(self, obj):
        return thumbnail(obj, size=320)

    @admin.display(description=_("ukuran"))
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "url", "body"]

    @admin.display(description=_("terbit"), ordering="is_published")
    def published(self, page):
        return boolean_icon(page.is_published)


admin.site.site_header = _("Redaksi Pophariini")
admin.site.site_title = _("Redaksi Pophariini")
admin.site.index_title = _("Meja redaksi")
# Says why the demo password is refused outside DEBUG (pophariini.security).
admin.site.login_form = StaffLoginForm
