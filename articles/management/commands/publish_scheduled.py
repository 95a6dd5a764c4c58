"""Report scheduled articles that have gone live and renew the page cache's generation.

Scheduled articles need no command to appear: ``Article.objects.published()`` compares
the publish time with the clock on every request, and the page cache keys its entries
by the next scheduled time (``pophariini.cache``). This command is a belt-and-braces
purge for caches in front, harmless to run at any time (e.g. every few minutes).
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import Article
from pophariini.cache import invalidate


class Command(BaseCommand):
    help = (
        "List articles whose scheduled time passed recently and invalidate the page cache if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=int,
            default=15,
            help="Look back this many minutes (match the interval you run it at; default 15).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report only; leave the cache alone.")

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
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(went_live)} article(s) went live in the last {since} minutes"
                + ("; page cache invalidated." if purged else ".")
            )
        )
