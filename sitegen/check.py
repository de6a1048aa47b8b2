"""``sitegen check``: crawl the built site as it is served and report every broken internal link.

The site is served by a real HTTP server on 127.0.0.1 under its base path (``/repo/`` for
``https://user.github.io/repo/``), as GitHub Pages serves it, so a link that forgot the base
path breaks here as it would there. The crawl starts at the index page (and ``404.html``,
``sitemap.xml``, ``feed.xml``), follows every internal ``href``, ``src``, ``srcset`` and form
``action``, and checks that each ``#fragment`` names an ``id`` on its target page. Absolute
links to the site's own base URL (canonical, Open Graph, feeds, sitemap) are checked too.

HTML is parsed with the standard library's ``html.parser``; sitemaps and Atom feeds with
``xml.etree``.
"""

from __future__ import annotations

import functools
import http.client
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit
from xml.etree import ElementTree as ET

TIMEOUT = 10.0
MAX_PAGES = 100_000

# (tag, attribute) pairs holding a URL the browser follows or loads.
URL_ATTRIBUTES = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
    ("source", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("iframe", "src"), ("embed", "src"), ("object", "data"), ("form", "action"),
}
META_URL_PROPERTIES = {"og:url", "og:image", "twitter:image"}
ASSET_TAGS = {"link", "script", "img", "source", "video", "audio", "track", "iframe", "embed", "object", "meta"}


@dataclass(frozen=True)
class Problem:
    page: str  # the URL of the page holding the link
    target: str  # the link as written
    kind: str  # "link", "asset" or "fragment"
    reason: str

    def __str__(self) -> str:
        what = {"link": "broken link", "asset": "broken asset", "fragment": "missing fragment"}[self.kind]
        return f"{urlsplit(self.page).path}: {what} {self.target} ({self.reason})"


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Link:
    url: str
    kind: str  # "link" or "asset"


class PageParser(HTMLParser):
    """Collects the URLs a page links to or loads, and the ids it defines (``html.parser``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.ids.add(values[name])
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        kind = "asset" if tag in ASSET_TAGS and not (tag == "link" and _is_navigation(values)) else "link"
        for name, value in values.items():
            if (tag, name) in URL_ATTRIBUTES and value.strip():
                self.links.append(_Link(value.strip(), kind))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append(_Link(candidate.split()[0], "asset"))
        if tag == "meta" and values.get("property") in META_URL_PROPERTIES and values.get("content"):
            self.links.append(_Link(values["content"].strip(), "link"))

    handle_startendtag = handle_starttag


def _is_navigation(values: dict[str, str]) -> bool:
    rels = set(values.get("rel", "").lower().split())
    return bool(rels & {"canonical", "alternate", "prev", "next", "home", "search"}) and "stylesheet" not in rels


@dataclass
class _Fetched:
    status: int
    content_type: str = ""
    body: bytes = b""
    reason: str = ""


class Crawler:
    """Crawls every page under ``start`` (a URL ending in the base path).

    ``aliases`` are other URL prefixes that mean the same site, e.g. the published
    ``https://user.github.io/repo/`` when crawling ``http://127.0.0.1:8000/repo/``.
    """

    def __init__(self, start: str, aliases: tuple[str, ...] = (), timeout: float = TIMEOUT):
        self.root = start if start.endswith("/") else start + "/"
        self.aliases = tuple(a if a.endswith("/") else a + "/" for a in aliases if a)
        self.timeout = timeout
        self.fetched: dict[str, _Fetched] = {}
        self.ids: dict[str, set[str]] = {}
        origin = urlsplit(self.root)
        self.origin = f"{origin.scheme}://{origin.netloc}"

    def local(self, url: str) -> str | None:
        """The crawlable URL for ``url`` when it belongs to this server, else None (external)."""
        for alias in self.aliases:
            if url.startswith(alias):
                return self.root + url[len(alias):]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            return url
        return None

    def fetch(self, url: str) -> _Fetched:
        if url not in self.fetched:
            try:
                request = urllib.request.Request(as_browser_sends(url), headers={"User-Agent": "sitegen-check"})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - local URLs only
                    self.fetched[url] = _Fetched(response.status, response.headers.get_content_type(), response.read())
            except urllib.error.HTTPError as exc:
                self.fetched[url] = _Fetched(exc.code, reason=f"HTTP {exc.code}")
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                self.fetched[url] = _Fetched(0, reason=str(getattr(exc, "reason", exc)))
            except (ValueError, UnicodeError, http.client.HTTPException) as exc:  # a URL no request can carry
                self.fetched[url] = _Fetched(0, reason=f"not a valid URL: {exc}")
        return self.fetched[url]

    def crawl(self, extra: tuple[str, ...] = ("404.html", "sitemap.xml", "feed.xml")) -> Report:
        report = Report()
        queue: list[str] = [self.root]
        for name in extra:  # not linked from any page, but published: crawl when present
            if self.fetch(self.root + name).status == 200:
                queue.append(self.root + name)
        seen = set(queue)
        start = self.fetch(self.root)
        if start.status != 200:
            report.problems.append(Problem(self.root, self.root, "link", f"the index page: {start.reason or start.status}"))
        pending_fragments: list[tuple[str, str, str, str]] = []  # page, written, target, fragment
        while queue and report.pages < MAX_PAGES:
            page = queue.pop(0)
            fetched = self.fetch(page)
            if fetched.status != 200:
                continue  # reported where it is linked from
            links = self._links_of(page, fetched)
            report.pages += 1
            for link in links:
                try:
                    resolved = urljoin(page, link.url)
                    if urlsplit(resolved).scheme not in ("http", "https"):
                        continue  # mailto:, data:, javascript:
                    target, fragment = urldefrag(resolved)
                    crawlable = self.local(target)
                except ValueError as exc:  # http://[oops: urllib cannot even split it
                    report.links += 1
                    report.problems.append(Problem(page, link.url, link.kind, f"not a valid URL: {exc}"))
                    continue
                if crawlable is None:
                    continue  # external: not ours to check
                report.links += 1
                if not urlsplit(crawlable).path.startswith(urlsplit(self.root).path):
                    report.problems.append(Problem(page, link.url, link.kind, "outside the base path"))
                    continue
                result = self.fetch(crawlable)
                if result.status != 200:
                    report.problems.append(Problem(page, link.url, link.kind, result.reason or f"HTTP {result.status}"))
                    continue
                if fragment:
                    pending_fragments.append((page, link.url, crawlable, unquote(fragment)))
                if crawlable not in seen and _crawlable_type(result.content_type):
                    seen.add(crawlable)
                    queue.append(crawlable)
        for page, written, target, fragment in pending_fragments:
            ids = self.ids.get(target)
            if ids is None:
                ids = self._parse(self.fetch(target)).ids if self.fetch(target).content_type == "text/html" else set()
                self.ids[target] = ids
            if fragment not in ids and fragment != "top":
                report.problems.append(Problem(page, written, "fragment", f"no id {fragment!r} on the target page"))
        return report

    def _parse(self, fetched: _Fetched) -> PageParser:
        parser = PageParser()
        parser.feed(fetched.body.decode("utf-8", errors="replace"))
        parser.close()
        return parser

    def _links_of(self, page: str, fetched: _Fetched) -> list[_Link]:
        if fetched.content_type == "text/html":
            parser = self._parse(fetched)
            self.ids[page] = parser.ids
            if parser.base:
                return [_Link(urljoin(parser.base, link.url), link.kind) for link in parser.links]
            return parser.links
        if fetched.content_type in ("application/xml", "text/xml", "application/atom+xml"):
            return _xml_links(fetched.body)
        return []


def as_browser_sends(url: str) -> str:
    """``url`` as a browser requests it: letters outside ASCII (``/static/über.pdf``) as UTF-8 and
    spaces (``files/my report.pdf``) percent-encoded, what is encoded already left as it is."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _crawlable_type(content_type: str) -> bool:
    return content_type in ("text/html", "application/xml", "text/xml", "application/atom+xml")


def _xml_links(body: bytes) -> list[_Link]:
    """URLs in a sitemap (``<loc>``) or an Atom feed (``<link href>``, and every link inside an
    entry's HTML ``<content>`` or ``<summary>``, which feed readers show as a page)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return []
    links = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "loc" and element.text:
            links.append(_Link(element.text.strip(), "link"))
        elif name == "link" and element.get("href"):
            links.append(_Link(element.get("href"), "link"))
        elif name in ("content", "summary") and element.get("type") == "html" and element.text:
            parser = PageParser()
            parser.feed(element.text)
            parser.close()
            links.extend(parser.links)
    return links


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under a URL prefix such as ``/repo/``, as GitHub Pages does; quiet, no folder listings."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.split("?", 1)[0].startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_base_path__")
        return super().translate_path("/" + path[len(self.prefix):])

    def list_directory(self, path):
        """GitHub Pages lists no folders: a folder without ``index.html`` is not found."""
        self.send_error(404, "No index.html in this folder")
        return None

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@contextmanager
def serve(folder: Path, base_path: str = "/") -> Iterator[str]:
    """Serve ``folder`` under ``base_path`` on 127.0.0.1 (a free port) while the block runs; yields its URL."""
    handler = type("Handler", (_PrefixHandler,), {"prefix": base_path})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def check_url(url: str, aliases: tuple[str, ...] = ()) -> Report:
    """Crawl a site already served at ``url``."""
    return Crawler(url, aliases).crawl()


def check_folder(folder: Path, base_path: str = "/", absolute_base: str | None = None) -> Report:
    """Serve ``folder`` under ``base_path`` and crawl it."""
    with serve(folder, base_path) as url:
        return check_url(url, (absolute_base,) if absolute_base else ())
