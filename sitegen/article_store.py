"""The article store: each article's Markdown and plain text on disk for the length of one build.

A build of a large archive (``build.py``) reads and annotates its articles a part at a time;
once the index has what the listings and the entity, speaker, source and tag pages show of an
article (``indexes.IndexBuilder``), its ``body_markdown`` and ``text`` go here and leave memory:
they are the bulk of an article (two copies of its words), and mostly only its own page, its
annotation JSON and the feeds showing it read them again. The article becomes a
``StoredArticle``, which reads them from the store whenever they are asked for, so every
template, filter and plugin sees the same article as before. The store is an SQLite file in a
temporary folder, removed with the last article referring to it (or at exit); each process (the forked rendering workers too)
opens its own connection.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path

from .model import AnnotatedArticle, Article
from .write import _maker, _ours_or_dead

PREFIX = "sitegen-articles-"  # then the pid of the build that made it


def _remove(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # never from a forked worker: the build still reads the store
        shutil.rmtree(folder, ignore_errors=True)


class ArticleStore:
    """Bodies and texts by slug, in a new temporary folder (inside ``folder`` when given). The
    folder goes when the store does: when no article of the build (``BuildResult.articles``)
    refers to it any more, or when the process exits."""

    def __init__(self, folder: Path | None = None):
        parent = Path(folder or tempfile.gettempdir())
        for left in parent.glob(f"{PREFIX}*"):  # the stores of builds killed outright (SIGKILL)
            if _ours_or_dead(_maker(left.name, PREFIX)):
                shutil.rmtree(left, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
        self.path = self.folder / "articles.sqlite3"
        weakref.finalize(self, _remove, self.folder, os.getpid())
        self._connection: sqlite3.Connection | None = None
        self._inherited: list[sqlite3.Connection] = []
        self._pid: int | None = None
        self._last: tuple[str, str, str] | None = None  # the last article read: its page reads both fields

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_connection": None, "_inherited": [], "_pid": None, "_last": None}

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            if self._connection is not None:  # a forked worker opens its own and leaves the build's alone
                self._inherited.append(self._connection)
            self._connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._connection.execute("PRAGMA journal_mode=OFF")  # a scratch file: nothing to recover
            self._connection.execute("PRAGMA synchronous=OFF")
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS articles (slug TEXT PRIMARY KEY, markdown TEXT, text TEXT)")
            self._pid = os.getpid()
        return self._connection

    def keep(self, items: Iterable[AnnotatedArticle]) -> None:
        """Store each article's body and text and put a ``StoredArticle`` in its place, which
        reads them from here when asked."""
        items = list(items)
        db = self._db()
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO articles (slug, markdown, text) VALUES (?, ?, ?)",
                       [(item.article.slug, item.article.body_markdown, item.article.text) for item in items])
        db.execute("COMMIT")
        for item in items:
            item.article = StoredArticle.of(item.article, self)

    def fields(self, slug: str) -> tuple[str, str]:
        """The body (Markdown) and plain text of the article ``slug``."""
        if self._last is None or self._last[0] != slug or self._pid != os.getpid():
            row = self._db().execute("SELECT markdown, text FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                raise KeyError(f"article {slug!r} is not in the article store {self.path}")
            self._last = (slug, row[0], row[1])
        return self._last[1], self._last[2]

    def close(self) -> None:
        """Close this process's connection (the articles open it again when asked for their text)."""
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None


class StoredArticle(Article):
    """An ``Article`` whose ``body_markdown`` and ``text`` are in an ``ArticleStore``: read from
    there at each use (templates, filters and plugins see the same article), held nowhere."""

    @classmethod
    def of(cls, article: Article, store: ArticleStore) -> StoredArticle:
        stored = object.__new__(cls)
        stored.__dict__.update({name: value for name, value in article.__dict__.items()
                                if name not in ("body_markdown", "text")})
        stored.__dict__["_store"] = store
        return stored

    def _field(self, number: int, name: str) -> str:
        if name in self.__dict__:  # set on this object (``dataclasses.replace`` makes a new one so)
            return self.__dict__[name]
        return self.__dict__["_store"].fields(self.slug)[number]

    @property  # type: ignore[override]
    def body_markdown(self) -> str:
        return self._field(0, "body_markdown")

    @body_markdown.setter
    def body_markdown(self, value: str) -> None:
        self.__dict__["body_markdown"] = value

    @property  # type: ignore[override]
    def text(self) -> str:
        return self._field(1, "text")

    @text.setter
    def text(self, value: str) -> None:
        self.__dict__["text"] = value
