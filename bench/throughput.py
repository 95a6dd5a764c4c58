"""Requests per second under gunicorn (2 workers, loopback) for the article page and home, and two ceilings.

Run from the project root after bench/generate.py:
    .venv/bin/python bench/throughput.py --articles 100000 --db postgres [--duration 8] [--rounds 4] [--cache-url redis://127.0.0.1:6379/6]

Two gunicorn runs on the same database: page cache off ("uncached"), then on
("cached"). The cached run also serves the two ceilings: the site stylesheet through
WhiteNoise, and ``bench.urls.bytes_view``, a trivial Django view behind the same
middleware, returning as many bytes as the stylesheet and as many as the page compared.
The load comes from client processes on the same machine (raw sockets, one connection
per request since gunicorn's sync workers close it), each scenario for a bounded time
cut into slices that alternate with the other scenarios', so the machine's drift does
not skew the ratios. Worker memory is the resident set size from /proc after the runs.
The table goes to bench/results/throughput.md.
"""

import argparse
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PROJECT, bench_env, setup_django, write_table

CLIENT_PROCESSES = 2
THREADS_PER_PROCESS = 3


def fetch(port, path):
    """One GET on a new connection; returns (status, body bytes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def client_process(port, paths, duration, queue):
    stop = time.monotonic() + duration
    counts = [0] * THREADS_PER_PROCESS
    errors = [0] * THREADS_PER_PROCESS

    def loop(slot):
        index = slot
        while time.monotonic() < stop:
            status, _ = fetch(port, paths[index % len(paths)])
            index += THREADS_PER_PROCESS
            if status == 200:
                counts[slot] += 1
            else:
                errors[slot] += 1

    threads = [threading.Thread(target=loop, args=(slot,)) for slot in range(THREADS_PER_PROCESS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((sum(counts), sum(errors)))


def load(port, paths, duration):
    """Requests per second the server answers with 200 for ``paths`` during ``duration`` seconds."""
    for path in paths[:20]:
        fetch(port, path)  # warm: template compilation, page cache entries
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=client_process, args=(port, paths, duration, queue))
        for _ in range(CLIENT_PROCESSES)
    ]
    started = time.monotonic()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.monotonic() - started
    ok, errors = sum(r[0] for r in results), sum(r[1] for r in results)
    if errors:
        raise SystemExit(f"{errors} non-200 answers for {paths[0]}")
    return ok / elapsed


def interleaved(port, scenarios, duration, rounds):
    """Requests per second of each scenario, measured in ``rounds`` alternating slices.

    Each scenario gets ``duration`` seconds in all; the machine's speed drifts from minute
    to minute, and slicing makes the drift fall on every scenario alike, so the ratios
    between them hold.
    """
    rates = {name: [] for name in scenarios}
    for _ in range(rounds):
        for name, paths in scenarios.items():
            rates[name].append(load(port, paths, duration / rounds))
    return {name: sum(values) / len(values) for name, values in rates.items()}


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, env, workers):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pophariini.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
            ]
            + ["--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
            env=env,
            cwd=PROJECT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(self.port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per scenario in all")
    parser.add_argument("--rounds", type=int, default=4, help="alternating slices the duration is cut into")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-url", default="", help="e.g. redis://127.0.0.1:6379/6 (default: file cache)")
    parser.add_argument("--name", default="throughput")
    args = parser.parse_args()

    setup_django(args.db, args.articles)  # also collects static files for WhiteNoise
    from django.core.cache import cache
    from django.templatetags.static import static

    from articles.models import Article

    cache.clear()
    slugs = list(Article.objects.published().latest_first().values_list("slug", flat=True)[:500])
    stylesheet = static("css/site.css")
    extra = {"BENCH_CEILING_VIEW": "1", "CONN_MAX_AGE": "600"}
    if args.cache_url:
        extra |= {"CACHE_URL": args.cache_url, "CACHE_KEY_PREFIX": f"bench-{os.getpid()}"}

    rows, memory = [], []
    ceilings = {}
    for label, seconds in (("uncached", 0), ("cached", 600)):
        server = Gunicorn(
            bench_env(args.db, args.articles, PAGE_CACHE_SECONDS=seconds, **extra), args.workers
        )
        try:
            sizes = {
                "stylesheet": len(fetch(server.port, stylesheet)[1]),
                "article": len(fetch(server.port, f"/{slugs[0]}/")[1]),
                "home": len(fetch(server.port, "/")[1]),
            }
            # Uncached, readers spread over many articles; cached, a rush on one (a viral article).
            article_paths = [f"/{slug}/" for slug in slugs] if label == "uncached" else [f"/{slugs[0]}/"]
            scenarios = {"article": article_paths, "home": ["/"]}
            if label == "cached":
                # The ceilings are served by the same server, in the same rounds as the cached pages.
                scenarios["stylesheet (WhiteNoise)"] = [stylesheet]
                for name in ("stylesheet", "article", "home"):
                    scenarios[f"trivial view, {name} bytes"] = [f"/bench/bytes/{sizes[name]}/"]
            rates = interleaved(server.port, scenarios, args.duration, args.rounds)
            for page in ("article", "home"):
                rows.append([page, label, f"{rates[page]:,.0f}", sizes[page]])
            if label == "cached":
                ceilings["stylesheet (WhiteNoise)"] = (rates["stylesheet (WhiteNoise)"], sizes["stylesheet"])
                for name in ("stylesheet", "article", "home"):
                    ceilings[f"trivial view, {name} bytes"] = (
                        rates[f"trivial view, {name} bytes"],
                        sizes[name],
                    )
            memory.append((label, [rss_kib(pid) for pid in worker_pids(server.process.pid)]))
        finally:
            server.stop()
    if args.cache_url:
        import redis

        client = redis.Redis.from_url(args.cache_url)
        keys = list(client.scan_iter(match=f"{extra['CACHE_KEY_PREFIX']}:*"))
        if keys:
            client.delete(*keys)

    style_rate = ceilings["stylesheet (WhiteNoise)"][0]
    table = []
    for page, label, rate, size in rows:
        value = float(rate.replace(",", ""))
        view_rate = ceilings[f"trivial view, {page} bytes"][0]
        table.append(
            [f"{page} ({label})", rate, f"{size:,}", f"{value / style_rate:.0%}", f"{value / view_rate:.0%}"]
        )
    for name, (rate, size) in ceilings.items():
        table.append([f"ceiling: {name}", f"{rate:,.0f}", f"{size:,}", f"{rate / style_rate:.0%}", ""])
    write_table(
        args.name,
        f"Throughput, gunicorn {args.workers} sync workers, {args.db}, {args.articles:,} articles",
        ["scenario", "requests/s", "bytes", "÷ stylesheet ceiling", "÷ trivial view, same bytes"],
        table,
        notes=(
            "Command: `" + " ".join(["bench/throughput.py", *sys.argv[1:]]) + "`. "
            f"{args.duration:g} s per scenario in {args.rounds} alternating slices, ceilings measured on the "
            f"cached run's server, {CLIENT_PROCESSES}×{THREADS_PER_PROCESS} client connections "
            f"on the same {os.cpu_count()}-core machine, cache: {args.cache_url or 'file-based'}. "
            "Worker RSS after each run: "
            + "; ".join(
                f"{label}: " + ", ".join(f"{kib / 1024:.0f} MiB" for kib in kibs) for label, kibs in memory
            )
            + "."
        ),
    )


if __name__ == "__main__":
    main()
