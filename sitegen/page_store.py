"""The page store: every file of the site once, named by a hash of its bytes, in the cache folder.

The site's files are hard links to the store's entries (the way pnpm keeps packages and ccache
its hard-link mode). A build that renders a page the store already holds links the entry into the
new site instead of making a new file, even when ``site/`` was deleted in between: deleting the
site then only removes names, and the next build makes no new files for unchanged pages. On ext4
making thousands of files right after thousands were deleted costs seconds (the inode allocator
steps over every recently freed inode); linking costs a directory entry.

An entry is linked only after its bytes are compared with the page just rendered: a partly
written entry (a killed build) or a site file edited in place (which edits the entry it shares)
is replaced, never published. Entries are made whole under a temporary name and renamed into
place, and never written in place once linked. ``collect`` removes the entries no site links to
any more (link count 1) after a build is published.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("sitegen")


def entry_name(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class PageStore:
    """Entries under ``folder``; ``link`` puts one at a target path. A store that cannot be used
    (another filesystem than the site, a read-only or full disk) is given up for the rest of the
    build with a warning: the build writes its files itself then."""

    def __init__(self, folder: Path):
        self.folder = str(folder)
        self.usable = True
        self._made = False

    def link(self, data: bytes, target: str) -> bool | None:
        """Hard-link the entry holding ``data`` at ``target``: True when the entry was there
        already, False when it was made now, None when the store cannot be used (nothing at ``target``)."""
        if not self.usable:
            return None
        entry = os.path.join(self.folder, entry_name(data))
        try:
            if holds(entry, data):
                os.link(entry, target, follow_symlinks=False)
                return True
            self._put(entry, data)
            os.link(entry, target, follow_symlinks=False)
            return False
        except OSError as exc:  # EXDEV (site on another filesystem), EROFS, ENOSPC, …
            if exc.errno == errno.EMLINK:  # this one entry is linked from as many files as allowed
                return None
            self.usable = False
            log.warning("not keeping pages in %s (%s): writing them directly", self.folder, exc)
            return None

    def _put(self, entry: str, data: bytes) -> None:
        if not self._made:
            os.makedirs(self.folder, exist_ok=True)
            self._made = True
        temporary = f"{entry}.{os.getpid()}.partial"
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, entry)  # whole or not at all; a process linking the old entry keeps it

    def collect(self) -> int:
        """Remove the entries that no site links to (and partial entries of killed builds); the count removed."""
        removed = 0
        try:
            scan = os.scandir(self.folder)
        except OSError:  # no store (never made, or not a folder): nothing to remove
            return 0
        with scan:
            for item in scan:
                try:
                    info = item.stat(follow_symlinks=False)
                    if not stat.S_ISREG(info.st_mode) or info.st_nlink == 1:
                        os.unlink(item.path)
                        removed += 1
                except OSError as exc:
                    log.debug("could not remove page store entry %s: %s", item.path, exc)
        return removed


def holds(path: str, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not followed if a link) with exactly ``data`` in it."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        return False
    with open(path, "rb") as handle:
        return handle.read() == data
