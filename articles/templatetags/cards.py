"""``{% card article variant="lead" level=2 show_excerpt=True show_authors=True %}``: an article's card (``articles.cards``)."""

from django import template
from django.utils.safestring import mark_safe

from articles import cards

register = template.Library()


@register.simple_tag
def card(article, variant="", level=3, show_excerpt=False, show_authors=False):
    return mark_safe(
        cards.card(
            article, variant=variant, level=level, show_excerpt=show_excerpt, show_authors=show_authors
        )
    )
