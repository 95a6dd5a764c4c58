"""gunicorn settings for production, read from the environment (see docs/production.md).

gunicorn -c gunicorn.conf.py pophariini.wsgi
"""

import multiprocessing
import os

from pophariini.envfile import load_env_file

# The variables below may come from the project's .env too, as the app's own settings do.
load_env_file()

# Listen on loopback by default; a load balancer or reverse proxy on the same host forwards to it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 9)))
# Sync workers (one thread each), behind the proxy that buffers slow clients: with cached
# pages answered before Django (pophariini/cache_wsgi.py) they serve as many pages as two
# threads per worker (gthread) within a tenth, and while an editor saves, a thread sharing
# its worker's interpreter lock with the save no longer holds readers up: p99 11-16 ms against
# 57-72 ms (docs/production.md, "Choosing the server settings"). Each thread holds its own
# DB connection.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# No recycling by request count: at cached rates (thousands of pages a second) any count
# small enough to matter restarts a worker every few seconds, and each restart costs the
# pages queued behind it hundreds of milliseconds. Memory is watched instead (the service
# manager's limit, see docs/production.md). A count can still be set; the jitter keeps the
# workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Requests larger than the admin's upload limit are refused by Django; keep headers sane here.
limit_request_line = 8190
limit_request_fields = 100
# Trust X-Forwarded-* only from the proxy in front (Django's BEHIND_PROXY handles the scheme).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log by default: the proxy in front logs every request already, and gunicorn's
# costs about a tenth of the cached rate (docs/production.md). "-" logs to stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Workers load the app themselves: a database connection is never shared across a fork.
preload_app = False
