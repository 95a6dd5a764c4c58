"""Load the demo content that is missing: the Backstage soundtrack article and everything around it."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Author
from pophariini.demo import seed_demo
from pophariini.management.base import TranslatedCommand

DEMO_PASSWORD = "pophariini-demo"
# (username, group, byline): one account per newsroom role, for trying the workflow
# locally, each with the author profile its articles are bylined to.
DEMO_LOGINS = [("demo", "Editor", "Nadia Larasati"), ("kontributor", "Kontributor", "Bayu Saputra")]


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Isi basis data dengan konten demo: artikel soundtrack film Backstage beserta film, "
        "rilisan, lagu, artis, foto, penulis, dan dua artikel terkait. Hanya yang belum ada yang "
        "dibuat: baris yang sudah ada, termasuk yang sudah diubah editor, tidak disentuh."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-login",
            action="store_true",
            help=gettext_lazy(
                "Juga buat akun editor demo (hanya saat DEBUG aktif, untuk mencoba di komputer sendiri)."
            ),
        )

    def handle(self, *args, demo_login=False, **options):
        if demo_login and not settings.DEBUG:
            raise CommandError(
                _("--demo-login hanya boleh dipakai dengan DEBUG=1 (akun demo tidak untuk produksi).")
            )
        article = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                _("Konten demo siap: %(url)s") % {"url": settings.SITE_URL + article.get_absolute_url()}
            )
        )
        if demo_login:
            call_command("setup_roles", stdout=io.StringIO())
            self.stdout.write(_("Admin: %(url)s") % {"url": f"{settings.SITE_URL}/{settings.ADMIN_URL}"})
            for username, group, byline in DEMO_LOGINS:
                self.ensure_demo_login(username, group, byline)
                self.stdout.write(
                    _("Login demo %(group)s: %(username)s / %(password)s")
                    % {"group": group, "username": username, "password": DEMO_PASSWORD}
                )

    def ensure_demo_login(self, username, group_name, byline):
        """Create the demo account and its author profile when missing; existing ones are left as they are."""
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
        if not Author.objects.filter(user=user).exists():
            Author.objects.get_or_create(slug=slugify(byline), defaults={"name": byline, "user": user})
