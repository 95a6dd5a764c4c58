"""Admin for artists, songs, releases with their tracklists, and films."""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from music.admin_paste import paste_flow
from music.models import (
    Artist,
    ArtistLink,
    CreditRole,
    Film,
    FilmCredit,
    Genre,
    Membership,
    Release,
    ReleaseCredit,
    Song,
    SongCredit,
    StreamingLink,
    Track,
    TrackCredit,
)
from music.paste_forms import ReleaseTargetForm, TrackDurationField
from pophariini.admin_access import MusicAccessMixin
from pophariini.admin_display import boolean_icon, thumbnail
from pophariini.chooser import PhotoChooserMixin


class CreditInline(admin.TabularInline):
    extra = 1
    autocomplete_fields = ["artist"]
    fields = ["artist", "role", "position"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "group"
    extra = 1
    autocomplete_fields = ["member"]
    fields = ["member", "role", "start_year", "end_year", "position"]
    verbose_name = _("anggota")
    verbose_name_plural = _("anggota grup")


class ArtistLinkInline(admin.TabularInline):
    model = ArtistLink
    extra = 1
    fields = ["platform", "url", "position"]


@admin.register(Genre)
class GenreAdmin(MusicAccessMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Artist)
class ArtistAdmin(PhotoChooserMixin, MusicAccessMixin, admin.ModelAdmin):
    list_display = ["preview", "name", "kind", "origin_city", "updated_at"]
    list_display_links = ["preview", "name"]
    list_filter = ["kind", "genres"]
    search_fields = ["name", "origin_city"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["genres"]
    inlines = [MembershipInline, ArtistLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "origin_city", "photo", "genres", "bio"]}),
    ]

    @admin.display(description=_("foto"))
    def preview(self, obj):
        return thumbnail(obj.photo, size=48)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")


class SongCreditInline(CreditInline):
    model = SongCredit
    verbose_name_plural = _("penulis lagu (komposer, penulis lirik, penata musik)")


@admin.register(Song)
class SongAdmin(MusicAccessMixin, admin.ModelAdmin):
    list_display = ["title", "original_artist_names", "year"]
    search_fields = ["title", "original_artists__name"]
    list_filter = ["year"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["original_artists"]
    fields = ["title", "slug", "original_artists", "year", "notes"]
    inlines = [SongCreditInline]

    def get_queryset(self, request):
        # The list, the song choosers (their results come from here) and __str__ name the
        # original artists: one query for a page of songs.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("original_artists", queryset=Artist.objects.only("name")))
        )

    @admin.display(description=_("artis asli"))
    def original_artist_names(self, obj):
        return ", ".join(artist.name for artist in obj.original_artists.all())


class ReleaseCreditInline(CreditInline):
    model = ReleaseCredit
    verbose_name_plural = _("artis rilisan")


class StreamingLinkInline(admin.TabularInline):
    model = StreamingLink
    extra = 1
    fields = ["platform", "url", "position"]


# Choosers in a tracklist row: narrower than the admin's 20em, so a row fits a laptop screen.
ROW_CHOOSER = {"data-width": "13em"}


class TrackInlineForm(forms.ModelForm):
    """A tracklist row whose performers are picked right in the row."""

    performer_artists = forms.ModelMultipleChoiceField(
        queryset=Artist.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Track._meta.get_field("performers"), admin.site, attrs=ROW_CHOOSER),
        label=_("penampil"),
        help_text=_(
            "Bila tidak satu pun artis asli lagu ada di antara mereka, rekaman ini tercatat sebagai cover."
        ),
    )

    class Meta:
        model = Track
        fields = ["disc", "position", "song", "performer_artists", "version", "duration"]
        field_classes = {"duration": TrackDurationField}
        # A format, not an example: in a column of empty rows an example reads like data.
        widgets = {"duration": forms.TextInput(attrs={"placeholder": _("mnt:dtk"), "size": 7})}
        help_texts = {"duration": _("Menit dan detik, misalnya 3:45; jam bila perlu, misalnya 1:02:03.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["performer_artists"] = [
                c.artist_id for c in self.instance.credits.all() if c.role == CreditRole.PERFORMER
            ]

    def save(self, commit=True):
        track = super().save(commit=commit)
        if commit:
            self.save_performers(track)
        return track

    def save_performers(self, track):
        chosen = list(self.cleaned_data.get("performer_artists") or [])
        current = TrackCredit.objects.filter(track=track, role=CreditRole.PERFORMER)
        current.exclude(artist__in=chosen).delete()
        existing = set(current.values_list("artist_id", flat=True))
        for position, artist in enumerate(chosen):
            if artist.pk not in existing:
                TrackCredit.objects.create(
                    track=track, artist=artist, role=CreditRole.PERFORMER, position=position
                )


class TrackInline(admin.TabularInline):
    """The tracklist: one compact row per track (``music/admin/tracklist.css``), a new performer from "+"."""

    model = Track
    form = TrackInlineForm
    extra = 3
    autocomplete_fields = ["song"]
    show_change_link = True
    verbose_name_plural = _("daftar lagu")

    class Media:
        css = {"all": ["music/admin/tracklist.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("song").prefetch_related("credits")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "song":
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, attrs=ROW_CHOOSER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The declared field is shared by every request; each formset gets its own copy,
        # wrapped with a "+" that opens the artist form when this user may add artists.
        field = copy.deepcopy(formset.form.base_fields["performer_artists"])
        field.widget = RelatedFieldWidgetWrapper(
            field.widget,
            Track._meta.get_field("performers").remote_field,
            self.admin_site,
            can_add_related=self.admin_site.get_model_admin(Artist).has_add_permission(request),
        )
        formset.form.base_fields["performer_artists"] = field
        return formset


@admin.register(Release)
class ReleaseAdmin(PhotoChooserMixin, MusicAccessMixin, admin.ModelAdmin):
    list_display = ["preview", "title", "kind", "release_date", "label"]
    list_display_links = ["preview", "title"]
    list_filter = ["kind"]
    search_fields = ["title", "label", "artists__name"]
    date_hierarchy = "release_date"
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "kind", "release_date", "label", "cover", "description"]
    inlines = [ReleaseCreditInline, TrackInline, StreamingLinkInline]

    @admin.display(description=_("sampul"))
    def preview(self, obj):
        return thumbnail(obj.cover, size=48)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cover")

    # Pasting a whole tracklist (music.admin_paste); the form links here ("Tempel daftar lagu").

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "tempel-daftar-lagu/",
                self.admin_site.admin_view(self.paste_new_view),
                name="{}_{}_paste_new".format(*info),
            ),
            path(
                "<path:object_id>/tempel-daftar-lagu/",
                self.admin_site.admin_view(self.paste_view),
                name="{}_{}_paste".format(*info),
            ),
            *super().get_urls(),
        ]

    def paste_view(self, request, object_id):
        """A pasted tracklist added to this release."""
        release = self.get_object(request, unquote(object_id))
        if release is None:
            raise Http404(_("Rilisan ini tidak ada (mungkin sudah dihapus)."))
        if not (self.has_change_permission(request, release) and request.user.has_perm("music.add_track")):
            raise PermissionDenied
        change_url = reverse(
            "admin:music_release_change", args=[release.pk], current_app=self.admin_site.name
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": _("Tempel daftar lagu"),
            "cancel_url": change_url,
        }
        return paste_flow(
            request, context=context, release=release, on_done=lambda outcome, form: redirect(change_url)
        )

    def paste_new_view(self, request):
        """A new release made from a pasted tracklist."""
        if not (self.has_add_permission(request) and request.user.has_perm("music.add_track")):
            raise PermissionDenied
        target_form = ReleaseTargetForm(request.POST if request.method == "POST" else None, existing=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Tempel daftar lagu untuk rilisan baru"),
            "cancel_url": reverse("admin:music_release_add", current_app=self.admin_site.name),
        }

        def done(outcome, form):
            # In the release's history, as the add form would: who made it, and when.
            self.log_addition(request, outcome.release, [{"added": {}}])
            return redirect("admin:music_release_change", outcome.release.pk)

        return paste_flow(request, context=context, target_form=target_form, on_done=done)


class TrackCreditInline(CreditInline):
    model = TrackCredit
    verbose_name_plural = _("kredit rekaman (penampil, tamu, penata musik, produser)")


@admin.register(Track)
class TrackAdmin(MusicAccessMixin, admin.ModelAdmin):
    list_display = ["__str__", "release", "disc", "position", "is_cover"]
    search_fields = ["song__title", "release__title"]
    autocomplete_fields = ["release", "song"]
    fields = ["release", "disc", "position", "song", "version", "duration"]
    inlines = [TrackCreditInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("release", "song")
            .prefetch_related("credits", "song__original_artists")
        )

    @admin.display(description=_("cover"))
    def is_cover(self, obj):
        return boolean_icon(obj.is_cover)


class FilmCreditInline(CreditInline):
    model = FilmCredit
    verbose_name_plural = _("kru dan pemeran (sutradara, produser, pemeran)")


@admin.register(Film)
class FilmAdmin(PhotoChooserMixin, MusicAccessMixin, admin.ModelAdmin):
    list_display = ["preview", "title", "year", "production_company", "soundtrack"]
    list_display_links = ["preview", "title"]
    search_fields = ["title", "production_company"]
    list_filter = ["year"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["soundtrack"]
    fields = ["title", "slug", "year", "production_company", "poster", "soundtrack", "synopsis"]
    inlines = [FilmCreditInline]

    @admin.display(description=_("poster"))
    def preview(self, obj):
        return thumbnail(obj.poster, size=48)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("poster", "soundtrack")
