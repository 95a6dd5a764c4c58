"""Admin for what editors manage around the content: site settings and the header and footer menus.

Registered from ``PophariiniConfig.ready()``; kept apart from ``pophariini.admin`` (photos,
redirects, static pages).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pophariini.models import MenuItem, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "tagline", "logo", "share_image"]}),
        (_("Kontak redaksi"), {"fields": ["contact_email", "contact_address"]}),
        (
            _("Akun media sosial"),
            {
                "fields": [
                    "instagram_url",
                    "x_url",
                    "facebook_url",
                    "youtube_url",
                    "tiktok_url",
                    "spotify_url",
                ]
            },
        ),
    ]
    autocomplete_fields = ["logo", "share_image"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ["text", "menu", "position", "target"]
    list_display_links = ["text"]
    list_editable = ["position"]
    list_filter = ["menu"]
    list_select_related = ["category", "page"]
    fieldsets = [
        (None, {"fields": ["menu", "position", "label"]}),
        (
            _("Tujuan"),
            {
                "fields": ["category", "page", "url"],
                "description": _("Pilih satu: rubrik, halaman statis, atau tautan luar."),
            },
        ),
    ]

    @admin.display(description=_("teks tautan"))
    def text(self, item):
        return item.text

    @admin.display(description=_("tujuan"))
    def target(self, item):
        return item.href
