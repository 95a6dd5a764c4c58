"""WebP renditions of photos: a few fixed widths, made once with Pillow and stored beside the original.

A rendition's name is derived from the original's name and the width, so templates can
build ``srcset`` without a query or a storage round-trip. They are generated when a
photo is saved (see ``PophariiniConfig.ready``) and by ``rebuild_renditions``; a reader's
request never processes an image.
"""

import functools
import io
import logging
import posixpath
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# Phone, small tablet, desktop column and the 1200-wide image social cards ask for.
WIDTHS = (320, 640, 960, 1200)
SOCIAL_WIDTH = 1200
WEBP_QUALITY = 80


def rendition_widths(width: int | None) -> list[int]:
    """The widths made for an original ``width`` pixels wide: never upscaled, never empty."""
    if not width:
        return []
    widths = [w for w in WIDTHS if w < width]
    if len(widths) < len(WIDTHS):
        widths.append(width)
    return widths


def rendition_name(image_name: str, width: int) -> str:
    stem = posixpath.splitext(image_name)[0]
    return f"renditions/{stem}-{width}w.webp"


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def renditions(photo) -> tuple[Rendition, ...]:
    """The photo's renditions, smallest first (computed from its fields, no I/O)."""
    if not photo or not photo.image or not photo.width or not photo.height:
        return ()
    return _renditions(photo.image.name, photo.width, photo.height)


@functools.lru_cache(maxsize=4096)
def _renditions(name: str, width: int, height: int) -> tuple[Rendition, ...]:
    # Memoised: a page shows a dozen photos, each asking storage for four URLs. A file
    # name is never reused for other content (uploads get unguessable new names), and
    # media URLs are stable (S3 is configured without query-string signatures).
    return tuple(
        Rendition(
            url=default_storage.url(rendition_name(name, rendition_width)),
            width=rendition_width,
            height=round(height * rendition_width / width),
        )
        for rendition_width in rendition_widths(width)
    )


@receiver(setting_changed)
def _storage_changed(setting, **kwargs):
    if setting in ("MEDIA_URL", "STORAGES"):
        _renditions.cache_clear()


def pick(photo, width: int) -> Rendition | None:
    """The smallest rendition at least ``width`` wide, or the largest there is."""
    available = renditions(photo)
    for rendition in available:
        if rendition.width >= width:
            return rendition
    return available[-1] if available else None


def generate_renditions(photo, *, missing_only: bool = False) -> int:
    """Write the photo's WebP renditions to storage; return how many were written.

    Raises ``OSError`` (or Pillow's errors) when the original cannot be read.
    """
    if not photo.image or not photo.width:
        return 0
    widths = rendition_widths(photo.width)
    names = {width: rendition_name(photo.image.name, width) for width in widths}
    if missing_only:
        widths = [w for w in widths if not default_storage.exists(names[w])]
    if not widths:
        return 0
    with photo.image.open("rb") as handle, Image.open(handle) as original:
        source = ImageOps.exif_transpose(original)
        if source.mode not in ("RGB", "RGBA"):
            source = source.convert("RGBA" if "transparency" in source.info else "RGB")
        for width in widths:
            height = max(1, round(source.height * width / source.width))
            resized = source if width == source.width else source.resize((width, height), Image.LANCZOS)
            buffer = io.BytesIO()
            resized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
            if default_storage.exists(names[width]):
                default_storage.delete(names[width])
            default_storage.save(names[width], ContentFile(buffer.getvalue()))
    return len(widths)


def make_renditions_on_save(sender, instance, **kwargs):
    """post_save receiver: make what is missing; a broken file is logged, never fatal to the save."""
    if kwargs.get("raw"):
        return
    try:
        generate_renditions(instance, missing_only=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("Could not make renditions for photo %s", instance.pk, exc_info=True)
