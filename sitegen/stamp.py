"""Is the built site up to date? A stamp of every input, so ``sitegen build`` can skip a no-change build.

The stamp hashes the name, size and modification time of every input file (articles and
sidecars, the site's and the bundled templates and static files, the config file, the entity
registry), the settings the build runs with, the versions of sitegen's code and of the
packages that shape the output. ``sitegen build`` compares it with the stamp of the last
successful build into the same folder and does nothing when they match (``--force`` builds
anyway). Only file metadata is read, and nothing heavy is imported, so the check takes
milliseconds even for thousands of articles.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from . import paths
from .config import CONFIG_NAME, Config

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGES = ("jinja2", "markdown", "spacy", "spacy-lookups-data", "babel", "feedgen", "nh3", "pagefind", "python-slugify")
STAMP_FILE = "build-stamps.json"


def _templates_dir() -> Path:
    installed = PACKAGE_DIR / "_templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def _walk(folder: Path, digest) -> None:
    if not folder.is_dir():
        digest.update(f"-{folder}\n".encode())
        return
    for directory, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except OSError:  # a dangling link or a loop: still an input (the build reports it)
                try:
                    info = os.lstat(path)
                except OSError:
                    digest.update(f"?{path}\n".encode())
                    continue
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


def _versions() -> str:
    found = []
    for package in PACKAGES:
        try:
            found.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}=-")
    return ",".join(found)


def input_stamp(config: Config, *, drafts: bool) -> str:
    digest = hashlib.sha256()
    settings = {key: value for key, value in vars(config).items() if key != "_extensions"}
    digest.update(repr(sorted(settings.items(), key=lambda kv: kv[0])).encode())
    digest.update(f"plugins={config.extensions.fingerprint() if config.plugins or config.extensions.names else ''}\n".encode())
    digest.update(f"drafts={drafts}\n{_versions()}\n".encode())
    for folder in (config.content_path, config.templates_path, _templates_dir(), PACKAGE_DIR):
        _walk(folder.resolve(), digest)
    for path in (config.root / CONFIG_NAME, config.registry_path):
        try:
            info = path.stat()
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"-{path}\n".encode())
    return digest.hexdigest()


def _stamps(config: Config) -> dict[str, str]:
    """The stamps file's entries; anything else in it (``null``, a list, garbage) is no stamp at all."""
    try:
        stamps = json.loads((config.cache_path / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stamps, dict):
        return {}
    return {key: value for key, value in stamps.items() if isinstance(value, str)}


def output_stamp(config: Config) -> str:
    """The name, size and modification time of every file the last build left in the output
    folder: a page deleted or edited by hand since then makes the site out of date."""
    digest = hashlib.sha256()
    _walk(config.output_path.resolve(), digest)
    return digest.hexdigest()


def up_to_date(config: Config, stamp: str) -> bool:
    """True when the output folder holds, untouched, a build of exactly the inputs ``stamp`` describes."""
    output = config.output_path.resolve()
    if not (output / paths.listing()).is_file():
        return False
    return _stamps(config).get(str(output)) == f"{stamp}:{output_stamp(config)}"


def record(config: Config, stamp: str | None) -> None:
    """Remember ``stamp`` (taken before the build read its inputs) for the output folder; None forgets it."""
    stamps = _stamps(config)
    key = str(config.output_path.resolve())
    if stamp is None and key not in stamps:
        return
    if stamp is None:
        del stamps[key]
    else:
        stamps[key] = f"{stamp}:{output_stamp(config)}"
    path = config.cache_path / STAMP_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(stamps, indent=1), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # no stamp: the next build is a full one
