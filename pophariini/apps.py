from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PophariiniConfig(AppConfig):
    name = "pophariini"
    verbose_name = _("Situs")
