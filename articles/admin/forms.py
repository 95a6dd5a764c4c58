"""Forms of the articles admin: required and attributed inline rows, the stale-save guard, scheduling."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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


class ArticleAdminForm(forms.ModelForm):
    """The article form, refusing a save made from a page someone else has saved since it was opened."""

    # The ``updated_at`` the editor's page was loaded with (ISO 8601); compared on save.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean_tags(self):
        # Plain names before taggit looks them up: "<b>Indie</b>" is the tag "Indie", not a new one.
        names = (clean_text(name) for name in self.cleaned_data.get("tags") or [])
        return list(dict.fromkeys(name for name in names if name))

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "loaded_version" in self.fields:
            self.refuse_stale_save(cleaned_data.get("loaded_version", ""))
        return cleaned_data

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
