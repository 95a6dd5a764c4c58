"""How far a Kontributor reaches in the admin: what readers already see needs an Editor to change.

The rule, for photos and music entities alike: a Kontributor may add them, and change one
only while readers cannot see it yet — a music entity under embargo (``music.selectors.public``
decides), a photo no public page shows. Once live, changing or deleting it needs an Editor,
so nothing public changes without review. One exception: a music entity no article links
is public from the moment it is added (reference data), and the Kontributor who added it in
the admin goes on correcting it for ``OWN_ENTRY_TIME``, while no article links it (they could
have entered it that way in the first place). Editors and admins may change everything their
permissions allow. An admin opts in with one line: ``LiveContentAccessMixin`` and an
``is_live()``.
"""

import datetime

from django.contrib import messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from music.selectors import is_public, public

# The Editor's right: publishing articles (``articles.workflow.PUBLISH_PERMISSION``). Named
# here as a string so that the music admin keeps clear of ``articles``.
EDITOR_PERMISSION = "articles.publish_article"
# How long a Kontributor may correct a music entry of their own that no article links.
OWN_ENTRY_TIME = datetime.timedelta(hours=24)


def may_change_live_content(user) -> bool:
    """Editors and admins change what readers see; a Kontributor does not."""
    return user.is_active and user.has_perm(EDITOR_PERMISSION)


class LiveContentAccessMixin:
    """For a ModelAdmin: without the Editor's right, a live object opens read-only and cannot be deleted."""

    def is_live(self, obj) -> bool:
        raise NotImplementedError

    def may_touch(self, request, obj) -> bool:
        if obj is None or may_change_live_content(request.user):
            return True
        if request.method not in ("GET", "HEAD"):
            return self.may_change_as_contributor(request.user, obj)  # what is being saved decides
        # The admin asks again and again while it draws one page (buttons, inlines, fields).
        decided = request.__dict__.setdefault("live_content_decided", {})
        key = (obj._meta.label, obj.pk)
        if key not in decided:
            decided[key] = self.may_change_as_contributor(request.user, obj)
        return decided[key]

    def may_change_as_contributor(self, user, obj) -> bool:
        """Whether someone without the Editor's right may change ``obj``: while it is not live."""
        return not self.is_live(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_touch(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None and super().has_change_permission(request, obj):
            notice = self.live_notice(request, obj)
            if notice:
                messages.info(request, notice)
        return super().change_view(request, object_id, form_url, extra_context)

    def live_notice(self, request, obj):
        """What the change form tells someone without the Editor's right about a live ``obj``, if anything."""
        if self.may_touch(request, obj):
            return None
        return _("Ini sudah tampil untuk pembaca, jadi hanya bisa dilihat; minta Editor untuk mengubahnya.")

    def save_model(self, request, obj, form, change):
        # What is being saved decides too: a new track on a public release is a change to it.
        if not self.may_touch(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class MusicAccessMixin(LiveContentAccessMixin):
    """Music entities: live when public; a track with its release, a genre with a public artist of it."""

    def is_live(self, obj):
        return music_is_live(obj)

    def may_change_as_contributor(self, user, obj):
        return super().may_change_as_contributor(user, obj) or own_entry_deadline(user, obj) is not None

    def live_notice(self, request, obj):
        if may_change_live_content(request.user) or not self.is_live(obj):
            return None
        deadline = own_entry_deadline(request.user, obj)
        if deadline is None:
            return super().live_notice(request, obj)
        return _(
            "Entri baru Anda ini sudah tampil untuk pembaca. Anda masih bisa memperbaikinya sampai "
            "%(deadline)s; setelah itu hanya Editor yang bisa mengubahnya."
        ) % {"deadline": date_format(timezone.localtime(deadline), "j F Y, H.i")}


def own_entry_deadline(user, obj):
    """Until when ``user`` may correct this music entity (a track: its release), or None.

    Set when they added it in the admin less than ``OWN_ENTRY_TIME`` ago and no article links it.
    """
    if obj._meta.model_name == "track":
        obj = obj.release if obj.release_id is not None else None
    if obj is None or obj.pk is None or not hasattr(obj, "articles") or obj.articles.exists():
        return None
    added = (
        LogEntry.objects.filter(
            user=user,
            action_flag=ADDITION,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            action_time__gte=timezone.now() - OWN_ENTRY_TIME,
        )
        .values_list("action_time", flat=True)
        .first()
    )
    return added + OWN_ENTRY_TIME if added else None


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
