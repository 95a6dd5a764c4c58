"""Admin for authors, rubrics, articles and ranked lists: the editors' daily tool.

Importing the package registers every model admin (``authors``, ``article``, ``ranked``),
django-reversion's follow rules (``history``) and the admin's signal receivers
(``signals``). The names that ``articles.admin`` offered as one module are re-exported.
"""

from articles.admin import history, signals
from articles.admin.article import ArticleAdmin
from articles.admin.authors import AuthorAdmin, CategoryAdmin
from articles.admin.forms import ArticleAdminForm, CorrectionFormSet, RequiredInlineFormSet, ScheduleForm
from articles.admin.inlines import (
    ArticleAuthorInline,
    ArticleChildInline,
    CorrectionInline,
    FigureInline,
    RankedSectionInline,
    RelatedArticleInline,
)
from articles.admin.ranked import RankedEntryInline, RankedSectionAdmin
from articles.admin.signals import keep_deleted_correction_in_history

__all__ = [
    "ArticleAdmin",
    "ArticleAdminForm",
    "ArticleAuthorInline",
    "ArticleChildInline",
    "AuthorAdmin",
    "CategoryAdmin",
    "CorrectionFormSet",
    "CorrectionInline",
    "FigureInline",
    "RankedEntryInline",
    "RankedSectionAdmin",
    "RankedSectionInline",
    "RelatedArticleInline",
    "RequiredInlineFormSet",
    "ScheduleForm",
    "history",
    "keep_deleted_correction_in_history",
    "signals",
]
