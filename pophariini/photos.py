"""Photo upload validation and normalisation: real JPEG/PNG/WebP only, no metadata kept."""

import io
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def photo_upload_to(instance, filename):
    """An unguessable name under the month of upload; the extension follows the format."""
    ext = os.path.splitext(filename)[1].lower().lstrip(".") or "jpg"
    if ext not in {"jpg", "jpeg", "png", "webp"}:
        ext = "jpg"
    return f"photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


def validate_image_file(file):
    """Refuse anything that is not a real JPEG, PNG or WebP within the size limits."""
    if getattr(file, "_committed", False):
        return  # Already stored, so already validated: an unchanged form does not re-read it.
    size = getattr(file, "size", None)
    if size is not None and size > settings.PHOTO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (maksimum %(mb)d MB).")
            % {"mb": settings.PHOTO_MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Format gambar tidak didukung. Unggah JPEG, PNG, atau WebP."),
                    code="bad_format",
                )
            width, height = image.size
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _("Gambar terlalu besar: %(w)d×%(h)d piksel (maksimum %(mp)d megapiksel).")
                    % {"w": width, "h": height, "mp": settings.PHOTO_MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            image.verify()
        # verify() checks little of a JPEG: decoding it whole is what finds a truncated or
        # corrupt file, here as a form error rather than in save() as a server error.
        file.seek(0)
        with Image.open(file) as image:
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("Gambar ditolak: dimensinya terlalu besar untuk diproses dengan aman."),
            code="decompression_bomb",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("Berkas ini bukan gambar yang valid atau rusak."), code="not_an_image"
        ) from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(position)


def normalise_image(file, name):
    """Return a ContentFile of the upload with orientation applied and all metadata dropped.

    EXIF (camera, GPS), XMP, comments and text chunks never reach the stored original (the
    pixels are written afresh, with nothing from the upload's ``info`` but its ICC colour
    profile, so colours stay right). The stored name ends in the real format's extension,
    whatever the upload was called: a PNG named ``.jpg`` is stored and served as a PNG.
    """
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
        icc_profile = image.info.get("icc_profile")
        image = ImageOps.exif_transpose(image)
        # Pillow writes some of ``info`` back on save (a JPEG's comment, a WebP's XMP).
        image.info = {}
        out = io.BytesIO()
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if image_format == "JPEG":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(out, "JPEG", quality=90, optimize=True, **options)
        elif image_format == "PNG":
            image.save(out, "PNG", optimize=True, **options)
        else:
            image.save(out, "WEBP", quality=90, **options)
    stem = os.path.splitext(name)[0]
    return ContentFile(out.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[image_format]}")


def still_from_gif(file):
    """A PNG of a GIF's first frame, or None when ``file`` is not a GIF.

    Photos are JPEG, PNG or WebP; an imported archive still has GIFs (old banners, small
    animations), and a still keeps their place in the article. The PNG goes through the
    same validation as any upload when the photo is saved.
    """
    position = file.tell()
    try:
        with Image.open(file) as image:
            if image.format != "GIF" or image.width * image.height > settings.PHOTO_MAX_PIXELS:
                return None  # Too large to decode: the usual validation refuses the GIF.
            image.seek(0)
            out = io.BytesIO()
            image.convert("RGBA" if image.info.get("transparency") is not None else "RGB").save(out, "PNG")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None  # Not a readable GIF: the usual validation reports it.
    finally:
        file.seek(position)
    stem = os.path.splitext(os.path.basename(getattr(file, "name", "") or "gambar"))[0]
    return ContentFile(out.getvalue(), name=f"{stem}.png")
