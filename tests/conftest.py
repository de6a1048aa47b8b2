"""Shared fixtures: a built site, a real HTTP server for it, and headless Chromium.

Browser tests skip when Chromium is missing on a developer machine, but fail under CI
(``CI=true``), where ``.ci/run`` installs Debian's chromium and chromium-driver.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SITEGEN_CHROMEDRIVER", "/usr/bin/chromedriver")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


class PrefixedHandler(_QuietHandler):
    """Serves ``directory`` under a URL prefix such as ``/repo/``, as GitHub Pages does."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix) :])


def serve_folder(folder: Path, prefix: str = "/"):
    """Start a threaded HTTP server for ``folder`` under ``prefix``; returns (server, base URL)."""
    handler = type("Handler", (PrefixedHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture
def http_site():
    """Call with (folder, prefix) to serve a folder; servers stop after the test."""
    servers = []

    def start(folder: Path, prefix: str = "/") -> str:
        server, url = serve_folder(folder, prefix)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _browser_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return f"headless Chromium not installed ({CHROMIUM}, {CHROMEDRIVER}); .ci/run installs it"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium driven by Selenium; one per test session."""
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run under CI: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """An empty site folder (with ``seeds/``) to build in."""
    (tmp_path / "seeds").mkdir()
    return tmp_path


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A copy of the repository's bundled ``seeds/`` in a fresh site folder."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return tmp_path


@pytest.fixture
def built_site(site_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site folder (the working directory) that has built once; returns the site root."""
    from failed_builds import GOOD

    from sitegen.cli import main

    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "good.md").write_text(GOOD, encoding="utf-8")
    assert main(["build"]) == 0
    return site_root


@pytest.fixture(scope="session")
def de_rules():
    """The German rule pipeline, loaded once for all entity tests."""
    from sitegen.annotate.pipeline import RULES, load_pipeline
    from sitegen.annotate.registry import Registry

    return load_pipeline("de", RULES, Registry())


@pytest.fixture(scope="session")
def en_pipeline():
    """The English pipeline sitegen uses by default (the shipped model with the rules), loaded once."""
    from sitegen.annotate.pipeline import load_pipeline
    from sitegen.annotate.registry import Registry

    return load_pipeline("en", None, Registry())
