"""Load the demo content (idempotent): the Backstage soundtrack article and everything around it."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from pophariini.demo import seed_demo

DEMO_PASSWORD = "pophariini-demo"
# (username, group): one account per newsroom role, for trying the workflow locally.
DEMO_LOGINS = [("demo", "Editor"), ("kontributor", "Kontributor")]


class Command(BaseCommand):
    help = (
        "Isi basis data dengan konten demo: artikel soundtrack film Backstage beserta film, "
        "rilisan, lagu, artis, foto, penulis, dan dua artikel terkait. Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-login",
            action="store_true",
            help="Juga buat akun editor demo (hanya saat DEBUG aktif, untuk mencoba di komputer sendiri).",
        )

    def handle(self, *args, demo_login=False, **options):
        if demo_login and not settings.DEBUG:
            raise CommandError(
                "--demo-login hanya boleh dipakai dengan DEBUG=1 (akun demo tidak untuk produksi)."
            )
        article = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Konten demo siap: {settings.SITE_URL}{article.get_absolute_url()}")
        )
        if demo_login:
            call_command("setup_roles", stdout=io.StringIO())
            self.stdout.write(f"Admin: {settings.SITE_URL}/{settings.ADMIN_URL}")
            for username, group in DEMO_LOGINS:
                self.ensure_demo_login(username, group)
                self.stdout.write(f"Login {group} demo: {username} / {DEMO_PASSWORD}")

    def ensure_demo_login(self, username, group_name):
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=group_name))
