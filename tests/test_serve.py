"""`sitegen serve` end to end: a real server process, real file edits, headless Chromium watching."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import tornado.httpclient
import tornado.websocket

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"
BUNDLED_CSS = Path(__file__).resolve().parent.parent / "templates" / "static" / "style.css"
ARTICLE = "seeds/2026-11-20-bridge.md"
ARTICLE_URL = "articles/2026-11-20-bridge.html"


class Served:
    def __init__(self, root: Path, process: subprocess.Popen, url: str, log: Path):
        self.root, self.process, self.url, self.log = root, process, url, log
        self.origin = re.match(r"http://[^/]+", url).group(0)
        self.first_status: dict = {}

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
    with start_serve(root) as served:
        yield served


@contextlib.contextmanager
def start_serve(root: Path, *options: str):
    """`sitegen serve --port 0 OPTIONS` in ``root``, until the block ends (then Ctrl-C)."""
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0", *options],
            cwd=root, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    deadline = time.monotonic() + 120
    url = None
    while time.monotonic() < deadline and url is None:
        match = re.search(r"serving (http://\S+)", log.read_text(errors="replace"))
        url = match.group(1) if match else None
        if process.poll() is not None:
            pytest.fail(f"sitegen serve exited: {log.read_text(errors='replace')}")
        time.sleep(0.01)
    if url is None:
        process.kill()
        pytest.fail(f"sitegen serve did not start: {log.read_text(errors='replace')}")
    served = Served(root, process, url, log)
    served.first_status = served.status()  # just after `serving` was printed
    try:
        yield served
    finally:
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


def raw_get(served: Served, path: str, headers: dict | None = None) -> int:
    """The status of a request for ``path`` sent exactly as written (no client-side normalising)."""
    host, port = served.origin[len("http://"):].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path, headers=headers or {})
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
    before = served.status()["opened"]
    browser.get(served.url + path)
    served.wait_for(lambda: served.status()["opened"] > before, what="the LiveReload connection")


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


def test_the_pipelines_and_templates_are_loaded_when_the_server_says_it_serves(tmp_path: Path):
    """With every annotation cached the first build loads no pipeline: the server loads it before
    it says it serves, so the first edit takes as long as the later ones (it waited ~2 s).
    With -v it logs each request."""
    root = tmp_path / "site-root"
    shutil.copytree(FIXTURE, root)
    for german in ("2026-11-22-wahl.md", "2026-11-19-markt.txt", "2026-11-19-markt.meta.yml"):
        (root / "seeds" / german).unlink()
    subprocess.run([sys.executable, "-m", "sitegen", "build"], cwd=root, check=True, capture_output=True, timeout=300)
    with start_serve(root, "-v") as served:
        assert served.first_status["ready"] is True
        fetch(served.url + ARTICLE_URL)
        served.wait_for(lambda: f"GET /repo/{ARTICLE_URL}" in served.log.read_text(errors="replace"),
                        what="the request in the log of serve -v")


# ---------------------------------------------------------------- who may talk to the server


def port_of(served: Served) -> int:
    return int(served.origin.rsplit(":", 1)[1])


async def livereload(served: Served, origin: str | None, messages: list[str], close: bool = True):
    """Open a LiveReload socket with ``Origin: origin``, send ``messages``, return the first answer."""
    headers = {"Origin": origin} if origin else {}
    url = "ws" + served.origin[len("http"):] + "/livereload"
    connection = await tornado.websocket.websocket_connect(tornado.httpclient.HTTPRequest(url, headers=headers))
    for message in messages:
        await connection.write_message(message)
    answer = await asyncio.wait_for(connection.read_message(), 10) if messages else None
    if close:
        connection.close()
        return answer
    return answer, connection


HELLO = json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})


@pytest.mark.parametrize("origin", ["http://evil.example:{port}", "http://127.0.0.1.evil.example:{port}",
                                    "http://localhost:1", "null", "file://"])
def test_a_livereload_socket_from_a_page_elsewhere_is_refused(served: Served, origin: str):
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        asyncio.run(livereload(served, origin.format(port=port_of(served)), [HELLO]))
    assert refused.value.code == 403


@pytest.mark.parametrize("origin", ["http://127.0.0.1:{port}", "http://localhost:{port}"])
def test_a_livereload_socket_from_a_page_of_this_server_is_answered(served: Served, origin: str):
    answer = asyncio.run(livereload(served, origin.format(port=port_of(served)), [HELLO]))
    assert json.loads(answer)["command"] == "hello"


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1.nip.io:{port}", "localhost:1"])
@pytest.mark.parametrize("path", ["/repo/", "/__sitegen__/status", "/livereload.js"])
def test_a_request_for_another_host_name_is_refused(served: Served, host: str, path: str):
    """DNS rebinding: a name the attacker points at 127.0.0.1 reaches the port, but its Host is not ours."""
    assert raw_get(served, path, {"Host": host.format(port=port_of(served))}) == 403
    assert raw_get(served, path, {"Host": f"localhost:{port_of(served)}"}) == 200


def test_malformed_livereload_messages_are_ignored(served: Served):
    start = len(served.log.read_bytes())
    junk = ["[1,2]", "5", "null", '"hello"', "{}", '{"command": 5}', '{"command": "info", "url": 5}', "{", ""]
    answer = asyncio.run(livereload(served, served.origin, [*junk, HELLO]))
    assert json.loads(answer)["command"] == "hello"
    log = served.log.read_bytes()[start:].decode(errors="replace")
    assert "Traceback" not in log and "Uncaught exception" not in log


def test_the_connection_count_goes_down_when_a_page_closes(served: Served):
    before = served.wait_for(lambda: served.status(), what="the status")["connections"]

    async def open_then_close():
        info = json.dumps({"command": "info", "url": served.url + ARTICLE_URL, "plugins": {}})
        _, connection = await livereload(served, served.origin, [HELLO, info], close=False)
        await asyncio.to_thread(served.wait_for, lambda: served.status()["connections"] == before + 1,
                                what="the connection counted")
        connection.close()

    asyncio.run(open_then_close())
    served.wait_for(lambda: served.status()["connections"] == before, what="the connection count to go down")


# ---------------------------------------------------------------- errors and log


def test_an_impossible_date_names_the_file_relative_to_the_site_in_status_overlay_and_log(served: Served):
    article = served.root / "seeds" / "2026-11-25-leap.md"
    article.write_text("---\ntitle: Leap day\nlang: en\ndate: 2024-02-30\n---\nNo such day.\n", encoding="utf-8")
    try:
        error = served.wait_for(lambda: served.status()["error"], what="the error")
        assert error.startswith("seeds/2026-11-25-leap.md") and "\n" not in error
        assert str(served.root) not in error
        page = fetch(served.url + ARTICLE_URL)[2].decode()
        assert '<span class="where">seeds/2026-11-25-leap.md' in page
        served.wait_for(lambda: "sitegen: error: seeds/2026-11-25-leap.md" in served.log.read_text(errors="replace"),
                        what="the error in the log")
    finally:
        article.unlink()
    served.wait_for(lambda: served.status()["error"] is None, what="the error to go")


def test_requests_are_not_logged_by_default(served: Served):
    start = len(served.log.read_bytes())
    for path in ("", ARTICLE_URL, "favicon.ico", "no/such/page"):
        fetch(served.url + path)
    served.status()
    log = served.log.read_bytes()[start:].decode(errors="replace")
    assert not re.search(r"\b(GET|HEAD) /", log), log


# ---------------------------------------------------------------- the content folder


def test_a_folder_moved_into_and_out_of_the_content_folder_publishes_and_withdraws_its_articles(
        served: Served, tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2026-11-26-ferry.md").write_text("---\ntitle: Ferry\nlang: en\n---\nThe ferry runs again.\n",
                                                encoding="utf-8")
    page = served.url + "articles/2026-11-26-ferry.html"
    folder.rename(served.root / "seeds" / "reports")
    served.wait_for(lambda: fetch(page)[0] == 200, what="the moved-in article")
    (served.root / "seeds" / "reports").rename(folder)
    served.wait_for(lambda: fetch(page)[0] == 404, what="the moved-out article to go")


def test_a_port_in_use_is_a_one_line_error_naming_it(tmp_path: Path):
    root = tmp_path / "site-root"
    shutil.copytree(FIXTURE, root)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "sitegen", "serve", "--port", str(port)], cwd=root,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"sitegen: error: port {port} on 127.0.0.1 is already in use: stop what listens there, "
        "or choose another port with --port (--port 0 picks a free one)"]
