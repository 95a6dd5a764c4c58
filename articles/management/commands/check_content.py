"""Report content problems editors should fix; exit status 1 when there are any."""

import json
from itertools import groupby

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from articles.content_checks import check_content
from pophariini.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Periksa konten situs dan daftar yang perlu diperbaiki editor: foto dalam artikel tanpa teks "
        "alternatif, keterangan atau kredit, kode [foto N] tanpa foto, tautan ke artikel yang tidak ada "
        "atau belum terbit, dan foto yang berkasnya hilang. Keluar dengan status 1 bila ada temuan, 0 "
        "bila semuanya beres."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help=_("text untuk dibaca orang (bawaan) atau json untuk skrip"),
        )

    def handle(self, *args, format: str, **options):
        findings = check_content()
        if format == "json":
            payload = {"count": len(findings), "findings": [finding.as_dict() for finding in findings]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        elif not findings:
            self.stdout.write(self.style.SUCCESS("Tidak ada masalah konten."))
        else:
            for article_id, group in groupby(findings, key=lambda finding: finding.article_id):
                group = list(group)
                if article_id is None:
                    self.stdout.write(self.style.MIGRATE_HEADING("Foto"))
                else:
                    first = group[0]
                    self.stdout.write(
                        self.style.MIGRATE_HEADING(
                            f"Artikel #{article_id} {first.article_title} ({first.article_status})"
                        )
                    )
                for finding in group:
                    self.stdout.write(f"  - {finding.message}")
        if findings:
            raise CommandError(f"{len(findings)} masalah konten ditemukan.", returncode=1)
