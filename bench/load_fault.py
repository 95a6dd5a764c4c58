"""Load and fault test: gunicorn under concurrent readers while editors save, then a fault.

Starts gunicorn (gunicorn.conf.py, loopback only) on a PostgreSQL database of its own
(``bench_load_fault`` on BENCH_POSTGRES), runs reader threads fetching public pages
while editor threads save articles through the admin (login, open form, save), and
counts responses. Two phases of ``--duration`` seconds each:

1. steady load: every response must be a success (zero 5xx);
2. fault, a third of the way in (``--fault``):

   - ``postgres``: PostgreSQL is restarted. Requests fail while it is down; the app must
     recover by itself (CONN_HEALTH_CHECKS), with no failure in the last third of the
     phase and the same gunicorn workers still serving.
   - ``redis``: the cache is a redis-server this script starts on a spare port; it is
     killed (SIGKILL) for ``FAULT_SECONDS`` and started again. Every request must
     succeed, and ``/healthz`` (polled four times a second) must say the cache is
     degraded while Redis is down and ok again after.
   - ``cache-dir``: the default file cache; its folder is replaced by a plain file for
     ``FAULT_SECONDS`` (every read and write fails, even as root), then restored. Same
     criteria as ``redis``.

Bounded: at most 64 threads, ``--duration`` ≤ 120 s per phase, 10 s per request.
The database is dropped at the end. Needs to run as root or postgres for the restart.

    .venv/bin/python bench/load_fault.py --readers 12 --editors 2 --duration 20
    .venv/bin/python bench/load_fault.py --fault redis --duration 30
    .venv/bin/python bench/load_fault.py --fault cache-dir --duration 30
"""

import argparse
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import POSTGRES_SERVER, PROJECT, write_table
from bench.faults import (
    OwnRedis,
    break_cache_dir_for_a_while,
    kill_redis_for_a_while,
    restart_postgres,
)
from tests.admin_forms import form_values

DATABASE = "bench_load_fault"
REQUEST_TIMEOUT = 10
# How long the cache stays broken in the cache fault modes.
FAULT_SECONDS = 10
EDITOR_PASSWORD = "bench-editor-password-1"

SEED = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, ArticleAuthor, Author, Category
User = get_user_model()
category, _ = Category.objects.get_or_create(slug="berita", defaults={"name": "Berita"})
author, _ = Author.objects.get_or_create(slug="penulis-bench", defaults={"name": "Penulis Bench"})
for i in range(%(editors)d):
    if not User.objects.filter(username=f"editor{i}").exists():
        User.objects.create_superuser(f"editor{i}", f"editor{i}@example.com", %(password)r)
body = "".join(f"<p>Paragraf {n} tentang musik Indonesia dan rilisan terbarunya.</p>" for n in range(12))
now = timezone.now()
for i in range(%(articles)d):
    article, created = Article.objects.get_or_create(
        slug=f"kabar-bench-{i}",
        defaults=dict(title=f"Kabar Bench {i}", dek="Dek singkat.", body=body, category=category,
                      status="published", publish_at=now - timezone.timedelta(hours=i)),
    )
    if created:
        ArticleAuthor.objects.create(article=article, author=author)
print(json.dumps({"pks": list(Article.objects.values_list("pk", flat=True)),
                  "slugs": list(Article.objects.values_list("slug", flat=True))}))
"""


class Page:
    """Just enough of a response for ``tests.admin_forms.form_values``."""

    def __init__(self, content):
        self.content = content


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (time, kind, outcome, seconds)

    def add(self, kind, outcome, started):
        now = time.monotonic()
        with self.lock:
            self.events.append((now, kind, outcome, now - started))

    def between(self, start, end, kind=None):
        return [e for e in self.events if start <= e[0] < end and (kind is None or e[1] == kind)]


def request(port, method, path, *, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.msg.get_all("Set-Cookie") or [], response.read()
    finally:
        connection.close()


def outcome_of(status):
    if status >= 500:
        return "5xx"
    if status >= 400:
        return "4xx"
    return "ok"


def reader(port, paths, deadline, recorder, rng):
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            status, _cookies, _body = request(port, "GET", rng.choice(paths))
            recorder.add("read", outcome_of(status), started)
        except OSError:
            recorder.add("read", "connection error", started)
            time.sleep(0.05)


class Editor:
    """Logs in to the admin and saves articles the way a browser does."""

    def __init__(self, port, username):
        self.port, self.username, self.cookies = port, username, {}

    def call(self, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, set_cookies, content = request(self.port, method, path, body=body, headers=headers)
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, content

    def login(self):
        status, content = self.call("GET", "/admin/login/")
        data = form_values(Page(content.replace(b'id="login-form"', b'id="login_form"')))
        data.update(username=self.username, password=EDITOR_PASSWORD, next="/admin/")
        status, _content = self.call("POST", "/admin/login/", data)
        if status != 302:
            raise SystemExit(f"{self.username} could not log in ({status})")

    def save(self, pk, n):
        url = f"/admin/articles/article/{pk}/change/"
        status, content = self.call("GET", url)
        if status != 200:
            return outcome_of(status)
        data = form_values(Page(content))
        data["title"] = f"Kabar Bench {pk} (suntingan {self.username} #{n})"
        status, content = self.call("POST", url, data)
        if status == 302:
            return "saved"
        if status == 200 and b"Tidak disimpan" in content:
            return "refused stale"
        return outcome_of(status) if status != 200 else "form error"


def editor_loop(editor, pks, deadline, recorder, rng):
    n = 0
    while time.monotonic() < deadline:
        n += 1
        started = time.monotonic()
        try:
            recorder.add("save", editor.save(rng.choice(pks), n), started)
        except OSError:
            recorder.add("save", "connection error", started)
        time.sleep(0.1)


def run_phase(port, paths, pks, editors, readers, duration, recorder, *, during=None):
    start = time.monotonic()
    deadline = start + duration
    threads = [
        threading.Thread(target=reader, args=(port, paths, deadline, recorder, random.Random(i)))
        for i in range(readers)
    ] + [
        threading.Thread(target=editor_loop, args=(editor, pks, deadline, recorder, random.Random(100 + i)))
        for i, editor in enumerate(editors)
    ]
    for thread in threads:
        thread.start()
    health = HealthPoller(port, deadline)
    health.start()
    fault = None
    if during:
        time.sleep(duration / 3)
        fault = during()
    for thread in threads:
        thread.join()
    health.join()
    return start, time.monotonic(), fault, health.answers


class HealthPoller(threading.Thread):
    """``/healthz`` four times a second: (time, HTTP status, the body's status)."""

    def __init__(self, port, deadline):
        super().__init__()
        self.port, self.deadline, self.answers = port, deadline, []

    def run(self):
        while time.monotonic() < self.deadline:
            try:
                status, _cookies, body = request(self.port, "GET", "/healthz")
                self.answers.append((time.monotonic(), status, json.loads(body).get("status")))
            except (OSError, ValueError):
                self.answers.append((time.monotonic(), 0, "connection error"))
            time.sleep(0.25)


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return sorted(children.read_text().split()) if children.exists() else []


def summarise(recorder, start, end):
    rows = []
    for kind in ("read", "save"):
        events = recorder.between(start, end, kind)
        counts = Counter(e[2] for e in events)
        latencies = sorted(e[3] for e in events if e[2] in ("ok", "saved"))
        p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0
        rows.append(
            (kind, len(events), dict(counts), f"{len(events) / (end - start):.0f}/s", f"{p95:.0f} ms")
        )
    return rows


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--duration", type=int, default=20, help="seconds per phase (≤ 120)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--no-fault", action="store_true", help="steady phase only (no fault)")
    parser.add_argument("--fault", choices=["postgres", "redis", "cache-dir"], default="postgres")
    args = parser.parse_args()
    if args.readers + args.editors > 64 or not 5 <= args.duration <= 120:
        raise SystemExit("at most 64 threads and 5–120 seconds per phase")
    if args.fault != "postgres" and not args.no_fault and args.duration < 2 * FAULT_SECONDS:
        raise SystemExit(f"--fault {args.fault} needs --duration of at least {2 * FAULT_SECONDS} s")

    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    port = 18000 + os.getpid() % 1000
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{POSTGRES_SERVER}/{DATABASE}",
        "PYTHONPATH": str(PROJECT),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    scratch = Path(tempfile.mkdtemp(prefix="bench-load-fault-"))
    redis = cache_dir = None
    if args.fault == "redis":
        redis = OwnRedis(scratch)
        redis.start()
        env["CACHE_URL"] = f"redis://127.0.0.1:{redis.port}/0"
    else:
        cache_dir = scratch / "cache"
        env.pop("CACHE_URL", None)
        env["CACHE_DIR"] = str(cache_dir)
    faults = {
        "postgres": restart_postgres,
        "redis": lambda: kill_redis_for_a_while(redis, FAULT_SECONDS),
        "cache-dir": lambda: break_cache_dir_for_a_while(cache_dir, FAULT_SECONDS),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=PROJECT, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=PROJECT, check=True)
    seed = SEED % {"editors": args.editors, "password": EDITOR_PASSWORD, "articles": args.articles}
    out = subprocess.run(
        [*manage, "shell", "-c", seed], env=env, cwd=PROJECT, check=True, capture_output=True, text=True
    )
    content = json.loads(out.stdout.strip().splitlines()[-1])
    paths = ["/", "/feed/", "/kategori/berita/", "/healthz", *(f"/{slug}/" for slug in content["slugs"])]

    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "pophariini.wsgi"], env=env, cwd=PROJECT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
        workers_before = worker_pids(server.pid)
        editors = [Editor(port, f"editor{i}") for i in range(args.editors)]
        for editor in editors:
            editor.login()
        recorder = Recorder()

        steady = run_phase(port, paths, content["pks"], editors, args.readers, args.duration, recorder)
        fault = None
        if not args.no_fault:
            fault = run_phase(
                port,
                paths,
                content["pks"],
                editors,
                args.readers,
                args.duration,
                recorder,
                during=faults[args.fault],
            )
        workers_after = worker_pids(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if redis:
            redis.stop()
        shutil.rmtree(scratch, ignore_errors=True)
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

    if args.fault != "postgres" and fault is not None:
        report_cache_fault(args, recorder, steady, fault)
    else:
        report(args, recorder, steady, fault, workers_before, workers_after)


def report(args, recorder, steady, fault, workers_before, workers_after):
    steady_5xx = [e for e in recorder.between(*steady[:2]) if e[2] not in ("ok", "saved", "refused stale")]
    rows = [("steady", *row) for row in summarise(recorder, *steady[:2])]
    if fault is None:
        print(rows, f"steady failures: {len(steady_5xx)}")
        raise SystemExit(1 if steady_5xx else 0)
    phase_start, phase_end, (down_start, down_end), _health = fault
    failures = [
        e for e in recorder.between(phase_start, phase_end) if e[2] not in ("ok", "saved", "refused stale")
    ]
    last_failure = max((e[0] for e in failures), default=None)
    first_ok_after = min(
        (e[0] for e in recorder.between(down_end, phase_end) if e[2] in ("ok", "saved")), default=None
    )
    last_third = phase_end - (phase_end - phase_start) / 3
    late_failures = [e for e in failures if e[0] >= last_third]
    rows += [("PostgreSQL restart", *row) for row in summarise(recorder, phase_start, phase_end)]

    def rel(moment):
        return "—" if moment is None else f"{moment - down_start:+.2f} s"

    notes = "\n".join(
        [
            f"Command: `.venv/bin/python bench/load_fault.py --readers {args.readers} --editors {args.editors} "
            f"--duration {args.duration} --workers {args.workers} --articles {args.articles}`",
            f"gunicorn: {args.workers} workers (gunicorn.conf.py), 127.0.0.1, DEBUG off, PostgreSQL.",
            f"Steady phase failures (5xx, 4xx or connection errors): **{len(steady_5xx)}**.",
            f"PostgreSQL restart took {down_end - down_start:.2f} s; failed requests in the fault phase: "
            f"{len(failures)}, the last at {rel(last_failure)} from the restart's start; first success after "
            f"it returned at {rel(first_ok_after)}.",
            f"Failures in the last third of the fault phase: **{len(late_failures)}**; gunicorn workers "
            f"{'unchanged' if workers_before == workers_after else 'CHANGED'} "
            f"({len(workers_before)} before, {len(workers_after)} after): the app recovered without a restart.",
        ]
    )
    write_table(
        "load_fault",
        "Load and fault: readers and editors on gunicorn, PostgreSQL restarted mid-load",
        ["phase", "kind", "requests", "outcomes", "rate", "p95 (successes)"],
        rows,
        notes,
    )
    if steady_5xx or late_failures:
        raise SystemExit(1)


def report_cache_fault(args, recorder, steady, fault):
    """The cache faults: no failure at all, and the health check telling the degradation while it lasts."""
    phase_start, phase_end, (down_start, down_end), health = fault
    good = ("ok", "saved", "refused stale")
    failures = [e for e in recorder.between(steady[0], phase_end) if e[2] not in good]
    rows = [("steady", *row) for row in summarise(recorder, *steady[:2])]
    rows += [(f"{args.fault} fault", *row) for row in summarise(recorder, phase_start, phase_end)]
    # The health check may lag the fault by one probe (0.25 s) and a worker's pause after it (5 s).
    during = [h for h in health if down_start + 0.5 <= h[0] < down_end]
    after = [h for h in health if h[0] >= down_end + 6]
    degraded_during = sum(1 for h in during if h[1] == 200 and h[2] == "degraded")
    ok_after = sum(1 for h in after if h[1] == 200 and h[2] == "ok")
    before = [h for h in health if h[0] < down_start]
    what = {"redis": "redis-server killed (SIGKILL)", "cache-dir": "cache folder replaced by a file"}[
        args.fault
    ]
    notes = "\n".join(
        [
            f"Command: `.venv/bin/python bench/load_fault.py --fault {args.fault} --readers {args.readers} "
            f"--editors {args.editors} --duration {args.duration} --workers {args.workers} "
            f"--articles {args.articles}`",
            f"gunicorn: {args.workers} workers (gunicorn.conf.py), 127.0.0.1, DEBUG off, PostgreSQL.",
            f"Fault: {what} for {down_end - down_start:.1f} s, {down_start - phase_start:.1f} s "
            "into the second phase.",
            f"Failed requests (5xx, 4xx or connection errors) in both phases: **{len(failures)}**.",
            f"/healthz: {sum(1 for h in before if h[2] == 'ok')}/{len(before)} ok before the fault; "
            f"**{degraded_during}/{len(during)} degraded (200)** while it lasted; "
            f"{ok_after}/{len(after)} ok from 6 s after it ended.",
        ]
    )
    write_table(
        f"load_fault_{args.fault.replace('-', '_')}",
        f"Load and fault: readers and editors on gunicorn, cache fault ({args.fault})",
        ["phase", "kind", "requests", "outcomes", "rate", "p95 (successes)"],
        rows,
        notes,
    )
    if failures or degraded_during < len(during) or not during or ok_after < len(after):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
