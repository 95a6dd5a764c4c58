"""Report scheduled articles that have gone live and purge the cache so pages show them.

Scheduled articles need no command to appear: ``Article.objects.published()`` compares
the publish time with the clock on every request. This command only helps caches in
front of the pages catch up, and is harmless to run at any time (e.g. every minute).
"""

import datetime

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import Article


class Command(BaseCommand):
    help = "List articles whose scheduled time passed recently and clear the page cache if there are any."

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
        if went_live and not dry_run:
            cache.clear()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(went_live)} article(s) went live in the last {since} minutes"
                + ("; cache cleared." if went_live and not dry_run else ".")
            )
        )
