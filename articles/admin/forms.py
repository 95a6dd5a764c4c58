"""Forms of the articles admin: required and attributed inline rows, the stale-save guard, named
publishing actions, tags spelled as they already exist, scheduling."""

import datetime

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles import workflow
from articles.models import Article
from pophariini.sanitize import clean_text

User = get_user_model()


class RequiredInlineFormSet(BaseInlineFormSet):
    """At least one row that is not marked for deletion."""

    def clean(self):
        super().clean()
        alive = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not alive:
            raise ValidationError(_("Artikel harus punya paling tidak satu penulis."))


class CorrectionFormSet(BaseInlineFormSet):
    """Records who wrote each new correction (the inline sets ``user`` per request)."""

    user = None

    def save_new(self, form, commit=True):
        form.instance.created_by = self.user
        return super().save_new(form, commit)


class AddedRowForm(forms.ModelForm):
    """An inline row the editor added counts as filled in, even with every field left at its default.

    For inlines without blank extra rows (``extra = 0``), where each new row comes from a click on
    "Tambahkan": an untitled ranked list is a list (its help says so), not an unused row to skip.
    """

    def has_changed(self):
        return self.instance._state.adding or super().has_changed()


def local_timezone_name():
    """The site's timezone as readers say it ("WIB" for Asia/Jakarta)."""
    return timezone.localtime().tzname()


class ArticleAdminForm(forms.ModelForm):
    """The article form, refusing a save made from a page someone else has saved since it was opened.

    Its buttons are named actions (``workflow_action``: "Simpan draf", "Terbitkan sekarang",
    "Jadwalkan…" with ``scheduled_for``, ...); the admin sets ``actions``, the ones the user
    may take on this article now (``articles.workflow.form_actions``), on the form class.
    """

    # The ``updated_at`` the editor's page was loaded with (ISO 8601); compared on save.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Sent by the button that was clicked; a form submitted with Enter saves without a status change.
    workflow_action = forms.CharField(required=False, widget=forms.HiddenInput)
    scheduled_for = forms.DateTimeField(
        label=_("Tayang pada"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    actions = (workflow.SAVE,)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "loaded_version" in self.fields:
            self.refuse_stale_save(cleaned_data.get("loaded_version", ""))
        action = cleaned_data.get("workflow_action") or workflow.SAVE
        if action not in self.actions:
            raise ValidationError(
                _("Tindakan itu tidak tersedia untuk Anda pada artikel ini."), code="action"
            )
        cleaned_data["workflow_action"] = action
        if action == workflow.SCHEDULE:
            when = cleaned_data.get("scheduled_for")
            if when is None and "scheduled_for" not in self.errors:
                self.add_error("scheduled_for", _("Isi tanggal dan jam tayang."))
            elif when is not None and when <= timezone.now():
                self.add_error("scheduled_for", _("Waktu terbit terjadwal harus di masa depan."))
        return cleaned_data

    def clean_tags(self):
        """Plain names, each once, in the spelling of an existing tag ("Jazz", not a new "jazz")."""
        # Plain names before taggit looks them up: "<b>Indie</b>" is the tag "Indie", not a new one.
        names = (clean_text(name) for name in self.cleaned_data.get("tags") or [])
        wanted = {}
        for name in names:
            if name:
                wanted.setdefault(name.casefold(), name)
        if not wanted:
            return []
        any_of = Q()
        for name in wanted.values():
            any_of |= Q(name__iexact=name)
        existing = {}
        for tag in Tag.objects.filter(any_of).order_by("pk"):
            existing.setdefault(tag.name.casefold(), tag.name)
        return [existing.get(key, name) for key, name in wanted.items()]

    def refuse_stale_save(self, loaded_version):
        # Lock the row until the admin's transaction ends, so two saves cannot both pass.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("updated_at", "updated_by")
            .first()
        )
        if current is None:
            raise ValidationError(_("Artikel ini sudah dihapus orang lain."), code="deleted")
        try:
            loaded = datetime.datetime.fromisoformat(loaded_version)
        except ValueError:
            loaded = None
        if loaded == current["updated_at"]:
            return
        editor = User.objects.filter(pk=current["updated_by"]).first()
        who = (editor.get_full_name() or editor.get_username()) if editor else _("pengguna lain")
        when = date_format(timezone.localtime(current["updated_at"]), "DATETIME_FORMAT")
        latest = reverse("admin:articles_article_change", args=[self.instance.pk])
        raise ValidationError(
            format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                _(
                    "Tidak disimpan: %(who)s mengubah artikel ini pada %(when)s, setelah Anda membukanya. "
                    "Teks Anda masih ada di formulir di bawah; salin bagian yang Anda ubah, buka versi "
                    "terbaru, lalu terapkan lagi di sana."
                )
                % {"who": who, "when": when},
                latest,
                _("Buka versi terbaru di tab baru"),
            ),
            code="stale",
        )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Waktu terbit (WIB)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise ValidationError(_("Waktu terbit terjadwal harus di masa depan."))
        return value


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete select that labels its chosen value from objects loaded beforehand.

    Django's widget asks the database for the chosen object each time it renders: one query
    per inline row (20 figures, 20 photo queries). ``preload_autocomplete_choices`` loads the
    chosen objects of a whole formset in one query and hands them to each row's widget.
    """

    def __init__(self, widget, preloaded):
        self.__dict__.update(widget.__dict__)
        self.preloaded = preloaded

    def optgroups(self, name, value, attr=None):
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        for pk in selected:
            obj = self.preloaded.get(pk)
            if obj is None:
                # Not among the preloaded (a value sent back after an error): ask as Django does.
                return super().optgroups(name, value, attr)
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, set(selected), len(options)))
        return [(None, options, 0)]


def preload_autocomplete_choices(formsets):
    """One query per autocomplete field of each inline formset instead of one per row."""
    for formset in formsets:
        widgets = {}
        for form in formset.forms:
            for name, field in form.fields.items():
                wrapper = field.widget
                widget = getattr(wrapper, "widget", None)
                if type(widget) is not AutocompleteSelect:
                    continue
                value = form[name].value()
                widgets.setdefault(name, []).append((field, wrapper, value))
        for rows in widgets.values():
            field = rows[0][0]
            wanted = {str(value) for _f, _w, value in rows if value not in field.empty_values}
            loaded = {str(obj.pk): obj for obj in field.queryset.filter(pk__in=wanted)} if wanted else {}
            for _field, wrapper, _value in rows:
                wrapper.widget = PreloadedAutocompleteSelect(wrapper.widget, loaded)
