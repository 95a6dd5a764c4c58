"""Editorial workflow: who may do what to an article, and the status changes themselves.

Every status change goes through one of the services below (admin actions and the
shell alike). Each one locks and re-reads the row, so it never writes back a stale
copy over someone's edit, checks the user's right to act, records who acted
(``updated_by``/``published_by``, the row's ``updated_at``) and leaves a revision
with a comment in the article's history.
"""

import datetime
from contextlib import contextmanager

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article, ArticleAuthor, Author

PUBLISH_PERMISSION = "articles.publish_article"
# Statuses in which a Kontributor may still change their own article.
CONTRIBUTOR_EDITABLE = frozenset({Article.Status.DRAFT, Article.Status.REVIEW})


class WorkflowError(Exception):
    """A status change that does not apply to the article in its current state."""


# Rights.


def can_publish(user: AbstractBaseUser) -> bool:
    """Editors and admins: publish, schedule, unpublish, delete any article."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def owned_by(user: AbstractBaseUser) -> Q:
    """Articles the user created or is credited on through their author profile."""
    credited = ArticleAuthor.objects.filter(article=OuterRef("pk"), author__user=user)
    return Q(created_by=user) | Q(Exists(credited))


def visible_to(user: AbstractBaseUser, queryset: QuerySet | None = None) -> QuerySet:
    """The articles a staff member may open in the admin."""
    queryset = Article.objects.all() if queryset is None else queryset
    if can_publish(user):
        return queryset
    return queryset.filter(owned_by(user))


def is_owner(user: AbstractBaseUser, article: Article) -> bool:
    if article.pk is None:
        return True
    return (
        article.created_by_id == user.pk
        or ArticleAuthor.objects.filter(article=article, author__user=user).exists()
    )


def can_edit(user: AbstractBaseUser, article: Article) -> bool:
    """Editors change anything; a Kontributor only their own draft or article in review."""
    if can_publish(user):
        return True
    return (
        user.is_active
        and user.has_perm("articles.change_article")
        and article.status in CONTRIBUTOR_EDITABLE
        and is_owner(user, article)
    )


def can_delete(user: AbstractBaseUser, article: Article) -> bool:
    if can_publish(user):
        return user.has_perm("articles.delete_article")
    return user.has_perm("articles.delete_article") and can_edit(user, article)


def author_profile(user: AbstractBaseUser) -> Author | None:
    """The author profile linked to ``user``'s account, if any (cached on the user)."""
    try:
        return user.author
    except Author.DoesNotExist:
        return None


def can_add_author(user: AbstractBaseUser) -> bool:
    """Editors add anyone's profile; a Kontributor only their own, once."""
    if not user.has_perm("articles.add_author"):
        return False
    return can_publish(user) or author_profile(user) is None


def can_change_author(user: AbstractBaseUser, author: Author) -> bool:
    """Editors change any author profile; a Kontributor only their own."""
    if not user.has_perm("articles.change_author"):
        return False
    return can_publish(user) or (author.user_id is not None and author.user_id == user.pk)


# Status changes.


def submit_for_review(*, article: Article, user: AbstractBaseUser) -> Article:
    """A draft goes to the editors (draft → review)."""
    with _change(article, user) as current:
        if not can_edit(user, current):
            raise PermissionDenied
        if current.status != Article.Status.DRAFT:
            raise WorkflowError(_("Hanya draf yang bisa dikirim untuk ditinjau."))
        current.status = Article.Status.REVIEW
        _record(current, user, _("Dikirim untuk ditinjau"))
    return current


def publish_now(*, article: Article, user: AbstractBaseUser) -> Article:
    """Make the article public at once; a scheduled one goes live now.

    The first-published time of an article that was public before is kept.
    """
    with _change(article, user) as current:
        _require_publisher(user)
        if current.is_published:
            raise WorkflowError(_("Artikel ini sudah terbit."))
        current.status = Article.Status.PUBLISHED
        current.publish_at = timezone.now()
        current.published_by = user
        _record(current, user, _("Diterbitkan"))
    return current


def schedule(*, article: Article, user: AbstractBaseUser, publish_at: datetime.datetime) -> Article:
    """Publish at a future time; readers see it from then on without any cron job."""
    with _change(article, user) as current:
        _require_publisher(user)
        if publish_at <= timezone.now():
            raise WorkflowError(_("Waktu terbit terjadwal harus di masa depan."))
        if current.is_published:
            raise WorkflowError(_("Artikel ini sudah terbit; tarik dulu sebelum menjadwalkan ulang."))
        current.status = Article.Status.PUBLISHED
        current.publish_at = publish_at
        current.published_by = user
        when = date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")
        _record(current, user, _("Dijadwalkan terbit %(when)s") % {"when": when})
    return current


def unpublish(*, article: Article, user: AbstractBaseUser) -> Article:
    """Take a published or scheduled article away from readers (back to draft)."""
    with _change(article, user) as current:
        _require_publisher(user)
        if current.status != Article.Status.PUBLISHED:
            raise WorkflowError(_("Artikel ini belum terbit."))
        current.status = Article.Status.DRAFT
        _record(current, user, _("Ditarik dari situs"))
    return current


def back_to_draft(*, article: Article, user: AbstractBaseUser) -> Article:
    """An editor returns an article in review to its writer."""
    with _change(article, user) as current:
        _require_publisher(user)
        if current.status != Article.Status.REVIEW:
            raise WorkflowError(_("Hanya artikel yang sedang ditinjau yang bisa dikembalikan ke draf."))
        current.status = Article.Status.DRAFT
        _record(current, user, _("Dikembalikan ke draf"))
    return current


@contextmanager
def _change(article, user):
    """Lock and re-read the article; the change runs in one transaction and one revision."""
    with transaction.atomic(), reversion.create_revision():
        yield Article.objects.select_for_update().get(pk=article.pk)


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied


def _record(article, user, comment):
    article.updated_by = user
    article.save()
    article.workflow_comment = comment
    reversion.set_user(user)
    reversion.set_comment(comment)


def last_comment(article: Article) -> str:
    """What the last status change did to ``article`` ("Diterbitkan", ...), for logs."""
    return getattr(article, "workflow_comment", "")


# Named actions of the article form ("Simpan draf", "Terbitkan sekarang", ...).

SAVE = "save"
SUBMIT = "submit"
PUBLISH = "publish"
SCHEDULE = "schedule"
UNPUBLISH = "unpublish"
BACK_TO_DRAFT = "back_to_draft"

_FORM_SERVICES = {
    SUBMIT: submit_for_review,
    PUBLISH: publish_now,
    SCHEDULE: schedule,
    UNPUBLISH: unpublish,
    BACK_TO_DRAFT: back_to_draft,
}


def form_actions(user: AbstractBaseUser, article: Article) -> list[str]:
    """The named actions the article form offers ``user`` for ``article`` in its current state.

    The first is the plain save, which changes no status. A Kontributor saves and submits
    a draft; an Editor publishes, schedules, returns a piece in review to its writer and
    takes a published or scheduled one off the site.
    """
    if not can_edit(user, article):
        return []
    unsaved_or_draft = article.pk is None or article.status == Article.Status.DRAFT
    if not can_publish(user):
        return [SAVE, SUBMIT] if unsaved_or_draft else [SAVE]
    if unsaved_or_draft:
        return [SAVE, PUBLISH, SCHEDULE]
    if article.status == Article.Status.REVIEW:
        return [SAVE, PUBLISH, SCHEDULE, BACK_TO_DRAFT]
    if article.is_scheduled:
        return [SAVE, PUBLISH, SCHEDULE, UNPUBLISH]
    return [SAVE, UNPUBLISH]


def apply_form_action(
    *, action: str, article: Article, user: AbstractBaseUser, publish_at: datetime.datetime | None = None
) -> Article | None:
    """Run the service behind a named action on an article just saved; ``None`` for a plain save."""
    service = _FORM_SERVICES.get(action)
    if service is None:
        return None
    if action == SCHEDULE:
        return service(article=article, user=user, publish_at=publish_at)
    return service(article=article, user=user)
