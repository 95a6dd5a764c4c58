"""Regenerate the WebP renditions of every photo (or only the missing ones)."""

import sys

from django.utils.translation import gettext_lazy as _
from PIL import Image

from pophariini.management.base import TranslatedCommand
from pophariini.models import Photo
from pophariini.renditions import generate_renditions


class Command(TranslatedCommand):
    help = _("Membuat ulang semua ukuran gambar (WebP) dari foto asli.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help=_("Hanya buat ukuran yang belum ada di penyimpanan."),
        )

    def handle(self, *args, missing_only=False, **options):
        photos = Photo.objects.exclude(image="").order_by("pk")
        total = photos.count()
        show_progress = options["verbosity"] > 0 and sys.stdout.isatty()
        written = broken = 0
        for index, photo in enumerate(photos.iterator(chunk_size=200), start=1):
            try:
                written += generate_renditions(photo, missing_only=missing_only)
            except (OSError, ValueError, Image.DecompressionBombError) as exc:
                broken += 1
                self.stderr.write(f"Foto #{photo.pk} ({photo.image.name}) dilewati: {exc}")
            if show_progress:
                self.stdout.write(f"\r{self.progress_bar(index, total)}", ending="")
        if show_progress:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} foto diperiksa, {written} berkas dibuat, {broken} foto rusak dilewati."
            )
        )

    @staticmethod
    def progress_bar(done, total, width=30):
        filled = width * done // total if total else width
        return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
