"""The search index: Pagefind over the staged output folder, before it is swapped in.

Pagefind ships as a binary inside the ``pagefind[bin]`` package (nothing is downloaded at run
time); it reads ``<html lang>`` of every page and writes one index per language, so German and
English words are stemmed by their own rules. Only elements marked ``data-pagefind-body`` are
indexed: the article pages (text, headline, summary and the names of the entities they mention),
and Pagefind reads only those pages (``PAGES``), not the thousands of aggregate pages.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from . import paths
from .errors import SitegenError

BUNDLE = "pagefind"
PAGES = paths.ARTICLE_PAGES  # the pages with data-pagefind-body: Pagefind reads no other
TIMEOUT = 300


class SearchIndexing:
    """Pagefind running beside the build: started once the article pages are written (the
    other pages are not indexed, so they can be rendered meanwhile), ``finish`` waits for it.
    The bundle goes to ``folder/pagefind/``, or to ``output`` when given (``sitegen serve``
    writes it beside the site and swaps it in)."""

    def __init__(self, folder: Path, *, output: Path | None = None, timeout: float = TIMEOUT):
        self.folder = folder
        self.output = output if output is not None else folder / BUNDLE
        self.timeout = timeout
        command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(self.output),
                   "--glob", PAGES, "--quiet"]
        self.log = tempfile.TemporaryFile()  # not a pipe: nobody reads it while Pagefind runs
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    def done(self) -> bool:
        return self.process.poll() is not None

    def finish(self) -> None:
        """Wait for Pagefind; raises SitegenError when it fails or wrote no bundle."""
        try:
            self.process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise SitegenError(f"search index: Pagefind took longer than {self.timeout:.0f} s", self.folder) from None
        self.log.seek(0)
        detail = self.log.read().decode("utf-8", errors="replace").strip().splitlines()
        self.log.close()
        if self.process.returncode != 0:
            raise SitegenError(f"search index: Pagefind failed: {detail[-1] if detail else self.process.returncode}",
                               self.folder)
        if not (self.output / "pagefind-ui.js").exists():
            raise SitegenError("search index: Pagefind wrote no bundle (is pagefind[bin] installed?)", self.folder)

    def cancel(self) -> None:
        """Stop Pagefind (a failed build discards the folder it writes into)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.log.close()


def index_site(folder: Path, *, timeout: float = TIMEOUT) -> None:
    """Write the Pagefind bundle into ``folder/pagefind/``; raises SitegenError when Pagefind fails."""
    SearchIndexing(folder, timeout=timeout).finish()
