"""Benchmark import_wordpress: posts per second and peak memory for a generated 2,000- and 10,000-post WXR.

Run from the project root:  .venv/bin/python bench/import_wordpress_bench.py [--sizes 2000 10000]

Each size runs in a fresh process with its own temporary SQLite database, so the peak
resident memory (ru_maxrss) of one run is not hidden by another; "Python peak" is
tracemalloc's peak of Python allocations during the import (measured in a second run,
since tracing slows the import down).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.common import WORDS  # noqa: E402


def paragraph(rng: random.Random, words: int = 60) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_wxr(path: Path, posts: int, *, seed: int = 7) -> None:
    """A WXR 1.2 file with ``posts`` posts (captioned photo, embed, tags) and one attachment per two posts."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>Bench</title><link>https://bench.example</link>"
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example</wp:base_blog_url>\n"
        )
        for n in range(20):
            out.write(
                f"<wp:author><wp:author_login>penulis{n}</wp:author_login><wp:author_display_name>"
                f"<![CDATA[Penulis {n}]]></wp:author_display_name></wp:author>\n"
            )
        for post_id in range(1, posts + 1):
            attachment_id = 1_000_000 + post_id // 2
            if post_id % 2 == 0:
                out.write(
                    f"<item><title>foto-{attachment_id}</title><wp:post_id>{attachment_id}</wp:post_id>"
                    "<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
                    "<excerpt:encoded><![CDATA[Penampilan di panggung / Dok: Bench]]></excerpt:encoded>"
                    f"<wp:attachment_url>https://bench.example/wp-content/uploads/2020/01/{attachment_id}.jpg"
                    "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
                    "<wp:meta_value><![CDATA[Band di panggung]]></wp:meta_value></wp:postmeta></item>\n"
                )
            status = "publish" if post_id % 10 else rng.choice(["draft", "pending", "private"])
            body = "\n\n".join(paragraph(rng) for _ in range(5))
            content = (
                f'{body}\n\n[caption id="attachment_{attachment_id}"]<img class="wp-image-{attachment_id}" '
                f'src="https://bench.example/wp-content/uploads/2020/01/{attachment_id}.jpg" alt="Band" /> '
                f"Konser ke-{post_id} / Dok: Bench[/caption]\n\n{paragraph(rng)}\n\n"
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
                f'<a href="https://bench.example/post-{max(post_id - 1, 1)}/">Baca juga</a>'
            )
            tags = "".join(
                f'<category domain="post_tag" nicename="tag-{t}"><![CDATA[Tag {t}]]></category>'
                for t in rng.sample(range(300), 3)
            )
            out.write(
                f"<item><title>Kabar musik nomor {post_id}</title>"
                f"<link>https://bench.example/2020/01/post-{post_id}/</link>"
                f"<dc:creator>penulis{post_id % 20}</dc:creator>"
                f"<content:encoded><![CDATA[{content}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{paragraph(rng, 15)}]]></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>2020-01-01 10:00:00</wp:post_date>"
                "<wp:post_date_gmt>2020-01-01 03:00:00</wp:post_date_gmt>"
                f"<wp:post_name>post-{post_id}</wp:post_name><wp:status>{status}</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="rubrik-{post_id % 8}"><![CDATA[Rubrik {post_id % 8}]]>'
                f"</category>{tags}</item>\n"
            )
        out.write("</channel></rss>\n")


def child(posts: int, workdir: Path, *, trace: bool) -> dict:
    """Import ``posts`` posts into a fresh SQLite database in this process and measure it."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "pophariini.settings",
            "DATABASE_URL": f"sqlite:///{workdir / f'bench-{posts}-{int(trace)}.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "localhost",
            "DEBUG": "",
        }
    )
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core.management import call_command

    from articles.wordpress import import_wxr

    call_command("migrate", verbosity=0)
    wxr = workdir / f"bench-{posts}.xml"
    if not wxr.exists():
        write_wxr(wxr, posts)
    if trace:
        import tracemalloc

        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = import_wxr(path=wxr)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    result = {
        "posts": summary.total_posts,
        "seconds": round(seconds, 2),
        "posts_per_second": round(summary.total_posts / seconds),
        "cpu_seconds": round(cpu_seconds, 2),
        "posts_per_cpu_second": round(summary.total_posts / cpu_seconds),
        "file_mb": round(wxr.stat().st_size / 1e6, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if trace:
        result["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.workdir, trace=args.trace)))
        return
    lines = [
        f"{'posts':>7} {'file MB':>8} {'seconds':>8} {'posts/s':>8} {'CPU s':>7} {'posts/CPU s':>12} "
        f"{'max RSS MB':>11} {'Python peak MB':>15}"
    ]
    print(lines[0], flush=True)
    with tempfile.TemporaryDirectory(prefix="wxr-bench-") as workdir:
        for size in args.sizes:
            runs = []
            for trace in (False, True):
                command = [sys.executable, __file__, "--child", str(size), "--workdir", workdir]
                output = subprocess.run(
                    command + (["--trace"] if trace else []), check=True, capture_output=True
                )
                runs.append(json.loads(output.stdout.decode().strip().splitlines()[-1]))
            timed, traced = runs
            lines.append(
                f"{timed['posts']:>7} {timed['file_mb']:>8} {timed['seconds']:>8} {timed['posts_per_second']:>8} "
                f"{timed['cpu_seconds']:>7} {timed['posts_per_cpu_second']:>12} "
                f"{timed['max_rss_mb']:>11} {traced['python_peak_mb']:>15}"
            )
            print(lines[-1], flush=True)
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    lines.append(f"\n{os.cpu_count()} CPUs, load average {load} at the end.")
    print(lines[-1])
    results = PROJECT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "import_wordpress.md").write_text("```\n" + "\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
