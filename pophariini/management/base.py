"""The base of the project's management commands: ``--help`` in the site's language throughout."""

import copy
from argparse import SUPPRESS

from django.core.management.base import BaseCommand, DjangoHelpFormatter
from django.utils.translation import gettext, gettext_noop

# The words argparse and Django put in every --help, given to makemessages so the project's
# catalogues translate them (neither ships a translation the site could use).
FRAMEWORK_HELP = (
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("Show program's version number and exit."),
    gettext_noop(
        "Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output"
    ),
    gettext_noop(
        'The Python path to a settings module, e.g. "myproject.settings.main". If this isn\'t '
        "provided, the DJANGO_SETTINGS_MODULE environment variable will be used."
    ),
    gettext_noop('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    gettext_noop("Display a full stack trace on CommandError exceptions."),
    gettext_noop("Don't colorize the command output."),
    gettext_noop("Force colorization of the command output."),
    gettext_noop("Skip system checks."),
)


class TranslatedHelpFormatter(DjangoHelpFormatter):
    """Django's help layout, with every heading and text passed through the site's catalogues."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, gettext("usage: ") if prefix is None else prefix)

    def start_section(self, heading):
        super().start_section(gettext(heading) if heading else heading)

    def add_text(self, text):
        super().add_text(gettext(str(text)) if text and text is not SUPPRESS else text)

    def add_argument(self, action):
        if action.help and action.help is not SUPPRESS:
            action = copy.copy(action)
            action.help = gettext(str(action.help))
        super().add_argument(action)


class TranslatedCommand(BaseCommand):
    """A management command whose ``help`` and argument help are translatable (``gettext_lazy``)."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", TranslatedHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)
