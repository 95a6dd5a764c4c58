"""Figure rows from the body: the editor's photo paragraphs say which photo sits at which key.

The body editor writes each photo as ``<p data-figure-photo="12" data-figure-caption="…"
data-figure-credit="…">[foto 3]</p>`` (articles/static/articles/editor/photo-figure.js); the
sanitiser keeps only ``<p>[foto 3]</p>`` in the stored body, and ``sync_figures`` makes the
article's Figure rows match: one per key, in the body's order, created, updated or deleted.
A bare code (a body saved before, or written without the editor) keeps its row as it is.
"""

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Figure
from articles.models.base import PLACEHOLDER_RE
from pophariini.models import Photo
from pophariini.sanitize import clean_text

MAX_KEY = 32767  # Figure.key is a PositiveSmallIntegerField.


@dataclass(frozen=True)
class Placement:
    """A photo paragraph of the body. ``photo_id`` is None for a bare code: its row is left alone."""

    key: int
    photo_id: int | None = None
    caption: str = ""
    credit: str = ""


class _PlacementParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._paragraph = None  # (attributes, text parts, nested tags seen)

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._paragraph = (dict(attrs), [], [])
        elif self._paragraph is not None:
            self._paragraph[2].append(tag)

    def handle_data(self, data):
        if self._paragraph is not None:
            self._paragraph[1].append(data)

    def handle_endtag(self, tag):
        if tag != "p" or self._paragraph is None:
            return
        attrs, text, nested = self._paragraph
        self._paragraph = None
        match = PLACEHOLDER_RE.fullmatch("".join(text).strip())
        if match and not nested:
            self.found.append((attrs, int(match.group(1))))


def placements_in(body: str) -> list[Placement]:
    """The photo paragraphs of an editor's (unsanitised) body, in order.

    Raises ``ValidationError`` for data no editor writes (a key or photo that is not a number).
    """
    parser = _PlacementParser()
    parser.feed(body or "")
    parser.close()
    placements = []
    for attrs, key in parser.found:
        if not 1 <= key <= MAX_KEY:
            raise ValidationError(_("Kode foto %(key)s di isi artikel tidak valid.") % {"key": key})
        photo = attrs.get("data-figure-photo")
        if photo is None:
            placements.append(Placement(key=key))
            continue
        if not photo.isdigit():
            raise ValidationError(_("Foto di isi artikel tidak dikenali. Pilih fotonya lagi."))
        placements.append(
            Placement(
                key=key,
                photo_id=int(photo),
                caption=clean_text(html.unescape(attrs.get("data-figure-caption") or ""))[:500],
                credit=clean_text(html.unescape(attrs.get("data-figure-credit") or ""))[:200],
            )
        )
    return placements


def check_photos_exist(placements: list[Placement]) -> None:
    """Refuse placements whose photo has been deleted meanwhile."""
    wanted = {p.photo_id for p in placements if p.photo_id is not None}
    found = set(Photo.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationError(
            _(
                "Salah satu foto di isi artikel sudah dihapus dari pustaka. Ganti atau hapus foto itu, lalu simpan lagi."
            )
        )


@dataclass
class SyncResult:
    """What changed, as the admin's history records it for inline rows."""

    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (figure, names of the fields changed)
    deleted: list = field(default_factory=list)


@transaction.atomic
def sync_figures(*, article, placements: list[Placement]) -> SyncResult:
    """Make the article's Figure rows what the body shows.

    Each key placed gets its row (created or updated from the paragraph's data) and its
    position in the body; a key placed twice counts once; rows whose key is no longer in
    the body are deleted. Photos are never deleted: they stay in the library.
    """
    result = SyncResult()
    existing = {figure.key: figure for figure in Figure.objects.filter(article=article)}
    placed, unique = set(), []
    for placement in placements:
        if placement.key not in placed:
            placed.add(placement.key)
            unique.append(placement)
    for position, placement in enumerate(unique):
        figure = existing.get(placement.key)
        if placement.photo_id is None:
            if figure is not None and figure.position != position:
                figure.position = position
                figure.save(update_fields=["position"])
            continue
        wanted = {
            "photo_id": placement.photo_id,
            "caption": placement.caption,
            "credit": placement.credit,
            "position": position,
        }
        if figure is None:
            result.created.append(Figure.objects.create(article=article, key=placement.key, **wanted))
            continue
        changed = [name for name, value in wanted.items() if getattr(figure, name) != value]
        if changed:
            for name in changed:
                setattr(figure, name, wanted[name])
            figure.save()
            result.changed.append((figure, [name.removesuffix("_id") for name in changed]))
    for key, figure in existing.items():
        if key not in placed:
            result.deleted.append(figure)
            figure.delete()
    return result
