"""What django-reversion stores of articles and ranked lists (registered before their admins)."""

import reversion

from articles.models import (
    Article,
    ArticleAuthor,
    Correction,
    Figure,
    RankedEntry,
    RankedSection,
    RelatedArticle,
    TaggedArticle,
)

# A revision of an article holds what an editor sees on its page: authors, figures,
# hand-picked related links and tags. Reverting restores them all. Corrections are
# versioned too (a correction saved with the article lands in the same revision), but
# the article does not "follow" them: reverting to an older text must never delete a
# correction published since, which is part of the public record.
for child in (ArticleAuthor, Figure, RelatedArticle, TaggedArticle, Correction, RankedEntry):
    if not reversion.is_registered(child):
        reversion.register(child)
if not reversion.is_registered(RankedSection):
    reversion.register(RankedSection, follow=["entries"])
if not reversion.is_registered(Article):
    reversion.register(
        Article,
        follow=[
            "article_authors",
            "figures",
            "related_links",
            "taggedarticle_set",
            "ranked_sections",
        ],
    )
