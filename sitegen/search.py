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
from pathlib import Path

from .errors import SitegenError

BUNDLE = "pagefind"
PAGES = "articles/*/index.html"  # the pages with data-pagefind-body: Pagefind reads no other
TIMEOUT = 300


class SearchIndexing:
    """Pagefind running beside the build: started once the article pages are written (the
    other pages are not indexed, so they can be rendered meanwhile), ``finish`` waits for it."""

    def __init__(self, folder: Path, *, timeout: float = TIMEOUT):
        self.folder = folder
        self.timeout = timeout
        command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", BUNDLE,
                   "--glob", PAGES, "--quiet"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(self) -> None:
        """Wait for Pagefind; raises SitegenError when it fails or wrote no bundle."""
        try:
            stdout, stderr = self.process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise SitegenError(f"search index: Pagefind took longer than {self.timeout:.0f} s", self.folder) from None
        if self.process.returncode != 0:
            detail = (stderr or stdout).strip().splitlines()
            raise SitegenError(f"search index: Pagefind failed: {detail[-1] if detail else self.process.returncode}",
                               self.folder)
        if not (self.folder / BUNDLE / "pagefind-ui.js").exists():
            raise SitegenError("search index: Pagefind wrote no bundle (is pagefind[bin] installed?)", self.folder)

    def cancel(self) -> None:
        """Stop Pagefind (a failed build discards the folder it writes into)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def index_site(folder: Path, *, timeout: float = TIMEOUT) -> None:
    """Write the Pagefind bundle into ``folder/pagefind/``; raises SitegenError when Pagefind fails."""
    SearchIndexing(folder, timeout=timeout).finish()
