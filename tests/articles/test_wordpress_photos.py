"""Photos from the WordPress import: attachment files, missing and broken files, GIFs and galleries."""

import pytest
from PIL import Image

from articles.models import Article, Figure
from articles.wordpress import import_wxr
from pophariini.models import Photo
from tests.articles.wordpress_exports import attachment_item, table_counts, wxr_item

pytestmark = pytest.mark.django_db


def test_gallery_without_ids_shows_the_images_attached_to_the_post(write_wxr):
    content = 'Galeri konser:\n\n[gallery columns="2"]\n\nLagi:\n\n[gallery]'
    first, second = (
        attachment_item(61, "2020/01/a.jpg", parent=60),
        attachment_item(62, "2020/01/b.jpg", parent=60),
    )
    path = write_wxr(wxr_item(60, content=content), first, second)

    summary = import_wxr(path=path)
    counts = table_counts()
    import_wxr(path=path)

    article = Article.objects.get()
    assert article.body == "<p>Galeri konser:</p><p>[foto 1]</p><p>[foto 2]</p><p>Lagi:</p>"
    assert [f.photo.wp_attachment_id for f in article.figures.all()] == [61, 62]
    assert any("kedua" in warning for warning in summary.warnings)
    assert table_counts() == counts
    assert article.revised_at is None


def test_attachment_file_is_copied_from_media_dir(write_wxr, uploads):
    uploads("2022/01/panggung.jpg", size=(120, 80))
    path = write_wxr(
        attachment_item(20, "2022/01/panggung.jpg", alt="Band di panggung", excerpt="Konser / Dok: Label"),
        wxr_item(1, meta={"_thumbnail_id": "20"}),
    )

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get(wp_attachment_id=20)
    assert photo.has_file and (photo.width, photo.height) == (120, 80)
    assert (photo.alt_text, photo.caption, photo.credit) == ("Band di panggung", "Konser", "Dok: Label")
    assert Article.objects.get().hero == photo
    assert summary.files_copied == 1 and summary.missing_files == []


def test_image_referenced_before_its_attachment_item_gets_one_photo(write_wxr, uploads):
    uploads("2022/01/awal.jpg")
    content = '<img class="wp-image-30" src="https://www.pophariini.com/wp-content/uploads/2022/01/awal-300x200.jpg">'
    path = write_wxr(wxr_item(1, content=content), attachment_item(30, "2022/01/awal.jpg", alt="Awal"))

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get()
    assert photo.wp_attachment_id == 30 and photo.alt_text == "Awal" and photo.has_file
    assert Figure.objects.get().photo == photo
    assert (summary.photos_created, summary.photos_updated) == (1, 0)
    again = import_wxr(path=path, media_dir=uploads.root)
    assert (again.photos_created, again.photos_updated) == (0, 1)


def test_gif_attachment_is_kept_as_a_png_of_its_first_frame(write_wxr, uploads):
    target = uploads("2015/08/banner.gif", size=(90, 60), fmt="GIF")
    frames = [Image.new("P", (90, 60), colour) for colour in (3, 200)]
    frames[0].save(target, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    path = write_wxr(
        attachment_item(23, "2015/08/banner.gif", alt="Spanduk"), wxr_item(1, meta={"_thumbnail_id": "23"})
    )

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get()
    assert photo.has_file and photo.image.name.endswith(".png")
    assert (photo.width, photo.height) == (90, 60)
    with Image.open(photo.image.path) as stored:
        assert stored.format == "PNG"
    assert summary.files_copied == 1 and summary.missing_files == []
    assert any("banner.gif" in warning and "PNG" in warning for warning in summary.warnings)
    assert Article.objects.get().hero == photo


def test_missing_file_is_reported_and_photo_kept_without_file(write_wxr, uploads):
    path = write_wxr(attachment_item(21, "2021/03/hilang.jpg", alt="Hilang"))

    summary = import_wxr(path=path, media_dir=uploads.root)

    photo = Photo.objects.get()
    assert not photo.has_file and photo.alt_text == "Hilang"
    assert summary.missing_files == ["2021/03/hilang.jpg"]


def test_broken_image_file_is_reported_not_fatal(write_wxr, uploads):
    uploads("2021/03/rusak.jpg", raw=b"not an image at all")
    path = write_wxr(attachment_item(22, "2021/03/rusak.jpg"), wxr_item(1))

    summary = import_wxr(path=path, media_dir=uploads.root)

    assert not Photo.objects.get().has_file
    assert summary.missing_files == ["2021/03/rusak.jpg"]
    assert any("rusak.jpg" in warning for warning in summary.warnings)
    assert Article.objects.count() == 1


def test_attached_file_outside_the_media_dir_is_not_read(write_wxr, uploads, tmp_path):
    Image.new("RGB", (10, 10)).save(tmp_path / "luar.jpg")
    path = write_wxr(attachment_item(23, "../luar.jpg"))

    summary = import_wxr(path=path, media_dir=uploads.root)

    assert not Photo.objects.get().has_file
    assert any("di luar folder media" in warning for warning in summary.warnings)


def test_non_image_attachments_are_skipped_and_counted(write_wxr):
    summary = import_wxr(path=write_wxr(attachment_item(24, "2021/03/lagu.mp3")))

    assert Photo.objects.count() == 0
    assert summary.skipped["lampiran bukan gambar"] == 1
