"""Python-Markdown's results from earlier builds: each body's plain text (read stage) and its
annotated HTML (render stage), so a build whose articles did not change converts no Markdown.

One SQLite file in the cache folder (``markdown.sqlite3``); an entry's key is a hash of
everything its result depends on: the Markdown source, and for HTML the article's text, its
annotations, its sources, the patterns entity and speaker links follow, the footnote labels and
the raw-HTML option, plus the code that makes it (``markup.py``, the one annotation function it
calls, sitegen's, Python-Markdown's and nh3's versions). The annotation stage's rules are not part
of the key: what they find is (the annotations), so a change of the quote or entity rules
re-renders only the bodies whose annotations changed. A changed input is a miss, never a stale
page. Connections, renewal and failures: ``sqlite_file.SqliteCache``; a cache that cannot be
read or written slows builds down, it does not break them.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import sqlite3
import sys
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from . import __version__, sqlite_file
from .annotate.quotes.marks import editorial_insertions
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
    digest.update(f"sitegen {__version__}".encode())
    # markup.py marks editorial insertions in quotes with the annotation stage's function: its code
    # and pattern, not the rest of the annotation code (whose results are in the key)
    digest.update(inspect.getsource(editorial_insertions).encode())
    digest.update(sys.modules[editorial_insertions.__module__].INSERTION.pattern.encode())
    return digest.hexdigest()[:16]


def _hash(parts: list) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def text_key(source: str) -> str:
    return _hash(["text", markup_digest(), source])


def body_key(source: str, options: MarkupOptions, allow_html: bool) -> str:
    annotations = options.annotations
    # the patterns entity and speaker links follow
    link = options.url_for_entity("\0") if options.url_for_entity else None
    speaker = options.url_for_speaker("\0") if options.url_for_speaker else None
    return _hash([
        "body", markup_digest(), allow_html, source, options.text, link, speaker, options.sources_label,
        options.backlink_label,
        [[s.name, s.url, s.id] for s in options.sources],
        [[e.start, e.end, e.text, e.type, e.key, e.name] for e in annotations.entities],
        [[q.start, q.end, q.text, q.speaker, q.speaker_key, q.cue, list(q.sources)] for q in annotations.quotes],
        [[c.start, c.end, c.text, c.source, c.source_key] for c in annotations.citations],
    ])


class MarkdownCache(sqlite_file.SqliteCache):
    """Get-or-make for Markdown results; ``folder=None`` (or ``enabled=False``) makes every lookup
    miss. Connections, renewal and failures: ``sqlite_file.SqliteCache``."""

    schema = SCHEMA
    label = "Markdown cache"
    unused = "not used; converting without it"

    def __init__(self, folder: Path | None, *, enabled: bool = True, variant: str = ""):
        """``variant``: what else decides the results (plugins' Markdown extensions: ``Plugins.markdown_fingerprint``)."""
        super().__init__(Path(folder) / FILE_NAME if folder is not None and enabled else None)
        self.variant = variant
        self.hits = 0
        self.misses = 0

    def plain_text(self, source: str, convert: Callable[[str], str]) -> str:
        key = text_key(source) + self.variant if not self._broken else ""
        return self._get_or_make(key, lambda: convert(source))

    def body(self, source: str, options: MarkupOptions, allow_html: bool, render: Callable[[], str]) -> str:
        key = body_key(source, options, allow_html) + self.variant if not self._broken else ""
        return self._get_or_make(key, render)

    def _get_or_make(self, key: str, make: Callable[[], str]) -> str:
        db = self._db()
        if db is None:
            return make()
        try:
            row = db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._failed("read", exc)
            return make()
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
            self._failed("write", exc)
        return value
