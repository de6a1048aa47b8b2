"""Annotation and rendering across processes, with a progress line on a terminal.

``forked_map`` runs a function over items in forked worker processes that inherit everything
the function needs (the site index, the renderer) without pickling; only items and results
cross process boundaries. Annotation workers are forked from a process that has already loaded the spaCy pipelines, so each worker
starts with them in (copy-on-write) memory instead of loading its own. Where forking is unsafe
(other threads are running, as under ``sitegen serve``) the workers come from a fork server and
load the pipelines themselves, which only pays off for larger batches. Small batches run in
this process: starting a pool would cost more than it saves.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import dataclasses
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TextIO, TypeVar

from .annotate import AnnotationRequest, Annotator
from .errors import SitegenError
from .model import Annotations

MIN_FORKED = 16  # fewer texts than this: annotate here (a forked pool starts in ~0.1 s)
MIN_SPAWNED = 200  # a fork-server pool loads pipelines in every worker (~3 s each)
CHUNK = 16
PR_SET_PDEATHSIG = 1  # linux/prctl.h

_annotator: Annotator | None = None
_store: Callable | None = None  # in an annotation worker: where finished groups of annotations go (the cache)
_work: Callable | None = None  # in a forked_map worker: the function it runs

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking copies only the calling thread: safe while no other thread runs (not under ``sitegen serve``)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _die_with(build: int) -> None:
    """In a worker: end when the build that started it ends, however it ends. On Linux the kernel
    sends SIGKILL when the parent goes (``PR_SET_PDEATHSIG``: the build, or for fork-server workers
    the fork server, which ends with the build); a build that died before this ran ends it here.
    SIGINT is left to the build (Ctrl-C reaches the whole process group; the build stops its
    workers), SIGTERM ends a worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the build still stops its workers on SIGTERM/SIGINT
            pass
    try:
        os.kill(build, 0)
    except ProcessLookupError:
        os._exit(1)
    except PermissionError:
        pass


def stop_workers(executor: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now, not after their running items (a build interrupted or
    terminated). ``_processes`` is the executor's own table of its workers (there is no public way
    before Python 3.14's ``kill_workers``)."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError):  # gone already, or closed
            pass


def _init_forked(work: Callable, build: int) -> None:
    global _work
    _die_with(build)
    _work = work


def _run_forked(item):
    assert _work is not None
    return _work(item)


@contextmanager
def worker_pool(workers: int, context, initializer: Callable, initargs: tuple, what: str) -> Iterator[ProcessPoolExecutor]:
    """A process pool that a worker killed (out of memory, a signal) fails with one line naming
    ``what`` it did; its workers end with the build (``_die_with``), and an interrupted or
    terminated build kills them at once. ``initializer`` gets ``initargs`` and the build's pid. An executor, not a Pool: on an error it lets running items finish and drops
    the rest, where Pool.terminate() can deadlock on a worker killed while sending its result."""
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer,
                                   initargs=(*initargs, os.getpid()))
    stopped = False
    try:
        yield executor
    except BrokenProcessPool as exc:
        raise SitegenError(f"{what} worker process ended unexpectedly (out of memory?): {exc}") from exc
    except (KeyboardInterrupt, SystemExit):  # SIGINT, SIGTERM (cli.py): stop now, not after the running items
        stop_workers(executor)
        stopped = True
        raise
    finally:
        # not waiting for workers killed: the executor's thread may be reading a result a worker
        # was killed in the middle of writing, and would wait for the rest for ever (cli.py then
        # exits without joining it)
        executor.shutdown(wait=not stopped, cancel_futures=True)


def _map_frozen(pool: ProcessPoolExecutor, function: Callable, items: Sequence, chunksize: int = 1) -> Iterator:
    """``pool.map`` with the garbage collector's objects frozen while it submits every item (the
    workers fork then): their collector leaves the inherited objects (pipelines, site index)
    alone, so fewer pages are copied."""
    gc.freeze()
    try:
        return pool.map(function, items, chunksize=chunksize)
    finally:
        gc.unfreeze()


def forked_map(
    work: Callable[[T], R], items: Sequence[T], *, workers: int | None = None, min_items: int = 2, chunksize: int = 1
) -> Iterator[R]:
    """``work(item)`` for each item, in order, across forked processes; in this process when
    forking is unsafe, there is one CPU or fewer than ``min_items`` items. ``work`` and what it
    refers to reach the workers by fork, not by pickling; items and results are pickled, sent
    ``chunksize`` at a time."""
    workers = min(workers or cpu_count(), len(items))
    if workers < 2 or len(items) < min_items or not can_fork():
        yield from map(work, items)
        return
    with worker_pool(workers, multiprocessing.get_context("fork"), _init_forked, (work,), "a reading or rendering") as pool:
        yield from _map_frozen(pool, _run_forked, items, chunksize=chunksize)


class ForkedPool:
    """Processes forked once (``forked_pool``) that run one function over items, in order."""

    def __init__(self, work: Callable, workers: int, min_items: int, chunksize: int, stack: contextlib.ExitStack):
        self.work, self.workers, self.min_items, self.chunksize = work, workers, min_items, chunksize
        self._stack = stack
        self._pool: ProcessPoolExecutor | None = None

    def _started(self, items: int) -> ProcessPoolExecutor | None:
        if self._pool is None and self.workers >= 2 and items >= self.min_items and can_fork():
            self._pool = self._stack.enter_context(worker_pool(
                self.workers, multiprocessing.get_context("fork"), _init_forked, (self.work,), "a reading or rendering"))
        return self._pool

    @property
    def forked(self) -> bool:
        return self._pool is not None

    def map(self, items: Sequence) -> list:
        """``work(item)`` for each item (in this process while no pool is started and there are
        fewer than ``min_items``)."""
        pool = self._started(len(items))
        if pool is None:
            return list(map(self.work, items))
        return list(_map_frozen(pool, _run_forked, items, chunksize=self.chunksize))

    def imap(self, items: Iterable, ahead: int = 8, start: bool = True) -> Iterator:
        """``work(item)`` for each item of an iterable, in order, with at most ``ahead`` items
        handed out and not yet done: items made as they are needed are held that many at a time."""
        pool = self._started(self.min_items) if start else self._pool
        if pool is None:
            yield from map(self.work, items)
            return
        waiting: collections.deque = collections.deque()
        for item in items:
            waiting.append(pool.submit(_run_forked, item))
            while len(waiting) >= ahead:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


@contextmanager
def forked_pool(work: Callable[[T], R], *, workers: int | None = None, min_items: int = 2,
                chunksize: int = 1) -> Iterator[ForkedPool]:
    """``forked_map`` for many calls: the pool's ``map(items)`` gives ``work(item)`` for each item,
    in order, from processes forked once, at the first call with ``min_items`` items or more,
    and kept until the block ends. A build forks its workers while it is small, before it reads
    the articles, not from a process holding the site index (a forked process counts what it
    inherits in its resident memory): they read the articles, then render the pages."""
    with contextlib.ExitStack() as stack:
        yield ForkedPool(work, workers or cpu_count(), min_items, chunksize, stack)


def _init_worker(annotator: Annotator | None, models: dict[str, str], registry, store, build: int) -> None:
    global _annotator, _store
    _die_with(build)
    _annotator = annotator if annotator is not None else Annotator(models=models, registry=registry)
    _store = store


def _annotate_chunk(chunk: list[AnnotationRequest]) -> list[Annotations]:
    assert _annotator is not None
    done = list(_annotator.annotate_many(chunk))
    if _store is not None:
        _store(list(zip(chunk, done, strict=True)))
    return done


def annotate_in_parallel(
    annotator: Annotator,
    requests: Sequence[AnnotationRequest],
    *,
    workers: int | None = None,
    on_done: Callable[[int], None] | None = None,
    store: Callable[[list[tuple[AnnotationRequest, Annotations]]], None] | None = None,
    spawned: bool = False,
) -> Iterator[Annotations]:
    """Annotations for ``requests`` in order; ``on_done(n)`` after each finished group of n texts.
    ``store(pairs)`` is called with each group of (request, annotations) pairs, in the process
    that annotated it (the workers write their cache entries themselves, a group at a time).
    ``spawned``: the workers come from a fork server and load their own pipelines even where
    forking is safe, so this process never holds spaCy (some 300 MB that a process does not give
    back when the pipelines are dropped, and that every process forked from it later, such as the
    build's rendering workers, would count again); fewer than ``MIN_SPAWNED`` texts are annotated
    here as before."""
    workers = min(workers or cpu_count(), max(1, len(requests) // CHUNK))
    forking = can_fork() and not spawned
    if workers < 2 or len(requests) < (MIN_FORKED if forking else MIN_SPAWNED):
        yield from _annotate_here(annotator, requests, on_done, store)
        return
    with _annotation_pool(annotator, requests, workers, forking, store) as pool:
        yield from _annotate_in_pool(pool, requests, on_done)


@contextmanager
def annotation_workers(*, workers: int | None = None, spawned: bool = False) -> Iterator[Callable[..., Iterator[Annotations]]]:
    """``annotate_in_parallel`` for a build that annotates a part at a time: the backend it gives
    annotates each call's requests in one pool of workers, made at the first call with enough
    texts for ``annotate_in_parallel`` to make one and kept until the block ends, so the workers
    load their pipelines once per build, not once per part. Calls before that annotate here."""
    with contextlib.ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None

        def backend(annotator: Annotator, requests: Sequence[AnnotationRequest], *,
                    on_done: Callable[[int], None] | None = None,
                    store: Callable[[list[tuple[AnnotationRequest, Annotations]]], None] | None = None,
                    ) -> Iterator[Annotations]:
            nonlocal pool
            count = min(workers or cpu_count(), max(1, len(requests) // CHUNK))
            forking = can_fork() and not spawned
            if pool is None and (count < 2 or len(requests) < (MIN_FORKED if forking else MIN_SPAWNED)):
                yield from _annotate_here(annotator, requests, on_done, store)
                return
            if pool is None:
                pool = stack.enter_context(_annotation_pool(annotator, requests, workers or cpu_count(), forking, store))
            yield from _annotate_in_pool(pool, requests, on_done)

        yield backend


def _annotate_here(annotator: Annotator, requests: Sequence[AnnotationRequest], on_done, store) -> Iterator[Annotations]:
    group: list[tuple[AnnotationRequest, Annotations]] = []
    for request, found in zip(requests, annotator.annotate_many(requests), strict=True):
        group.append((request, found))
        if store and len(group) == CHUNK:
            store(group)
            group = []
        if on_done:
            on_done(1)
        yield found
    if store and group:
        store(group)


def _annotation_pool(annotator: Annotator, requests: Sequence[AnnotationRequest], workers: int, forking: bool, store):
    """A pool of annotation workers: forked from this process with its pipelines loaded
    (``forking``), or from a fork server, loading their own."""
    if forking:
        for lang in sorted({r.lang for r in requests}):
            annotator.pipeline(lang)  # load once here; the forked workers share it
        context = multiprocessing.get_context("fork")
        initargs = (annotator, annotator.models, annotator.registry, store)
    else:
        context = multiprocessing.get_context("forkserver")
        # a new process gets the annotator's settings (plugins' components and language profiles
        # too), not its after-annotation steps, which run in this process (``build.annotate_articles``)
        initargs = (dataclasses.replace(annotator, after_annotation=()) if annotator.components or annotator.languages
                    else None, annotator.models, annotator.registry, store)
    # Forked workers get the annotator through the initializer's arguments without pickling.
    return worker_pool(workers, context, _init_worker, initargs, "an annotation")


def _annotate_in_pool(pool: ProcessPoolExecutor, requests: Sequence[AnnotationRequest], on_done) -> Iterator[Annotations]:
    chunks = [list(requests[i : i + CHUNK]) for i in range(0, len(requests), CHUNK)]
    for result in _map_frozen(pool, _annotate_chunk, chunks):
        if on_done:
            on_done(len(result))
        yield from result


def release_memory() -> None:
    """Give the memory this process has freed back to the system (glibc's ``malloc_trim``; nothing
    elsewhere): a process forked later, or a peak measured later, does not count it."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


class Progress:
    """``annotate 120/1000 articles, 55.1 articles/s`` rewritten in place on a terminal; silent otherwise."""

    def __init__(self, total: int, label: str = "annotate", stream: TextIO | None = None, enabled: bool | None = None):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.started = time.perf_counter()
        self._shown = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if self.enabled and (now - self._shown > 0.1 or self.done >= self.total):
            self._shown = now
            self.stream.write(f"\r{self.line()}\x1b[K")
            self.stream.flush()

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        return f"{self.label} {self.done}/{self.total} articles, {self.done / elapsed:.1f} articles/s"

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
