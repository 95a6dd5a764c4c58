"""Soft edit locks: "Sedang disunting oleh Nadia sejak 10.02", renewed by the open page, expiring by itself.

The page holding the form renews its lock every ``HEARTBEAT_SECONDS``; a lock not renewed
for ``LOCK_SECONDS`` belongs to nobody. Locks only inform the second editor: the form's
stale-save refusal is what keeps one save from overwriting another.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import EditLock

HEARTBEAT_SECONDS = 30
# Three missed heartbeats: a busy or briefly offline page keeps its lock, a closed one loses it soon.
LOCK_SECONDS = 90


def claim(*, article_id: int, user: AbstractBaseUser) -> EditLock | None:
    """Take or renew the lock on an article for ``user``.

    Returns ``None`` when ``user`` holds it now, or the other person's live lock (their
    name and since when) when someone else has the article open.
    """
    now = timezone.now()
    with transaction.atomic():
        lock = (
            EditLock.objects.select_for_update().select_related("user").filter(article_id=article_id).first()
        )
        if lock is None:
            try:
                with transaction.atomic():
                    EditLock.objects.create(article_id=article_id, user=user, since=now, renewed_at=now)
            except IntegrityError:
                # Another page took it in the same instant; theirs stands and this one is told.
                return EditLock.objects.select_related("user").filter(article_id=article_id).first()
            return None
        if lock.user_id != user.pk and not is_expired(lock, now):
            return lock
        if lock.user_id != user.pk:
            lock.user, lock.since = user, now
        lock.renewed_at = now
        lock.save()
    return None


def release(*, article_id: int, user: AbstractBaseUser) -> None:
    """The holder leaves the page (or saves and goes on): the lock is free at once."""
    EditLock.objects.filter(article_id=article_id, user=user).delete()


def is_expired(lock: EditLock, now: datetime.datetime | None = None) -> bool:
    return lock.renewed_at <= (now or timezone.now()) - datetime.timedelta(seconds=LOCK_SECONDS)


def holder_name(lock: EditLock) -> str:
    user = lock.user
    return user.first_name or user.get_full_name() or user.get_username()
