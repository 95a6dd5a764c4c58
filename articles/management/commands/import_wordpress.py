"""Import a WordPress export (WXR) into articles, photos, static pages and redirects."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from articles.wordpress import ImportSummary, WxrError, import_wxr


class ProgressBar:
    """A one-line bar on a terminal, redrawn at most ten times a second."""

    def __init__(self, stream, *, width: int = 30):
        self.stream = stream
        self.width = width
        self._last = 0.0

    def __call__(self, done: int, total: int):
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        share = done / total if total else 1
        filled = int(self.width * share)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%}")
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Move the old WordPress site over: reads a WordPress export file (Tools > Export, WXR 1.1 or "
        "1.2) and creates or updates articles, authors, categories, tags, photos, static pages and "
        "redirects from the old addresses. Running it again with the same file updates in place. "
        "Everything is imported in one transaction: on any error nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the WordPress export file (.xml)")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="the old site's wp-content/uploads folder; photos are copied from it "
            "(without it, photos are imported without their files and listed as missing)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported without saving anything"
        )

    def handle(self, *args, file: Path, media_dir: Path | None, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"Folder media tidak ditemukan: {media_dir}")
        progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and options["verbosity"] > 0 else None
        started = time.monotonic()
        try:
            summary = import_wxr(path=file, media_dir=media_dir, dry_run=dry_run, on_progress=progress)
        except WxrError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:
            # For instance an editor saved the same slug at the same moment; the transaction is gone.
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(f"Kesalahan basis data, tidak ada yang diimpor: {first_line}") from exc
        finally:
            if progress:
                progress.close()
        self.report(summary, seconds=time.monotonic() - started, verbosity=options["verbosity"])

    def report(self, summary: ImportSummary, *, seconds: float, verbosity: int):
        out = self.stdout.write
        heading = "Uji coba (--dry-run): tidak ada yang disimpan." if summary.dry_run else "Impor selesai."
        out(self.style.SUCCESS(heading) if not summary.dry_run else self.style.WARNING(heading))
        posts = summary.posts
        out(
            f"Artikel: {summary.total_posts} ({summary.articles_created} baru, {summary.articles_updated} "
            f"diperbarui) dalam {seconds:.1f} detik"
        )
        out(f"  terbit: {posts['published']}, terjadwal: {posts['scheduled']}")
        out(
            f"  tidak tampil untuk pembaca: {summary.never_public} (draf: {posts['draft']}, ditinjau: "
            f"{posts['review']}, privat: {posts['private']}, berkata sandi: {posts['password']})"
        )
        out(
            f"Halaman statis: {summary.pages['published']} terbit, {summary.pages['unpublished']} tidak terbit"
        )
        out(f"Penulis baru: {summary.authors_created}, rubrik baru: {summary.categories_created}")
        copied = "akan disalin" if summary.dry_run else "disalin"
        out(
            f"Foto: {summary.photos_created} baru, {summary.photos_updated} diperbarui, "
            f"{summary.files_copied} berkas {copied}, {len(summary.missing_files)} berkas hilang"
        )
        out(f"Pengalihan (301): {summary.redirects}")
        skipped = ", ".join(f"{kind}: {count}" for kind, count in sorted(summary.skipped.items()))
        out(f"Dilewati: {sum(summary.skipped.values())}" + (f" ({skipped})" if skipped else ""))
        out(f"Peringatan: {len(summary.warnings)}")
        if verbosity > 1:
            for path in summary.missing_files:
                out(f"  berkas hilang: {path}")
            for warning in summary.warnings:
                out(f"  peringatan: {warning}")
        elif summary.missing_files or summary.warnings:
            out("  (jalankan dengan -v 2 untuk melihat daftar berkas hilang dan peringatan)")
