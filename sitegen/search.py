"""The search index: Pagefind over the staged output folder, before it is swapped in.

Pagefind ships as a binary inside the ``pagefind[bin]`` package (nothing is downloaded at run
time); it reads ``<html lang>`` of every page and writes one index per language, so German and
English words are stemmed by their own rules. Only elements marked ``data-pagefind-body`` are
indexed: the article pages (text, headline, summary and the names of the entities they mention).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import SitegenError

BUNDLE = "pagefind"
TIMEOUT = 300


def index_site(folder: Path, *, timeout: float = TIMEOUT) -> None:
    """Write the Pagefind bundle into ``folder/pagefind/``; raises SitegenError when Pagefind fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", BUNDLE, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise SitegenError(f"search index: Pagefind took longer than {timeout:.0f} s", folder) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SitegenError(f"search index: Pagefind failed: {detail[-1] if detail else done.returncode}", folder)
    if not (folder / BUNDLE / "pagefind-ui.js").exists():
        raise SitegenError("search index: Pagefind wrote no bundle (is pagefind[bin] installed?)", folder)
