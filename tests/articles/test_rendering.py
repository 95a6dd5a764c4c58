"""Stored bodies become reader HTML: figures at their placeholders, allowlisted embeds as iframes."""

import pytest

from articles.rendering import embed_for, render_body
from tests.factories import FigureFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def test_figure_replaces_its_placeholder_in_place():
    figure = FigureFactory(photo=PhotoFactory(caption="Sissy dan Vanesha", credit="Dok: Paragon Pictures"))
    html = render_body("<p>Sebelum.</p><p>[foto 1]</p><p>Sesudah.</p>", [figure])
    before, after = html.index("Sebelum"), html.index("Sesudah")
    assert before < html.index("<figure") < after
    assert "[foto 1]" not in html
    assert (
        '<figcaption>Sissy dan Vanesha <span class="credit">Dok: Paragon Pictures</span></figcaption>' in html
    )


def test_figure_caption_and_credit_overrides_win():
    figure = FigureFactory(caption="Keterangan khusus", credit="Foto: Redaksi")
    html = render_body(f"<p>{figure.placeholder}</p>", [figure])
    assert "Keterangan khusus" in html and "Foto: Redaksi" in html


def test_body_figure_image_is_responsive_sized_and_lazy():
    photo = PhotoFactory()
    figure = FigureFactory(photo=photo)
    html = render_body("<p>[foto 1]</p>", [figure])
    assert 'loading="lazy"' in html
    assert "srcset=" in html and ".webp" in html
    assert f'width="{photo.width}"' in html and f'height="{photo.height}"' in html
    assert f'alt="{photo.alt_text}"' in html


def test_placeholder_without_figure_disappears_and_unplaced_figures_follow_the_body():
    figure = FigureFactory()
    html = render_body(f"<p>Teks.</p><p>[foto {figure.key + 5}]</p>", [figure])
    assert "[foto" not in html
    assert html.index("Teks.") < html.index("<figure")


def test_caption_text_is_escaped():
    figure = FigureFactory(caption="<script>alert(1)</script>")
    html = render_body("<p>[foto 1]</p>", [figure])
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("url", "src"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy",
            "https://open.spotify.com/embed/album/4aawyAB9vmqN3uQ7FjRGTy",
        ),
        (
            "https://soundcloud.com/pophariini/lagu",
            "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fpophariini%2Flagu",
        ),
        (
            "https://bandcamp.com/EmbeddedPlayer/album=123456/",
            "https://bandcamp.com/EmbeddedPlayer/album=123456/",
        ),
    ],
)
def test_allowlisted_media_urls_become_embeds(url, src):
    found = embed_for(url)
    assert found is not None
    assert found[0].startswith(src)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=bad",
        "https://artis.bandcamp.com/album/judul",
    ],
)
def test_other_urls_are_not_embedded(url):
    assert embed_for(url) is None


def test_bare_url_paragraph_and_self_link_become_privacy_respecting_iframes():
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    for paragraph in (f"<p>{url}</p>", f'<p><a href="{url}">{url}</a></p>'):
        html = render_body(paragraph, [])
        assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
        assert 'loading="lazy"' in html and "sandbox=" in html and "title=" in html


def test_url_inside_a_sentence_stays_text():
    html = render_body('<p>Tonton di <a href="https://youtu.be/dQw4w9WgXcQ">sini</a>.</p>', [])
    assert "<iframe" not in html
