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

import dataclasses
import functools
import io
import operator
import os
import pickle
import shutil
import sqlite3
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from .facets import Mention
from .model import AnnotatedArticle, Annotations, Article, Citation, Entity, Quote, Source
from .write import _maker, _ours_or_dead

PREFIX = "sitegen-articles-"  # then the pid of the build that made it


def _remove(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # never from a forked worker: the build still reads the store
        shutil.rmtree(folder, ignore_errors=True)


CARDS = 4096  # articles a worker keeps read (``ArticleStore.card``)


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
        self._cards: OrderedDict[str, StoredArticle] = OrderedDict()
        self._annotations: OrderedDict[str, Annotations] = OrderedDict()

    def __reduce__(self):
        """Pickled as its path: a worker's articles share one reader of the store (``reader``)."""
        return reader, (str(self.path),)

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            if self._connection is not None:  # a forked worker opens its own and leaves the build's alone
                self._inherited.append(self._connection)
            self._connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._connection.execute("PRAGMA journal_mode=OFF")  # a scratch file: nothing to recover
            self._connection.execute("PRAGMA synchronous=OFF")
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS articles (slug TEXT PRIMARY KEY, markdown TEXT, text TEXT, item BLOB, card BLOB)")
            self._pid = os.getpid()
        return self._connection

    def keep(self, items: Iterable[AnnotatedArticle]) -> None:
        """Store each article's body and text and put a ``StoredArticle`` in its place, which
        reads them from here when asked; its annotations are stored too (``annotations``)."""
        items = list(items)
        rows = [(item.article.slug, item.article.body_markdown, item.article.text) for item in items]
        for item in items:
            item.article = StoredArticle.of(item.article, self)
        db = self._db()
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO articles (slug, markdown, text, item, card) VALUES (?, ?, ?, ?, ?)",
                       [(*row, pickle.dumps(item.annotations, pickle.HIGHEST_PROTOCOL),
                         pickle.dumps(item.article, pickle.HIGHEST_PROTOCOL))
                        for row, item in zip(rows, items, strict=True)])
        db.execute("COMMIT")
        for item in items:  # the annotations too are read from here when asked for (``StoredItem``)
            item.__class__ = StoredItem
            del item.__dict__["annotations"]

    def card(self, slug: str) -> StoredArticle:
        """The ``StoredArticle`` of ``slug`` (the same object for a while: the last ``CARDS`` read are kept)."""
        found = self._cards.get(slug)
        if found is None:
            row = self._db().execute("SELECT card FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                raise KeyError(f"article {slug!r} is not in the article store {self.path}")
            found = self._cards[slug] = pickle.loads(row[0])
            if len(self._cards) > CARDS:
                self._cards.popitem(last=False)
        else:
            self._cards.move_to_end(slug)
        return found

    def annotations(self, slug: str) -> Annotations:
        """The annotations of the article ``slug`` (the same object while it is one of the last
        few read: a page asks for them several times)."""
        found = self._annotations.get(slug)
        if found is None:
            row = self._db().execute("SELECT item FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                raise KeyError(f"article {slug!r} is not in the article store {self.path}")
            found = self._annotations[slug] = pickle.loads(row[0])
            if len(self._annotations) > 8:
                self._annotations.popitem(last=False)
        return found

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


@functools.lru_cache(maxsize=4)
def reader(path: str) -> ArticleStore:
    """The store at ``path`` for reading, one per process and path (it is not removed by this process)."""
    store = object.__new__(ArticleStore)
    store.folder, store.path = Path(path).parent, Path(path)
    store._connection, store._inherited, store._pid, store._last = None, [], None, None
    store._cards, store._annotations = OrderedDict(), OrderedDict()
    return store


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


class StoredItem(AnnotatedArticle):
    """An annotated ``StoredArticle`` whose annotations are in the store too: read from there
    when asked for (an entity page showing a hundred articles reads none), held nowhere."""

    @property  # type: ignore[override]
    def annotations(self) -> Annotations:
        if "annotations" in self.__dict__:  # set on this object
            return self.__dict__["annotations"]
        return self.article.__dict__["_store"].annotations(self.article.slug)

    @annotations.setter
    def annotations(self, value: Annotations) -> None:
        self.__dict__["annotations"] = value


def _stored_item(store: str, slug: str) -> StoredItem:
    item = object.__new__(StoredItem)
    item.__dict__["article"] = reader(store).card(slug)
    return item


class NotSent(pickle.PicklingError):
    """A page rendered where the index is, not sent to a worker: its context holds the site index,
    or more objects than ``ArticlePickler.limit`` (the listing of every entity)."""


_FIELDS = {cls: operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
           for cls in (Entity, Quote, Citation, Source, Mention)}


class ArticlePickler(pickle.Pickler):
    """Pickles page contexts for the rendering workers: an annotated ``StoredArticle`` goes as
    its slug (a ``StoredItem`` in the worker, which reads it from the store), the spans and
    mentions as tuples of their fields;
    the site index and a context of more than ``limit`` objects (beside strings, numbers and
    containers) do not go (``NotSent``)."""

    limit = 50_000  # a page of more is rendered where the index is (the listing of entities)

    def __init__(self, file, protocol: int, pages: int = 1):
        super().__init__(file, protocol)
        self.count, self.limit = 0, self.limit * pages

    def reducer_override(self, obj):
        self.count += 1
        if self.count > self.limit:
            raise NotSent(f"more than {self.limit} objects")
        cls = type(obj)
        if (cls is AnnotatedArticle or cls is StoredItem) and type(obj.article) is StoredArticle:
            return _stored_item, (str(obj.article.__dict__["_store"].path), obj.article.slug)
        fields = _FIELDS.get(cls)
        if fields is not None:
            return cls, fields(obj)
        if cls.__name__ == "SiteIndex":
            raise NotSent("the site index")
        return NotImplemented


def dumps(value, pages: int = 1) -> bytes:
    """``value`` pickled by ``ArticlePickler``, allowed ``pages`` times its limit of objects."""
    buffer = io.BytesIO()
    ArticlePickler(buffer, pickle.HIGHEST_PROTOCOL, pages).dump(value)
    return buffer.getvalue()
