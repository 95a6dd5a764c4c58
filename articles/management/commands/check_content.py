"""Report content problems editors should fix; exit status 1 when there are any."""

import json
from itertools import groupby

from django.core.management.base import BaseCommand, CommandError

from articles.content_checks import check_content


class Command(BaseCommand):
    help = (
        "Check the site's content and list what editors should fix: photos in articles without alt "
        "text, caption or credit, [foto N] codes without a photo, links to articles that do not exist "
        "or are not published, and photos whose file is missing. Exits with status 1 when anything is "
        "found, 0 when all is well."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text for people (default) or json for scripts",
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
