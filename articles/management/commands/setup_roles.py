"""Create or update the newsroom's groups, Kontributor and Editor, with exactly their permissions."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pophariini import content
from pophariini.management.base import TranslatedCommand

# Codenames ("<action>_<model>") per role. Editors get every permission of the content apps
# (those registered in pophariini.content).
KONTRIBUTOR = [
    # Their own articles (which ones is decided in articles.workflow), and the rows inside them.
    "add_article",
    "change_article",
    "view_article",
    "delete_article",
    *(f"{action}_{model}" for model in (
        "articleauthor", "figure", "relatedarticle", "rankedsection", "rankedentry",
    ) for action in (
        "add", "change", "delete", "view"
    )),
    # Their own byline: each writer may create and keep up one author profile, linked to them.
    "add_author",
    "change_author",
    "view_author",
    "view_category",
    # Photos and music entities: add and correct, never delete.
    *(f"{action}_photo" for action in ("add", "change", "view")),
    *(f"{action}_{model}" for model in (
        "genre", "artist", "song", "release", "track", "film",
        "membership", "artistlink", "songcredit", "releasecredit", "streaminglink", "trackcredit", "filmcredit",
    ) for action in ("add", "change", "view")),
    # Rows that only link entities may be removed again when added by mistake.
    *(f"delete_{model}" for model in (
        "membership", "artistlink", "songcredit", "releasecredit", "streaminglink", "trackcredit", "filmcredit",
    )),
]  # fmt: skip


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Buat atau perbarui grup Kontributor dan Editor beserta izinnya; aman dijalankan berulang kali."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        editor_perms = Permission.objects.filter(content_type__app_label__in=content.app_labels())
        contributor_perms = Permission.objects.filter(
            content_type__app_label__in=content.app_labels(), codename__in=KONTRIBUTOR
        )
        missing = set(KONTRIBUTOR) - set(contributor_perms.values_list("codename", flat=True))
        if missing:
            raise CommandError(
                _("Izin tidak dikenal (belum menjalankan migrate?): %(codenames)s")
                % {"codenames": ", ".join(sorted(missing))}
            )
        for name, perms in (("Kontributor", contributor_perms), ("Editor", editor_perms)):
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(perms)
            message = (
                _("%(group)s: dibuat, %(count)d izin")
                if created
                else _("%(group)s: diperbarui, %(count)d izin")
            )
            self.stdout.write(message % {"group": name, "count": group.permissions.count()})
        self.stdout.write(
            self.style.SUCCESS(
                _("Peran siap. Masukkan staf ke salah satu grup di admin; admin adalah superuser.")
            )
        )
