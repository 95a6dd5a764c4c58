"""How the admin shows a photo and a yes/no value, in lists and read-only fields alike."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def thumbnail(photo, size=80):
    """A small preview of a photo for admin lists and inlines."""
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;object-fit:cover" loading="lazy">',
        photo.image.url,
        photo.alt_text,
        size,
        size,
    )


def boolean_icon(value):
    """The admin's yes/no icon for a boolean, with its alt text in the admin's language ("Ya").

    For yes/no columns instead of ``boolean=True`` or a bare BooleanField, whose icon Django
    labels with the Python value ("True"), which no catalogue can translate.
    """
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    alt = {True: _("Ya"), False: _("Tidak"), None: _("Tidak diketahui")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), alt)


class ReadOnlyIconsMixin:
    """Boolean fields shown read only as icons labelled in the admin's language (``boolean_icon()``).

    ``read_only_icons`` maps such a field to the admin method that shows its icon; ``as_icons()``
    swaps them in a list of field names (read-only fields, fieldsets, list columns).
    """

    read_only_icons: dict[str, str] = {}

    def as_icons(self, names):
        return [self.read_only_icons.get(name, name) for name in names]
