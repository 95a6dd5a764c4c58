"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

Without /usr/bin/chromium the browser tests are skipped on a developer machine; with
REQUIRE_BROWSER=1 (CI) they fail instead, so a broken CI image cannot pass silently.
"""

import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Browser context options: a phone-sized touch screen with a dense display, and a laptop.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Long enough for a slow CI machine, short enough that a wrong selector fails fast.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)


def _unavailable(reason):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1: browser tests must run here)", pytrace=False)
    pytest.skip(f"{reason}; install Debian's chromium (apt-get install chromium) to run browser tests")


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


class OneRequestAtATime(ThreadedWSGIServer):
    """Django's threaded test server, answering its requests one after another.

    On SQLite the test database lives in memory and every request thread shares the test's
    one connection: two requests at once (an edit lock's heartbeat while another person logs
    in) would interleave their transactions ("no such savepoint"). Each response is written
    out in full, and its request_finished sent, before the next request starts.

    Static files read no database: they are answered at once, with the browser told to keep
    them for an hour as WhiteNoise's long-lived headers do in production. Without it each
    admin page load asked again for its 45 scripts, stylesheets and icons.
    """

    def set_app(self, application):
        lock = threading.Lock()
        static = urlsplit(settings.STATIC_URL).path

        def kept_for_an_hour(start_response):
            def start(status, headers, exc_info=None):
                return start_response(status, [*headers, ("Cache-Control", "max-age=3600")], exc_info)

            return start

        def one_at_a_time(environ, start_response):
            if environ["PATH_INFO"].startswith(static):
                return application(environ, kept_for_an_hour(start_response))
            with lock:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(one_at_a_time)


_LIVE_SERVER = []


def live_server_url() -> str:
    """The address of the session's live server (for helpers that have no fixture)."""
    return _LIVE_SERVER[0].url


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with OneRequestAtATime as its server."""
    address = (
        request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", OneRequestAtATime)
        server = LiveServer(address)
    _LIVE_SERVER.append(server)
    yield server
    server.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so fixtures can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class ContextPool:
    """Browser contexts kept from test to test, emptied in between (one person or device each).

    A context Chromium makes afresh starts a new renderer and fetches and compiles the admin's
    scripts again: opening the seed's article form took Chromium 2.9 CPU-seconds in a new
    context and 1.0 to 1.3 in a kept one; the publishing, photo and admin-language tests took
    59 to 61 CPU-seconds of Chromium with a context per test, 38 to 45 with kept ones. Each
    kept context holds one page open on a static file, which keeps its renderer running; a
    test gets new pages beside it.
    Between tests every other page is closed and the cookies, permissions, web storage and HTTP
    cache are emptied, so a test starts as in a new context.
    """

    KEEP_OPEN = "/static/admin/css/base.css"

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.free: dict[str, list] = {}
        self.kept_pages = {}

    @staticmethod
    def _key(device) -> str:
        return repr(sorted(device.items()))

    def take(self, device):
        free = self.free.setdefault(self._key(device), [])
        if free:
            return free.pop()
        context = self.browser.new_context(
            base_url=self.base_url, locale="id-ID", timezone_id="Asia/Jakarta", **device
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        kept = context.new_page()
        kept.goto(self.KEEP_OPEN)
        self.kept_pages[context] = kept
        return context

    def pages_of_test(self, context) -> list:
        return [page for page in context.pages if page is not self.kept_pages[context]]

    def give_back(self, context, device) -> None:
        for page in self.pages_of_test(context):
            page.close()
        context.clear_cookies()
        context.clear_permissions()
        kept = self.kept_pages[context]
        kept.evaluate("localStorage.clear(); sessionStorage.clear()")
        session = context.new_cdp_session(kept)
        session.send("Network.clearBrowserCache")
        session.detach()
        self.free[self._key(device)].append(context)

    def close(self) -> None:
        for context in self.kept_pages:
            context.close()


@pytest.fixture(scope="session")
def context_pool(browser, live_server):
    pool = ContextPool(browser, live_server.url)
    yield pool
    pool.close()


@pytest.fixture
def new_page(context_pool, request):
    """Opens pages in browser contexts of their own (separate cookies: one per person or device).

    ``new_page(PHONE)`` returns a page whose relative ``goto`` paths resolve
    against the live server. Each call gives another context, as empty as a new one
    (``ContextPool``). On failure every page opened is saved as a screenshot in
    test-artifacts/ for a reviewer.
    """
    taken = []

    def open_page(device=DESKTOP):
        context = context_pool.take(device)
        taken.append((context, device))
        return context.new_page()

    yield open_page

    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    for number, (context, device) in enumerate(taken):
        if failed:
            for page_number, page in enumerate(context_pool.pages_of_test(context)):
                save_screenshot(page, f"FAILED-{request.node.name}-{number}-{page_number}", always=True)
        context_pool.give_back(context, device)
    if taken:
        wait_for_released_edit_locks()


def wait_for_released_edit_locks(seconds=5.0):
    """A closing article form sends its edit lock's release as a beacon, which the live server
    handles in a thread of its own: wait for it before the database is emptied (SQLite's
    shared in-memory test database refuses the flush while that write holds the table)."""
    from django.db import OperationalError

    from articles.models import EditLock

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if not EditLock.objects.exists():
                break
        except OperationalError:
            pass
        time.sleep(0.05)
    time.sleep(0.1)  # the release's transaction ends just after its row is gone


@pytest.fixture
def page(new_page):
    """A desktop page on the live server."""
    return new_page()


def save_screenshot(page, name, *, always=False):
    """A full-page screenshot in test-artifacts/, named for a reviewer to find.

    Only with SCREENSHOTS=1 in the environment, or ``always`` (a failing test's pages): taking
    the 68 screenshots of a passing run took some 16 seconds of it.
    """
    if not (always or os.environ.get("SCREENSHOTS") == "1"):
        return None
    ARTIFACTS.mkdir(exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    path = ARTIFACTS / f"{safe}.png"
    try:
        page.screenshot(path=path, full_page=True)
    except Exception:  # a failing screenshot must not hide the real failure
        return None
    return path
