"""`sitegen serve` end to end: a real server process, real file edits, headless Chromium watching."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"
BUNDLED_CSS = Path(__file__).resolve().parent.parent / "templates" / "static" / "style.css"
ARTICLE = "seeds/2026-11-20-bridge.md"
ARTICLE_URL = "articles/2026-11-20-bridge.html"


class Served:
    def __init__(self, root: Path, process: subprocess.Popen, url: str, log: Path):
        self.root, self.process, self.url, self.log = root, process, url, log
        self.origin = re.match(r"http://[^/]+", url).group(0)

    def status(self) -> dict:
        with urllib.request.urlopen(self.origin + "/__sitegen__/status", timeout=5) as response:
            return json.load(response)

    def wait_for(self, condition, timeout: float = 20, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}; server log:\n{self.log.read_text(errors='replace')[-3000:]}")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """`sitegen serve --port 0` on a small English site (one spaCy pipeline to load)."""
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    for german in ("2026-11-22-wahl.md", "2026-11-19-markt.txt", "2026-11-19-markt.meta.yml"):
        (root / "seeds" / german).unlink()
    shutil.copyfile(BUNDLED_CSS, root / "templates" / "static" / "style.css")
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0"],
            cwd=root, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    deadline = time.monotonic() + 120
    url = None
    while time.monotonic() < deadline and url is None:
        match = re.search(r"serving (http://\S+)", log.read_text(errors="replace"))
        url = match.group(1) if match else None
        if process.poll() is not None:
            pytest.fail(f"sitegen serve exited: {log.read_text(errors='replace')}")
        time.sleep(0.05)
    if url is None:
        process.kill()
        pytest.fail(f"sitegen serve did not start: {log.read_text(errors='replace')}")
    yield Served(root, process, url, log)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(url: str, method: str = "GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def raw_get(served: Served, path: str) -> int:
    """The status of a request for ``path`` sent exactly as written (no client-side normalising)."""
    import http.client

    host, port = served.origin[len("http://"):].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)
    status = connection.getresponse().status
    connection.close()
    return status


# ---------------------------------------------------------------- HTTP


def test_serves_under_the_base_path_of_base_url(served: Served):
    assert served.url.startswith("http://127.0.0.1:") and served.url.endswith("/repo/")
    status, headers, body = fetch(served.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'href="/repo/articles/2026-11-20-bridge.html"' in body
    assert b"/livereload.js?port=" in body
    assert fetch(served.origin + "/")[0] == 200  # redirected to /repo/
    assert fetch(served.origin + "/index.html")[0] == 404


@pytest.mark.parametrize("path", [
    "/repo/../sitegen.toml",
    "/repo/%2e%2e/sitegen.toml",
    "/repo/..%2fsitegen.toml",
    "/repo/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/repo/static/..%2f..%2fseeds%2f2026-11-20-bridge.md",
    "/repo/a%00b",
    "/sitegen.toml",
    "/seeds/2026-11-20-bridge.md",
])
def test_never_serves_outside_the_site_folder(served: Served, path: str):
    assert raw_get(served, path) == 404


@pytest.mark.parametrize(("path", "mime"), [
    ("static/style.css", "text/css"),
    ("static/site.js", "javascript"),
    ("feed.xml", "xml"),
    ("articles/2026-11-20-bridge.json", "application/json"),
    ("articles/2026-11-20-bridge.html", "text/html"),
])
def test_mime_types_and_head(served: Served, path: str, mime: str):
    status, headers, body = fetch(served.url + path)
    assert status == 200 and mime in headers["Content-Type"] and body
    head_status, head_headers, head_body = fetch(served.url + path, "HEAD")
    assert head_status == 200 and head_body == b""
    assert head_headers["Content-Type"] == headers["Content-Type"]
    assert int(head_headers["Content-Length"]) == len(body)


def test_missing_page_is_a_404_page(served: Served):
    status, headers, body = fetch(served.url + "no/such/page/")
    assert status == 404 and "text/html" in headers["Content-Type"]


def test_listens_on_loopback_only(served: Served):
    psutil = pytest.importorskip("psutil")
    listening = [c.laddr.ip for c in psutil.Process(served.process.pid).net_connections("inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening and set(listening) == {"127.0.0.1"}


def test_a_burst_of_concurrent_requests_is_answered(served: Served):
    urls = [served.url + p for p in ("", ARTICLE_URL, "static/style.css", "feed.xml", "entities/")] * 20
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda u: fetch(u)[0], urls))
    assert statuses == [200] * len(urls)


# ---------------------------------------------------------------- the browser


def open_page(browser, served: Served, path: str) -> None:
    """Open ``path`` and wait until its LiveReload client has connected (so no change is missed)."""
    before = served.status()["connections"]
    browser.get(served.url + path)
    served.wait_for(lambda: served.status()["connections"] > before, what="the LiveReload connection")


def body_text(browser) -> str:
    return browser.execute_script("return document.body ? document.body.innerText : ''")


@pytest.mark.browser
def test_edited_article_shows_in_the_open_page(browser, served: Served):
    open_page(browser, served, ARTICLE_URL)
    assert "three weeks of repairs" in body_text(browser)
    served.edit(ARTICLE, "three weeks of repairs", "four weeks of welding")
    served.wait_for(lambda: "four weeks of welding" in body_text(browser), what="the edited text in the page")


@pytest.mark.browser
def test_stylesheet_change_is_swapped_in_without_reload(browser, served: Served):
    open_page(browser, served, ARTICLE_URL)
    browser.execute_script("window.sitegenMarker = 42;")
    css = served.root / "templates" / "static" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.site-title { color: rgb(1, 2, 3) !important; }\n",
                   encoding="utf-8")
    served.wait_for(
        lambda: browser.execute_script(
            "return getComputedStyle(document.querySelector('.site-title')).color") == "rgb(1, 2, 3)",
        what="the new stylesheet",
    )
    assert browser.execute_script("return window.sitegenMarker") == 42  # the page was not reloaded


@pytest.mark.browser
def test_broken_edit_shows_overlay_and_next_good_edit_clears_it(browser, served: Served):
    article = served.root / "seeds" / "2026-11-21-rhine.md"
    good = article.read_text(encoding="utf-8")
    open_page(browser, served, "articles/2026-11-21-rhine.html")
    article.write_text(good.replace("title: Low water on the Rhine", "title: [unclosed"), encoding="utf-8")
    overlay = served.wait_for(
        lambda: browser.execute_script("var e = document.getElementById('sitegen-error'); return e && e.innerText"),
        what="the error overlay",
    )
    assert "seeds/2026-11-21-rhine.md:" in overlay and "front matter" in overlay
    assert "half loads" in body_text(browser)  # the last good page is still underneath
    assert served.process.poll() is None
    article.write_text(good.replace("half loads", "quarter loads"), encoding="utf-8")
    served.wait_for(lambda: "quarter loads" in body_text(browser), what="the fixed article")
    assert browser.execute_script("return document.getElementById('sitegen-error')") is None
