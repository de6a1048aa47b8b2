"""Python-Markdown's results from earlier builds: each body's plain text (read stage) and its
annotated HTML (render stage), so a build whose articles did not change converts no Markdown.

One SQLite file in the cache folder (``markdown.sqlite3``); an entry's key is a hash of
everything its result depends on: the Markdown source, and for HTML the annotations, the
article's sources, the entity link pattern, the footnote labels and the raw-HTML option, plus
the code that makes it (``markup.py``, the annotation stage's code, sitegen's, Python-Markdown's
and nh3's versions). A changed input is a miss, never a stale page. SQLite makes writes from
several processes safe; each process opens its own connection (connections must not cross
``fork``). A cache that cannot be read or written slows builds down, it does not break them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from . import __version__, sqlite_file
from .cache import code_digest
from .markup import MarkupOptions

log = logging.getLogger("sitegen")

FILE_NAME = "markdown.sqlite3"
SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
MARKUP_CODE = Path(__file__).resolve().parent / "markup.py"


@cache
def markup_digest() -> str:
    """A hash of the code that turns Markdown into text and HTML: editing it invalidates entries."""
    digest = hashlib.sha256(MARKUP_CODE.read_bytes())
    for package in ("markdown", "nh3"):
        digest.update(f"{package} {metadata.version(package)}".encode())
    digest.update(f"sitegen {__version__} {code_digest()}".encode())
    return digest.hexdigest()[:16]


def _hash(parts: list) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def text_key(source: str) -> str:
    return _hash(["text", markup_digest(), source])


def body_key(source: str, options: MarkupOptions, allow_html: bool) -> str:
    annotations = options.annotations
    link = options.url_for_entity("\0") if options.url_for_entity else None  # the pattern entity links follow
    return _hash([
        "body", markup_digest(), allow_html, source, link, options.sources_label, options.backlink_label,
        [[s.name, s.url, s.id] for s in options.sources],
        [[e.start, e.end, e.text, e.type, e.key, e.name] for e in annotations.entities],
        [[q.start, q.end, q.text, q.speaker, q.speaker_key, q.cue, list(q.sources)] for q in annotations.quotes],
        [[c.start, c.end, c.text, c.source, c.source_key] for c in annotations.citations],
    ])


class MarkdownCache:
    """Get-or-make for Markdown results; ``folder=None`` (or ``enabled=False``) makes every lookup miss."""

    def __init__(self, folder: Path | None, *, enabled: bool = True):
        self.path = Path(folder) / FILE_NAME if folder is not None and enabled else None
        self.hits = 0
        self.misses = 0
        self._connection: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._renewal = sqlite_file.Renewal("Markdown cache")

    def plain_text(self, source: str, convert: Callable[[str], str]) -> str:
        return self._get_or_make(text_key(source) if self.path else "", lambda: convert(source))

    def body(self, source: str, options: MarkupOptions, allow_html: bool, render: Callable[[], str]) -> str:
        return self._get_or_make(body_key(source, options, allow_html) if self.path else "", render)

    def _get_or_make(self, key: str, make: Callable[[], str]) -> str:
        db = self._db()
        if db is None:
            return make()
        try:
            row = db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            return self._failed(exc, make)
        found = sqlite_file.unseal(row[0]) if row is not None and isinstance(row[0], str) else None
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        value = make()
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", (key, sqlite_file.seal(value)))
        except sqlite3.Error as exc:
            self._failed(exc, lambda: value)
        return value

    def _db(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._connection is None or self._pid != os.getpid():  # a forked worker opens its own
            self._renewal.opening(self.path)
            try:
                # synchronous=OFF: a cache; losing the last entries on a crash is fine
                connection = sqlite_file.connect(self.path, SCHEMA, synchronous="OFF")
            except (OSError, sqlite3.Error) as exc:
                self._drop(exc)
                return self._db() if self.path is not None else None  # a new one, when this one was set aside
            self._connection, self._pid = connection, os.getpid()
            self._renewal.opened(self.path)
        return self._connection

    def _failed(self, exc: Exception, make: Callable[[], str]) -> str:
        self._drop(exc)
        return make()

    def _drop(self, exc: Exception) -> None:
        """A damaged database is set aside once and a new one made at the next lookup; a cache
        that fails otherwise is not used for the rest of this process (one warning)."""
        self.close()
        if self.path is not None and self._renewal.renew(self.path, exc):
            return
        log.warning("Markdown cache %s not used: %s", self.path, exc)
        self.path = None

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None
