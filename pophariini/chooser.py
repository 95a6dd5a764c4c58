"""The photo chooser: a thumbnail grid with search and upload, for photo fields and the body editor.

Two JSON endpoints under the photo admin (``PhotoAdmin.get_urls``) serve the dialog in
``pophariini/static/pophariini/photo-chooser.js``: a searchable, paginated list of photos and
an upload that goes through the photo admin's own form, so formats, limits and EXIF removal
are exactly those of any other upload. ``PhotoChooserWidget`` is the form widget of every
foreign key to a photo (``PhotoChooserMixin`` puts it on a model admin).
"""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from js_asset import ImportMap, Media, Script

from pophariini import renditions
from pophariini.models import Photo

PAGE_SIZE = 24
THUMB_WIDTH = 320

# The dialog is a module of its own, imported by the widget's module and by the body editor's.
chooser_importmap = ImportMap({"pophariini/photo-chooser": "pophariini/photo-chooser.js"})
chooser_css = {"all": ["pophariini/photo-chooser.css"]}


def photo_data(photo) -> dict:
    """What the dialog, the widget and the editor show of a photo."""
    # The small WebP rendition when there is one (an import may lack it), else the original.
    thumb = renditions.pick(photo, THUMB_WIDTH) or photo.image or None
    return {
        "id": photo.pk,
        "thumb": thumb.url if thumb else "",
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "width": photo.width,
        "height": photo.height,
        "name": photo.original_name or photo.source_path.rsplit("/", 1)[-1],
    }


def chooser_urls() -> dict:
    return {
        "list": reverse("admin:pophariini_photo_chooser"),
        "upload": reverse("admin:pophariini_photo_chooser_upload"),
    }


def _refused(message, status):
    return JsonResponse({"message": message, "errors": {}}, status=status)


def list_view(model_admin, request):
    """GET ``?q=&page=``: photos newest first, searched in caption, alt text, credit and file name."""
    if request.method != "GET":
        return _refused(_("Metode tidak diizinkan."), 405)
    if not model_admin.has_view_permission(request):
        return _refused(_("Anda tidak berhak melihat pustaka foto."), 403)
    # PostgreSQL refuses NUL in text; no caption holds one anyway.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    photos = Photo.objects.order_by("-created_at", "-pk")
    for word in query.split():
        photos = photos.filter(
            Q(alt_text__icontains=word)
            | Q(caption__icontains=word)
            | Q(credit__icontains=word)
            | Q(original_name__icontains=word)
            | Q(source_path__icontains=word)
        )
    paginator = Paginator(photos, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "results": [photo_data(photo) for photo in page],
            "page": page.number,
            "pages": paginator.num_pages,
            "count": paginator.count,
        }
    )


def upload_view(model_admin, request):
    """POST (multipart) image, alt_text, caption, credit: the photo admin's form, answered in JSON."""
    if request.method != "POST":
        return _refused(_("Metode tidak diizinkan."), 405)
    if not model_admin.has_add_permission(request):
        return _refused(_("Anda tidak berhak mengunggah foto."), 403)
    form = model_admin.get_form(request)(request.POST, request.FILES)
    if not form.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
        return JsonResponse({"message": _("Foto tidak diunggah."), "errors": errors}, status=400)
    photo = form.save()
    model_admin.log_addition(request, photo, [{"added": {}}])
    return JsonResponse({"photo": photo_data(photo)}, status=201)


class PhotoChooserWidget(forms.Widget):
    """A photo field as its thumbnail, caption and credit, with buttons to choose, upload or clear."""

    template_name = "admin/pophariini/widgets/photo_chooser.html"

    @property
    def media(self):
        return Media(
            importmap=chooser_importmap,
            css=chooser_css,
            js=[Script("pophariini/photo-widget.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value not in (None, ""):
            try:
                photo = Photo.objects.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                photo = None
        context["photo"] = photo_data(photo) if photo else None
        context["photo_change_url"] = (
            reverse("admin:pophariini_photo_change", args=[photo.pk]) if photo else ""
        )
        context["urls"] = chooser_urls()
        return context


class PhotoChooserMixin:
    """Model admin mixin: every foreign key to a photo gets the thumbnail chooser, not a dropdown."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ForeignKey) and db_field.remote_field.model is Photo:
            # No "+"/edit links around it: the chooser uploads, and links to the photo itself.
            kwargs["widget"] = PhotoChooserWidget
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
