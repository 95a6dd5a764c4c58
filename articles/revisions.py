"""Comparing a saved revision of an article (django-reversion) with the article as it is now."""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from articles.models import Article, ArticleAuthor, Figure

COMPARED_FIELDS = [
    "title",
    "slug",
    "dek",
    "body",
    "status",
    "publish_at",
    "category",
    "hero",
    "featured",
    "seo_title",
    "seo_description",
    "artists",
    "songs",
    "releases",
    "films",
]
# Block ends start a new line, so a body diff shows paragraphs rather than one long line.
BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|tr|table|ul|ol)>)")


@dataclass
class Row:
    label: str
    old: str
    new: str
    lines: list = field(default_factory=list)

    @property
    def changed(self):
        return self.old != self.new


def compare(version, article: Article) -> list[Row]:
    """Rows of (field, value then, value now), with a line diff for long text."""
    old = version._object_version.object
    old_m2m = version._object_version.m2m_data
    rows = []
    for name in COMPARED_FIELDS:
        model_field = Article._meta.get_field(name)
        if model_field.many_to_many:
            related = model_field.related_model._default_manager
            then = ", ".join(str(o) for o in related.filter(pk__in=old_m2m.get(name, [])))
            now = ", ".join(str(o) for o in getattr(article, name).all())
        else:
            then, now = _display(old, model_field), _display(article, model_field)
        rows.append(Row(str(model_field.verbose_name), then, now))
    authors_then, figures_then = _children_then(version, article)
    rows.append(Row(_("penulis"), authors_then, ", ".join(a.name for a in article.ordered_authors)))
    rows.append(Row(_("foto dalam artikel"), figures_then, _figures(article.figures.all())))
    for row in rows:
        if row.changed and ("\n" in row.old + row.new or len(row.old + row.new) > 200):
            row.lines = diff_lines(row.old, row.new)
    return rows


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: "-" removed, "+" added, " " unchanged."""
    return [
        (line[0], line[2:]) for line in difflib.ndiff(_lines(old), _lines(new)) if not line.startswith("?")
    ]


def _lines(text):
    return [line for line in BLOCK_END.sub(r"\1\n", text or "").splitlines() if line.strip()]


def _display(obj, model_field):
    if model_field.is_relation:
        related_id = getattr(obj, model_field.attname)
        if related_id is None:
            return ""
        related = model_field.related_model._default_manager.filter(pk=related_id).first()
        return str(related) if related else f"#{related_id}"
    value = getattr(obj, model_field.attname)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return "" if value is None else str(value)


def _children_then(version, article):
    """Authors and figures as the revision saved them alongside the article."""
    siblings = version.revision.version_set.all()
    authors, figures = [], []
    for model, found in ((ArticleAuthor, authors), (Figure, figures)):
        content_type = ContentType.objects.get_for_model(model)
        for sibling in siblings.filter(content_type=content_type):
            child = sibling._object_version.object
            if child.article_id == article.pk:
                found.append(child)
    authors.sort(key=lambda link: (link.position, link.pk))
    names = ", ".join(str(link.author) for link in authors if _exists(link, "author"))
    return names, _figures(sorted(figures, key=lambda f: (f.position, f.pk)))


def _exists(obj, relation):
    try:
        getattr(obj, relation)
    except ObjectDoesNotExist:  # deleted since that revision
        return False
    return True


def _figures(figures):
    return "\n".join(
        f"{figure.placeholder} {strip_tags(figure.caption)} / {strip_tags(figure.credit)}".strip()
        for figure in figures
    )
