"""Browser fixtures: the built project served on 127.0.0.1, opened in Debian's Chromium via Playwright."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from siteutil import Build

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """Chromium from $CHROMIUM, /usr/bin/chromium or the PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site like a static host: quietly, with the site's own 404 page."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(project_build: Build) -> Iterator[str]:
    """The project's built site over HTTP on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(project_build.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium; skipped without one, unless REQUIRE_BROWSER=1 (as in CI)."""
    executable = find_chromium()
    if executable is None:
        message = "no Chromium at $CHROMIUM or /usr/bin/chromium (install Debian's 'chromium' to run browser tests)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; REQUIRE_BROWSER=1 demands them")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def invalid_tabindexes(page: object) -> list[str]:
    """The start tags of elements whose tabindex is not a valid integer, such as an empty tabindex=""."""
    return page.evaluate(
        "[...document.querySelectorAll('[tabindex]')]"
        ".filter(e => !/^-?[0-9]+$/.test(e.getAttribute('tabindex')))"
        ".map(e => e.outerHTML.slice(0, e.outerHTML.indexOf('>') + 1))"
    )


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser page with a desktop viewport."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
