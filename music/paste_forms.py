"""Forms of the tracklist paste: the pasted text, the preview's rows and names, and where the list goes."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from music.models import Artist, Film, Release, Track
from music.paste import NEW, Row
from music.tracklist import format_duration, parse_duration

MAX_LINES = 200
NAME_LIST_HELP = _("Pisahkan nama dengan koma.")


class TrackDurationField(forms.Field):
    """A track's length as tracklists write it (``3:45``, ``1:02:03``), read and shown by ``music.tracklist``.

    The paste preview's rows and the release admin's tracklist rows both take it, so an
    editor types a length the same way in either (Django's own field shows ``00:03:45``).
    """

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Tulis durasi seperti 3:45.")}

    def prepare_value(self, value):
        return format_duration(value) if isinstance(value, timedelta) else value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        duration = parse_duration(text)
        if duration is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return duration


class PasteForm(forms.Form):
    tracklist = forms.CharField(
        label=_("Daftar lagu"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100, "class": "vLargeTextField paste-tracklist"}),
        help_text=_(
            "Tempel satu lagu per baris, seperti di siaran pers atau halaman streaming, misalnya "
            "“1. Melangkah – Sissy Prescillia & Vanesha Prescillia (musik: Andi Rianto, lirik: Monty Tiwa)” "
            "atau “2. Seberapa Pantas - Sissy Prescillia (cover Sheila On 7)”. Nomor, durasi (3:45), "
            "feat./ft./x/&/dan di antara nama boleh ada."
        ),
    )

    def clean_tracklist(self):
        text = self.cleaned_data["tracklist"].replace("\x00", "")
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Daftar lagu masih kosong."))
        if len(lines) > MAX_LINES:
            raise forms.ValidationError(
                _("Paling banyak %(max)d baris sekali tempel; daftar ini %(count)d baris.")
                % {"max": MAX_LINES, "count": len(lines)}
            )
        return text


class AdminLabelsForm(forms.Form):
    """Labels start with a capital, as the admin shows a model field's (lowercase) name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


class ReleaseTargetForm(AdminLabelsForm):
    """Where an article's pasted list goes: an existing release, or a new one (a film's soundtrack)."""

    release = forms.ModelChoiceField(
        label=_("Rilisan yang sudah ada"),
        queryset=Release.objects.all(),
        required=False,
        widget=AutocompleteSelect(Track._meta.get_field("release"), admin.site),
    )
    new_title = forms.CharField(
        label=_("atau judul rilisan baru"),
        max_length=300,
        required=False,
        help_text=_("Misalnya “Backstage (Original Motion Picture Soundtrack)”."),
    )
    new_kind = forms.ChoiceField(
        label=_("jenis rilisan baru"), choices=Release.Kind, initial=Release.Kind.SOUNDTRACK, required=False
    )
    film = forms.ModelChoiceField(
        label=_("soundtrack untuk film"),
        queryset=Film.objects.none(),
        required=False,
        help_text=_("Rilisan baru berjenis soundtrack dipasang sebagai soundtrack film ini."),
    )

    def __init__(self, *args, films=None, existing=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not existing:
            del self.fields["release"]
            self.fields["new_title"].label = capfirst(_("judul rilisan baru"))
            self.fields["new_kind"].label = capfirst(_("jenis rilisan"))
        if films is None:
            del self.fields["film"]
        else:
            self.fields["film"].queryset = films

    def clean(self):
        cleaned = super().clean()
        release, title = cleaned.get("release"), (cleaned.get("new_title") or "").strip()
        if release and title:
            raise forms.ValidationError(
                _("Pilih rilisan yang sudah ada atau tulis judul baru, bukan keduanya.")
            )
        if not release and not title:
            raise forms.ValidationError(_("Pilih rilisan yang sudah ada atau tulis judul rilisan baru."))
        return cleaned

    def target(self) -> Release:
        """The chosen release, or an unsaved new one (a release of that title and kind is reused)."""
        release = self.cleaned_data.get("release")
        if release is not None:
            return release
        title = " ".join(self.cleaned_data["new_title"].split())
        kind = self.cleaned_data.get("new_kind") or self.fields["new_kind"].initial
        existing = Release.objects.filter(title__iexact=title, kind=kind).order_by("pk").first()
        return existing or Release(title=title, kind=kind)


def names_text(names) -> str:
    return ", ".join(names)


def names_list(text) -> list[str]:
    return [" ".join(name.split()) for name in (text or "").split(",") if name.strip()]


class RowForm(AdminLabelsForm):
    """One track of the preview; names are comma-separated."""

    line_number = forms.IntegerField(widget=forms.HiddenInput)
    raw = forms.CharField(widget=forms.HiddenInput, required=False)
    problem = forms.CharField(widget=forms.HiddenInput, required=False)
    skip = forms.BooleanField(label=_("Lewati"), required=False)
    disc = forms.IntegerField(label=_("cakram"), min_value=1, max_value=99, initial=1)
    position = forms.IntegerField(label=_("nomor"), min_value=1, max_value=999, required=False)
    title = forms.CharField(label=_("judul"), max_length=300, required=False)
    song = forms.CharField(label=_("lagu"), widget=forms.Select, initial=NEW)
    version = forms.CharField(label=_("versi"), max_length=200, required=False)
    duration = TrackDurationField(label=_("durasi"), required=False)
    performers = forms.CharField(label=_("penampil"), max_length=1000, required=False)
    featured = forms.CharField(label=_("artis tamu"), max_length=1000, required=False)
    covered = forms.CharField(label=_("cover dari (artis asli)"), max_length=1000, required=False)
    composers = forms.CharField(label=_("komposer"), max_length=1000, required=False)
    lyricists = forms.CharField(label=_("penulis lirik"), max_length=1000, required=False)
    arrangers = forms.CharField(label=_("penata musik"), max_length=1000, required=False)
    producers = forms.CharField(label=_("produser"), max_length=1000, required=False)

    @staticmethod
    def initial_for(row: Row) -> dict:
        return {
            "line_number": row.line_number,
            "raw": row.raw,
            "problem": row.problem,
            "skip": row.skip,
            "disc": row.disc,
            "position": row.position,
            "title": row.title,
            "song": row.song,
            "version": row.version,
            "duration": format_duration(row.duration),
            **{name_field: names_text(getattr(row, name_field)) for name_field in NAME_TEXT_FIELDS},
        }

    def set_song_choices(self, choice, new_label):
        self.fields["song"].widget.choices = [(NEW, new_label)] + [
            (str(song.pk), _song_label(song, level)) for song, level in choice.candidates
        ]
        if self.is_bound:
            return
        self.initial["song"] = choice.default

    def clean_song(self):
        value = self.cleaned_data["song"]
        if value != NEW and not value.isdigit():
            raise forms.ValidationError(_("Pilih lagu dari daftar."))
        return value

    def to_row(self) -> Row:
        data = self.cleaned_data
        return Row(
            line_number=data["line_number"],
            raw=data.get("raw", ""),
            problem=data.get("problem", ""),
            skip=data.get("skip", False),
            disc=data.get("disc") or 1,
            position=data.get("position"),
            title=" ".join((data.get("title") or "").split()),
            song=data.get("song") or NEW,
            version=data.get("version", ""),
            duration=data.get("duration"),
            **{name_field: names_list(data.get(name_field)) for name_field in NAME_TEXT_FIELDS},
        )


NAME_TEXT_FIELDS = ["performers", "featured", "covered", "composers", "lyricists", "arrangers", "producers"]
LEVELS = {
    "exact": _("sama persis"),
    "insensitive": _("sama, beda huruf besar/aksen"),
    "close": _("mirip"),
}


def _song_label(song, level):
    return f"{song} · {LEVELS.get(level, '')}"


class RowFormSet(forms.BaseFormSet):
    pass


RowFormSetFactory = forms.formset_factory(
    RowForm, formset=RowFormSet, extra=0, max_num=MAX_LINES, absolute_max=MAX_LINES, validate_max=True
)


class NameForm(forms.Form):
    """One name of the pasted list: the artist it is, or a new artist of a kind."""

    key = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(widget=forms.HiddenInput, max_length=200)
    match = forms.CharField(label=_("artis"), widget=forms.Select)
    kind = forms.ChoiceField(label=_("jenis bila baru"), choices=Artist.Kind, initial=Artist.Kind.PERSON)

    def set_choices(self, name_match, artists):
        """Options: a new artist, then the exact, insensitive and close matches (``artists`` by pk)."""
        choices = [(NEW, _("Artis baru: %(name)s") % {"name": name_match.name})]
        for entry in name_match.candidates:
            artist = artists.get(entry.pk)
            if artist is not None:
                detail = ", ".join(part for part in (artist.get_kind_display(), artist.origin_city) if part)
                choices.append((str(artist.pk), f"{artist.name} ({detail}) · {LEVELS[name_match.level]}"))
        self.fields["match"].widget.choices = choices
        self.level = name_match.level

    def clean_match(self):
        value = self.cleaned_data["match"]
        if value != NEW and not value.isdigit():
            raise forms.ValidationError(_("Pilih artis dari daftar."))
        return value


NameFormSetFactory = forms.formset_factory(
    NameForm, extra=0, max_num=MAX_LINES * 5, absolute_max=MAX_LINES * 5, validate_max=True
)
