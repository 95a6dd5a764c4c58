"""A file-based cache for one machine's worker processes, tuned for the page cache's hits.

Three changes from Django's ``FileBasedCache``:

- It checks its size now and then, not on every write. Django's lists its whole folder
  on every ``set()`` to decide whether to cull; with the thousands of entries a page
  cache keeps, that listing costs more than rendering a page. Here one write in
  ``CULL_EVERY`` does it, so the folder may exceed ``MAX_ENTRIES`` by a few dozen files
  between checks.
- Values are pickled without zlib. Every page hit reads the page and three small keys
  of the site's state (``pophariini.cache``); decompressing them was a tenth of a hit's
  time, for disk space the cache's ``MAX_ENTRIES`` bounds anyway. The files carry their
  own suffix, so entries Django's class wrote compressed are never read as these.
- A key's file name is remembered: a hit asks for the same state keys every time, and
  Django validates and hashes a key on each call.
"""

import functools
import pickle
import random

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 50
REMEMBERED_NAMES = 4096
_MISSING = object()


class SharedFileCache(FileBasedCache):
    cache_suffix = ".raw.djcache"

    def __init__(self, location, params):
        super().__init__(location, params)
        self._key_to_file = functools.lru_cache(maxsize=REMEMBERED_NAMES)(self._key_to_file)

    def _cull(self):
        if random.randrange(CULL_EVERY) == 0:
            super()._cull()

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def _read(self, fname, default):
        try:
            with open(fname, "rb") as file:
                if not self._is_expired(file):
                    return pickle.load(file)
        except FileNotFoundError:
            pass
        return default

    def get(self, key, default=None, version=None):
        return self._read(self._key_to_file(key, version), default)

    def get_many(self, keys, version=None):
        found = {}
        for key in keys:
            value = self._read(self._key_to_file(key, version), _MISSING)
            if value is not _MISSING:
                found[key] = value
        return found

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, _MISSING, version)
        if value is _MISSING:
            return False
        self.set(key, value, timeout, version)
        return True
