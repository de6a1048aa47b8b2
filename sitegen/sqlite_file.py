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
