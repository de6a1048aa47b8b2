"""The HTTP side of ``sitegen serve``: Tornado handlers for the site's files (with the LiveReload
script and the error overlay injected into HTML), the LiveReload WebSocket (``Hub``: which page
each open tab shows, and which to reload after a rebuild), the status endpoint, and the
``Host``/``Origin`` guard against DNS rebinding (``Hosts``). The watch-and-rebuild loop that
drives them is ``serve.Server``.
"""

from __future__ import annotations

import html
import ipaddress
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import tornado.web
import tornado.websocket

from . import paths
from .errors import SitegenError
from .incremental import Change

if TYPE_CHECKING:
    from .serve import Server

log = logging.getLogger("sitegen")

LIVERELOAD_JS = Path(__import__("livereload").__file__).resolve().parent / "vendors" / "livereload.js"
PROTOCOL = "http://livereload.com/protocols/official-7"


def page_file(url_path: str, base_path: str) -> str | None:
    """The output file a URL path shows (``/repo/tags/x/`` -> ``tags/x/index.html``, ``/repo/articles/x.html`` -> ``articles/x.html``)."""
    path = unquote(url_path)
    if not path.startswith(base_path):
        return None
    return paths.file_of(path[len(base_path):])


class Hub:
    """The open pages (LiveReload connections) and which file each one shows."""

    def __init__(self, base_path: str):
        self.base_path = base_path
        self.pages: dict[LiveReloadSocket, str | None] = {}  # the open pages that said which page they show
        self.connections = 0  # LiveReload connections open now
        self.opened = 0  # pages that ever said which page they show (scripts wait for it to grow)

    def send(self, socket: LiveReloadSocket, path: str, live_css: bool = True) -> None:
        message = {"command": "reload", "path": path, "liveCSS": live_css, "liveImg": True}
        try:
            socket.write_message(json.dumps(message))
        except tornado.websocket.WebSocketClosedError:
            self.pages.pop(socket, None)

    def reload(self, change: Change, error_changed: bool) -> int:
        """Tell the open pages what changed; returns how many were told."""
        told = 0
        if change.full or error_changed:
            for socket in list(self.pages):
                self.send(socket, "*", live_css=False)
                told += 1
            return told
        touched = change.written | change.deleted
        stylesheets = [p for p in touched if p.endswith(".css")]
        scripts = [p for p in touched if p.startswith(paths.static("")) and not p.endswith(".css")]
        for socket, shown in list(self.pages.items()):
            if scripts or shown in touched:
                self.send(socket, self.base_path + (shown or ""), live_css=False)
                told += 1
            else:
                for path in stylesheets:
                    self.send(socket, self.base_path + path)
                    told += 1
        return told


class LiveReloadSocket(tornado.websocket.WebSocketHandler):
    """The server half of the LiveReload protocol: answer ``hello``, note the page from ``info``.
    Only pages of this server may connect (``check_origin``); anything but a JSON object is ignored."""

    def initialize(self, hub: Hub, hosts: Hosts) -> None:
        self.hub = hub
        self.hosts = hosts
        self.counted = False

    def check_origin(self, origin: str) -> bool:
        return self.hosts.allows_origin(origin)

    def open(self, *args, **kwargs) -> None:
        self.counted = True
        self.hub.connections += 1

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            return
        if not isinstance(data, dict):  # [1, 2], 5, null: not a LiveReload message
            return
        if data.get("command") == "hello":
            self.write_message(json.dumps({"command": "hello", "protocols": [PROTOCOL], "serverName": "sitegen"}))
        elif data.get("command") == "info":
            if self not in self.hub.pages:
                self.hub.opened += 1
            self.hub.pages[self] = page_file(urlsplit(str(data.get("url", ""))).path, self.hub.base_path)

    def on_close(self) -> None:
        self.hub.pages.pop(self, None)
        if self.counted:
            self.counted = False
            self.hub.connections -= 1


class LiveReloadScript(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.write(LIVERELOAD_JS.read_bytes())


class StatusHandler(tornado.web.RequestHandler):
    """``/__sitegen__/status``: builds done, open pages, the current error (for scripts and tests)."""

    def initialize(self, server: Server) -> None:
        self.server = server

    def get(self) -> None:
        error = self.server.state.error
        self.set_header("Cache-Control", "no-store")
        self.write({
            "builds": self.server.builds,
            "ready": self.server.ready.is_set(),
            "clients": len(self.server.hub.pages),
            "connections": self.server.hub.connections,
            "opened": self.server.hub.opened,
            "error": describe(error, self.server.config.root) if error else None,
        })


class SiteHandler(tornado.web.StaticFileHandler):
    """Files of ``site/`` under the base path; HTML gets the LiveReload client and the error overlay."""

    server: Server

    def initialize(self, path: str, default_filename: str | None = None, server: Server | None = None) -> None:
        super().initialize(path, default_filename)
        self.server = server

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        try:
            real_root, real = Path(root).resolve(), Path(absolute_path).resolve()
        except (OSError, ValueError):
            raise tornado.web.HTTPError(404) from None
        if not real.is_relative_to(real_root):
            raise tornado.web.HTTPError(404)
        try:
            return super().validate_absolute_path(root, absolute_path)
        except ValueError:  # an embedded NUL byte
            raise tornado.web.HTTPError(404) from None

    def should_return_304(self) -> bool:
        return False  # the overlay can change while the file does not

    def compute_etag(self) -> str | None:
        return super().compute_etag() if getattr(self, "absolute_path", None) else None

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    async def get(self, path: str, include_body: bool = True) -> None:
        self.path = self.parse_url_path(path)
        try:
            absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
        except tornado.web.HTTPError as exc:
            raise tornado.web.HTTPError(404) if exc.status_code == 403 else exc from None
        except ValueError:  # an embedded NUL byte
            raise tornado.web.HTTPError(404) from None
        if absolute is None:  # redirected to the folder's URL with a slash
            return
        if absolute.endswith((".html", ".htm")):
            self.absolute_path = None  # no ETag: the overlay can change while the file does not
            self.send_html(Path(absolute).read_bytes(), include_body)
            return
        await super().get(path, include_body)

    def send_html(self, page: bytes, include_body: bool = True, status: int = 200) -> None:
        body = self.server.decorate(page)
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Length", str(len(body)))
        if include_body:
            self.write(body)
        self.finish()

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 404:
            not_found = self.server.config.output_path / paths.NOT_FOUND
            if self.server.state.error or not not_found.is_file():
                page = b"<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>"
            else:
                page = not_found.read_bytes()
            self.clear_header("Content-Type")
            self.send_html(page, self.request.method != "HEAD", status=404)
            return
        super().write_error(status_code, **kwargs)


class NotFound(tornado.web.RequestHandler):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class ForeignHost(tornado.web.RequestHandler):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(403, reason="Host not served here")


@dataclass(frozen=True)
class Hosts:
    """The addresses this server answers to: ``localhost``, loopback addresses and the bound host
    (any address literal when bound to all interfaces), at the bound port. Another name in a
    request's ``Host`` or a socket's ``Origin`` is a page elsewhere, possibly a name rebound to
    this machine's address (DNS rebinding), and is refused."""

    host: str
    port: int

    def allows(self, netloc: str) -> bool:
        try:
            parts = urlsplit("//" + netloc)
            name, port = parts.hostname, parts.port or 80
        except ValueError:
            return False
        if not name or port != self.port:
            return False
        bound = self.host.strip("[]").lower()
        if name in {"localhost", bound}:
            return True
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return False
        return address.is_loopback or bound in {"", "0.0.0.0", "::"}

    def allows_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme in {"http", "https"} and self.allows(parts.netloc)


class GuardedApplication(tornado.web.Application):
    """Answers only requests whose ``Host`` is one of ``hosts`` (else 403)."""

    def __init__(self, handlers: list, hosts: Hosts, **settings):
        super().__init__(handlers, **settings)
        self.hosts = hosts

    def find_handler(self, request, **kwargs):
        if not self.hosts.allows(request.host):
            return self.get_handler_delegate(request, ForeignHost)
        return super().find_handler(request, **kwargs)


def shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the site folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return str(path)


def describe(error: SitegenError, root: Path) -> str:
    """The error as one line, its file relative to the site folder: ``seeds/a.md:3: message``."""
    if error.path is None:
        return error.message
    return shown_path(error.path, root) + (f":{error.line}" if error.line is not None else "") + f": {error.message}"


def overlay(error: SitegenError, root: Path) -> str:
    """The error box shown over every page while the last rebuild failed."""
    where = ""
    if error.path is not None:
        where = shown_path(error.path, root) + (f":{error.line}" if error.line is not None else "")
    return (
        '<div id="sitegen-error" role="alert" style="position:fixed;inset:0;z-index:2147483647;'
        "overflow:auto;margin:0;padding:2rem;background:rgba(30,0,0,.93);color:#fff;"
        'font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap">'
        '<strong style="color:#ff8a80">sitegen: the last rebuild failed</strong>\n'
        f'<span class="where">{html.escape(where)}</span>\n'
        f'<span class="message">{html.escape(error.message)}</span>\n\n'
        "The page below is the last good build. Save a fix and it reloads.</div>"
    )
