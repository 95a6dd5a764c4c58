"""The admin home as the newsroom desk: what waits for review, what is scheduled, one's own
drafts, what just went out, and the problems ``check_content`` finds in those articles."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from articles import workflow
from articles.admin.filters import MineFilter, StatusFilter
from articles.content_checks import check_articles
from articles.models import Article

QUEUE_SIZE = 8
# Findings listed on the desk; the full report is `manage.py check_content`.
PROBLEM_LIMIT = 10
DESK_FIELDS = ["pk", "title", "status", "publish_at", "updated_at", "created_by"]


@dataclass
class Queue:
    key: str
    title: str
    items: list = field(default_factory=list)
    empty: str = ""
    more_url: str = ""


def _line(article: Article, meta: str, url: str) -> dict:
    return {"pk": article.pk, "title": article.title, "meta": meta, "url": url}


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def newsroom_desk(user: AbstractBaseUser) -> list[Queue]:
    """The desk's queues for ``user``, each a short list of links; a handful of queries in all."""
    changelist = reverse("admin:articles_article_changelist")
    visible = workflow.visible_to(user).only(*DESK_FIELDS)
    now = timezone.now()

    review = [
        _line(
            article,
            _("%(writer)s · menunggu %(age)s")
            % {"writer": _writer(article), "age": _age(article.updated_at, now)},
            _change_url(article),
        )
        for article in visible.filter(status=Article.Status.REVIEW)
        .select_related("created_by")
        .only(*DESK_FIELDS, "created_by__username", "created_by__first_name", "created_by__last_name")
        .order_by("updated_at", "pk")[:QUEUE_SIZE]
    ]
    scheduled = [
        _line(article, _("tayang %(when)s") % {"when": _when(article.publish_at)}, _change_url(article))
        for article in visible.scheduled(at=now).order_by("publish_at", "pk")[:QUEUE_SIZE]
    ]
    drafts = [
        _line(
            article,
            _("disimpan %(when)s") % {"when": _when(article.updated_at)},
            _change_url(article),
        )
        for article in Article.objects.filter(workflow.owned_by(user), status=Article.Status.DRAFT)
        .only(*DESK_FIELDS)
        .order_by("-updated_at", "-pk")[:QUEUE_SIZE]
    ]
    may_publish = workflow.can_publish(user)
    published = [
        _line(
            article,
            _("tayang %(when)s") % {"when": _when(article.publish_at)},
            _change_url(article) if may_publish else article.get_absolute_url(),
        )
        for article in Article.objects.published(at=now)
        .only(*DESK_FIELDS, "slug")
        .latest_first()[:QUEUE_SIZE]
    ]
    # Problems only in what is on the desk (and the user may open): cheap, and what matters now.
    on_desk = {line["pk"] for line in review + scheduled + drafts + published}
    return [
        Queue(
            "review",
            _("Menunggu tinjauan"),
            review,
            _("Tidak ada tulisan yang menunggu tinjauan."),
            f"{changelist}?status__exact=review",
        ),
        Queue(
            "scheduled",
            _("Terjadwal"),
            scheduled,
            _("Tidak ada yang terjadwal."),
            f"{changelist}?status__exact={StatusFilter.SCHEDULED}",
        ),
        Queue(
            "drafts",
            _("Draf saya"),
            drafts,
            _("Tidak ada draf."),
            f"{changelist}?status__exact=draft&{MineFilter.parameter_name}={MineFilter.MINE}",
        ),
        Queue("published", _("Baru terbit"), published, _("Belum ada yang terbit."), ""),
        Queue(
            "problems",
            _("Perlu diperbaiki"),
            problems(visible.filter(pk__in=on_desk)),
            _("Tidak ada masalah."),
        ),
    ]


def problems(articles: QuerySet) -> list[dict]:
    """What ``check_content`` finds in the desk's articles, each linked to the article's form."""
    found = []
    for finding in check_articles(articles):
        found.append(
            {
                "pk": finding.article_id,
                "title": finding.article_title,
                "meta": finding.message,
                "url": reverse("admin:articles_article_change", args=[finding.article_id]),
            }
        )
        if len(found) == PROBLEM_LIMIT:
            break
    return found


def _writer(article: Article) -> str:
    user = article.created_by
    if user is None:
        return _("tanpa penulis")
    return user.get_full_name() or user.get_username()


def _age(moment, now) -> str:
    if now - moment < datetime.timedelta(minutes=1):
        return _("baru saja")
    return timesince(moment, now, depth=1)


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "l, j F Y H.i")
