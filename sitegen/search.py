"""The search index: Pagefind over the staged output folder, before it is swapped in.

Pagefind ships as a binary inside the ``pagefind[bin]`` package (nothing is downloaded at run
time); it reads ``<html lang>`` of every page and writes one index per language, so German and
English words are stemmed by their own rules. Only elements marked ``data-pagefind-body`` are
indexed: the article pages (text, headline, summary and the names of the entities they mention),
and Pagefind reads only those pages (``PAGES``), not the thousands of aggregate pages.

The last bundle is kept in the cache folder (``BundleCache``) with a hash of what Pagefind read
(its version and options, every article page's name and bytes): a build whose article pages are
byte for byte the same takes that bundle instead of running Pagefind again (Pagefind spends about
5 s of CPU on 1,000 articles, on a machine whose two cores are rendering the other pages).
``sitegen serve`` indexes in the background after edits (``SearchRun``) and swaps the bundle in.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import paths
from .errors import SitegenError

if TYPE_CHECKING:
    from .indexes import SiteIndex

BUNDLE = paths.SEARCH_BUNDLE
ENTRY = "pagefind-entry.json"  # the bundle's table of languages
PAGES = paths.ARTICLE_PAGES  # the pages with data-pagefind-body: Pagefind reads no other
TIMEOUT = 300

log = logging.getLogger("sitegen")


@dataclass(frozen=True)
class SearchBundle:
    """One Pagefind bundle of the site: its folder and the article pages it indexes."""

    path: str  # its folder's output path: ``paths.search_bundle()`` for the first, ``paths.search_shard(n)`` after
    pages: tuple[str, ...]  # the output paths of the article pages it indexes
    languages: tuple[str, ...]  # the languages of those pages, sorted (each has its index in the bundle)


def search_bundles(index: SiteIndex, size: int) -> list[SearchBundle]:
    """The site's search bundles: its article pages, oldest first, in parts of ``size`` pages (an
    archive that grows by new articles changes only its last part). One bundle (``pagefind/``, all
    the pages) for a site of ``size`` articles or fewer; the parts past the first are
    ``pagefind/shards/2/``, ``3/``, … (``paths.search_shard``). Pagefind holds a bundle's whole
    index in memory until it writes it: at ~0.17 MiB an article page, one part at a time bounds it."""
    items = list(reversed(index.articles))
    bundles = []
    for number, start in enumerate(range(0, max(len(items), 1), size), 1):
        part = items[start : start + size]
        bundles.append(SearchBundle(paths.search_bundle() if number == 1 else paths.search_shard(number),
                                    tuple(paths.article(item.article.slug) for item in part),
                                    tuple(sorted({item.article.lang for item in part}))))
    return bundles


def pages_digest(folder: Path, bundles: Sequence[SearchBundle] = ()) -> str:
    """A hash of what Pagefind reads in ``folder``: its version and options, and each article page
    (with ``bundles``, more than one: each bundle's pages, in turn)."""
    digest = hashlib.sha256(f"pagefind {metadata.version('pagefind')} --glob {PAGES}".encode())
    parts = [(b.path, [folder / page for page in b.pages]) for b in bundles] if len(bundles) > 1 \
        else [("", sorted(folder.glob(PAGES)))]
    for name, pages in parts:
        if name:
            digest.update(name.encode("utf-8") + b"\0")
        for page in pages:
            digest.update(page.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(page.read_bytes() + b"\0")
    return digest.hexdigest()


def _link_or_copy(source: str, target: str) -> None:
    """A hard link (no data copied; nothing rewrites bundle files in place), a copy across filesystems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def bundle_files(folder: Path) -> dict[str, str]:
    """Every file of the bundle in ``folder`` and a hash of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() or path.is_symlink()}


class BundleCache:
    """The last Pagefind bundle, in ``folder`` (``.sitegen-cache/search``) with the hash of its pages
    and of each of its files (``files.json``, written with it). A kept bundle is published only when
    every file is there with the bytes it was kept with: the site's files are hard links to the kept
    ones, so editing ``site/pagefind/…`` in place edits them too, and such a bundle is made again.
    A bundle that cannot be kept or read is made again: it slows a build down, it does not break it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def fetch(self, key: str, target: Path) -> bool:
        """Put the kept bundle at ``target`` when it was made from pages with hash ``key`` and is intact."""
        try:
            if (self.folder / "key").read_text(encoding="ascii") != key:
                return False
            recorded = json.loads((self.folder / "files.json").read_text(encoding="utf-8"))
            shutil.copytree(self.folder / BUNDLE, target, copy_function=_link_or_copy)
            if bundle_files(target) != recorded:  # checked as linked: a file changed after this is a new file
                raise ValueError("the kept search bundle is not as it was written")
        except (OSError, ValueError) as exc:
            log.debug("search index: not taking the kept bundle (%s)", exc)
            shutil.rmtree(target, ignore_errors=True)
            shutil.rmtree(self.folder, ignore_errors=True)
            return False
        return True

    def store(self, key: str, bundle: Path) -> None:
        """Keep ``bundle`` as the one made from pages with hash ``key`` (replacing the last one whole)."""
        parent, name = self.folder.parent, self.folder.name
        try:
            parent.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(prefix=f".{name}-new-", dir=parent))
            shutil.copytree(bundle, fresh / BUNDLE, copy_function=_link_or_copy)
            (fresh / "files.json").write_text(json.dumps(bundle_files(bundle)), encoding="utf-8")
            (fresh / "key").write_text(key, encoding="ascii")
            old = parent / f".{name}-old-{os.getpid()}"
            if self.folder.exists():
                os.replace(self.folder, old)
            os.replace(fresh, self.folder)
        except OSError as exc:
            log.warning("search bundle not kept in %s: %s", self.folder, exc)
        for leftover in parent.glob(f".{name}-*"):
            shutil.rmtree(leftover, ignore_errors=True)


class SearchIndexing:
    """Pagefind running beside the build: started once the article pages are written (the
    other pages are not indexed, so they can be rendered meanwhile), ``finish`` waits for it.
    The bundle goes to ``folder/pagefind/``, or to ``output`` when given (``sitegen serve``
    writes it beside the site and swaps it in). With a ``cache``, a bundle made from the same
    article pages is taken from it instead (unless ``fresh``: ``sitegen build --force``), and a
    new bundle is kept there.

    With ``bundles`` (``search_bundles``, more than one) Pagefind runs once per bundle, one after
    the other, each over a folder of links to that bundle's pages (beside ``site``, the output
    folder whose staging names it takes), so the peak memory is one bundle's; the later bundles
    go inside the first (``pagefind/shards/N/``), which is kept and swapped in whole."""

    def __init__(
        self, folder: Path, *, output: Path | None = None, timeout: float = TIMEOUT, cache: BundleCache | None = None,
        fresh: bool = False, bundles: Sequence[SearchBundle] = (), site: Path | None = None,
    ):
        self.folder = folder
        self.output = output if output is not None else folder / BUNDLE
        self.timeout = timeout
        self.cache = cache
        self.site = site if site is not None else folder
        self.process: subprocess.Popen | None = None
        self.error: SitegenError | None = None
        self.written: list[Path] = []  # the bundle folders Pagefind wrote
        self.links: Path | None = None  # the folder of links to the running bundle's pages
        sharded = list(bundles) if len(bundles) > 1 else []
        self.key = pages_digest(folder, sharded) if cache else None
        if cache and self.key and not fresh and cache.fetch(self.key, self.output):
            log.debug("search index: the bundle of the same article pages, from %s", cache.folder)
            self.pending: list[SearchBundle | None] = []
            return
        self.pending = sharded or [None]  # None: every article page of ``folder``, in one bundle
        self._start_next()

    def _bundle_output(self, bundle: SearchBundle | None) -> Path:
        if bundle is None or bundle.path == paths.search_bundle():
            return self.output
        return self.output / PurePosixPath(bundle.path).relative_to(BUNDLE)

    def _start_next(self) -> None:
        bundle = self.pending.pop(0)
        site = self.folder
        if bundle is not None:
            site = self.links = staging_folder(self.site)
            for page in bundle.pages:
                (site / page).parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(str(self.folder / page), str(site / page))
        output = self._bundle_output(bundle)
        self.written.append(output)
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
                   "--glob", PAGES, "--quiet"]
        self.log = tempfile.TemporaryFile()  # not a pipe: nobody reads it while Pagefind runs
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    def _close_run(self) -> None:
        """After a Pagefind process ended: note its error, or start the next bundle's."""
        process, self.process = self.process, None
        self.log.seek(0)
        detail = self.log.read().decode("utf-8", errors="replace").strip().splitlines()
        self.log.close()
        if self.links is not None:
            shutil.rmtree(self.links, ignore_errors=True)
            self.links = None
        if process.returncode != 0:
            self.error = SitegenError(f"search index: Pagefind failed: {detail[-1] if detail else process.returncode}",
                                      self.folder)
        elif not (self.written[-1] / "pagefind-ui.js").exists():
            self.error = SitegenError("search index: Pagefind wrote no bundle (is pagefind[bin] installed?)", self.folder)
        elif self.pending:
            self._start_next()

    def done(self) -> bool:
        while self.process is not None and self.process.poll() is not None:
            self._close_run()
        return self.process is None

    def finish(self) -> None:
        """Wait for Pagefind (each bundle's run); raises SitegenError when it fails or wrote no bundle."""
        while self.process is not None:
            try:
                self.process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.cancel()
                raise SitegenError(f"search index: Pagefind took longer than {self.timeout:.0f} s", self.folder) from None
            self._close_run()
        if self.error is not None:
            raise self.error
        if not self.written:  # taken from the cache
            return
        for bundle in self.written:
            sort_entry_languages(bundle / ENTRY)
        if self.cache and self.key:
            self.cache.store(self.key, self.output)
        self.written = []

    def cancel(self) -> None:
        """Stop Pagefind (a failed build discards the folder it writes into)."""
        self.pending = []
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close_run()


def sort_entry_languages(path: Path) -> None:
    """Pagefind lists the languages in ``pagefind-entry.json`` in a varying order (a hash map's);
    sorted, the same pages give the same bytes in every build."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # another layout: left as Pagefind wrote it
    entry["languages"] = dict(sorted(languages.items()))
    fresh = path.with_name(f".{path.name}.sorted")
    fresh.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    fresh.replace(path)


def index_site(folder: Path, *, timeout: float = TIMEOUT) -> None:
    """Write the Pagefind bundle into ``folder/pagefind/``; raises SitegenError when Pagefind fails."""
    SearchIndexing(folder, timeout=timeout).finish()


class SearchRun:
    """Pagefind over ``site/`` into a folder beside it, in the background; ``finish`` swaps the
    bundle in as ``site/pagefind/`` whole, ``stop`` ends it and leaves the old bundle. Indexing
    1,000 articles takes seconds: run in the rebuild thread, it held up the next edit as long."""

    def __init__(self, output: Path, bundles: Sequence[SearchBundle] = ()):
        self.output = output.resolve()
        self.staging = staging_folder(self.output)
        self.indexing = SearchIndexing(self.output, output=self.staging, bundles=bundles)

    def done(self) -> bool:
        return self.indexing.done()

    def finish(self) -> None:
        """Wait for Pagefind and swap its bundle in; SitegenError when it failed."""
        try:
            self.indexing.finish()
        except SitegenError:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise
        bundle = self.output / BUNDLE
        old = self.staging.with_name(self.staging.name + "-old")
        if bundle.exists():
            os.replace(bundle, old)
        os.replace(self.staging, bundle)
        shutil.rmtree(old, ignore_errors=True)

    def stop(self) -> None:
        self.indexing.cancel()
        shutil.rmtree(self.staging, ignore_errors=True)
def staging_folder(output: Path) -> Path:
    """A new folder beside ``output`` named like a build's staging folders with this process's pid
    (``.site-new-PID-search-…``): a build removes it when this server is gone, not while it runs.
    Made with the modes the umask gives (``mkdtemp``'s 0700 became ``site/pagefind``'s)."""
    while True:
        path = output.parent / f".{output.name}-new-{os.getpid()}-search-{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
