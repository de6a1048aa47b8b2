"""The write stage: a staged output folder swapped in whole, so a failed build leaves the old site.

Files go in as hard links to the page store (``page_store``) when there is one: a page the store
already holds is linked, not written again. Without a store (``--no-cache``), a page that is byte
for byte the same as in the site it replaces is hard-linked from there. Either way no new file is
made for an unchanged page (on ext4, making thousands of files right after thousands were deleted
costs far more than writing them), and removing the old site deletes only the pages that changed.
"""

from __future__ import annotations

import os
import posixpath
import secrets
import shutil
from pathlib import Path

from . import paths
from .errors import SitegenError
from .page_store import PageStore, holds


def safe_target(root: Path, relative: str) -> Path:
    """``root/relative``, refusing anything that would land outside ``root``."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise SitegenError(f"refusing to write outside the output folder: {relative!r}", root)
    return target


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write ``content`` unless the file already holds it; True when written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return True


def check_output_path(output: Path, inputs: list[Path], content: Path | None = None) -> None:
    """Refuse an output folder whose replacement would delete the build's own inputs (``publish``
    swaps the whole folder), one inside the ``content`` folder (the next build would read the site
    as articles) and a file. Only looks at paths (run before the build lock is taken)."""
    out = output.resolve()
    for path in inputs:
        if path.resolve().is_relative_to(out):
            raise SitegenError(f"the output folder holds {path}, which the build reads; choose another output folder", output)
    if content is not None and out.is_relative_to(content.resolve()):
        raise SitegenError(f"the output folder is inside the content folder {content}, whose files the build reads "
                           "as articles; choose another output folder", output)
    if out.exists() and not out.is_dir():
        raise SitegenError("the output folder is a file; choose a folder", output)


def check_output_folder(output: Path) -> None:
    """Refuse an output folder that sitegen did not write: ``publish`` replaces it whole."""
    out = output.resolve()
    if out.is_dir() and any(out.iterdir()) and not (out / paths.NO_JEKYLL).exists():
        raise SitegenError(
            "the output folder is not empty and was not written by sitegen (no .nojekyll); "
            "remove it or choose another output folder",
            output,
        )


class StagedSite:
    """Collects a whole site in a temporary folder beside ``output``; ``publish`` swaps it in.
    ``store``: the page store the files are linked from (none: each file written)."""

    def __init__(self, output: Path, store: PageStore | None = None):
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        recover_interrupted_swap(self.output)
        self.root = make_staging_folder(self.output)
        self._folders: set[str] = set()
        # The site being replaced: unchanged pages are linked from it (write.py's docstring).
        self.previous = str(self.output) if self.output.is_dir() else None
        self.store = store
        self.linked = 0  # files linked, not written, in this process

    def target(self, relative: str) -> str:
        """The staged file for ``relative``, its folder made. The staging folder is new and holds
        no links, so a lexical check keeps writes inside it (``safe_target`` resolves every path)."""
        clean = posixpath.normpath(relative.replace(os.sep, "/"))
        if clean.startswith(("/", "../")) or clean in ("..", "."):
            raise SitegenError(f"refusing to write outside the output folder: {relative!r}", self.root)
        folder = posixpath.dirname(clean)
        if folder not in self._folders:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self._folders.add(folder)
        return os.path.join(self.root, clean)

    def write(self, relative: str, content: str | bytes) -> Path:
        target = self.target(relative)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if self.store is not None:
            stored = self.store.link(data, target)
            if stored is not None:
                self.linked += stored
                return Path(target)
        old = self.previous + target[len(str(self.root)):] if self.previous is not None else None
        if old is None or not self._link_unchanged(old, target, data):
            with open(target, "wb") as out:
                out.write(data)
        return Path(target)

    def _link_unchanged(self, old: str, target: str, data: bytes) -> bool:
        """Hard-link ``old`` to ``target`` when it is a regular file holding exactly ``data``."""
        try:
            if not holds(old, data):
                return False
            os.link(old, target, follow_symlinks=False)
        except OSError:  # gone, unreadable, or on another filesystem: write the page instead
            return False
        self.linked += 1
        return True

    def copy(self, source: Path, relative: str) -> None:
        self.write(relative, source.read_bytes())

    def publish(self) -> None:
        old = self.output.with_name(f".{self.output.name}-old-{os.getpid()}")
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.root, self.output)
        shutil.rmtree(old, ignore_errors=True)
        if self.store is not None:
            self.store.collect()  # the entries only the old site linked to

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()


def staging_prefix(output: Path, what: str = "") -> str:
    """The name of a folder this process stages beside ``output`` starts with this: the pid in it
    tells ``recover_interrupted_swap`` whether the process that made it still runs."""
    return f".{output.name}-new-{os.getpid()}-{what}"


def make_staging_folder(output: Path, what: str = "") -> Path:
    """A new empty folder beside ``output`` named ``staging_prefix``…, with the modes the umask
    gives any new folder (``tempfile.mkdtemp`` makes it 0700: published as ``site/``, a web server
    running as another user could read none of it)."""
    while True:
        path = output.parent / f"{staging_prefix(output, what)}{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path


def _maker(name: str, prefix: str) -> int | None:
    """The pid in the name of a staging folder (``.site-new-PID-…``, ``.site-old-PID``), None when it has none."""
    digits = name[len(prefix):].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def _ours_or_dead(pid: int | None) -> bool:
    """Whether a folder made by ``pid`` may be removed: made by this process or by one that is gone
    (a folder named without a pid, by an older version, is treated as a dead build's)."""
    if pid is None or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def recover_interrupted_swap(output: Path) -> None:
    """Put back the previous site if a build was killed between the two renames of ``publish``;
    remove the staging folders that this process or dead builds left behind. Folders of builds
    that still run are left alone (the build lock, ``build_lock.py``, keeps a second build of
    the same folder from running; this keeps anything else that stages beside it safe too)."""
    parent = output.parent
    old_prefix, new_prefix = f".{output.name}-old-", f".{output.name}-new-"
    olds = sorted((p for p in parent.glob(old_prefix + "*") if _ours_or_dead(_maker(p.name, old_prefix))),
                  key=lambda p: p.stat().st_mtime)
    if not output.exists() and olds:
        os.replace(olds.pop(), output)
    news = [p for p in parent.glob(new_prefix + "*") if _ours_or_dead(_maker(p.name, new_prefix))]
    for leftover in [*olds, *news]:
        shutil.rmtree(leftover, ignore_errors=True)
