"""``sitegen serve``: build, serve ``site/`` under the published base path, rebuild on change, reload.

    watch (watchfiles) ─▶ SiteState.update (incremental.py) ─▶ files written ─▶ LiveReload message

- Files are watched with ``watchfiles`` (inotify through Rust ``notify``; a batch of changes
  arrives once no further change came for one ``WATCH_STEP``, 20-40 ms after the last write,
  with the paths that changed; a stream of changes is cut into batches of at most 1.6 s). Two
  watchers: the content and template folders recursively, the site folder itself flat (config,
  entity registry), so the watch never descends into ``.venv`` or ``site/``. Changes arriving
  while a rebuild runs join the next one.
- An edited article's own page is written first and the pages showing it reload at once; the
  pages listing it follow (``SiteState.on_written``).
- The browser side is the LiveReload protocol and its client, ``livereload.js``, shipped in the
  ``livereload`` package: the server injects it into every HTML page and speaks the protocol
  over a Tornado WebSocket. A page reloads only when its own file was rewritten; a changed
  stylesheet is swapped in place (``liveCSS``), without reloading the page.
- A failed rebuild keeps the last good files; every HTML response then carries an overlay with
  the error's file, line and message, and all open pages reload when the error appears, changes
  or goes away, so the next good save clears it.
- The search index (Pagefind) is made again two seconds after the last edit, in the background
  into a folder beside ``site/`` and swapped in whole; an edit meanwhile stops it and goes first.
- Requests are served by Tornado's ``StaticFileHandler`` (MIME types, HEAD, ranges) under the
  base path of ``base_url``; anything resolving outside ``site/`` is a 404. Only requests whose
  ``Host`` and sockets whose ``Origin`` name this server (``Hosts``) are answered (DNS rebinding).
- Rebuilds hold the output folder's build lock (``build_lock``), as ``sitegen build`` does.
- The pipelines and templates are loaded before ``serving …`` is printed; requests are logged
  only with ``-v``.

This module is the loop (``Server``: watch, rebuild, tell the pages); the HTTP handlers, the
LiveReload hub, the host guard and the error overlay are in ``serve_http.py``.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import queue
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web
import tornado.websocket
import watchfiles

from . import paths
from .config import CONFIG_NAME, Config
from .errors import SitegenError
from .incremental import Change, SiteState
from .render import bundled_templates
from .search import SearchRun, search_bundles
from .serve_http import (  # noqa: F401 - the handlers, where they were
    LIVERELOAD_JS,
    ForeignHost,
    GuardedApplication,
    Hosts,
    Hub,
    LiveReloadScript,
    LiveReloadSocket,
    NotFound,
    SiteHandler,
    StatusHandler,
    describe,
    overlay,
    page_file,
    shown_path,
)

try:
    from .build_lock import build_lock
except ImportError:  # MERGE(rel-build): build_lock.py comes with branch rel-build (issue 15); drop this fallback then
    build_lock = None

log = logging.getLogger("sitegen")

SEARCH_DELAY = 2.0  # seconds without changes before the search index is rebuilt
SEARCH_POLL = 0.1  # seconds between looks at a running search index
WATCH_STEP = 20  # ms without a further change that close a batch of changes (it adds to each edit's latency)


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False
    drafts: bool = False
    use_cache: bool = True
    verbose: bool = False  # log each request


class Server:
    """The HTTP and LiveReload server, the watchers and the rebuild thread of ``sitegen serve``."""

    def __init__(self, load: Callable[[], Config], options: ServeOptions):
        self.options = options
        self.state = SiteState(load, drafts=options.drafts, use_cache=options.use_cache, progress=None)
        self.state.on_written = self.written_early
        self.reloaded: set[str] = set()  # pages reloaded while the rebuild still runs
        self.config = load()
        self.hub = Hub(self.config.base_path)
        self.port = options.port
        self.builds = 0
        self.changes: queue.Queue[set[Path] | None] = queue.Queue()
        self.stopping = threading.Event()
        self.restart_watch = threading.Event()
        self.ready = threading.Event()  # pipelines loaded: edits now take their usual time
        self.search_due: float | None = None
        self.search: SearchRun | None = None  # the search index being made
        self.loop: tornado.ioloop.IOLoop | None = None
        self.threads: list[threading.Thread] = []

    # ------------------------------------------------------------ HTML decoration

    def decorate(self, page: bytes) -> bytes:
        script = f'<script src="/livereload.js?port={self.port}&amp;mindelay=250&amp;maxdelay=2000"></script>'
        error = self.state.error
        extra = overlay(error, self.config.root) if error else ""
        text = page.decode("utf-8", errors="replace")
        at = text.lower().rfind("</body>")
        injected = script + extra
        text = text[:at] + injected + text[at:] if at >= 0 else text + injected
        return text.encode("utf-8")

    # ------------------------------------------------------------ building

    def first_build(self) -> None:
        from . import stamp

        started = time.perf_counter()
        try:
            with self.lock():
                stamp.record(self.config, None)  # this server rewrites site/: `sitegen build` must build again
                change = self.state.build_all()
        except SitegenError as exc:
            print(f"sitegen: error: {describe(exc, self.config.root)}", file=sys.stderr)
            return
        self.builds += 1
        print(f"built {change.articles} articles in {time.perf_counter() - started:.2f} s", file=sys.stderr)

    def lock(self) -> contextlib.AbstractContextManager:
        """The build lock of the output folder (``build_lock``), held while this server writes it,
        so that a ``sitegen build`` of the same folder waits for the rebuild and the rebuild for it."""
        if build_lock is None:  # MERGE(rel-build): the lock arrives with branch rel-build
            return contextlib.nullcontext()
        return build_lock(self.config.output_path, purpose="sitegen serve",
                          on_wait=lambda holder: print(f"waiting for {holder} to finish", file=sys.stderr))

    def rebuild_loop(self) -> None:
        """The one thread that changes the site: rebuilds after each batch of changed files, and
        between batches starts and swaps in the search index (an edit stops it and goes first)."""
        while not self.stopping.is_set():
            if self.search is not None:
                timeout = SEARCH_POLL
            else:
                timeout = None if self.search_due is None else max(0.0, self.search_due - time.monotonic())
            try:
                batch = self.changes.get(timeout=timeout)
            except queue.Empty:
                self.reindex_search()
                continue
            if self.search is not None:  # the index would miss this edit: make it again after the next pause
                self.search.stop()
                self.search = None
                self.search_due = time.monotonic() + SEARCH_DELAY
            if batch is None:
                return
            while True:  # changes that arrived meanwhile join this rebuild
                try:
                    more = self.changes.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    return
                batch |= more
            self.rebuild(batch)

    def preload(self) -> None:
        """Load the spaCy pipelines and the rest now (``SiteState.warm``), so the first edit does not wait."""
        try:
            self.state.warm()
        except Exception as exc:  # noqa: BLE001 - the same error shows at the first rebuild
            log.debug("could not prepare the first rebuild: %s", exc)

    def written_early(self, paths: set[str]) -> None:
        """The edited articles' pages are written: reload them now, not after the listings."""
        if self.loop is not None and self.state.error is None:
            self.reloaded |= paths
            self.loop.add_callback(self.hub.reload, Change(written=set(paths)), False)

    def rebuild(self, paths: set[Path]) -> Change:
        before = self.state.error
        self.reloaded = set()
        try:
            with self.lock():
                change = self.state.update(paths)
        except SitegenError as exc:  # the build lock not taken in time
            self.state.errors["lock"] = exc
            change = Change()
        except Exception as exc:  # a bug must not stop the server: show it like an input error
            log.exception("rebuild failed")
            self.state.errors["internal"] = SitegenError(f"internal error: {exc!r}")
            change = Change()
        else:
            self.state.errors.pop("internal", None)
            self.state.errors.pop("lock", None)
        self.builds += 1
        after = self.state.error
        error_changed = (str(before) if before else None) != (str(after) if after else None)
        if self.loop is not None:
            rest = Change(written=change.written - self.reloaded, deleted=change.deleted, full=change.full)
            self.loop.add_callback(self.hub.reload, rest, error_changed)
        if after:
            print(f"sitegen: error: {describe(after, self.config.root)}", file=sys.stderr)
        elif not change.empty:
            print(f"rebuilt in {change.seconds * 1000:.0f} ms: {change.articles} article(s) read, "
                  f"{len(change.written)} file(s) written, {len(change.deleted)} removed", file=sys.stderr)
            if not change.full and any(p.endswith(".html") for p in change.written | change.deleted):
                self.search_due = time.monotonic() + SEARCH_DELAY
        return change

    def reindex_search(self) -> None:
        """Start the search index when due; swap it in when Pagefind is done."""
        if self.search is None:
            if self.search_due is not None and time.monotonic() >= self.search_due:
                self.search_due = None
                index, config = self.state.index, self.state.config or self.config
                bundles = search_bundles(index, config.search_shard_size) if index is not None else ()
                self.search = SearchRun(config.output_path, bundles)
            return
        if not self.search.done():
            return
        search, self.search = self.search, None
        try:
            with self.lock():
                search.finish()
        except SitegenError as exc:
            log.warning("search index not updated: %s", exc)

    # ------------------------------------------------------------ watching

    def watched(self) -> list[Path]:
        config = self.state.config or self.config
        folders = [config.content_path, config.templates_path, bundled_templates()]
        return list(dict.fromkeys(p.resolve() for p in folders if p.is_dir()))

    def accept(self, change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        if name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".tmp", ".partial")):
            return False
        config = self.state.config or self.config
        resolved = Path(path).resolve()
        for skipped in (config.output_path, config.cache_path):
            if resolved.is_relative_to(skipped.resolve()):
                return False
        return True

    def watch_folders(self) -> None:
        """Content and templates, recursively; starts again when the set of folders changes."""
        while not self.stopping.is_set():
            self.restart_watch.clear()
            folders = self.watched()
            stop = _AnyEvent(self.stopping, self.restart_watch)
            for changes in watchfiles.watch(*folders, watch_filter=self.accept, debounce=1600, step=WATCH_STEP,
                                            stop_event=stop, rust_timeout=500, yield_on_timeout=False):
                self.changes.put({Path(path) for _, path in changes})

    def watch_root(self) -> None:
        """The site folder itself, not recursively: the config file, the registry, new folders."""
        config = self.state.config or self.config
        root = config.root.resolve()
        names = {CONFIG_NAME, Path(config.registry).name}
        folders = {Path(config.content_dir).name, Path(config.templates_dir).name}

        def accept(change: watchfiles.Change, path: str) -> bool:
            return Path(path).name in names | folders

        for changes in watchfiles.watch(root, watch_filter=accept, recursive=False, debounce=1600, step=50,
                                        stop_event=self.stopping, rust_timeout=500, yield_on_timeout=False):
            files = {Path(path) for _, path in changes if Path(path).name in names}
            if files:
                self.changes.put(files)
            if any(Path(path).name in folders for _, path in changes):
                self.restart_watch.set()

    # ------------------------------------------------------------ running

    def url(self) -> str:
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{self.config.base_path}"

    def application(self) -> tornado.web.Application:
        base = self.config.base_path
        hosts = Hosts(self.options.host, self.port)
        handlers: list = [
            (r"/livereload", LiveReloadSocket, {"hub": self.hub, "hosts": hosts}),
            (r"/livereload\.js", LiveReloadScript),
            (r"/__sitegen__/status", StatusHandler, {"server": self}),
            (_escape(base) + r"(.*)", SiteHandler,
             {"path": str(self.config.output_path), "default_filename": paths.listing(), "server": self}),
        ]
        if base != "/":
            handlers.append((r"/", tornado.web.RedirectHandler, {"url": base}))
        quiet = {} if self.options.verbose else {"log_function": lambda handler: None}
        return GuardedApplication(handlers, hosts, default_handler_class=NotFound, compress_response=False, **quiet)

    def listen(self) -> list:
        """The listening sockets; a port in use is a one-line error naming it."""
        host, port = self.options.host, self.options.port
        try:
            return tornado.netutil.bind_sockets(port, address=host)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SitegenError(f"port {port} on {host} is already in use: stop what listens there, "
                                   "or choose another port with --port (--port 0 picks a free one)") from None
            raise SitegenError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None

    def run(self) -> int:
        if not self.options.verbose:  # builds, edits and errors only; each change batch with -v
            logging.getLogger("watchfiles").setLevel(logging.WARNING)
        sockets = self.listen()  # before the first build: a port in use is told at once
        self.port = sockets[0].getsockname()[1]
        self.first_build()
        self.config = self.state.config or self.config
        server = tornado.httpserver.HTTPServer(self.application())
        server.add_sockets(sockets)
        self.loop = tornado.ioloop.IOLoop.current()
        # The watchers first (changes meanwhile wait in the queue), then the pipelines and templates
        # are loaded before the server says it serves: the first edit takes as long as any other
        # (it waited ~2 s for them when they loaded in the background after the first build).
        self.start_thread(self.watch_folders)
        self.start_thread(self.watch_root)
        self.preload()
        self.ready.set()
        self.start_thread(self.rebuild_loop)
        print(f"serving {self.url()} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        if self.options.open_browser:
            threading.Thread(target=webbrowser.open, args=(self.url(),), daemon=True).start()
        try:
            self.loop.start()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
            server.stop()
        return 0

    def start_thread(self, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=f"sitegen-{target.__name__}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def stop(self) -> None:
        self.stopping.set()
        self.changes.put(None)
        for thread in self.threads:
            thread.join(timeout=2)
        if self.search is not None:
            self.search.stop()


class _AnyEvent:
    """Set when any of the events is: what ``watchfiles.watch`` polls to stop."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


def _escape(base: str) -> str:
    import re

    return re.escape(base)


def serve(load: Callable[[], Config], options: ServeOptions) -> int:
    return Server(load, options).run()
