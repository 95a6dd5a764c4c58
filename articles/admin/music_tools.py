"""The article form's music tools: paste a tracklist, and link the music the text names in one click each.

``MusicToolsMixin`` adds to the article admin: in the "Musik dalam artikel" section, links
to paste a tracklist (``music.admin_paste``, onto an existing or new release, then linked to
the article) and to the suggestions (``articles.suggestions``); after each save, a message
naming the music the text mentions but does not link. With JavaScript
(``articles/admin/music_tools.js``) the suggestions appear in the section itself, read from
the text as it is being written, and a click adds one to its chooser; without it, a page
lists them with a button each.
"""

import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.suggestions import FIELDS, MODELS, suggest_music, suggestions_for
from music.admin_paste import paste_flow
from music.models import Release
from music.paste_forms import ReleaseTargetForm

# The longest text the live suggestions read (a long feature is about 60,000 characters of HTML).
TEXT_LIMIT = 300_000


class MusicToolsMixin:
    """Music tools of the article admin (module docstring); put before the ModelAdmin base class."""

    music_fields = ("artists", "songs", "releases", "films")

    @property
    def media(self):
        return super().media + forms.Media(
            js=["articles/admin/music_tools.js"], css={"all": ["articles/admin/music_tools.css"]}
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "musik/saran-dari-teks/",
                view(require_POST(self.music_suggest_text_view)),
                name="articles_article_music_suggest_text",
            ),
            path(
                "<path:object_id>/musik/tempel/",
                view(self.music_paste_view),
                name="articles_article_music_paste",
            ),
            path(
                "<path:object_id>/musik/saran/",
                view(self.music_suggestions_view),
                name="articles_article_music_suggestions",
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        tools = None
        result = []
        for name, options in fieldsets:
            if "artists" in options.get("fields", ()):
                if tools is None:
                    tools = self.music_tools_html(request, obj)
                options = {**options, "description": tools}
            result.append((name, options))
        return result

    def music_tools_html(self, request, obj):
        """The section's tools: links that work without JavaScript, and the live suggestions' place."""
        editable = (
            self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request)
        )
        if not editable:
            return ""
        context = {
            "article": obj,
            "suggest_url": reverse(
                "admin:articles_article_music_suggest_text", current_app=self.admin_site.name
            ),
            "can_paste": request.user.has_perm("music.add_track"),
        }
        if obj is not None and obj.pk:
            context["paste_url"] = reverse(
                "admin:articles_article_music_paste", args=[obj.pk], current_app=self.admin_site.name
            )
            context["suggestions_url"] = reverse(
                "admin:articles_article_music_suggestions", args=[obj.pk], current_app=self.admin_site.name
            )
        return render_to_string("admin/articles/article/_music_tools.html", context, request=request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After each save: the music the text names and the article does not link yet.
        found = suggestions_for(form.instance)
        if found:
            url = reverse(
                "admin:articles_article_music_suggestions",
                args=[form.instance.pk],
                current_app=self.admin_site.name,
            )
            names = format_html_join(", ", "{}", ((suggestion.label,) for suggestion in found[:8]))
            more = _(" dan %(count)d lainnya") % {"count": len(found) - 8} if len(found) > 8 else ""
            messages.info(
                request,
                format_html(
                    '{} {}{}. <a href="{}">{}</a>',
                    _("Musik yang disebut di teks tetapi belum ditautkan:"),
                    names,
                    more,
                    url,
                    _("Tinjau saran musik"),
                ),
            )

    # Views.

    def _article_for_music(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("Artikel ini tidak ada (mungkin sudah dihapus)."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk], current_app=self.admin_site.name)

    def music_paste_view(self, request, object_id):
        """A tracklist pasted from the article: onto a release (existing or new), then linked to the article."""
        article = self._article_for_music(request, object_id)
        if not request.user.has_perm("music.add_track"):
            raise PermissionDenied
        films = article.films.select_related("soundtrack")
        target_form = ReleaseTargetForm(
            request.POST if request.method == "POST" else None,
            films=films,
            initial=_target_initial(article, films),
        )
        change_url = self._change_url(article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Tempel daftar lagu untuk artikel ini"),
            "cancel_url": change_url,
        }

        def link(outcome, form):
            film = form.cleaned_data.get("film") if form is not None else None
            with reversion.create_revision():
                article.releases.add(outcome.release)
                article.songs.add(*outcome.songs)
                article.artists.add(*outcome.artists)
                if film is not None:
                    article.films.add(film)
                    if (
                        film.soundtrack_id is None
                        and outcome.release.kind == Release.Kind.SOUNDTRACK
                        and request.user.has_perm("music.change_film")
                    ):
                        film.soundtrack = outcome.release
                        film.save(update_fields=["soundtrack", "updated_at"])
                reversion.set_user(request.user)
                reversion.set_comment(
                    _("Daftar lagu ditempel: %(release)s") % {"release": outcome.release.title}
                )
                reversion.add_to_revision(article)

        def done(outcome, form):
            messages.info(request, _("Rilisan, lagu, dan artisnya ditautkan ke artikel ini."))
            return redirect(change_url)

        return paste_flow(request, context=context, target_form=target_form, on_done=done, then=link)

    def music_suggestions_view(self, request, object_id):
        """The suggestions as a page (without JavaScript): each with a button that links it at once."""
        article = self._article_for_music(request, object_id)
        if request.method == "POST":
            kind, _sep, pk = request.POST.get("add", "").partition(":")
            target = MODELS[kind].objects.filter(pk=pk).first() if kind in MODELS and pk.isdigit() else None
            if target is None:
                messages.error(request, _("Musik yang dipilih tidak ditemukan; mungkin sudah dihapus."))
            else:
                with transaction.atomic(), reversion.create_revision():
                    getattr(article, FIELDS[kind]).add(target)
                    reversion.set_user(request.user)
                    reversion.set_comment(_("Musik ditautkan: %(name)s") % {"name": target})
                    reversion.add_to_revision(article)
                messages.success(request, _("“%(name)s” ditautkan ke artikel ini.") % {"name": target})
            return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Saran musik dari teks"),
            "suggestions": suggestions_for(article),
            "change_url": self._change_url(article),
        }
        return TemplateResponse(request, "admin/articles/article/music_suggestions.html", context)

    def music_suggest_text_view(self, request):
        """Suggestions for the text being written (JSON), leaving out what the form's choosers hold."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        text = {
            name: request.POST.get(name, "")[:TEXT_LIMIT].replace("\x00", "")
            for name in ("title", "dek", "body")
        }
        exclude = {
            kind: {int(pk) for pk in request.POST.getlist(field) if pk.isdigit()}
            for kind, field in FIELDS.items()
        }
        found = suggest_music(**text, exclude=exclude)
        return JsonResponse(
            {
                "suggestions": [
                    {
                        "kind": suggestion.kind,
                        "field": suggestion.field,
                        "id": suggestion.obj.pk,
                        "label": suggestion.label,
                        "kind_label": suggestion.kind_label,
                    }
                    for suggestion in found
                ],
                "empty": _("Tidak ada musik lain di database yang disebut di teks."),
            }
        )


def _target_initial(article, films) -> dict:
    """A film's soundtrack first: the one it has, or a new one named after the film."""
    for film in films:
        if film.soundtrack_id:
            return {"release": film.soundtrack_id}
    for film in films:
        return {"film": film.pk, "new_title": f"{film.title} (Original Motion Picture Soundtrack)"}
    return {}
