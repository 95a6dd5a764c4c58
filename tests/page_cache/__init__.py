"""The reader page cache (``pophariini/cache.py``); ``fetch`` is its tests' shared helper."""


def fetch(client, path, **extra):
    response = client.get(path, **extra)
    return response, response.content.decode()
