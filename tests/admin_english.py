"""English interface strings that must not reach an Indonesian admin, and how to find them in a page.

Shared by the admin page walk (tests/test_admin_language.py) and the browser test of the
JavaScript-rendered widgets (tests/browser/test_admin_language.py), so both fail on the
same words.
"""

import re
from html.parser import HTMLParser

# Quoted in issue 16 (mixed languages), then Django admin's, its widgets' and the body
# editor's common words. Single words match whole and case-sensitively ("Add" never
# matches "Addie", nor the Indonesian "filter" of a sentence); phrases match in any case,
# because the admin's CSS capitalises some headings ("RECOVER DELETED ARTIKEL").
ENGLISH_UI = [
    # Issue 16.
    "Home",
    "Taggit",
    "Tags",
    "A comma-separated list of tags.",
    "Recover deleted",
    "Press the save button below to revert to this version of the object.",
    "Choose",
    "Remove",
    "Pindahkangenre",
    "Forbidden",
    "paragraph",
    "insert link",
    "Edit Link",
    "Title",
    "Open in new window",
    "Update",
    # Django admin pages.
    "Save",
    "Save and add another",
    "Save and continue editing",
    "Save as new",
    "Add",
    "Change",
    "View",
    "Delete",
    "History",
    "View on site",
    "Change password",
    "Log out",
    "Log in",
    "Welcome",
    "Filter",
    "Search",
    "Select",
    "Action",
    "Go",
    "Run",
    "Revert",
    "Recover",
    "Documentation",
    "Recent actions",
    "My actions",
    "None available",
    "Page not found",
    "Permission denied",
    "Server error",
    "Are you sure",
    "Could not load",
    "Could not save",
    "No, take me back",
    "Summary",
    "Toggle navigation",
    "Toggle theme",
    "Skip to main content",
    "Start typing to filter",
    "Show counts",
    "Hide counts",
    "Clear all filters",
    "Username",
    "Password",
    "Currently",
    "Clear",
    "Unknown",
    "Any date",
    "Past 7 days",
    "This month",
    "This year",
    "Authentication and Authorization",
    "Users",
    "Groups",
    # Django labels its yes/no icons with the Python value (alt="True").
    "True",
    "False",
    # Widgets rendered by the admin's JavaScript (SelectFilter2, calendar and clock, inlines).
    "Available",
    "Chosen",
    "Choose all",
    "Remove all",
    "Type into this box",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Now",
    "Midnight",
    "Noon",
    "Cancel",
    "Calendar",
    "Clock",
    "Date",
    "Time",
    "Show",
    "Hide",
    "Add another",
    "No results found",
    "Searching",
    "Please enter",
    # The body editor's toolbar and dialogs (django-prose-editor).
    "Paragraph",
    "Heading",
    "Bold",
    "Italic",
    "Link",
    "Unlink",
    "Blockquote",
    "Bullet list",
    "Ordered list",
    "Horizontal rule",
    "Undo",
    "Redo",
    "Table",
    "Insert table",
    "Upload",
    "Close",
    # Its tooltips, lowercase.
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "subscript",
    "superscript",
    "blockquote",
    "heading",
    "undo",
    "redo",
]

# Inside these elements nothing is shown as text: code, styles, and the admin's JSON data.
SILENT_ELEMENTS = {"script", "style"}
# Attributes read aloud or shown as tooltips and placeholders; alt when an image fails to load.
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# <input> types whose value is a button's visible label.
BUTTON_INPUTS = {"submit", "button", "reset"}


def pattern_for(*phrases: str, flags=0) -> re.Pattern:
    """Any of ``phrases`` as a whole word or phrase: never inside a longer word or a hyphenated one."""
    words = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", flags)


def flags_for(phrase: str) -> int:
    return re.IGNORECASE if " " in phrase else 0


PATTERNS = [(phrase, pattern_for(phrase, flags=flags_for(phrase))) for phrase in ENGLISH_UI]
# All of them in two searches (single words, phrases), so that the thousands of pieces of an
# admin page holding none are passed over at once rather than phrase by phrase.
ANY_ENGLISH = [
    pattern_for(*[phrase for phrase in ENGLISH_UI if flags_for(phrase) == flags], flags=flags)
    for flags in (0, re.IGNORECASE)
]


def english_in(text: str) -> list[str]:
    """The English interface phrases found in a piece of shown text."""
    if not any(pattern.search(text) for pattern in ANY_ENGLISH):
        return []
    return [phrase for phrase, pattern in PATTERNS if pattern.search(text)]


class ShownText(HTMLParser):
    """Collects what a page shows a person: text outside scripts and styles, and shown attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SILENT_ELEMENTS:
            self.silent += 1
        if tag == "input" and attributes.get("type") == "hidden":
            return
        for name in SHOWN_ATTRIBUTES:
            if attributes.get(name):
                self.pieces.append(f'<{tag} {name}="{attributes[name]}">')
        if tag == "input" and attributes.get("type") in BUTTON_INPUTS and attributes.get("value"):
            self.pieces.append(f'<input value="{attributes["value"]}">')

    def handle_endtag(self, tag):
        if tag in SILENT_ELEMENTS and self.silent:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent and data.strip():
            self.pieces.append(" ".join(data.split()))


def shown_pieces(html: str) -> list[str]:
    parser = ShownText()
    parser.feed(html)
    parser.close()
    return parser.pieces


def english_findings(html: str) -> list[str]:
    """``'"Add" in <a title="Add …">'``-style lines for every English phrase a page shows."""
    return [f"{phrase!r} in {piece[:120]!r}" for piece in shown_pieces(html) for phrase in english_in(piece)]
