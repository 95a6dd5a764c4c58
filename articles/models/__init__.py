"""Authors, categories, articles with their figures, authorship, related links and quoted addresses, corrections and ranked lists.

One module per concept; every name is re-exported here, so ``from articles.models import
Article`` (and the migrations' ``articles.models.validate_not_reserved``) keep working.
"""

from articles.models.article import CARD_FIELDS, Article, ArticleAuthor, ArticleQuerySet
from articles.models.authors import Author
from articles.models.base import (
    HTML_TAG_RE,
    PLACEHOLDER_RE,
    RESERVED_SLUGS,
    clean_paragraphs,
    search_text_of,
    staff_user_field,
    validate_not_reserved,
)
from articles.models.corrections import Correction, CorrectionQuerySet
from articles.models.figures import Figure
from articles.models.links import RELATED_STORED, QuotedAddress, RelatedArticle, RelatedSuggestion
from articles.models.locks import EditLock
from articles.models.ranked import RankedEntry, RankedEntryQuerySet, RankedSection
from articles.models.taxonomy import Category, TaggedArticle

__all__ = [
    "CARD_FIELDS",
    "HTML_TAG_RE",
    "PLACEHOLDER_RE",
    "RELATED_STORED",
    "RESERVED_SLUGS",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Category",
    "Correction",
    "CorrectionQuerySet",
    "EditLock",
    "Figure",
    "QuotedAddress",
    "RankedEntry",
    "RankedEntryQuerySet",
    "RankedSection",
    "RelatedArticle",
    "RelatedSuggestion",
    "TaggedArticle",
    "clean_paragraphs",
    "search_text_of",
    "staff_user_field",
    "validate_not_reserved",
]
