"""Uploads (issue 15, finding 7): a broken image is a form error, no metadata survives, and the
stored extension and served type follow the real format."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from pophariini.models import Photo
from pophariini.views import MEDIA_TYPES, serve_media

pytestmark = pytest.mark.django_db

ADD = reverse("admin:pophariini_photo_add")


def noisy_jpeg(**save_options):
    """A JPEG big enough that cutting it in half leaves a valid header and half the pixels."""
    rng = random.Random(15)
    image = Image.frombytes("RGB", (320, 240), rng.randbytes(320 * 240 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, **save_options)
    return out.getvalue()


def post_photo(admin_client, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return admin_client.post(ADD, {"image": upload, "alt_text": "Panggung", "caption": "", "credit": ""})


def test_a_truncated_jpeg_is_a_form_error_in_indonesian(admin_client):
    data = noisy_jpeg()
    response = post_photo(admin_client, "potong.jpg", data[: len(data) // 2])
    assert response.status_code == 200
    assert "bukan gambar yang valid atau rusak" in response.content.decode()
    assert not Photo.objects.exists()


def test_comments_exif_and_text_chunks_are_not_stored(admin_client):
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x8825] = {2: (6.0, 10.0, 0.0)}  # GPS latitude
    data = noisy_jpeg(comment=b"KOMENTAR-RAHASIA", exif=exif.tobytes())
    assert b"KOMENTAR-RAHASIA" in data and b"KameraRahasia" in data
    assert post_photo(admin_client, "foto.jpg", data).status_code == 302
    stored = Photo.objects.get().image
    stored_bytes = stored.read()
    assert b"KOMENTAR-RAHASIA" not in stored_bytes and b"KameraRahasia" not in stored_bytes
    with Image.open(io.BytesIO(stored_bytes)) as image:
        assert "comment" not in image.info and not image.getexif()

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "TEKS-RAHASIA")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(out, "PNG", pnginfo=text)
    assert post_photo(admin_client, "foto.png", out.getvalue()).status_code == 302
    assert b"TEKS-RAHASIA" not in Photo.objects.latest("pk").image.read()


@pytest.mark.parametrize(
    ("name", "fmt", "extension"), [("foto.jpg", "PNG", ".png"), ("foto.png", "JPEG", ".jpg")]
)
def test_the_stored_extension_follows_the_real_format(admin_client, name, fmt, extension):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 30)).save(out, fmt)
    assert post_photo(admin_client, name, out.getvalue()).status_code == 302
    stored = Photo.objects.get().image.name
    assert stored.endswith(extension)
    assert MEDIA_TYPES[extension] == f"image/{'png' if fmt == 'PNG' else 'jpeg'}"


def test_the_served_type_of_a_png_named_jpg_is_png(admin_client):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 30)).save(out, "PNG")
    post_photo(admin_client, "menyamar.jpg", out.getvalue())
    photo = Photo.objects.get()
    response = serve_media(None, photo.image.name)
    assert response["Content-Type"] == "image/png"
    response.close()
