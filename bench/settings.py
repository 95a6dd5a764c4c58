"""Benchmark settings: production settings (DEBUG off) with bench-local static, media and cache folders.

Set ``BENCH_CEILING_VIEW=1`` to add the trivial ceiling view (``bench.urls``).
"""

import os
from pathlib import Path

BENCH_DATA = Path(__file__).resolve().parent / ".data"
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CACHE_DIR", str(BENCH_DATA / "cache"))
os.environ.setdefault("MEDIA_ROOT", str(BENCH_DATA / "media"))

from pophariini.settings import *  # noqa: E402, F403

STATIC_ROOT = BENCH_DATA / "static"
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
if os.environ.get("BENCH_CEILING_VIEW") == "1":
    ROOT_URLCONF = "bench.urls"

# A pathological query fails the page after this long instead of stalling a benchmark run.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    timeout_ms = int(os.environ.get("BENCH_STATEMENT_TIMEOUT_MS", "15000"))
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={timeout_ms}"  # noqa: F405
