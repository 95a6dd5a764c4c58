"""The tracklist paste in the admin: paste, preview (each line parsed, each name matched), correct, confirm.

Plain forms and POSTs, so it works without JavaScript; ``music/admin/paste.js`` only makes
the preview quicker to read. Used by the release admin (``paste_into_release``) and by the
article admin (``articles.admin.music_tools``), which passes where the list goes and what
to do once it is written.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from music.matching import name_index
from music.models import Artist
from music.paste import NEW, Row, apply_tracklist, check_rows, names_in, song_choices
from music.paste_forms import (
    NAME_TEXT_FIELDS,
    NameFormSetFactory,
    PasteForm,
    RowForm,
    RowFormSetFactory,
    names_list,
)
from music.tracklist import parse_duration, parse_tracklist

TEMPLATE = "admin/music/tracklist_paste.html"
ROWS, NAMES = "rows", "names"


def paste_flow(request, *, context, release=None, target_form=None, on_done, then=None):
    """Answer one step of the paste for ``release``, or for the release ``target_form`` names.

    ``context`` is the admin page's context (title, breadcrumbs' ``opts`` and ``original``,
    ``cancel_url``); ``then(outcome, target_form)`` runs inside the writing transaction;
    ``on_done(outcome, target_form)`` answers once the list is written.
    """
    action = request.POST.get("action", "preview") if request.method == "POST" else "start"
    context = {**context, "target_form": target_form, "release": release}
    if target_form is not None and request.method == "POST" and not target_form.is_valid():
        if action in ("refresh", "confirm"):
            messages.error(request, _("Periksa lagi rilisan tujuan."))
        action = "start" if action in ("start", "edit") else "edit"

    if action in ("start", "edit"):
        text = request.POST.get("tracklist", "")[:20_000] if action == "edit" else ""
        return _render(request, context, stage="paste", paste_form=PasteForm(initial={"tracklist": text}))

    index = name_index()
    target = release if release is not None else target_form.target()
    context["target_label"] = target.title if target.pk else _("%(title)s (baru)") % {"title": target.title}
    if action == "preview":
        form = PasteForm(request.POST)
        if not form.is_valid():
            return _render(request, context, stage="paste", paste_form=form)
        lines = parse_tracklist(
            form.cleaned_data["tracklist"], is_known_name=lambda name: index.knows("artist", name)
        )
        rows = [Row.from_parsed(line) for line in lines]
        return _preview(request, context, rows, index, decisions={}, tracklist=form.cleaned_data["tracklist"])

    row_formset = RowFormSetFactory(request.POST, prefix=ROWS)
    name_formset = NameFormSetFactory(request.POST, prefix=NAMES)
    tracklist = request.POST.get("tracklist", "")[:20_000]
    if not row_formset.is_valid() or not name_formset.is_valid():
        error = _("Ada isian yang perlu diperbaiki; lihat tanda merah di bawah.")
        return _refused(request, context, row_formset, name_formset, index, tracklist, error)
    rows = [form.to_row() for form in row_formset.forms]
    decisions = {form.cleaned_data["key"]: form.cleaned_data["match"] for form in name_formset.forms}
    kinds = {form.cleaned_data["key"]: form.cleaned_data["kind"] for form in name_formset.forms}
    undecided = set(names_in(rows)) - set(decisions)
    # A song picked for a title the editor has since changed is picked again, shown first.
    retitled = any(
        not row.skip
        and row.song != NEW
        and row.song not in {str(song.pk) for song, _level in choice.candidates}
        for row, choice in zip(rows, song_choices(rows, index), strict=True)
    )
    if action == "refresh" or undecided or retitled:
        error = ""
        if action == "confirm" and undecided:
            error = _("Ada nama baru di daftar; periksa pencocokannya, lalu simpan lagi.")
        elif action == "confirm":
            error = _("Judul lagu berubah; periksa lagu yang dipakai, lalu simpan lagi.")
        return _preview(
            request, context, rows, index, decisions=decisions, kinds=kinds, tracklist=tracklist, error=error
        )

    problems = check_rows(target, rows)
    if problems:
        for number, problem in problems.items():
            row_formset.forms[number].add_error(None, problem)
        error = _("Ada baris yang belum bisa disimpan; lihat catatannya di bawah.")
        return _refused(request, context, row_formset, name_formset, index, tracklist, error)
    try:
        outcome = apply_tracklist(
            release=target,
            rows=rows,
            artist_choices=decisions,
            new_artist_kinds=kinds,
            user=request.user,
            then=(lambda outcome: then(outcome, target_form)) if then else None,
        )
    except (PermissionDenied, ValidationError) as error:
        if isinstance(error, PermissionDenied):
            reason = _("Anda tidak berhak menambah lagu, artis, atau rilisan yang diperlukan daftar ini.")
        else:
            reason = " ".join(error.messages)
        return _preview(
            request, context, rows, index, decisions=decisions, kinds=kinds, tracklist=tracklist, error=reason
        )
    messages.success(
        request,
        _(
            "Daftar lagu disimpan di “%(release)s”: %(tracks)d lagu baru di daftar, %(songs)d lagu baru, "
            "%(artists)d artis baru, %(credits)d kredit baru."
        )
        % {
            "release": outcome.release.title,
            "tracks": outcome.created_tracks,
            "songs": outcome.created_songs,
            "artists": outcome.created_artists,
            "credits": outcome.created_credits,
        },
    )
    skipped = [row for row in rows if row.skip and (row.raw or row.title)]
    if skipped:
        messages.warning(
            request,
            _("Baris yang dilewati (tidak disimpan): %(lines)s")
            % {"lines": " · ".join(row.raw or row.title for row in skipped)},
        )
    return on_done(outcome, target_form)


def _preview(request, context, rows, index, *, decisions, kinds=None, tracklist="", error=""):
    """The preview from rows: unbound forms, songs and names matched, earlier choices kept."""
    kinds = kinds or {}
    row_formset = RowFormSetFactory(prefix=ROWS, initial=[RowForm.initial_for(row) for row in rows])
    for form, choice in zip(row_formset.forms, song_choices(rows, index), strict=True):
        form.set_song_choices(choice, _("Lagu baru"))
    names = names_in(rows)
    matches = {key: index.match("artist", name) for key, name in names.items()}
    artists = Artist.objects.in_bulk({entry.pk for match in matches.values() for entry in match.candidates})
    initial = []
    for key, name in names.items():
        match = matches[key]
        chosen = decisions.get(key)
        if chosen is None or (chosen != NEW and int(chosen) not in artists):
            chosen = str(match.chosen.pk) if match.chosen else NEW
        initial.append(
            {"key": key, "name": name, "match": chosen, "kind": kinds.get(key, Artist.Kind.PERSON)}
        )
    name_formset = NameFormSetFactory(prefix=NAMES, initial=initial)
    for form, key in zip(name_formset.forms, names, strict=True):
        form.set_choices(matches[key], artists)
    return _render(
        request,
        context,
        stage="preview",
        row_formset=row_formset,
        name_formset=name_formset,
        tracklist=tracklist,
        error=error,
    )


def _refused(request, context, row_formset, name_formset, index, tracklist, error):
    """The preview again with the editor's own input and what stopped the save."""
    _choices_for_bound(row_formset, name_formset, index)
    return _render(
        request,
        context,
        stage="preview",
        row_formset=row_formset,
        name_formset=name_formset,
        tracklist=tracklist,
        error=error,
    )


def _choices_for_bound(row_formset, name_formset, index):
    """Options for forms shown again with the editor's input (and its errors)."""
    rows = [_row_from_input(form) for form in row_formset.forms]
    for form, choice in zip(row_formset.forms, song_choices(rows, index), strict=True):
        form.set_song_choices(choice, _("Lagu baru"))
    matches = [index.match("artist", form["name"].value() or "") for form in name_formset.forms]
    artists = Artist.objects.in_bulk({entry.pk for match in matches for entry in match.candidates})
    for form, match in zip(name_formset.forms, matches, strict=True):
        form.set_choices(match, artists)


def _row_from_input(form) -> Row:
    """A row from what the editor typed, valid or not (only to offer songs again)."""

    def value(name):
        return form[name].value() or ""

    return Row(
        line_number=0,
        raw=value("raw"),
        title=" ".join(value("title").split()),
        song=value("song") or NEW,
        duration=parse_duration(value("duration")),
        **{name_field: names_list(value(name_field)) for name_field in NAME_TEXT_FIELDS},
    )


def _render(request, context, *, stage, **extra):
    extra.setdefault("error", "")
    names = extra.get("name_formset")
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **context,
            "stage": stage,
            "new_names": sum(1 for form in names.forms if form["match"].value() == NEW) if names else 0,
            **extra,
        },
    )
