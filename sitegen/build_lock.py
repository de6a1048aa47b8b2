"""One build at a time per output folder.

``build_lock(output)`` holds an exclusive ``fcntl.flock`` on ``.NAME.lock`` beside the output
folder (``.site.lock`` for ``site/``) while the block runs, and writes the holder's pid and
command into it. A second build waits for it (up to ``wait`` seconds, telling ``on_wait`` whom it
waits for), then fails with one line naming the holder.

Why ``flock`` and not a pid file judged by hand or the ``filelock`` package: a ``flock`` lock
belongs to the open file, so the kernel drops it when the holder dies, however it dies
(``kill -9`` too). A lock file left by a dead build is no lock at all, and the next build takes
it without guessing from pids (which the system reuses) whether its holder still runs.
``filelock``'s Unix lock is the same ``flock`` but opens the file with ``O_TRUNC``, so every
waiting process would erase the holder's pid it is meant to show. The file itself is never
deleted: a build that deleted it could lock a new file while another still holds the old one.

The lock is re-entrant within a process (per thread): ``sitegen build`` takes it around its
up-to-date check and the build, and ``build.build`` takes it again inside, as it does when
``sitegen serve`` wraps a rebuild (which may be a full build) in it. Worker processes forked
during a build inherit the open file and so keep the lock while they run; they end with the
build (``parallel.py``).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SitegenError

DEFAULT_WAIT = 600.0  # seconds a build waits for another build of the same folder
POLL = 0.05


def lock_path(output: Path) -> Path:
    """The lock file of the output folder ``output``: beside it, since the folder itself is swapped."""
    output = Path(os.path.abspath(output))
    return output.parent / f".{output.name}.lock"


@dataclass
class _Held:
    """This process's hold on one lock file: a thread lock for its threads, the flock for other processes."""

    guard: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    fd: int | None = None


# Per process by nature: flock conflicts between two open files of one process too, so a nested
# or second take of the same lock in this process must reuse the open file it already holds.
_HELD: dict[str, _Held] = {}
_TABLE = threading.Lock()


def holder(path: Path) -> str:
    """Who holds (or last held) the lock file ``path``: ``pid 1234 (sitegen build)``."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    pid, _, command = text.partition(" ")
    if not pid.isdigit():
        return "another process"
    return f"pid {pid}" + (f" ({command})" if command else "")


@contextmanager
def build_lock(output: Path, *, wait: float = DEFAULT_WAIT, on_wait: Callable[[str], None] | None = None,
               purpose: str = "sitegen build") -> Iterator[Path]:
    """Hold the build lock of the output folder ``output`` while the block runs; yields the lock file.

    Waits up to ``wait`` seconds for another holder (0: not at all), calling ``on_wait(holder)``
    once when it has to wait; then raises SitegenError naming the holder. ``purpose`` is what
    the lock file tells the waiting processes about the holder (``sitegen serve``)."""
    path = lock_path(output)
    with _TABLE:
        held = _HELD.setdefault(str(path), _Held())
    deadline = time.monotonic() + max(wait, 0.0)
    if not (held.guard.acquire(timeout=wait) if wait > 0 else held.guard.acquire(blocking=False)):
        raise SitegenError(f"another build in this process is writing this output folder; gave up after {wait:.0f} s",
                           output)
    try:
        if held.depth == 0:
            held.fd = _take(path, output, deadline, wait, on_wait, purpose)
        held.depth += 1
        try:
            yield path
        finally:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                os.close(held.fd)  # closing the file drops the flock
                held.fd = None
    finally:
        held.guard.release()


def _take(path: Path, output: Path, deadline: float, wait: float, on_wait: Callable[[str], None] | None,
          purpose: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    waited = f"; gave up after {wait:.0f} s" if wait > 0 else ""
                    raise SitegenError(f"another build is writing this output folder: {holder(path)}{waited}",
                                       output) from None
                if not told and on_wait is not None:
                    on_wait(holder(path))
                    told = True
                time.sleep(POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {purpose}\n".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd
