"""The Redis cache backend keeps one client per connection pool and behaves as Django's."""

import uuid

from pophariini.rediscache import SharedRedisCache
from tests.page_cache.test_processes import REDIS_URL, redis_or_skip


def test_one_client_serves_every_call_and_values_round_trip():
    redis_or_skip()
    cache = SharedRedisCache(REDIS_URL, {"KEY_PREFIX": f"rediscache-test-{uuid.uuid4().hex[:8]}"})
    try:
        cache.set("page", (("gen", 0), 200, [("Content-Type", "text/html")], b"<p>halo</p>", 1), 30)
        assert cache.add("generation", "a1") is True
        assert cache.add("generation", "b2") is False
        found = cache.get_many(["generation", "page", "missing"])
        assert found == {
            "generation": "a1",
            "page": (("gen", 0), 200, [("Content-Type", "text/html")], b"<p>halo</p>", 1),
        }
        client = cache._cache.get_client()
        assert cache._cache.get_client(write=True) is client
        cache.delete("page")
        assert cache.get("page") is None
    finally:
        cache.delete_many(["page", "generation"])
