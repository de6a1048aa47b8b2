"""The built site's size and file count, and the warning when it passes the host's limit.

GitHub Pages publishes sites of up to 1 GB ("Published GitHub Pages sites may be no larger than
1 GB", docs.github.com, GitHub Pages limits); ``site_size_limit`` in ``sitegen.toml`` sets the
limit in bytes for another host (or lower, to be warned early).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LIMIT_SETTING = "site_size_limit"


@dataclass(frozen=True)
class SiteSize:
    bytes: int
    files: int

    def __str__(self) -> str:
        return f"{human(self.bytes)} in {self.files:,} files"


def human(size: int) -> str:
    """``1.2 GB``, ``36.5 MB``, ``812 kB``, ``17 bytes`` (decimal units, as the hosts state their limits)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}" if unit != "kB" else f"{size / scale:.0f} {unit}"
    return f"{size} bytes"


def measure(folder: Path) -> SiteSize:
    """The bytes and number of the files under ``folder`` (symbolic links not followed)."""
    total = files = 0
    pending = [os.fspath(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
                    files += 1
    return SiteSize(total, files)


def over_limit(size: SiteSize, limit: int) -> str | None:
    """The warning for a site larger than ``limit`` bytes, naming the setting; None within it."""
    if size.bytes <= limit:
        return None
    return (f"the site is {human(size.bytes)}, over the {human(limit)} limit for a published site "
            f"({LIMIT_SETTING} in sitegen.toml; GitHub Pages publishes sites of up to 1 GB)")
