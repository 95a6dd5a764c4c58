"""Publishing without guessing: the article form's named actions, its state line, the soft edit
lock and tag suggestions (mixed into ``ArticleAdmin``)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from articles import locks, workflow
from articles.models import Article

TAG_SUGGESTIONS = 10

# One name per workflow step: the form's buttons and the list's bulk actions say the same.
ACTION_LABELS = {
    workflow.SUBMIT: gettext_lazy("Kirim untuk ditinjau"),
    workflow.PUBLISH: gettext_lazy("Terbitkan sekarang"),
    workflow.SCHEDULE: gettext_lazy("Jadwalkan…"),
    workflow.UNPUBLISH: gettext_lazy("Tarik dari situs"),
    workflow.BACK_TO_DRAFT: gettext_lazy("Kembalikan ke draf"),
}


def when(moment):
    """A moment as the newsroom says it: "Senin, 3 Januari 2022 09.00 WIB" in the site's timezone."""
    return date_format(timezone.localtime(moment), "l, j F Y H.i T")


def state_line(article: Article) -> str:
    """What the article is now, for the form's head ("Terjadwal: tayang Senin, 3 Januari 2022 09.00 WIB")."""
    if article.pk is None:
        return _("Artikel baru: belum disimpan, belum tayang")
    if article.is_scheduled:
        return _("Terjadwal: tayang %(when)s") % {"when": when(article.publish_at)}
    if article.is_published:
        return _("Terbit: tayang sejak %(when)s") % {"when": when(article.publish_at)}
    if article.status == Article.Status.REVIEW:
        return _("Menunggu tinjauan: belum tayang")
    return _("Draf: belum tayang")


def action_buttons(article: Article, actions: list[str]) -> list[dict]:
    """The buttons of the form's publishing bar, in the order offered, with their labels."""
    new_or_draft = article.pk is None or article.status == Article.Status.DRAFT
    labels = {
        **ACTION_LABELS,
        workflow.SAVE: _("Simpan draf") if new_or_draft else _("Simpan perubahan"),
    }
    if article.is_scheduled:
        labels[workflow.SCHEDULE] = _("Jadwalkan ulang…")
    return [{"action": action, "label": labels[action]} for action in actions]


def lock_notice(lock) -> str:
    if lock is None:
        return ""
    since = date_format(timezone.localtime(lock.since), "H.i")
    return _("Sedang disunting oleh %(name)s sejak %(since)s") % {
        "name": locks.holder_name(lock),
        "since": since,
    }


class PublishingAdminMixin:
    """Named actions, state line, soft lock and tag suggestions for the article admin."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actions = tuple(workflow.form_actions(request.user, obj or Article()))
        return form

    def publishing_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/kunci/", view(require_POST(self.lock_view)), name=f"{name}_lock"),
            path(
                "<path:object_id>/kunci/lepas/",
                view(require_POST(self.release_lock_view)),
                name=f"{name}_unlock",
            ),
            path(
                "tag-saran/",
                view(require_GET(self.tag_suggestions_view)),
                name=f"{name}_tag_suggestions",
            ),
        ]

    def publishing_context(self, request, obj):
        """The state line, the publishing bar's buttons and the lock notice, for the change form."""
        article = obj or Article()
        actions = workflow.form_actions(request.user, article)
        lock = None
        if obj is not None and request.method == "GET" and actions:
            lock = locks.claim(article_id=obj.pk, user=request.user)
        return {
            "publishing_state": state_line(article),
            "publishing_buttons": action_buttons(article, actions),
            "publishing_timezone": timezone.localtime().tzname(),
            "site_time_zone": settings.TIME_ZONE,
            "lock_notice": lock_notice(lock),
            "lock_heartbeat_ms": locks.HEARTBEAT_SECONDS * 1000,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.publishing_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = form.cleaned_data.get("workflow_action", workflow.SAVE)
        try:
            changed = workflow.apply_form_action(
                action=action,
                article=form.instance,
                user=request.user,
                publish_at=form.cleaned_data.get("scheduled_for"),
            )
        except (workflow.WorkflowError, PermissionDenied) as error:
            # The form checked the action against the state it loaded; the state moved since.
            self.message_user(request, _("Tersimpan, tetapi: %(error)s") % {"error": error}, messages.WARNING)
            return
        if changed is not None:
            form.instance.status, form.instance.publish_at = changed.status, changed.publish_at
            request.workflow_title = changed.title
            request.workflow_comment = workflow.last_comment(changed)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        comment = getattr(request, "workflow_comment", "")
        if comment and level == messages.SUCCESS and not getattr(request, "workflow_told", False):
            # The admin's "changed successfully" says less than what was done: say that instead.
            request.workflow_told = True
            message = f"{comment}: “{request.workflow_title}”."
        super().message_user(request, message, level, *args, **kwargs)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        comment = getattr(request, "workflow_comment", "")
        if not comment:
            return message
        # The history says what was done ("Diterbitkan") before what was changed.
        entry = LogEntry(change_message=json.dumps(message))
        return ". ".join(part for part in (comment, entry.get_change_message()) if part)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and request.POST.get("workflow_action") and "_popup" not in request.POST:
            # A named action keeps the editor on the article, showing its new state.
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().changeform_view(request, object_id, form_url, extra_context)

    # Small JSON views of the change form: the soft lock's heartbeat and release, tag suggestions.

    def _lockable(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def lock_view(self, request, object_id):
        obj = self._lockable(request, object_id)
        return JsonResponse({"notice": lock_notice(locks.claim(article_id=obj.pk, user=request.user))})

    def release_lock_view(self, request, object_id):
        obj = self._lockable(request, object_id)
        locks.release(article_id=obj.pk, user=request.user)
        return JsonResponse({"notice": ""})

    def tag_suggestions_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip().replace("\x00", "")[:100]
        if not query:
            return JsonResponse({"tags": []})
        starts = list(
            Tag.objects.filter(name__istartswith=query)
            .order_by("name")
            .values_list("name", flat=True)[:TAG_SUGGESTIONS]
        )
        more = TAG_SUGGESTIONS - len(starts)
        if more > 0:
            starts += (
                Tag.objects.filter(name__icontains=query)
                .exclude(name__istartswith=query)
                .order_by("name")
                .values_list("name", flat=True)[:more]
            )
        return JsonResponse({"tags": starts})
