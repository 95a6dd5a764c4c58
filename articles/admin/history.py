"""What django-reversion stores of articles and ranked lists (registered before their admins), and who uses it."""

import reversion
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from articles import workflow
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


class EditorRevisionsMixin:
    """For a VersionAdmin: history for whoever may view the object; revert and recover for editors only.

    Reverting or recovering rewrites what may already be public, so it takes the Editor's
    right (``workflow.can_publish``), whatever the model permissions of a Kontributor allow.
    """

    # Reversion's list, with its recover link shown only to those who may recover.
    change_list_template = "admin/articles/change_list_recover.html"
    object_history_template = "admin/articles/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "can_revert": workflow.can_publish(request.user)}
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._require_publisher(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._require_publisher(request)
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_recover": workflow.can_publish(request.user)}
        return super().changelist_view(request, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self._require_publisher(request)
        return super().recoverlist_view(request, extra_context)

    def _require_publisher(self, request):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
