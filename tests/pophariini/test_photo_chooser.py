"""The photo chooser: its list and upload endpoints (rights, CSRF, refusals) and the photo fields' widget."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author
from music.models import Artist, Film, Release
from pophariini.models import Photo
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "admin:pophariini_photo_chooser"
UPLOAD_URL = "admin:pophariini_photo_chooser_upload"


@pytest.fixture
def staff(django_user_model):
    call_command("setup_roles", stdout=io.StringIO())

    def make(username, group=None):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def kontributor_client(client, staff):
    client.force_login(staff("penulis", "Kontributor"))
    return client


def jpeg_with_exif(name="konser-malam.jpg"):
    image = Image.new("RGB", (80, 60), (20, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def upload(client, image, **fields):
    data = {"alt_text": "Penonton di depan panggung", "caption": "", "credit": "", **fields}
    if image is not None:
        data["image"] = image
    return client.post(reverse(UPLOAD_URL), data)


# The list.


def test_list_is_newest_first_and_paginated(kontributor_client):
    now = timezone.now()
    for number in range(30):
        photo = factories.PhotoFactory(alt_text=f"Foto {number}")
        Photo.objects.filter(pk=photo.pk).update(created_at=now - timedelta(minutes=number))
    first = kontributor_client.get(reverse(LIST_URL)).json()
    assert (first["count"], first["pages"], first["page"]) == (30, 2, 1)
    assert [p["alt"] for p in first["results"][:3]] == ["Foto 0", "Foto 1", "Foto 2"]
    assert first["results"][0]["thumb"].endswith(".webp")
    second = kontributor_client.get(reverse(LIST_URL), {"page": 2}).json()
    assert [p["alt"] for p in second["results"]] == [f"Foto {n}" for n in range(24, 30)]


@pytest.mark.parametrize(
    "query",
    ["backstage", "Paragon", "berdampingan", "vanesha-sissy", "VANESHA berdiri"],
)
def test_list_searches_caption_alt_text_credit_and_file_name(kontributor_client, query):
    factories.PhotoFactory(
        image=factories.image_upload("vanesha-sissy.jpg"),
        alt_text="Vanesha dan Sissy berdiri berdampingan",
        caption="Dalam film Backstage",
        credit="Dok: Paragon Pictures",
    )
    factories.PhotoFactory(alt_text="Perunggu di panggung", caption="Jakarta", credit="Foto: Arya")
    results = kontributor_client.get(reverse(LIST_URL), {"q": query}).json()["results"]
    assert [p["alt"] for p in results] == ["Vanesha dan Sissy berdiri berdampingan"]


def test_list_survives_a_nul_byte_and_a_bad_page(kontributor_client):
    factories.PhotoFactory()
    assert kontributor_client.get(reverse(LIST_URL) + "?q=%00foto&page=zz").status_code == 200


def test_list_needs_a_staff_login_and_the_right_to_see_photos(client, staff):
    assert client.get(reverse(LIST_URL)).status_code == 302  # to the login page
    client.force_login(staff("tamu"))  # staff, but in no group
    response = client.get(reverse(LIST_URL))
    assert response.status_code == 403
    assert response.json()["message"] == "Anda tidak berhak melihat pustaka foto."


# The upload.


def test_kontributor_uploads_a_photo_through_the_same_rules(kontributor_client):
    response = upload(kontributor_client, jpeg_with_exif(), caption="Konser malam", credit="Foto: Arya")
    assert response.status_code == 201
    data = response.json()["photo"]
    photo = Photo.objects.get(pk=data["id"])
    assert (photo.alt_text, photo.caption, photo.credit) == (
        "Penonton di depan panggung",
        "Konser malam",
        "Foto: Arya",
    )
    assert photo.original_name == "konser-malam.jpg" and data["name"] == "konser-malam.jpg"
    with Image.open(photo.image.path) as stored:
        assert "KameraRahasia" not in str(dict(stored.getexif()))
    assert data["thumb"].endswith(".webp")


@pytest.mark.parametrize(
    ("image", "field", "message"),
    [
        (None, "image", "Bidang ini"),
        (SimpleUploadedFile("catatan.txt", b"bukan gambar", content_type="text/plain"), "image", "gambar"),
    ],
)
def test_refusals_come_back_in_indonesian_per_field(kontributor_client, image, field, message):
    response = upload(kontributor_client, image)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Foto tidak diunggah."
    assert message in " ".join(body["errors"][field])
    assert not Photo.objects.exists()


def test_alt_text_is_required(kontributor_client):
    response = upload(kontributor_client, factories.image_upload(), alt_text="")
    assert response.status_code == 400
    assert response.json()["errors"]["alt_text"] == ["Bidang ini tidak boleh kosong."]


def test_limits_of_the_upload_rules_apply(kontributor_client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 100
    response = upload(kontributor_client, factories.image_upload(width=400, height=300))
    assert response.status_code == 400
    assert response.json()["errors"]["image"] == ["Berkas terlalu besar (maksimum 0 MB)."]


def test_upload_needs_the_right_to_add_photos_and_a_csrf_token(staff):
    viewer = staff("pembaca-foto")
    viewer.user_permissions.add(Permission.objects.get(codename="view_photo"))
    client = Client()
    client.force_login(viewer)
    response = upload(client, factories.image_upload())
    assert response.status_code == 403
    assert response.json()["message"] == "Anda tidak berhak mengunggah foto."

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(staff("penulis-lain", "Kontributor"))
    assert upload(guarded, factories.image_upload()).status_code == 403
    assert not Photo.objects.exists()


def test_list_and_upload_answer_only_their_method(kontributor_client):
    assert kontributor_client.post(reverse(LIST_URL)).status_code == 405
    assert kontributor_client.get(reverse(UPLOAD_URL)).status_code == 405


# The widget of every photo field.


@pytest.mark.parametrize(
    ("model", "field"),
    [(Article, "hero"), (Author, "photo"), (Release, "cover"), (Film, "poster"), (Artist, "photo")],
)
def test_every_photo_field_is_the_thumbnail_chooser(admin_client, model, field):
    opts = model._meta
    page = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).content.decode()
    assert f'<select name="{field}"' not in page
    assert re.search(rf'<input type="hidden"\s+name="{field}"', page)
    assert "data-photo-chooser" in page and "Pilih atau unggah foto" in page


def test_the_chooser_shows_the_chosen_photo(admin_client):
    photo = factories.PhotoFactory(alt_text="Poster Backstage", credit="Dok: Paragon Pictures")
    release = factories.ReleaseFactory(cover=photo)
    page = admin_client.get(reverse("admin:music_release_change", args=[release.pk])).content.decode()
    assert re.search(rf'name="cover"\s+value="{photo.pk}"', page)
    assert "Poster Backstage" in page and "Dok: Paragon Pictures" in page
    assert ".webp" in page  # the thumbnail, not the full photo


def test_a_photo_chosen_in_the_widget_is_saved(admin_client):
    photo = factories.PhotoFactory()
    response = admin_client.post(
        reverse("admin:music_film_add"),
        {
            "title": "Backstage",
            "slug": "backstage",
            "poster": photo.pk,
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Film.objects.get().poster == photo
