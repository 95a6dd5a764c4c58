"""How far a Kontributor reaches in the admin: what readers already see needs an Editor to change.

The rule, for photos and music entities alike: a Kontributor may add them, and change one
only while readers cannot see it yet — a music entity under embargo (``music.selectors.public``
decides), a photo no public page shows. Once live, changing or deleting it needs an Editor,
so nothing public changes without review. Editors and admins may change everything their
permissions allow. An admin opts in with one line: ``LiveContentAccessMixin`` and an
``is_live()``.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from music.selectors import is_public, public

# The Editor's right: publishing articles (``articles.workflow.PUBLISH_PERMISSION``). Named
# here as a string so that the music admin keeps clear of ``articles``.
EDITOR_PERMISSION = "articles.publish_article"


def may_change_live_content(user) -> bool:
    """Editors and admins change what readers see; a Kontributor does not."""
    return user.is_active and user.has_perm(EDITOR_PERMISSION)


class LiveContentAccessMixin:
    """For a ModelAdmin: without the Editor's right, a live object opens read-only and cannot be deleted."""

    def is_live(self, obj) -> bool:
        raise NotImplementedError

    def may_touch(self, request, obj) -> bool:
        return obj is None or may_change_live_content(request.user) or not self.is_live(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_touch(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if (
            obj is not None
            and super().has_change_permission(request, obj)
            and not self.may_touch(request, obj)
        ):
            messages.info(
                request,
                _("Ini sudah tampil untuk pembaca, jadi hanya bisa dilihat; minta Editor untuk mengubahnya."),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # What is being saved decides too: a new track on a public release is a change to it.
        if not self.may_touch(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class MusicAccessMixin(LiveContentAccessMixin):
    """Music entities: live when public; a track with its release, a genre with a public artist of it."""

    def is_live(self, obj):
        return music_is_live(obj)


def music_is_live(obj) -> bool:
    if obj._meta.model_name == "track":
        return obj.release_id is not None and is_public(obj.release)
    if obj.pk is None:
        return False  # Being added: no reader has seen it.
    if obj._meta.model_name == "genre":
        return public(obj.artists.all()).exists()
    return is_public(obj)


class PhotoAccessMixin(LiveContentAccessMixin):
    def is_live(self, obj):
        return photo_is_live(obj)


def photo_is_live(photo) -> bool:
    """Whether a public page shows the photo.

    Every row that points at a photo is asked: an article's hero or figure counts when the
    article is published, an artist's photo, a cover or a poster when the entity is public
    (``music.selectors.public``); any other use (an author's portrait, a ranked entry, a
    model added later) counts as live, which is the safe answer.
    """
    if photo.pk is None:
        return False
    for relation in type(photo)._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue  # Not a reverse relation: a field of the photo itself.
        users = relation.related_model._default_manager.filter(**{relation.field.name: photo})
        if _live_users(users).exists():
            return True
    return False


def _live_users(users):
    label = users.model._meta.label
    if label == "articles.Article":
        return users.published()
    if label == "articles.Figure":
        article_model = users.model._meta.get_field("article").related_model
        return users.filter(article__in=article_model._default_manager.published())
    if hasattr(users.model, "articles") and _is_music_entity(users.model):
        return public(users)
    return users


def _is_music_entity(model: type[Model]) -> bool:
    return model._meta.app_label == "music"
