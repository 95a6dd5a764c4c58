from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MusicConfig(AppConfig):
    name = "music"
    verbose_name = _("Musik")

    def ready(self):
        from pophariini import content

        content.register(self.label)
