"""One SQLite database file shared by a build's processes (the annotation and Markdown caches).

Each process opens its own connection (a connection must not cross ``fork``); the database is in
WAL mode, so readers do not wait for a writer and several processes write in turn (busy timeout).
A missing database is made beside its place and linked in whole: workers that find none at the
same moment must not set up one new file together (one could lose the other's first entries, as
seen with two forked workers). A database SQLite finds damaged (a crash while the caches write
without ``fsync``, a file overwritten) is moved aside (``set_aside``) and the next ``connect``
makes a new one: a cache heals itself instead of warning on every build. Each value is stored
behind a hash of it (``seal``) and read only when it matches (``unseal``): a value copied into a
page is checked, and one that differs is a miss, made again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("sitegen")

DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


SEAL_SIZE = 16  # bytes of the hash that seals a value (32 hex digits before it)


def seal(value: str) -> str:
    """``value`` behind a hash of it: ``unseal`` gives it back only as it was written."""
    return hashlib.blake2b(value.encode("utf-8", errors="surrogatepass"), digest_size=SEAL_SIZE).hexdigest() + value


def unseal(stored: str) -> str | None:
    """The value ``seal`` stored in ``stored``; None when it differs from what was written
    (a damaged page of the database, an entry edited or of an older layout)."""
    digest, value = stored[: 2 * SEAL_SIZE], stored[2 * SEAL_SIZE :]
    if hashlib.blake2b(value.encode("utf-8", errors="surrogatepass"), digest_size=SEAL_SIZE).hexdigest() != digest:
        return None
    return value


def is_damaged(exc: BaseException) -> bool:
    """Whether SQLite found no database or a damaged one; not: locked, read-only, full disk."""
    return isinstance(exc, sqlite3.DatabaseError) and getattr(exc, "sqlite_errorcode", None) in DAMAGED


def inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def set_aside(path: Path, expected: int | None) -> Path | None:
    """Move the damaged database at ``path`` with its ``-wal`` and ``-shm`` files to
    ``<name>.damaged`` (replacing an earlier one), so that the next ``connect`` makes a new
    database; None when ``path`` is no longer the file with inode ``expected`` (another process
    set it aside first and may have made the new one) or it cannot be moved."""
    if expected is None or inode(path) != expected:
        return None
    aside = path.with_name(f"{path.name}.damaged")
    try:
        for suffix in ("", "-wal", "-shm"):  # a new database must not meet the old one's log
            try:
                os.replace(path.with_name(path.name + suffix), aside.with_name(aside.name + suffix))
            except FileNotFoundError:
                pass
    except OSError:
        return None
    return aside


@dataclass
class Renewal:
    """One process's handling of a damaged database: set aside once, then a new one made.
    ``opening``/``opened`` around each connect note which file this process uses."""

    label: str  # names the cache in the warning
    inode: int | None = None
    renewed: bool = False

    def opening(self, path: Path) -> None:
        self.inode = inode(path)

    def opened(self, path: Path) -> None:
        self.inode = self.inode or inode(path)  # made by ``connect`` just now

    def renew(self, path: Path, exc: BaseException) -> bool:
        """True when ``exc`` says the database is damaged and it is now set aside (by this process,
        with a warning, or by another): the next ``connect`` makes a new one. False for other
        failures and for damage again after a renewal."""
        if not is_damaged(exc) or self.renewed:
            return False
        self.renewed = True
        aside = set_aside(path, self.inode)
        if aside is not None:
            log.warning("%s %s is damaged (%s): moved to %s, a new one is made", self.label, path, exc, aside.name)
        return True


def connect(path: Path, schema: str, *, synchronous: str = "NORMAL", timeout: float = 60) -> sqlite3.Connection:
    """A connection to the database at ``path`` (made when missing) with ``schema`` in place, in
    autocommit mode (``with connection:`` plus ``BEGIN`` for a transaction). Raises OSError or
    sqlite3.Error when the database cannot be made or opened."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path, schema)
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={synchronous}")
        with connection:  # the write lock first: processes making the table at once wait, not fail
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(schema)
    except BaseException:
        connection.close()
        raise
    return connection


def _create(path: Path, schema: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)  # left over from a killed process with this pid
    connection = sqlite3.connect(temporary, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(schema)
    finally:
        connection.close()
    try:
        os.link(temporary, path)  # fails when another process was first: its database is used
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)


class SqliteCache:
    """What both caches (``cache.AnnotationCache``, ``markdown_cache.MarkdownCache``) do with their
    database: one connection per process, opened on first use (a connection opened before a
    ``fork`` is kept aside, never used or closed in the child); a damaged database set aside once
    and a new one made (``Renewal``); any other failure turns the cache off for the rest of the
    process, with one warning. ``path=None``: no cache, every lookup misses."""

    schema: str = ""  # the table, ``CREATE TABLE IF NOT EXISTS …``
    label: str = "cache"  # names the cache in warnings
    unused: str = "not used"  # the rest of the warning: what the build does without it

    def __init__(self, path: Path | None):
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid: int | None = None  # the process that opened ``_connection``
        self._inherited: sqlite3.Connection | None = None  # a parent's, kept from being closed here
        self._broken = path is None  # set after a failure other than damage: this process stops using it
        self._renewal = Renewal(self.label)

    def __getstate__(self) -> dict:  # for a fork server's workers: no connection crosses processes
        return {**self.__dict__, "_connection": None, "_pid": None, "_inherited": None}

    def _db(self, create: bool = True) -> sqlite3.Connection | None:
        """This process's connection, opened on first use; None when the cache is not usable or
        (``create=False``) has no database yet: nothing is made for reading."""
        if self._broken or self.path is None:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        if self._connection is not None:  # opened before a fork: SQLite must not use (or close) it here
            self._inherited, self._connection = self._connection, None
        if not create and not self.path.exists():
            return None
        self._renewal.opening(self.path)
        try:
            # synchronous=OFF: no fsync at WAL checkpoints (at 5,000 articles they took ~13 s of a 42 s
            # annotate stage). A killed build leaves the file whole; only an OS crash or power loss could
            # damage it, and a damaged cache is set aside and made again, never a failed build.
            connection = connect(self.path, self.schema, synchronous="OFF")
        except (OSError, sqlite3.Error) as exc:
            if self._failed("open", exc):
                return self._db(create)  # a new one, the damaged one being set aside
            return None
        self._connection, self._pid = connection, os.getpid()
        self._renewal.opened(self.path)
        return connection

    def _failed(self, action: str, exc: Exception) -> bool:
        """After ``exc``: True when the database was damaged and is now set aside (try again: the
        next ``_db`` makes a new one); else the cache is off for this process, with one warning."""
        self.close()
        if self.path is not None and self._renewal.renew(self.path, exc):
            return True
        if not self._broken:
            log.warning("%s %s %s (could not %s it: %s)", self.label, self.path, self.unused, action, exc)
        self._broken = True
        return False

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None
