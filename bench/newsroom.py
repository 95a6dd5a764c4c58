"""A newsroom at work: readers at a fixed rate on the cached site while an editor saves through the admin.

Run from the project root after bench/generate.py (needs ``wrk``, Debian package wrk, and Redis):
    .venv/bin/python bench/newsroom.py --articles 10000 --db postgres --cache-url redis://127.0.0.1:6379/7
    .venv/bin/python bench/newsroom.py ... --project /path/to/another/checkout   # the same load on other code

One gunicorn (``gunicorn -c gunicorn.conf.py``, production's settings, loopback only) on the
benchmark database with Redis as the cache. Readers (``wrk``, each connection pausing
between requests, so the rate stays near ``--rate`` rather than at the server's limit)
ask for articles with a power law of popularity (the n-th most read is read 1/n as often
as the first) over every published article, plus the home page, the rubrics and the
artists' pages (power law too). A warm-up renders the distinct pages once, most read
first, for at most ``--warm`` seconds (a site that has been up a while has them cached);
readers then ask only for the pages it reached, so that what the run measures is what
the editor's saves do to a warm cache, not how fast a cold one fills. Then, for ``--duration``
seconds, an editor logged into the admin saves, every ``--save-every`` seconds, in turn
a popular article (its dek) and a popular artist (the bio): the admin's own change form,
fetched and posted back over HTTP, so the save runs exactly as an editor's does.

Reported: the readers' request rate, hit rate (``X-Page-Cache: hit`` among answers),
p50/p99/p99.9 latency, answers other than 200 and socket errors, and the editor's saves
(how many, how long each took, failures). Bounded: every phase has a time limit, and
nothing but 127.0.0.1 is ever addressed. The table goes to bench/results/<name>.md.
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA, PROJECT, bench_env, setup_django, write_table
from bench.throughput import Gunicorn

WRK_THREADS = 2
CONNECTIONS = 32
SAMPLE = 40_000
EDITOR = ("bench-redaksi", "bench-redaksi-sandi-123")
# Each thread walks the shared list from its own offset; every connection waits between
# its requests so that all of them together ask about ``rate`` pages a second.
READERS_LUA = """
local paths = {%(paths)s}
local pause = %(pause)d
local threads = {}
local counter = 1

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  index = offset
  hits, misses, other, bad = 0, 0, 0, 0
end

function delay()
  return pause
end

function request()
  index = index + 1
  return wrk.format("GET", paths[(index %% #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
  local outcome = headers["X-Page-Cache"]
  if outcome == "hit" then
    hits = hits + 1
  elseif outcome == "miss" then
    misses = misses + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = {hits = 0, misses = 0, other = 0, bad = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format(
    'NEWSROOM {"requests": %%d, "seconds": %%f, "hits": %%d, "misses": %%d, "other": %%d, "bad": %%d, '
    .. '"socket_errors": %%d, "p50": %%f, "p99": %%f, "p999": %%f, "max": %%f}\\n',
    summary.requests, summary.duration / 1e6, totals.hits, totals.misses, totals.other, totals.bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000))
end
"""


class FormFields(HTMLParser):
    """The fields an HTML form submits, as a browser would (enough for a Django admin change form)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                [attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")]
            )
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


class Editor:
    """An editor's browser: cookies, the admin login, and change forms fetched and posted back."""

    def __init__(self, port, admin):
        self.port, self.admin, self.cookies = port, admin, {}

    def call(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "User-Agent": "newsroom-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode([tuple(pair) for pair in form])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, content

    def log_in(self):
        _, page = self.call("GET", f"{self.admin}login/")
        form = FormFields("login-form")
        form.feed(page)
        fields = [pair for pair in form.fields if pair[0] not in ("username", "password")]
        fields += [["username", EDITOR[0]], ["password", EDITOR[1]]]
        status, _ = self.call("POST", f"{self.admin}login/?next={self.admin}", fields)
        if status != 302:
            raise SystemExit("the editor could not log into the admin")

    def save(self, change_url, form_id, field, edit):
        """Fetch the change form, change one field with ``edit``, post it; the seconds it took, or None if refused."""
        started = time.monotonic()
        status, page = self.call("GET", change_url)
        if status != 200:
            return None
        form = FormFields(form_id)
        form.feed(page)
        fields = [[name, edit(value) if name == field else value] for name, value in form.fields]
        fields.append(["_continue", "1"])
        status, content = self.call("POST", change_url, fields)
        if status != 302:
            print(
                f"save refused ({status}): {re.findall(r'errorlist[^>]*>(.*?)</ul>', content)[:3]}",
                flush=True,
            )
            return None
        return time.monotonic() - started


def zipf_sample(items, count, rng):
    """``count`` picks of ``items``, the n-th item weighted 1/n."""
    weights = [1 / rank for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights, k=count)


def reader_paths(rng):
    """Readers' requests: 85 % articles, 5 % home, 5 % rubrics, 5 % artists; popularity by a power law."""
    from django.db.models import Count

    from articles.models import Article, Category
    from music.models import Artist

    slugs = list(Article.objects.published().values_list("slug", flat=True))
    rng.shuffle(slugs)  # popularity has nothing to do with age or id
    categories = list(Category.objects.values_list("slug", flat=True))
    artists = list(
        Artist.objects.annotate(linked=Count("articles"))
        .filter(linked__gt=0)
        .order_by("-linked", "pk")
        .values_list("slug", flat=True)[:2000]
    )
    kinds = rng.choices(["article", "home", "rubric", "artist"], weights=[85, 5, 5, 5], k=SAMPLE)
    picks = {
        "article": iter(zipf_sample([f"/{slug}/" for slug in slugs], SAMPLE, rng)),
        "rubric": iter(zipf_sample([f"/kategori/{slug}/" for slug in categories], SAMPLE, rng)),
        "artist": iter(zipf_sample([f"/artis/{slug}/" for slug in artists], SAMPLE, rng)),
        "home": iter(["/"] * SAMPLE),
    }
    return [next(picks[kind]) for kind in kinds], slugs, artists


def wrk_readers(port, paths, rate, seconds, workdir):
    """Start wrk for ``seconds`` at about ``rate`` requests a second; returns the process (output on stdout)."""
    pause = max(1, round(CONNECTIONS * 1000 / rate))
    script = Path(workdir) / "readers.lua"
    script.write_text(READERS_LUA % {"paths": ", ".join(f'"{path}"' for path in paths), "pause": pause})
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "10s"]
    return subprocess.Popen(
        [*command, "-s", str(script), f"http://127.0.0.1:{port}/"], stdout=subprocess.PIPE, text=True
    )


def warm_up(port, paths, seconds):
    """Fetch each distinct path once, most read first, on 4 connections for at most ``seconds``; the paths reached."""
    from bench.throughput import fetch

    ranked = [path for path, _ in sorted(Counter(paths).items(), key=lambda item: -item[1])]
    deadline = time.monotonic() + seconds
    reached, lock = set(), threading.Lock()
    queue = iter(ranked)

    def work():
        while time.monotonic() < deadline:
            with lock:
                path = next(queue, None)
            if path is None:
                return
            if fetch(port, path)[0] == 200:
                with lock:
                    reached.add(path)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return reached


def readers_result(process):
    output = process.communicate(timeout=120)[0]
    line = next((line for line in output.splitlines() if line.startswith("NEWSROOM ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{output}")
    return json.loads(line.removeprefix("NEWSROOM "))


def editor_loop(editor, articles, artists, every, seconds, saves, stop):
    """Save a popular article's dek and a popular artist's bio in turn, every ``every`` seconds."""
    from articles.models import Article
    from music.models import Artist

    article_ids = dict(Article.objects.filter(slug__in=articles).values_list("slug", "pk"))
    artist_ids = dict(Artist.objects.filter(slug__in=artists).values_list("slug", "pk"))
    deadline = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < deadline and not stop.is_set():
        stamp = f" (diperbarui {time.strftime('%H.%M.%S')})"
        if turn % 2 == 0:
            slug = articles[(turn // 2) % len(articles)]
            took = editor.save(
                f"{editor.admin}articles/article/{article_ids[slug]}/change/",
                "article_form",
                "dek",
                lambda value, stamp=stamp: value.split(" (diperbarui")[0] + stamp,
            )
            saves.append(("article", slug, took))
        else:
            slug = artists[(turn // 2) % len(artists)]
            took = editor.save(
                f"{editor.admin}music/artist/{artist_ids[slug]}/change/",
                "artist_form",
                "bio",
                lambda value, stamp=stamp: value.split(" (diperbarui")[0] + stamp,
            )
            saves.append(("artist", slug, took))
        turn += 1
        stop.wait(max(0.0, every - (took or 0)))


def page_kind(path):
    """ "home", "article" (``/<slug>/``), or the first part of a longer address ("artis", "kategori")."""
    if path == "/":
        return "home"
    return path.split("/")[1] if path.count("/") > 2 else "article"


def misses_by_page(access_log, *, started_at, every, admin):
    """What the access log says missed during the readers' run: by kind of page, the most missed, by second."""
    kinds, pages, seconds = Counter(), Counter(), Counter()
    for line in access_log.read_text().splitlines():
        day, zone, path, _status, cache, _took = line.split(" ")
        when = datetime.datetime.strptime(f"{day} {zone}", "[%d/%b/%Y:%H:%M:%S %z]").timestamp()
        if when < int(started_at) or not path.startswith("/") or path.startswith(admin):
            continue  # the warm-up, and the editor's requests
        kinds[page_kind(path), cache] += 1
        if cache != "hit":
            pages[path] += 1
            seconds[int(when - started_at)] += 1
    lines = ["Answers by kind of page and X-Page-Cache:"]
    lines += [f"  {kind:10} {cache:9} {count:7,}" for (kind, cache), count in sorted(kinds.items())]
    lines.append("Most missed pages:")
    lines += [f"  {count:5,} {path}" for path, count in pages.most_common(15)]
    lines.append(f"Misses by second of the run (an editor's save about every {every:g} s, from the start):")
    lines.append("  " + " ".join(f"{second}:{count}" for second, count in sorted(seconds.items())))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--rate", type=float, default=800, help="readers' requests a second (aim)")
    parser.add_argument("--duration", type=float, default=120, help="seconds of newsroom work measured")
    parser.add_argument("--warm", type=float, default=90, help="seconds at most for the warm-up")
    parser.add_argument("--save-every", type=float, default=10)
    parser.add_argument("--project", default=str(PROJECT), help="the checkout whose code the server runs")
    parser.add_argument("--label", default="", help="names the code in the table (default: its commit)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--name", default="newsroom")
    parser.add_argument(
        "--log-misses",
        action="store_true",
        help="log every answer (gunicorn's access log, which slows the server) and list the pages that missed",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    if not args.cache_url.startswith("redis"):
        raise SystemExit("the newsroom runs on Redis (--cache-url redis://127.0.0.1:6379/N)")
    for address in (args.cache_url,):
        if "127.0.0.1" not in address and "localhost" not in address:
            raise SystemExit("loopback only")

    prefix = f"newsroom-{uuid.uuid4().hex[:8]}"
    extra = {"CACHE_URL": args.cache_url, "CACHE_KEY_PREFIX": prefix, "CONN_MAX_AGE": "600"}
    setup_django(args.db, args.articles, **extra)
    from django.conf import settings
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=EDITOR[0], defaults={"is_staff": True, "is_superuser": True, "email": "redaksi@example.com"}
    )
    user.set_password(EDITOR[1])
    user.save()
    rng = random.Random(args.seed)
    paths, slugs, artists = reader_paths(rng)

    project = Path(args.project).resolve()
    label = (
        args.label
        or subprocess.run(
            ["git", "-C", str(project), "log", "-1", "--format=%h %s"], capture_output=True, text=True
        ).stdout.strip()[:70]
    )
    env = bench_env(args.db, args.articles, **extra) | {"PYTHONPATH": str(project)}
    if project != PROJECT:
        # The other checkout's static files, collected into its own bench folder.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=project,
            env=env,
            check=True,
        )
    workdir = tempfile.mkdtemp(dir=DATA)
    # Kept after the run, for a closer look.
    access_log = DATA / f"{args.name}-access.log" if args.log_misses else None
    if access_log:
        env |= {
            "GUNICORN_ACCESS_LOG": str(access_log),
            "GUNICORN_CMD_ARGS": "--access-logformat '%(t)s %(U)s %(s)s %({x-page-cache}o)s %(M)s'",
        }
    server = Gunicorn(env, project=project)
    saves, stop = [], threading.Event()
    try:
        # Warm-up: every distinct page once, most read first (a site that has been up a while).
        distinct = len(set(paths))
        started = time.monotonic()
        reached = warm_up(server.port, paths, args.warm)
        warmed = {"pages": len(reached), "seconds": time.monotonic() - started}
        paths = [path for path in paths if path in reached]
        readers = wrk_readers(server.port, paths, args.rate, args.duration, workdir)
        readers_started = time.time()
        editor = Editor(server.port, f"/{settings.ADMIN_URL}")
        editor.log_in()
        popular_articles = list(dict.fromkeys(path.strip("/") for path in paths if path.count("/") == 2))[:50]
        thread = threading.Thread(
            target=editor_loop,
            args=(editor, popular_articles, artists[:50], args.save_every, args.duration - 2, saves, stop),
        )
        thread.start()
        result = readers_result(readers)
        stop.set()
        thread.join(timeout=60)
        restarts = server.restarts()
        if access_log:
            print(
                misses_by_page(
                    access_log, started_at=readers_started, every=args.save_every, admin=editor.admin
                )
            )
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        import redis

        client = redis.Redis.from_url(args.cache_url)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])

    answered = result["hits"] + result["misses"] + result["other"]
    took = sorted(seconds for _, _, seconds in saves if seconds is not None)
    failed = sum(1 for _, _, seconds in saves if seconds is None)
    rows = [
        [
            label,
            f"{result['requests'] / result['seconds']:,.0f}",
            f"{result['hits'] / max(answered, 1):.1%}",
            f"{result['p50']:.1f}",
            f"{result['p99']:.1f}",
            f"{result['p999']:.1f}",
            result["bad"] + result["socket_errors"],
            f"{len(saves)} ({failed} failed), median {took[len(took) // 2] if took else 0:.2f} s",
        ]
    ]
    write_table(
        args.name,
        f"Newsroom: readers at {args.rate:g}/s for {args.duration:g} s, a save every {args.save_every:g} s, "
        f"{args.db}, {args.articles:,} articles, Redis",
        ["code", "requests/s", "hit rate", "p50 ms", "p99 ms", "p99.9 ms", "errors", "editor saves"],
        rows,
        notes=(
            "Command: `" + " ".join(["bench/newsroom.py", *sys.argv[1:]]) + "`. "
            "gunicorn.conf.py resolved to: "
            + ", ".join(f"{key}={value!r}" for key, value in server.settings.items())
            + f". wrk -t{WRK_THREADS} -c{CONNECTIONS}, each connection pausing between requests; "
            f"warm-up: {warmed['pages']:,} of the {distinct:,} distinct pages rendered in "
            f"{warmed['seconds']:.0f} s; readers' list: {len(paths):,} requests over those. Misses {result['misses']:,}, "
            f"other answers (degraded or uncacheable) {result['other']:,}, non-200 {result['bad']}, "
            f"socket errors {result['socket_errors']}, worker restarts {restarts}. Saves: "
            + ", ".join(
                f"{kind} {slug[:24]} {seconds if seconds is None else round(seconds, 2)}"
                for kind, slug, seconds in saves
            )
            + f". {os.cpu_count()} cores shared with the load generator."
        ),
    )


if __name__ == "__main__":
    main()
