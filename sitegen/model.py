"""Plain typed objects passed between the stages of the build.

The spans (``Entity``, ``Quote``, ``Citation``) and ``Source`` have ``__slots__``: an archive of
100,000 articles holds some two million of them in the site index, and a slotted object is about
half the size of one with a ``__dict__``.

read -> Article; annotate -> Annotations; index -> SiteIndex; render -> pages; write -> site/.
Offsets are character offsets into ``Article.text``: the plain text of the article body,
its blocks (paragraphs, headings, list items) joined by a blank line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .entity_types import default_entity_types

ENTITY_TYPES = default_entity_types().labels  # the bundled types; a site's table: ``Config.extensions.entity_types``


@dataclass(frozen=True, slots=True)
class Source:
    """A source named in front matter or a sidecar: where a quote or claim comes from."""

    name: str
    url: str | None = None
    id: str | None = None


@dataclass
class Article:
    """One article as read from ``seeds/``, before annotation."""

    path: Path
    slug: str
    title: str
    lang: str
    body_markdown: str
    text: str
    date: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    author: str | None = None
    draft: bool = False
    sources: list[Source] = field(default_factory=list)
    dateline: str | None = None
    related: list[str] = field(default_factory=list)
    related_header: str | None = None
    credits: list[str] = field(default_factory=list)
    lang_detected: bool = False


@dataclass(frozen=True, slots=True)
class Entity:
    """A mention of a named entity; ``key`` and ``name`` identify the canonical entity."""

    start: int
    end: int
    text: str
    type: str
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or partial quotation and who said it (``speaker`` is None when unknown)."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_key: str | None = None
    cue: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """A phrase attributing a quote or claim to a source (``laut TASS``)."""

    start: int
    end: int
    text: str
    source: str | None
    source_key: str | None = None


@dataclass
class Annotations:
    """Everything the annotation stage found in one article's text."""

    pipeline: str
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class AnnotatedArticle:
    article: Article
    annotations: Annotations
