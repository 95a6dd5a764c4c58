"""Photos get WebP renditions once, at fixed widths, never upscaled; rebuild_renditions remakes them."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from pophariini.renditions import SOCIAL_WIDTH, pick, rendition_name, rendition_widths, renditions
from tests.factories import PhotoFactory, image_upload

pytestmark = pytest.mark.django_db


def test_widths_never_upscale_and_always_include_the_original_when_small():
    assert rendition_widths(2000) == [320, 640, 960, 1200]
    assert rendition_widths(800) == [320, 640, 800]
    assert rendition_widths(64) == [64]
    assert rendition_widths(None) == []


def test_saving_a_photo_writes_webp_renditions_with_the_right_size():
    photo = PhotoFactory(image=image_upload(width=1600, height=900))
    made = renditions(photo)
    assert [r.width for r in made] == [320, 640, 960, 1200]
    for rendition in made:
        name = rendition_name(photo.image.name, rendition.width)
        with default_storage.open(name) as handle, Image.open(io.BytesIO(handle.read())) as image:
            assert image.format == "WEBP"
            assert image.size == (rendition.width, rendition.height)


def test_social_card_uses_the_1200_wide_rendition():
    photo = PhotoFactory(image=image_upload(width=1600, height=900))
    assert pick(photo, SOCIAL_WIDTH).width == 1200


def test_rebuild_renditions_restores_deleted_files():
    photo = PhotoFactory(image=image_upload(width=700, height=400))
    names = [rendition_name(photo.image.name, w) for w in rendition_widths(700)]
    default_storage.delete(names[0])
    out = io.StringIO()
    call_command("rebuild_renditions", "--missing-only", stdout=out)
    assert all(default_storage.exists(name) for name in names)
    assert "1 berkas dibuat" in out.getvalue()


def test_rebuild_renditions_skips_a_broken_original_and_reports_it():
    photo = PhotoFactory()
    with default_storage.open(photo.image.name, "wb") as handle:
        handle.write(b"bukan gambar")
    err = io.StringIO()
    call_command("rebuild_renditions", stdout=io.StringIO(), stderr=err)
    assert f"#{photo.pk}" in err.getvalue()
