"""Faults the load test injects: PostgreSQL restarted, a throwaway Redis killed, the cache folder broken."""

import os
import socket
import subprocess
import time


def restart_postgres():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    began = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=60
    )
    return began, time.monotonic()


def spare_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A throwaway redis-server on a spare loopback port, without persistence."""

    def __init__(self, folder):
        self.port, self.folder, self.process = spare_port(), folder, None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def kill_redis_for_a_while(redis, seconds):
    began = time.monotonic()
    redis.stop()
    time.sleep(seconds)
    redis.start()
    return began, time.monotonic()


def break_cache_dir_for_a_while(cache_dir, seconds):
    began = time.monotonic()
    away = cache_dir.with_name(cache_dir.name + ".away")
    cache_dir.rename(away)
    cache_dir.write_text("")  # a file where the folder was: every read and write fails
    time.sleep(seconds)
    cache_dir.unlink()
    away.rename(cache_dir)
    return began, time.monotonic()
