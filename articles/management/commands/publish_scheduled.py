"""Report scheduled articles that have gone live and renew the page cache's generation.

Scheduled articles need no command to appear: ``Article.objects.published()`` compares
the publish time with the clock on every request, and the page cache keys its entries
by the next scheduled time (``pophariini.cache``). This command is a belt-and-braces
purge for caches in front, harmless to run at any time (e.g. every few minutes).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article
from pophariini.cache import invalidate
from pophariini.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Daftar artikel yang jadwal terbitnya baru saja lewat, dan perbarui cache halaman bila ada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=int,
            default=15,
            metavar=gettext_lazy("MENIT"),
            help=gettext_lazy(
                "Lihat sejauh ini ke belakang, dalam menit (samakan dengan selang waktu menjalankannya; "
                "bawaan 15)."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Hanya laporkan; cache tidak diubah.")
        )

    def handle(self, *args, since, dry_run, **options):
        now = timezone.now()
        went_live = list(
            Article.objects.published(at=now)
            .filter(publish_at__gt=now - datetime.timedelta(minutes=since))
            .order_by("publish_at")
            .values_list("publish_at", "title")
        )
        for publish_at, title in went_live:
            self.stdout.write(f"{timezone.localtime(publish_at):%Y-%m-%d %H:%M} {title}")
        purged = bool(went_live) and not dry_run
        if purged:
            invalidate()
        summary = ngettext(
            "%(count)d artikel terbit dalam %(since)d menit terakhir.",
            "%(count)d artikel terbit dalam %(since)d menit terakhir.",
            len(went_live),
        ) % {"count": len(went_live), "since": since}
        if purged:
            summary += " " + _("Cache halaman diperbarui.")
        self.stdout.write(self.style.SUCCESS(summary))
