"""The article files of the content folder as ``sitegen serve`` tracks them, and removing an
output file: a file's key (its folder's links resolved), its signature (what changes when it or
its sidecar is written or replaced), a scan of the folder as a build finds its files.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import Config
from .read import article_paths, readers_for
from .write import safe_target


def file_key(path: Path) -> Path:
    """An article file's key: its absolute path, its folder's links resolved (not a link to the file)."""
    path = Path(path)
    return path.parent.resolve() / path.name


def signature(path: Path) -> tuple:
    """What changes when an article file or its sidecar (``NAME.meta.yml``) is written or replaced."""
    parts = []
    for file in (path, path.with_name(path.name.split(".")[0] + ".meta.yml")):
        try:
            info = file.stat()
        except OSError:
            parts.append(None)
        else:
            parts.append((info.st_ino, info.st_size, info.st_mtime_ns))
    return tuple(parts)


def scan(config: Config) -> dict[Path, tuple]:
    """Every article file of the content folder (as ``read.article_paths`` finds them for a build)."""
    folders: dict[Path, Path] = {}
    found = {}
    for path in article_paths(config.content_path, readers_for(config)):
        folder = folders.get(path.parent) or folders.setdefault(path.parent, path.parent.resolve())
        found[folder / path.name] = signature(folder / path.name)
    return found


def remove_output(root: Path, relative: str) -> None:
    """Delete ``root/relative`` and the folders it leaves empty."""
    target = safe_target(root, relative)
    target.unlink(missing_ok=True)
    folder = target.parent
    root = root.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = folder.parent
