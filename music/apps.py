from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MusicConfig(AppConfig):
    name = "music"
    verbose_name = _("Musik")

    def ready(self):
        from music.matching import music_names
        from pophariini import content

        content.register(self.label)
        content.subscribe(music_names)
