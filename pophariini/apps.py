from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PophariiniConfig(AppConfig):
    name = "pophariini"
    verbose_name = _("Situs")

    def ready(self):
        from django.db.models.signals import post_save

        from pophariini import content, navigation_admin  # noqa: F401 - registers its admin classes
        from pophariini.cache import page_cache
        from pophariini.models import Photo
        from pophariini.renditions import make_renditions_on_save
        from pophariini.versions import model_versions

        post_save.connect(make_renditions_on_save, sender=Photo, dispatch_uid="photo_renditions")
        # Photos, redirects and static pages.
        content.register(self.label, exclude=["ReadingCount"])
        content.subscribe(page_cache)
        content.subscribe(model_versions)
