"""Tags as editors type them: names separated by commas, spaces kept ("Sheila On 7, pop").

django-taggit's own format also splits on spaces when there is no comma, so it quotes
every multi-word name when it writes the field back ('"Sheila On 7", pop'). Here only a
comma separates names, and only a name that holds a comma is quoted. Settings
``TAGGIT_TAGS_FROM_STRING`` and ``TAGGIT_STRING_FROM_TAGS`` point here.
"""

import re

# A quoted name (which may hold commas), or a run of text up to the next comma or quote.
NAME = re.compile(r'"([^"]*)"|([^,"]+)')


def parse_tags(tagstring: str) -> list[str]:
    """The names in what was typed, each once, sorted (as taggit's ``has_changed`` expects)."""
    names = {(quoted or plain).strip() for quoted, plain in NAME.findall(tagstring or "")}
    return sorted(name for name in names if name)


def edit_string_for_tags(tags) -> str:
    """The field's value: names as typed, a name with a comma in double quotes."""
    names = sorted(tag.name for tag in tags)
    return ", ".join(f'"{name}"' if "," in name else name for name in names)
