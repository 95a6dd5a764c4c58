"""Import a WordPress export (WXR) into articles, photos, static pages and redirects."""

import sys
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from articles.wordpress import ImportSummary, WxrError, import_wxr
from pophariini.management.base import TranslatedCommand


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


class Command(TranslatedCommand):
    help = _(
        "Pindahkan situs WordPress lama: membaca berkas ekspor WordPress (Alat > Ekspor, WXR 1.1 atau "
        "1.2) lalu membuat atau memperbarui artikel, penulis, rubrik, tag, foto, halaman statis, dan "
        "pengalihan dari alamat lama. Menjalankannya lagi dengan berkas yang sama memperbarui di "
        "tempat. Semuanya diimpor dalam satu transaksi: bila ada galat, tidak ada yang disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar=_("BERKAS"), help=_("berkas ekspor WordPress (.xml)"))
        parser.add_argument(
            "--media-dir",
            type=Path,
            metavar=_("FOLDER"),
            help=_(
                "folder wp-content/uploads situs lama, tempat foto disalin (tanpa opsi ini, foto "
                "diimpor tanpa berkasnya dan didaftar sebagai hilang)"
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("tampilkan apa yang akan diimpor tanpa menyimpan apa pun"),
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
