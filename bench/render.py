"""Server-side render time (p50, p99) and SQL queries per page type, with the page cache off and on.

Run from the project root after bench/generate.py has filled the databases:
    .venv/bin/python bench/render.py --articles 1000 10000 100000 --db sqlite postgres [--rounds 3] [--pages article home]

Each (database, N) runs in its own process through ``django.test.Client`` (the whole
middleware stack, no network): "uncached" with the page cache off, "cached" after one
warming request per URL (hits). Article pages rotate over different published
articles; list pages are page 1. Query counts come from a separate pass with
CaptureQueriesContext, so the timing itself carries no capture overhead. The table
goes to bench/results/render.md; ``growth`` compares each p50 with the same page at
the smallest N measured.
"""

import argparse
import gc
import json
import math
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PROJECT, bench_env, percentile, setup_django, write_table

PAGE_TYPES = ["article", "seed article", "home", "category", "tag", "author", "artist", "search", "feed"]
# The seed article (seed_demo: a film, its soundtrack release, seven tracks), when the
# benchmark database has it; its music box is the largest a real article shows.
SEED_SLUG = "ragam-soundtrack-dari-film-backstage"
# An article's first view scores and stores its related cards (articles.related); measured
# apart, over articles no earlier run has viewed, before the steady "article" row.
FIRST_VIEW = "article, first view"


def page_urls(rng, count):
    """A list of URLs for each page type, read from the benchmark database."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Author, Category
    from music.models import Artist

    published = list(Article.objects.published().values_list("slug", flat=True))
    busiest_tag = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n").first()
    busiest_author = Author.objects.annotate(n=Count("article_links")).order_by("-n").first()
    busiest_artist = Artist.objects.annotate(n=Count("articles")).order_by("-n").first()
    return {
        "article": [f"/{slug}/" for slug in rng.sample(published, min(count, len(published)))],
        "seed article": [f"/{SEED_SLUG}/"]
        if Article.objects.published().filter(slug=SEED_SLUG).exists()
        else [],
        "home": ["/"],
        "category": [f"/kategori/{Category.objects.order_by('position').first().slug}/"],
        "tag": [f"/tag/{busiest_tag.slug}/"],
        "author": [f"/penulis/{busiest_author.slug}/"],
        "artist": [f"/artis/{busiest_artist.slug}/"],
        "search": ["/cari/?q=festival+konser", "/cari/?q=gitar", "/cari/?q=rindu+malam"],
        "feed": ["/feed/"],
    }


def measure(client, urls, *, budget_seconds, max_samples, cpu=None):
    """Wall-clock milliseconds per request; with a list as ``cpu``, this process's CPU
    milliseconds per request are appended to it (steadier than the wall clock on a shared
    machine, but without PostgreSQL's own time, which bench/explain.py reports)."""
    samples, started, index = [], time.perf_counter(), 0
    while len(samples) < max_samples and (len(samples) < 5 or time.perf_counter() - started < budget_seconds):
        url = urls[index % len(urls)]
        index += 1
        c0, t0 = time.process_time(), time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c0) * 1000)
        if response.status_code != 200:
            raise PageFailed(f"{url} answered {response.status_code} after {samples[-1]:.0f} ms")
    return samples


class PageFailed(Exception):
    pass


def count_queries(client, urls):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for url in urls[:5]:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    return max(counts)


def child(engine, articles, samples, budget, pages):
    setup_django(engine, articles)
    gc.freeze()  # as pophariini/wsgi.py does in every worker
    from django.core.cache import cache
    from django.test import Client

    rng = random.Random(7)
    urls = page_urls(rng, samples)
    client = Client(raise_request_exception=False)
    results = {"machine": {"p50": machine_speed()}}
    cache.clear()
    from articles.related import forget_all

    if "article" in pages:
        forget_all()
        results[FIRST_VIEW] = measure_first_views(client, urls["article"])
        print(FIRST_VIEW, results[FIRST_VIEW], file=sys.stderr, flush=True)
    for kind in pages:
        if not urls[kind]:
            results[kind] = {"failed": "not in this database"}
            continue
        try:
            results[kind] = measure_page(client, urls[kind], samples, budget)
        except PageFailed as exc:
            results[kind] = {"failed": str(exc)}
        print(kind, results[kind], file=sys.stderr, flush=True)
    cache.clear()
    print(json.dumps(results))


def machine_speed():
    """Milliseconds a fixed pure-Python loop takes: the machine's speed during this run.

    Shared cloud CPUs drift by a third from minute to minute; this puts a number on it.
    """
    timings = []
    for _ in range(7):
        started, total = time.perf_counter(), 0
        for number in range(200_000):
            total += number * number
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure_first_views(client, urls):
    from django.test.utils import override_settings

    with override_settings(PAGE_CACHE_SECONDS=0):
        queries = count_queries(client, urls[:5])
        timings = measure(client, urls[5:], budget_seconds=math.inf, max_samples=len(urls) - 5)
    return {"p50": percentile(timings, 0.5), "p99": percentile(timings, 0.99), "queries": queries}


def measure_page(client, urls, samples, budget):
    from django.test.utils import override_settings

    with override_settings(PAGE_CACHE_SECONDS=0):
        measure(client, urls[:3], budget_seconds=0, max_samples=1)  # compile templates, connect
        cpu = []
        timings = measure(client, urls, budget_seconds=budget, max_samples=samples, cpu=cpu)
        queries = count_queries(client, urls)
    hot = urls[:10]
    for url in hot:
        client.get(url)  # warm the page cache
    cached = measure(client, hot, budget_seconds=budget / 2, max_samples=samples)
    cached_queries = count_queries(client, hot)
    return {
        "p50": percentile(timings, 0.5),
        "p99": percentile(timings, 0.99),
        "cpu_p50": percentile(cpu, 0.5),
        "queries": queries,
        "samples": len(timings),
        "cached_p50": percentile(cached, 0.5),
        "cached_p99": percentile(cached, 0.99),
        "cached_queries": cached_queries,
    }


def combine(rounds):
    """One result per page type from several rounds: the median of each timing, the most queries."""
    combined = {}
    for kind in rounds[0]:
        results = [result[kind] for result in rounds]
        failed = [result for result in results if "failed" in result]
        if failed:
            combined[kind] = failed[0]
            continue
        combined[kind] = {
            name: (max if name.endswith("queries") else statistics.median)(result[name] for result in results)
            for name in results[0]
            if name != "samples"
        }
    return combined


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite"])
    parser.add_argument("--samples", type=int, default=100, help="requests per page type at most")
    parser.add_argument("--budget", type=float, default=8.0, help="seconds per page type at most")
    parser.add_argument(
        "--pages", nargs="+", choices=PAGE_TYPES, default=PAGE_TYPES, help="page types to measure"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every (database, N) this many times, alternating, and report the median of the rounds "
        "(the machine's speed drifts from minute to minute)",
    )
    parser.add_argument("--name", default="render")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.db[0], args.articles[0], args.samples, args.budget, args.pages)

    rounds = {}
    for round_number in range(args.rounds):
        for engine in args.db:
            for articles in args.articles:
                print(f"round {round_number + 1}: {engine} at {articles} articles ...", flush=True)
                run = subprocess.run(
                    [sys.executable, __file__, "--child", "--db", engine, "--articles", str(articles)]
                    + ["--samples", str(args.samples), "--budget", str(args.budget), "--pages", *args.pages],
                    env=bench_env(engine, articles),
                    cwd=PROJECT,
                    capture_output=True,
                    text=True,
                )
                if run.returncode:
                    raise SystemExit(run.stderr[-3000:])
                rounds.setdefault((engine, articles), []).append(
                    json.loads(run.stdout.strip().splitlines()[-1])
                )
    measured = {key: combine(results) for key, results in rounds.items()}
    rows = []
    speed = ", ".join(
        f"{engine} {articles:,}: {result['machine']['p50']:.1f} ms"
        for (engine, articles), result in measured.items()
    )
    for engine in args.db:
        smallest = min(args.articles)
        for kind in [FIRST_VIEW, *args.pages] if "article" in args.pages else args.pages:
            for articles in args.articles:
                result = measured[engine, articles][kind]
                if "failed" in result:
                    rows.append([engine, kind, f"{articles:,}", "failed: " + result["failed"], *[""] * 7])
                    continue
                base = measured[engine, smallest][kind].get("p50", result["p50"])
                rows.append(
                    [
                        engine,
                        kind,
                        f"{articles:,}",
                        f"{result['p50']:.1f}",
                        f"{result['p99']:.1f}",
                        f"{result['cpu_p50']:.1f}" if "cpu_p50" in result else "",
                        result["queries"],
                        f"{result['p50'] / base:.2f}×",
                        *(
                            [
                                f"{result['cached_p50']:.2f}",
                                f"{result['cached_p99']:.2f}",
                                result["cached_queries"],
                            ]
                            if "cached_p50" in result
                            else ["", "", ""]
                        ),
                    ]
                )
    write_table(
        args.name,
        "Server-side render time per page type",
        [
            "db",
            "page",
            "articles",
            "p50 ms",
            "p99 ms",
            "CPU p50 ms",
            "queries",
            "growth",
            "cached p50 ms",
            "cached p99 ms",
            "cached queries",
        ],
        rows,
        notes="Command: `"
        + " ".join(["bench/render.py", *sys.argv[1:]])
        + f"`. Median of {args.rounds} round(s). Machine speed (a fixed Python loop, lower is faster): {speed}. "
        "In-process django.test.Client, "
        "full middleware stack; page cache off (uncached) and on (hits, file-based cache unless CACHE_URL is set).",
    )


if __name__ == "__main__":
    main()
