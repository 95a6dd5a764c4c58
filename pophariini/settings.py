"""Settings for Pophariini CMS, read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: for local work copy .env.example to .env "
            "(it sets DEBUG=1), or set DEBUG=1 or SECRET_KEY in the environment."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
BEHIND_PROXY = env_bool("BEHIND_PROXY")
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
SERVE_MEDIA = env_bool("SERVE_MEDIA")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "django_prose_editor",
    "taggit",
    "reversion",
    "axes",
    "csp",
    "pophariini",
    "music",
    "articles",
]

MIDDLEWARE = [
    # First, so a cached page skips every other layer; it keeps the headers they added
    # (pophariini.wsgi serves this worker's own copies before Django's handler, the same way).
    # Static files, media and the read beacon pass straight through it.
    "pophariini.cache_middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pophariini.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Terpopuler's read beacon, answered like a static file (pophariini.popular).
    "pophariini.popular.ReadBeaconMiddleware",
    "pophariini.middleware.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pophariini.security.SessionLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "pophariini.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "pophariini.urls"
WSGI_APPLICATION = "pophariini.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pophariini.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

CACHE_URL = os.environ.get("CACHE_URL", "")
# The deployed release (a commit id, say): part of every cache key, so that pages rendered
# and values pickled by the code before a deploy are never served by the code after it.
RELEASE = os.environ.get("RELEASE", "")
CACHE_KEY_PREFIX = ":".join(filter(None, [os.environ.get("CACHE_KEY_PREFIX", "pophariini"), RELEASE]))
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            # django-redis rather than Django's own RedisCache: Django's builds a new redis-py
            # client object on every call, which costs more than the round trip itself (60 µs
            # against 16-25 µs for an MGET on loopback); django-redis keeps one per server.
            # A page-cache hit: 42 µs against 100 µs (bench/README.md, "The Redis backend").
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # An unreachable or stalled Redis costs a request a quarter or half a second
            # instead of hanging its worker (and pophariini.cache then leaves it alone for a
            # few seconds). django-redis raises redis-py's own errors, as Django's backend does.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5},
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or locmem:// URL.")
else:
    # Shared through the disk by all worker processes of this machine (a per-process cache
    # would leave the page cache of the other workers stale); CACHE_DIR moves it. Django's
    # file cache lists its folder on every write to decide whether to cull: on the 2-CPU
    # development container a write took 1.3-1.7 ms at 300 files, 1.9-3.2 ms at 1,000 and
    # 5.8-9.2 ms at 3,000, against 3-16 ms to render the page it stores. 1,000 entries
    # hold a one-machine site's busy pages (each expires within PAGE_CACHE_SECONDS); a
    # site that needs more uses Redis. In bytes: 3-6 kB a page, 76 kB at most (a sitemap
    # section), so about 5 MB in use and 76 MB at worst (docs/production.md).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# Parts of pages kept under model versions (pophariini.versions) are also kept in the shared
# cache when it is Redis, so that a part is loaded once for every worker and server; Django's
# file cache culls at random, so with it they stay in each worker.
CACHED_VALUES_SHARED = CACHE_URL.startswith(("redis://", "rediss://"))
# Reader page cache (pophariini.cache): longest life of a cached page; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# What a CDN may do with a reader page: keep it this long (s-maxage), then serve it stale
# this long more while it asks again (stale-while-revalidate).
PAGE_CACHE_S_MAXAGE = 60
PAGE_CACHE_STALE_WHILE_REVALIDATE = 30

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pophariini.security.DemoPasswordBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The demo accounts' password (seed_demo --demo-login) logs in only on a DEBUG site, such as
# `make run`; anywhere else it is refused (pophariini.security.DemoPasswordBackend).
DEMO_LOGINS = DEBUG
# Staff passwords: at least 12 characters, not like the account's own names, not a common
# password, not only digits, and not built on the site's name (pophariini.security).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "pophariini.security.SiteNamePasswordValidator"},
]

# The body editor's own django-prose-editor extensions (ES modules in articles/static/articles/editor/):
# the toolbar in the admin's language, and photos placed in the text (see photo-figure.js).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {"js": [static_lazy("articles/editor/menu.js")], "extensions": {"Menu": html_tags([])}},
    {"js": [static_lazy("articles/editor/photo-figure.js")], "extensions": {"PhotoFigure": html_tags(["p"])}},
]

# Internationalisation: the site speaks LANGUAGE_CODE (Indonesian unless set to "en").
# There is deliberately no Accept-Language negotiation: many Indonesian readers' phones
# are set to English, and the magazine's pages should not switch language under them.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "id")
LANGUAGES = [("id", _("Indonesia")), ("en", _("English"))]
# The project's own catalogues, then Indonesian for third-party apps that ship none
# (django-taggit, django-reversion); makemessages writes only to the first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
# Django's own "id" formats abbreviate months ("3 Jan. 2022"); ours spell them out.
FORMAT_MODULE_PATH = ["pophariini.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if MEDIA_STORAGE == "s3":
    # Credentials, bucket and endpoint come from django-storages' AWS_* variables.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{AWS_S3_CUSTOM_DOMAIN}/"
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")

# Uploads: limits the photo validator enforces (see pophariini/photos.py).
PHOTO_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Tags: ASCII slugs ("Musik Indie" -> "musik-indie", "Kelompok Penerbang Roket" -> ...).
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
TAGGIT_CASE_INSENSITIVE = True
# Typed and shown as "Sheila On 7, pop": no quotes around names with spaces.
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.edit_string_for_tags"

# Security. With DEBUG off the defaults are the production ones.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's health probe speaks plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Only staff have sessions. One ends after SESSION_IDLE_SECONDS without a request and, at the
# latest, SESSION_COOKIE_AGE after logging in (a working day); pophariini.security enforces both.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 60 * 60)))
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: reader pages get this strict one; the admin, whose
# rich-text editor needs inline styles, relaxes it per view (pophariini/admin_site).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://open.spotify.com",
            "https://w.soundcloud.com",
            "https://bandcamp.com",
        ],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The admin's rich-text editor loads through an import map (an inline script) and sets
# inline styles; it gets this policy instead (pophariini.middleware.SiteCSPMiddleware).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# Permissions-Policy on every response (pophariini.security.PermissionsPolicyMiddleware): no
# page may use a device or sensor; the embedded players (the CSP's frame-src origins) may
# play protected media, go full screen and float, as their iframes' allow attribute asks.
EMBED_ORIGINS = CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": EMBED_ORIGINS,
    "fullscreen": ["self", *EMBED_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": EMBED_ORIGINS,
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Admin login throttling: AXES_FAILURE_LIMIT failures lock the address they came from, and
# as many on one account lock that account from everywhere (guessing from many addresses
# or browsers gains nothing), for AXES_COOLOFF_TIME; `manage.py axes_reset_username NAME`
# lets a locked-out editor back in early.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "pophariini/lockout.html"
# Behind BEHIND_PROXY the client's address comes from X-Forwarded-For as appended by
# the TRUSTED_PROXY_COUNT proxies in front of the app; otherwise REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
AXES_CLIENT_IP_CALLABLE = "pophariini.security.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
