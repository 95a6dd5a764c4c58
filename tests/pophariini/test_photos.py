"""Photo uploads: real JPEG/PNG/WebP only, metadata stripped, unguessable names."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pophariini.models import Photo
from pophariini.photos import validate_image_file
from tests.factories import image_bytes, image_upload


@pytest.mark.parametrize("name", ["foto.jpg", "foto.png", "foto.webp"])
def test_jpeg_png_and_webp_are_accepted(name):
    validate_image_file(image_upload(name))


def test_gif_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="Format gambar tidak didukung"):
        validate_image_file(SimpleUploadedFile("a.gif", image_bytes(fmt="GIF")))


def test_text_disguised_as_jpeg_is_refused():
    fake = SimpleUploadedFile(
        "evil.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    with pytest.raises(ValidationError, match="bukan gambar"):
        validate_image_file(fake)


def test_decompression_bomb_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError, match="megapiksel"):
        validate_image_file(image_upload("besar.png", width=200, height=200))


def test_oversized_file_is_refused(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="terlalu besar"):
        validate_image_file(image_upload("foto.jpg"))


@pytest.mark.django_db
def test_saved_photo_has_dimensions_random_name_and_no_exif():
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), (10, 200, 10)).save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("IMG_rumah_saya.jpg", buffer.getvalue(), content_type="image/jpeg")

    photo = Photo.objects.create(image=upload, alt_text="Tes")

    assert "rumah" not in photo.image.name
    assert photo.image.name.endswith(".jpg")
    # Orientation was applied before the metadata was dropped.
    assert (photo.width, photo.height) == (40, 80)
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()


@pytest.mark.django_db
def test_shell_save_cannot_store_a_non_image():
    with pytest.raises(ValidationError):
        Photo.objects.create(image=SimpleUploadedFile("x.jpg", b"not an image"), alt_text="x")
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_file_stored_before_the_first_save_is_measured():
    """The seed and the importer store the file first; the row must still know its size."""
    photo = Photo(alt_text="Panggung")
    photo.image.save("demo.jpg", ContentFile(image_bytes(width=120, height=90)), save=False)
    photo.save()
    assert Photo.objects.filter(pk=photo.pk, width=120, height=90).exists()
