"""Test settings: the project's settings with fast password hashing and a throwaway media root."""

import atexit
import os
import shutil
import tempfile

# A developer's .env configures their site, not the tests, nor the manage.py and gunicorn
# processes some tests start (they inherit this environment).
os.environ["ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "https://pophariini.example")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from pophariini.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="pophariini-test-media-")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT = tempfile.mkdtemp(prefix="pophariini-test-static-")
# Each test process (every pytest-xdist worker) has its own two folders, removed when it exits.
for _folder in (MEDIA_ROOT, STATIC_ROOT):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
# Local memory, one per test process (each pytest-xdist worker): fast and isolated (conftest clears it).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Parts of pages stay in each worker, as with the default file cache (tests that share them say so).
CACHED_VALUES_SHARED = False
# The tests log in as the demo newsroom (seed_demo --demo-login) the way `make run` does;
# tests/test_demo_password.py turns this off to prove a server refuses that password.
DEMO_LOGINS = True
