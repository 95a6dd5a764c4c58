"""Photos from a WordPress export: attachments and the images posts show, with their files copied over."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from articles.wordpress.content import FigureSpec, split_credit
from articles.wordpress.summary import ImportSummary
from articles.wordpress.wxr import WxrItem
from pophariini.models import Photo
from pophariini.photos import still_from_gif
from pophariini.sanitize import clean_text

_IMAGE_FILE_RE = re.compile(r"\.(?:jpe?g|png|webp|gif)$", re.IGNORECASE)
_SIZE_SUFFIX_RE = re.compile(r"-\d+x\d+(?=\.\w+$)")


class PhotoImporter:
    """One Photo per WordPress attachment or image path, its file copied from ``media_dir``.

    Works inside the import's transaction and reports into its summary; a file that cannot
    be found or read is listed as missing, never fatal.
    """

    def __init__(self, *, media_dir: Path | None, dry_run: bool, summary: ImportSummary):
        self.media_dir = media_dir.resolve() if media_dir else None
        self.dry_run = dry_run
        self.summary = summary
        self._known_attachments = set(
            Photo.objects.filter(wp_attachment_id__isnull=False).values_list("wp_attachment_id", flat=True)
        )
        self._photos: dict[int, int] = {}  # attachment id -> Photo pk, for the photos seen in this run
        self._children: dict[int, list[int]] = {}  # post id -> ids of the images attached to it
        self._stubs: set[int] = set()  # attachment ids whose Photo a post created before their item came
        self._missing: dict[int, str] = {}  # Photo pk -> file it lacks
        self._written_files: list[str] = []

    def add_attachment(self, item: WxrItem) -> bool:
        """Create or update the Photo for an attachment item; an attachment that is no image is skipped (False)."""
        source = item.meta.get("_wp_attached_file", "").strip() or _upload_path(item.attachment_url)
        if not _IMAGE_FILE_RE.search(source):
            self.summary.skipped["lampiran bukan gambar"] += 1
            return False
        caption, credit = split_credit(item.excerpt)
        alt = clean_text(item.meta.get("_wp_attachment_image_alt", ""))
        known = item.post_id in self._photos or item.post_id in self._known_attachments
        photo = Photo.objects.filter(wp_attachment_id=item.post_id).first() if known else None
        created = photo is None
        if created:
            photo = Photo(wp_attachment_id=item.post_id)
        photo.alt_text = alt[:300] or photo.alt_text
        photo.caption = caption[:500]
        photo.credit = credit[:200]
        photo.source_path = source[:500]
        photo.wp_parent_id = item.parent if item.parent and item.parent != item.post_id else None
        photo.save()
        if item.post_id not in self._stubs:  # a stub made for an earlier post was counted then
            self._count(created)
        self._photos[item.post_id] = photo.pk
        if item.parent:
            self._children.setdefault(item.parent, []).append(item.post_id)
        self._attach_file(photo, [source])
        return True

    def for_attachment(self, attachment_id: int, *, spec: FigureSpec | None = None) -> int:
        """The Photo for a WordPress attachment, created as a stub if its item comes later in the file."""
        if attachment_id in self._photos:
            return self._photos[attachment_id]
        known = attachment_id in self._known_attachments
        photo = Photo.objects.filter(wp_attachment_id=attachment_id).first() if known else None
        if photo is None:
            source = _upload_path(spec.src) if spec and spec.src else ""
            photo = Photo(
                wp_attachment_id=attachment_id,
                alt_text=(spec.alt if spec else "")[:300],
                source_path=source[:500],
            )
            photo.save()
            self._count(True)
            self._stubs.add(attachment_id)
            if source:
                self._attach_file(photo, _upload_candidates(source))
        self._photos[attachment_id] = photo.pk
        return photo.pk

    def for_figure(self, spec: FigureSpec) -> int:
        """The Photo for an image in a post: its attachment's, or else the one with its upload path."""
        if spec.attachment_id:
            return self.for_attachment(spec.attachment_id, spec=spec)
        source = _upload_path(spec.src)[:500]
        photo = Photo.objects.filter(wp_attachment_id__isnull=True, source_path=source).first()
        if photo is None:
            photo = Photo(alt_text=spec.alt[:300], source_path=source)
            photo.save()
            self._count(True)
            self._attach_file(photo, _upload_candidates(source))
        return photo.pk

    def attached_to(self, post_id: int) -> list[int]:
        """The Photo pks of the images attached to a post, in the file's order."""
        return [self._photos[attachment_id] for attachment_id in self._children.get(post_id, [])]

    def missing_files(self) -> list[str]:
        """The upload paths of the files no photo could be given, sorted."""
        return sorted(set(self._missing.values()))

    def delete_written_files(self):
        """Remove the files copied so far, when the import's transaction is rolled back."""
        for name in self._written_files:
            default_storage.delete(name)

    def _count(self, created: bool):
        if created:
            self.summary.photos_created += 1
        else:
            self.summary.photos_updated += 1

    def _attach_file(self, photo: Photo, candidates: list[str]):
        """Copy the photo's file from the uploads folder; a missing or broken file is reported, not fatal."""
        if photo.has_file:
            self._missing.pop(photo.pk, None)
            return
        candidates = [c for c in candidates if c]
        if not candidates:
            return
        found = None
        if self.media_dir is not None:
            for candidate in candidates:
                full = (self.media_dir / candidate.lstrip("/")).resolve()
                if not full.is_relative_to(self.media_dir):
                    self.summary.warnings.append(f"berkas di luar folder media diabaikan: {candidate}")
                    continue
                if full.is_file():
                    found = full
                    break
        if found is None:
            self._missing[photo.pk] = candidates[0]
            return
        self._missing.pop(photo.pk, None)
        if self.dry_run:
            self.summary.files_copied += 1
            return
        with found.open("rb") as handle:
            still = still_from_gif(handle)
            if still is not None:
                self.summary.warnings.append(f"GIF {candidates[0]} disimpan sebagai PNG (bingkai pertama)")
            photo.image = still or File(handle, name=found.name)
            try:
                photo.save()
            except ValidationError as exc:
                photo.image = None
                self.summary.warnings.append(
                    f"berkas {candidates[0]} bukan gambar yang bisa dipakai: {exc.messages[0]}"
                )
                self._missing[photo.pk] = candidates[0]
                return
        self._written_files.append(photo.image.name)
        self.summary.files_copied += 1


def _upload_path(url: str) -> str:
    """``https://site/wp-content/uploads/2019/05/a.jpg?w=600`` → ``2019/05/a.jpg``."""
    if not url:
        return ""
    path = unquote(urlsplit(url).path)
    for marker in ("/wp-content/uploads/", "/files/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.lstrip("/")


def _upload_candidates(path: str) -> list[str]:
    """The path as written, then the original of a resized copy (``a-300x200.jpg`` → ``a.jpg``)."""
    original = _SIZE_SUFFIX_RE.sub("", path)
    return [original, path] if original != path else [path]
