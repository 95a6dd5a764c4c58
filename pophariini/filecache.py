"""A file-based cache for one machine's worker processes that checks its size now and then, not on every write.

Django's ``FileBasedCache`` lists its whole folder on every ``set()`` to decide whether
to cull; with the thousands of entries a page cache keeps, that listing costs more than
rendering a page. Here one write in ``CULL_EVERY`` does it, so the folder may exceed
``MAX_ENTRIES`` by a few dozen files between checks.
"""

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 50


class SharedFileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_EVERY) == 0:
            super()._cull()
