"""Requests per second and latency under gunicorn with the production configuration, against the one-file Django ceiling.

Run from the project root after bench/generate.py (needs ``wrk``, Debian package wrk):
    .venv/bin/python bench/throughput.py --articles 10000 --db postgres [--cache-url redis://127.0.0.1:6379/6]

Every server is started as production starts it, ``gunicorn -c gunicorn.conf.py``, with
only the address set (``GUNICORN_BIND``, loopback); the resolved settings (workers,
worker class, threads, recycling, access log) head the results. ``--workers``,
``--threads``, ``--max-requests`` and ``--access-log`` set the matching environment
variables of gunicorn.conf.py, to compare configurations; the defaults are production's.

Two runs of the site on the same database: page cache off ("uncached", readers spread
over 500 articles, ``--uncached-articles``), then on ("cached", a rush on one article,
and the home page). The cached run's rounds also load the ceiling, ``bench/ceiling.py``:
a Django project with no middleware and one view returning the same bytes as the cached
page, served by the same gunicorn configuration; and, on the site itself, what a reader's
browser asks for besides the page: the article's read beacon (Terpopuler counting, which
is always on) and the stylesheet, which WhiteNoise serves through the site's middleware
(its "WhiteNoise ceiling"). The load is ``wrk`` (2 threads, 16 connections) on the same
machine, each scenario for a bounded time cut into slices that alternate with the other
scenarios', so the machine's drift falls on all alike; rates are the slices' mean, p50
and p99 their median. Worker restarts count the worker processes that came and went
during the run. Each scenario's CPU time per request is read from ``/proc``: its server's
workers' and every PostgreSQL process's, so the table says where an uncached page's time
goes and what a cached hit costs beside the ceiling. The table goes to
bench/results/<name>.md.
"""

import argparse
import os
import re
import runpy
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA, PROJECT, bench_env, setup_django, write_table

WRK_THREADS = 2
WRK_CONNECTIONS = 16
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
# The rotation of paths, for scenarios that spread readers over many pages.
ROTATE_LUA = """
local paths = {%s}
local index = 0
request = function()
  index = index + 1
  return wrk.format("GET", paths[(index %% #paths) + 1])
end
"""


def fetch(port, path):
    """One GET on a new connection; returns (status, headers text, body bytes).

    With the Host header wrk sends (the port included): the page cache keys a page by its
    host, so a page fetched here is the page wrk is served.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head.decode("latin-1"), body


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(port, paths, seconds, workdir):
    """Requests per second, p50 and p99 in ms for ``paths`` during ``seconds``; non-2xx answers fail the run."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds:g}s", "--latency"]
    # A browser's User-Agent: the read beacon ignores bots, and so would count nothing.
    command += ["-H", f"User-Agent: {BROWSER}"]
    if len(paths) > 1:
        script = Path(workdir) / f"rotate-{abs(hash(tuple(paths)))}.lua"
        script.write_text(ROTATE_LUA % ", ".join(f'"{path}"' for path in paths))
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{paths[0]}"], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"non-2xx answers for {paths[0]}:\n{output}")
    latency = dict(re.findall(r"^ +(50|99)% +(\S+) *$", output, re.MULTILINE))
    if len(latency) != 2:
        raise SystemExit(f"wrk printed no latency distribution:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, milliseconds(latency["50"]), milliseconds(latency["99"])


def cpu_seconds(pids) -> float:
    """User and system CPU time the processes ``pids`` have used so far (``/proc/<pid>/stat``)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids():
    """Every PostgreSQL server process on this machine (its backends serve the benchmark's workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().startswith("postgres"):
                    pids.append(entry.name)
            except OSError:
                continue
    return pids


def interleaved(scenarios, duration, rounds, workdir, servers=()):
    """(rate, p50, p99, server CPU ms, PostgreSQL CPU ms) of each scenario, in ``rounds`` alternating slices.

    The CPU figures are per request: the time the scenario's gunicorn workers (``servers``,
    found by port) and every PostgreSQL process used during its slices, divided by the
    requests answered; None for a scenario whose server is not given.
    """
    by_port = {server.port: server for server in servers}
    measured = {name for name, (port, _paths) in scenarios.items() if port in by_port}
    samples = {name: [] for name in scenarios}
    used = {name: [0.0, 0.0, 0.0] for name in scenarios}  # server CPU s, PostgreSQL CPU s, requests
    for _ in range(rounds):
        for name, (port, paths) in scenarios.items():
            for path in paths[:20]:
                fetch(port, path)  # warm: template compilation, page cache entries
            server = by_port.get(port)
            workers = server.workers() if server else []
            database = postgres_pids()
            before = cpu_seconds(workers), cpu_seconds(database)
            sample = wrk(port, paths, duration / rounds, workdir)
            used[name][0] += cpu_seconds(workers) - before[0]
            used[name][1] += cpu_seconds(database) - before[1]
            used[name][2] += sample[0] * duration / rounds
            samples[name].append(sample)
    return {
        name: (
            statistics.mean(rate for rate, _, _ in values),
            statistics.median(p50 for _, p50, _ in values),
            statistics.median(p99 for _, _, p99 in values),
            *(
                (1000 * used[name][0] / used[name][2], 1000 * used[name][1] / used[name][2])
                if name in measured
                else (None, None)
            ),
        )
        for name, values in samples.items()
    }


def gunicorn_settings(env, project=PROJECT) -> dict:
    """What gunicorn.conf.py resolves to under ``env``: the configuration every server here runs."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        conf = runpy.run_path(str(Path(project) / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    keys = ("workers", "worker_class", "threads", "max_requests", "accesslog", "keepalive", "timeout")
    return {key: conf[key] for key in keys}


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py APP`` on a free loopback port, as production runs it."""

    def __init__(self, env, app="pophariini.wsgi", ready="/healthz", project=PROJECT):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.settings = gunicorn_settings(self.env, project)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(Path(project) / "gunicorn.conf.py"), app],
            env=self.env,
            cwd=project,
            stdout=subprocess.DEVNULL,
        )
        self.seen = set()
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(self.port, ready)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"gunicorn ({app}) did not start")
            time.sleep(0.2)
        self.workers()

    def workers(self):
        pids = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        self.seen.update(pids)
        return [int(pid) for pid in pids]

    def restarts(self):
        self.workers()
        return len(self.seen) - self.settings["workers"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=float, default=16.0, help="seconds per scenario in all")
    parser.add_argument("--rounds", type=int, default=4, help="alternating slices the duration is cut into")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: production's)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (default: production's)")
    parser.add_argument("--max-requests", type=int, help="GUNICORN_MAX_REQUESTS (default: production's)")
    parser.add_argument("--access-log", help="GUNICORN_ACCESS_LOG, e.g. a file (default: production's)")
    parser.add_argument("--cached-only", action="store_true", help="skip the uncached run")
    parser.add_argument(
        "--uncached-articles",
        type=int,
        default=500,
        help="how many of the newest articles the uncached readers ask for in turn (1: one article, again and again)",
    )
    parser.add_argument(
        "--compare",
        nargs="*",
        default=[],
        metavar="VAR=VALUE[,VAR=VALUE]",
        help="more site servers in the cached run, each with these variables changed (GUNICORN_THREADS=2)",
    )
    parser.add_argument("--cache-url", default="", help="e.g. redis://127.0.0.1:6379/6 (default: file cache)")
    parser.add_argument("--name", default="throughput")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    setup_django(args.db, args.articles)  # also collects static files for WhiteNoise
    from django.core.cache import cache

    from articles.models import Article

    cache.clear()
    slugs = list(Article.objects.published().latest_first().values_list("slug", flat=True)[:500])
    extra = {"CONN_MAX_AGE": "600"}
    for option, variable in (
        ("workers", "WEB_CONCURRENCY"),
        ("threads", "GUNICORN_THREADS"),
        ("max_requests", "GUNICORN_MAX_REQUESTS"),
        ("access_log", "GUNICORN_ACCESS_LOG"),
    ):
        if getattr(args, option) is not None:
            extra[variable] = getattr(args, option)
    if args.cache_url:
        extra |= {"CACHE_URL": args.cache_url, "CACHE_KEY_PREFIX": f"bench-{os.getpid()}"}

    rows, notes = [], []
    workdir = tempfile.mkdtemp(dir=DATA)
    runs = (("cached", 600),) if args.cached_only else (("uncached", 0), ("cached", 600))
    try:
        for label, seconds in runs:
            site = Gunicorn(bench_env(args.db, args.articles, PAGE_CACHE_SECONDS=seconds, **extra))
            servers = [site]
            try:
                if label == "uncached":
                    scenarios = {
                        "article": (site.port, [f"/{slug}/" for slug in slugs[: args.uncached_articles]]),
                        "home": (site.port, ["/"]),
                    }
                else:
                    bodies = {}
                    for page, path in (("article", f"/{slugs[0]}/"), ("home", "/")):
                        fetch(site.port, path)
                        status, head, body = fetch(site.port, path)
                        if status != 200 or "X-Page-Cache: hit" not in head:
                            raise SystemExit(f"{path} is not a page cache hit:\n{head}")
                        bodies[page] = Path(workdir) / page
                        bodies[page].write_bytes(body)
                    scenarios = {"article": (site.port, [f"/{slugs[0]}/"]), "home": (site.port, ["/"])}
                    # What a reader's browser asks for besides the page, through the same stack:
                    # the read beacon (counting on: each view of the article adds one) and the
                    # stylesheet (WhiteNoise, the stack's own static-file ceiling).
                    html = fetch(site.port, f"/{slugs[0]}/")[2].decode()
                    beacon, stylesheet = (
                        re.search(pattern, html).group(1)
                        for pattern in (r'src="(/terpopuler/baca/\d+\.gif)"', r'href="(/static/[^"]+\.css)"')
                    )
                    scenarios |= {
                        "read beacon": (site.port, [beacon]),
                        "WhiteNoise": (site.port, [stylesheet]),
                    }
                    for page, body in bodies.items():
                        env = bench_env(args.db, args.articles, **extra)
                        del env["DJANGO_SETTINGS_MODULE"]  # the ceiling configures itself
                        ceiling = Gunicorn(
                            {**env, "CEILING_BODY": str(body)},
                            app="bench.ceiling",
                            ready="/",
                        )
                        servers.append(ceiling)
                        scenarios[f"ceiling, {page} bytes"] = (ceiling.port, ["/"])
                    for variant in args.compare:
                        changed = dict(pair.split("=", 1) for pair in variant.split(","))
                        other = Gunicorn(
                            bench_env(args.db, args.articles, PAGE_CACHE_SECONDS=seconds, **extra | changed)
                        )
                        servers.append(other)
                        scenarios[f"article [{variant}]"] = (other.port, [f"/{slugs[0]}/"])
                results = interleaved(scenarios, args.duration, args.rounds, workdir, servers)
                sizes = {name: len(fetch(port, paths[0])[2]) for name, (port, paths) in scenarios.items()}
                for name, (rate, p50, p99, server_cpu, database_cpu) in results.items():
                    share = whitenoise = ""
                    page = name.split(" [")[0]
                    if label == "cached" and page in ("article", "home"):
                        share = f"{rate / results[f'ceiling, {page} bytes'][0]:.0%}"
                        whitenoise = f"{rate / results['WhiteNoise'][0]:.0%}"
                    title = name if name.startswith("ceiling") else f"{name} ({label})"
                    rows.append(
                        [
                            title,
                            f"{rate:,.0f}",
                            f"{p50:.1f}",
                            f"{p99:.1f}",
                            f"{sizes[name]:,}",
                            share,
                            whitenoise,
                            "" if server_cpu is None else f"{server_cpu:.2f}",
                            "" if database_cpu is None else f"{database_cpu:.2f}",
                        ]
                    )
                notes.append(
                    f"{label} run: site worker RSS "
                    + ", ".join(f"{rss_kib(pid) / 1024:.0f} MiB" for pid in site.workers())
                    + f"; worker restarts: site {site.restarts()}"
                    + "".join(
                        f", {server.settings['worker_class']} {server.restarts()}" for server in servers[1:]
                    )
                )
            finally:
                for server in servers:
                    server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.cache_url:
        import redis

        client = redis.Redis.from_url(args.cache_url)
        keys = list(client.scan_iter(match=f"{extra['CACHE_KEY_PREFIX']}:*"))
        if keys:
            client.delete(*keys)

    conf = site.settings
    write_table(
        args.name,
        f"Throughput, gunicorn.conf.py ({conf['workers']} {conf['worker_class']} workers), "
        f"{args.db}, {args.articles:,} articles",
        [
            "scenario",
            "requests/s",
            "p50 ms",
            "p99 ms",
            "bytes",
            "÷ ceiling, same bytes",
            "÷ WhiteNoise",
            "workers' CPU ms/request",
            "PostgreSQL CPU ms/request",
        ],
        rows,
        notes=(
            "Command: `" + " ".join(["bench/throughput.py", *sys.argv[1:]]) + "`. "
            "gunicorn.conf.py resolved to: "
            + ", ".join(f"{key}={value!r}" for key, value in conf.items())
            + ". "
            f"{args.duration:g} s per scenario in {args.rounds} alternating slices, wrk -t{WRK_THREADS} "
            f"-c{WRK_CONNECTIONS} on the same {os.cpu_count()}-core machine, cache: "
            f"{args.cache_url or 'file-based'}. " + "; ".join(notes) + "."
        ),
    )


if __name__ == "__main__":
    main()
