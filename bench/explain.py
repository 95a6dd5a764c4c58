"""Planning and execution time of every query the hot reader pages and an editor's save run, on PostgreSQL; indexes; generic plans.

Run from the project root after ``bench/generate.py --articles 100000 --db postgres``:
    .venv/bin/python bench/explain.py --articles 100000 [--repeat 7] [--pages article home "admin: article save"] [--strict]

Each page is requested in-process with the page cache off, once to warm what it keeps
(stored related cards, values cached under model versions), then again while its
statements are captured with their parameters (``connection.execute_wrapper``). Every
captured SELECT then runs ``--repeat`` times under ``EXPLAIN (ANALYZE, BUFFERS, FORMAT
JSON)`` with the same parameters (client-side binding, as the site sends them, so each
run is planned afresh), and the medians of PostgreSQL's "Planning Time" and "Execution
Time" are reported per query and summed per page. "article" is a steady view of a
rotated article; "article, cold values" the same view right after a write (the cached
music box, figures and authors loaded again).

Generic plans: each distinct statement is also prepared on a separate connection and run
with every parameter set the pages gave it (several articles, the busiest and the rarest
tag, several searches) under ``plan_cache_mode = force_custom_plan`` and
``force_generic_plan``. A statement is "safe" to prepare when its generic plan is never
slower than planning and running it afresh, for every parameter set, within
``GENERIC_TOLERANCE_MS``; that is the evidence ``docs/production.md`` asks for before
``prepare_threshold`` may be switched on.

"admin: article save" is not a page: the SELECTs an editor's save of the first rotated
article runs (the admin's change form posted back with a new dek, in a transaction rolled
back afterwards), since a save renews what shows the article and reads more the larger the
archive.

Tables: bench/results/explain.md (per page), explain-queries.md (per query, with the
indexes used and any sequential scan of a table that grows with the archive),
explain-generic.md; full text plans in explain-plans.txt. ``--strict`` exits 1 when a
query other than search scans a large table sequentially.
"""

import argparse
import json
import random
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, setup_django, write_table

# Tables that grow with the archive; a sequential scan of one of them is a missing index.
LARGE_TABLES = {
    "articles_article",
    "articles_taggedarticle",
    "articles_articleauthor",
    "articles_figure",
    "articles_relatedarticle",
    "articles_relatedsuggestion",
    "articles_article_artists",
    "articles_article_songs",
    "articles_article_releases",
    "articles_article_films",
    "pophariini_photo",
}
# A generic plan may be this much slower than a fresh plan's planning plus execution
# (timing noise on a shared machine) and still count as safe.
GENERIC_TOLERANCE_MS = 0.05
# How many rotated articles give the article statements their parameter sets.
ARTICLE_VARIANTS = 8
# Not a page: the SELECTs of an editor's save of the first rotated article (``article_save()``).
SAVE = "admin: article save"


def walk(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from walk(child)


def describe(sql):
    """A short label for a query: the tables it reads, in order of first mention."""
    tables = dict.fromkeys(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
    return ", ".join(tables) or sql[:40]


def pages(articles):
    """Page name → URLs: the first is measured, the others give its statements more parameter sets."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Author, Category
    from music.models import Artist

    rng = random.Random(7)
    slugs = list(Article.objects.published().order_by("pk").values_list("slug", flat=True))
    rotation = [f"/{slug}/" for slug in rng.sample(slugs, min(ARTICLE_VARIANTS, len(slugs)))]
    seed = Article.objects.published().filter(slug="ragam-soundtrack-dari-film-backstage").first()
    tags = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).filter(n__gt=0)
    artists = Artist.objects.annotate(n=Count("articles")).filter(n__gt=0)
    categories = list(Category.objects.order_by("position", "pk"))
    return {
        "article": rotation,
        "article, cold values": rotation[:1],
        "seed article": [seed.get_absolute_url()] if seed else [],
        "home": ["/"],
        "home page 50": ["/?page=50"],
        "category": [c.get_absolute_url() for c in (categories[0], categories[-1])],
        "tag": [f"/tag/{t.slug}/" for t in (tags.order_by("-n").first(), tags.order_by("n").first())],
        "author": [
            Author.objects.annotate(n=Count("article_links")).order_by("-n").first().get_absolute_url()
        ],
        "artist": [
            a.get_absolute_url() for a in (artists.order_by("-n").first(), artists.order_by("n").first())
        ],
        "article list": ["/artikel/"],
        "archive month": ["/arsip/2021/3/", "/arsip/2019/11/"],
        "search": ["/cari/?q=festival+konser", "/cari/?q=gitar", "/cari/?q=rindu+malam", "/cari/?q=perunggu"],
        "feed": ["/feed/"],
        "sitemap (articles)": ["/sitemap-artikel.xml"],
    }


def article_save(slug):
    """The SELECTs of an editor's save of the article ``slug`` in the admin, and its change form's address.

    The change form is fetched and posted back with a new dek as a superuser, inside a
    transaction that is rolled back: the benchmark database keeps its data. A save renews
    what shows the article (``articles.page_scopes``), so its statements grow with the
    archive as a page's do; one that reads every body or every artist is as bad as a page.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from articles.models import Article
    from bench.newsroom import FormFields

    url = f"/{settings.ADMIN_URL}articles/article/{Article.objects.get(slug=slug).pk}/change/"
    with transaction.atomic():
        editor = get_user_model().objects.create_superuser(
            "bench-explain", "bench-explain@example.invalid", None
        )
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        form = FormFields("article_form")
        form.feed(client.get(url).content.decode())
        data = {}
        for name, value in form.fields:
            data.setdefault(name, []).append(value + " (disunting)" if name == "dek" else value)
        data["_continue"] = ["1"]
        response, queries = capture(lambda: client.post(url, data))
        transaction.set_rollback(True)
    if response.status_code != 302:
        raise SystemExit(f"the admin refused the save of {url}: {response.status_code}")
    return url, queries


def capture(run):
    """``run()``'s result and every SELECT it ran, as (sql, params)."""
    from django.db import connection

    statements = []

    def record(execute, sql, params, many, context):
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH", "(")):
            statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = run()
    return result, statements


def explain(cursor, prefix, sql, params, repeat):
    """Planning and execution medians (ms) of ``repeat`` EXPLAIN ANALYZE runs, and the last plan."""
    documents = []
    for _ in range(repeat):
        cursor.execute(prefix + sql, params)
        result = cursor.fetchone()[0]
        documents.append((result if isinstance(result, list) else json.loads(result))[0])
    return (
        statistics.median(d["Planning Time"] for d in documents),
        statistics.median(d["Execution Time"] for d in documents),
        documents[-1],
    )


def buffers(document):
    plan, planning = document["Plan"], document.get("Planning", {})
    executed = plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    planned = planning.get("Shared Hit Blocks", 0) + planning.get("Shared Read Blocks", 0)
    return f"{planned} / {executed}"


def generic_plans(statements, repeat):
    """For each distinct statement: custom and generic planning + execution per parameter set.

    Runs on a connection of its own (server-side binding, as ``prepare_threshold`` needs);
    a statement PostgreSQL cannot prepare as Django writes it is reported as such.
    """
    import psycopg
    from django.db import connection
    from psycopg import sql as pg
    from psycopg.types.numeric import Int8

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    # Only the statements prepared explicitly below (``prepare=True``).
    params["prepare_threshold"] = 10**9
    results = {}
    with psycopg.connect(**params, autocommit=True) as raw:
        for text, param_sets in statements.items():
            names_before = {row[0] for row in raw.execute("SELECT name FROM pg_prepared_statements")}
            # psycopg types an int by its size (int2 for a small one); bigint fits every id.
            first = tuple(Int8(value) if type(value) is int else value for value in param_sets[0])
            try:
                raw.execute(text, first, prepare=True)
            except psycopg.Error as exc:
                results[text] = {"error": str(exc).splitlines()[0]}
                continue
            (name,) = {
                row[0] for row in raw.execute("SELECT name FROM pg_prepared_statements")
            } - names_before
            try:
                results[text] = {"runs": [compare_plans(raw, name, values, repeat) for values in param_sets]}
            except psycopg.Error as exc:
                results[text] = {"error": str(exc).splitlines()[0]}
            raw.execute("RESET plan_cache_mode")
            raw.execute(pg.SQL("DEALLOCATE {}").format(pg.Identifier(name)))
    return results


def compare_plans(raw, name, values, repeat):
    """Planning and execution medians of the prepared statement ``name`` under a fresh and a generic plan."""
    from psycopg import sql as pg

    # Untyped literals: PostgreSQL gives each the type it inferred for the parameter.
    arguments = pg.SQL(", ").join(pg.Literal(None if value is None else str(value)) for value in values)
    execute = pg.SQL("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE {}").format(pg.Identifier(name))
    if values:
        execute = pg.SQL("{}({})").format(execute, arguments)
    run = {}
    for mode in ("force_custom_plan", "force_generic_plan"):
        raw.execute(pg.SQL("SET plan_cache_mode = {}").format(pg.Identifier(mode)))
        documents = [raw.execute(execute).fetchone()[0][0] for _ in range(repeat)]
        run[mode] = (
            statistics.median(d["Planning Time"] for d in documents),
            statistics.median(d["Execution Time"] for d in documents),
        )
    return run


def generic_rows(statements, owners, results):
    rows, safe = [], []
    for text, result in results.items():
        label = f"{', '.join(sorted(owners[text]))}: {describe(text)}"
        if "error" in result:
            rows.append(
                [label, len(statements[text]), "—", "—", "—", "not preparable: " + result["error"][:60]]
            )
            continue
        custom = [sum(run["force_custom_plan"]) for run in result["runs"]]
        generic = [sum(run["force_generic_plan"]) for run in result["runs"]]
        worst = max(g - c for g, c in zip(generic, custom, strict=True))
        verdict = "safe" if worst <= GENERIC_TOLERANCE_MS else f"UNSAFE (+{worst:.2f} ms)"
        if worst <= GENERIC_TOLERANCE_MS:
            safe.append(text)
        rows.append(
            [
                label,
                len(custom),
                f"{statistics.median(custom):.2f} (max {max(custom):.2f})",
                f"{statistics.median(generic):.2f} (max {max(generic):.2f})",
                f"{statistics.median(c - g for g, c in zip(generic, custom, strict=True)):.2f}",
                verdict,
            ]
        )
    return rows, safe


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=7, help="EXPLAIN ANALYZE runs per query (medians)")
    parser.add_argument("--pages", nargs="+", help="page names to measure (default: all)")
    parser.add_argument("--no-generic", action="store_true", help="skip the generic-plan check")
    parser.add_argument("--name", default="explain", help="file name stem under bench/results/")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    setup_django("postgres", args.articles, PAGE_CACHE_SECONDS=0)

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from pophariini.cache import next_scheduled_publish

    client = Client(raise_request_exception=False)
    chosen = {name: urls for name, urls in pages(args.articles).items() if urls}
    if args.pages:
        chosen = {name: urls for name, urls in chosen.items() if name in args.pages}
    measured, statements, owners = {}, {}, {}
    for page, urls in chosen.items():
        for index, url in enumerate(urls):
            client.get(url)  # stores related cards, fills the values cached under versions
            if page == "article, cold values":
                cache.clear()
            response, queries = capture(lambda url=url: client.get(url))
            print(f"{page}: {url} answered {response.status_code} with {len(queries)} queries", flush=True)
            if index == 0:
                measured[page] = (url, queries)
            for sql, params in queries:
                statements.setdefault(sql, []).append(params)
                owners.setdefault(sql, set()).add(page)
    if not args.pages:
        _result, queries = capture(next_scheduled_publish)
        measured["page cache: next scheduled"] = ("", queries)
    if not args.pages or SAVE in args.pages:
        url, queries = article_save(chosen.get("article", pages(args.articles)["article"])[0].strip("/"))
        print(f"{SAVE}: {url} with {len(queries)} queries", flush=True)
        measured[SAVE] = (url, queries)
        for sql, params in queries:
            statements.setdefault(sql, []).append(params)
            owners.setdefault(sql, set()).add(SAVE)

    prefix = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
    page_rows, query_rows, plans, offenders = [], [], [], []
    with connection.cursor() as cursor:
        for page, (url, queries) in measured.items():
            planning_total = execution_total = 0.0
            for number, (sql, params) in enumerate(queries, 1):
                planning, execution, document = explain(cursor, prefix, sql, params, args.repeat)
                planning_total += planning
                execution_total += execution
                nodes = list(walk(document["Plan"]))
                indexes = sorted({n["Index Name"] for n in nodes if "Index Name" in n})
                seq = sorted(
                    {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"} & LARGE_TABLES
                )
                if seq and page != "search":
                    offenders.append((page, sql))
                query_rows.append(
                    [
                        page,
                        number,
                        describe(sql),
                        f"{planning:.3f}",
                        f"{execution:.3f}",
                        buffers(document),
                        ", ".join(indexes) or "—",
                        ", ".join(seq) or "—",
                    ]
                )
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                text = "\n".join(line for (line,) in cursor.fetchall())
                plans.append(f"-- {page} {url} query {number}\n{sql}\n{params!r}\n\n{text}\n")
            page_rows.append(
                [
                    page,
                    url,
                    len(queries),
                    f"{planning_total:.2f}",
                    f"{execution_total:.2f}",
                    f"{planning_total + execution_total:.2f}",
                ]
            )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}-plans.txt").write_text("\n\n".join(plans))
    command = "Command: `" + " ".join(["bench/explain.py", *sys.argv[1:]]) + "`. "
    medians = f"Medians of {args.repeat} EXPLAIN (ANALYZE, BUFFERS) runs per query, ms. "
    write_table(
        f"{args.name}-queries",
        f"Every query of the hot pages, PostgreSQL, {args.articles:,} articles",
        [
            "page",
            "#",
            "query",
            "planning",
            "execution",
            "buffers (planning / execution)",
            "indexes",
            "seq scan",
        ],
        query_rows,
        notes=command + medians + f"Plans: bench/results/{args.name}-plans.txt.",
    )
    if not args.no_generic:
        results = generic_plans(statements, args.repeat)
        rows, safe = generic_rows(statements, owners, results)
        write_table(
            f"{args.name}-generic",
            f"Prepared statements: custom against generic plans, PostgreSQL, {args.articles:,} articles",
            [
                "statement",
                "parameter sets",
                "custom: planning + execution",
                "generic",
                "saved (median)",
                "verdict",
            ],
            rows,
            notes=command
            + medians
            + f"Safe: the generic plan never costs more than {GENERIC_TOLERANCE_MS} ms over a fresh plan "
            "for any parameter set the pages gave. " + f"{len(safe)} of {len(rows)} statements are safe.",
        )
    write_table(
        args.name,
        f"Database time of the hot pages, PostgreSQL, {args.articles:,} articles",
        ["page", "URL", "queries", "planning ms", "execution ms", "total ms"],
        page_rows,
        notes=command + medians + f"Per query: bench/results/{args.name}-queries.md.",
    )
    if offenders:
        print(f"{len(offenders)} queries scan a large table sequentially (see {args.name}-queries.md)")
        if args.strict:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
