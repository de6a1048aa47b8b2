"""The annotation stage: entities, quotes and cited sources found in an article's text.

``Annotator`` loads one spaCy pipeline per language (a trained one when installed, else the
rule-based one built in ``pipeline``) and runs the steps in order:

    doc = nlp(text)                                   # pipeline.py, entity_rules.py
    entities = entities.extract(doc, registry)        # canonical entities with keys (EntityExtractor)
    ctx = quotes.Context(doc, entities)               # the document context quotes and sources share
    quotes = quotes.quotes_in(ctx)                    # quotations and speakers
    citations = sources.find_citations(ctx, quotes, known_sources)
    quotes = sources.attach_sources(ctx, quotes, citations)  # Quote.sources from citations
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import TYPE_CHECKING

from ..model import Annotations, Source
from . import entities as entities_step
from . import quotes as quotes_step
from . import sources as sources_step
from .registry import Registry

if TYPE_CHECKING:
    from ..languages import Languages
    from ..plugins import SpacyComponent
    from .pipeline import LoadedPipeline

MAX_CHUNK = 200_000  # characters: spaCy refuses texts over nlp.max_length (1,000,000); chunks bound memory


def text_chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``size`` characters that together are ``text``,
    cut after a blank line (between blocks) where there is one in the second half, else after a space."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            for separator in ("\n\n", "\n", " "):
                cut = text.rfind(separator, start + size // 2, end - len(separator) + 1)
                if cut >= 0:
                    end = cut + len(separator)
                    break
        yield start, text[start:end]
        start = end


def join_chunks(parts: Iterable[tuple[int, Annotations]]) -> Annotations:
    """One text's annotations from those of its chunks (``text_chunks``), offsets shifted back."""
    result = Annotations(pipeline="")
    for offset, part in parts:
        result.pipeline = result.pipeline or part.pipeline
        for name in ("entities", "quotes", "citations"):
            getattr(result, name).extend(
                replace(span, start=span.start + offset, end=span.end + offset) for span in getattr(part, name)
            )
    return result


@dataclass(frozen=True)
class AnnotationRequest:
    text: str
    lang: str
    sources: Sequence[Source] = ()


# Loading a pipeline takes seconds (gazetteers, matchers); a process that builds several times
# (the dev server, the test suite) loads each (language, model, registry) once. Pipelines are
# not changed after loading, so sharing them is safe.
_LOADED: dict[tuple[str, str | None, str, str, bool], LoadedPipeline] = {}


def shared_pipeline(lang: str, model: str | None, registry: Registry, components: Sequence[SpacyComponent] = (),
                    rules: bool = True) -> LoadedPipeline:
    """``components``: plugins' spaCy components; ``rules``: False for a language without a
    profile (``languages``), which gets the language-neutral pipeline."""
    key = (lang, model, registry.fingerprint(), repr(list(components)), rules)
    if key not in _LOADED:
        from .pipeline import load_pipeline  # imports spaCy: only when an article is not in the cache

        extra = {"components": tuple(components), "rules": rules} if components or not rules else {}
        loaded = load_pipeline(lang, model, registry, **extra)
        quotes_step.prepare(loaded.nlp.vocab, lang)  # their data too: loaded once, before any fork
        _LOADED[key] = loaded
    return _LOADED[key]


@dataclass
class Annotator:
    """Annotates texts; pipelines are loaded lazily, once per language."""

    models: dict[str, str] = field(default_factory=dict)
    registry: Registry = field(default_factory=Registry)
    # What plugins add (``plugins.Plugins``): spaCy components, entity labels, language profiles,
    # steps run on each annotated article (``build.annotate_articles``), and their cache key part.
    components: tuple[SpacyComponent, ...] = ()
    entity_labels: dict[str, str] | None = None
    languages: Languages | None = None
    after_annotation: tuple = ()
    fingerprint: str = ""
    extract_entities: entities_step.EntityExtractor = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.extract_entities = entities_step.EntityExtractor(self.registry, labels=self.entity_labels)

    def __getstate__(self) -> dict:
        """Pickled (a Dask worker, a spawned process) without the after-annotation steps: they run
        where the build runs, and a plugin's functions need not be picklable."""
        return {**self.__dict__, "after_annotation": ()}

    def speaker_rules(self, lang: str) -> bool:
        return self.languages is None or self.languages.profile(lang).speaker_rules

    def pipeline(self, lang: str) -> LoadedPipeline:
        rules = self.languages is None or self.languages.profile(lang).entity_rules
        return shared_pipeline(lang, self.models.get(lang), self.registry, self.components, rules)

    def annotate(self, text: str, lang: str, sources: Sequence[Source] = ()) -> Annotations:
        return next(self.annotate_many([AnnotationRequest(text, lang, sources)]))

    def annotate_many(self, requests: Iterable[AnnotationRequest], batch_size: int = 32) -> Iterator[Annotations]:
        """Annotations in request order; runs of one language go through ``nlp.pipe`` together."""
        for lang, run in groupby(requests, key=lambda r: r.lang):
            loaded = self.pipeline(lang)
            run = list(run)
            docs = loaded.nlp.pipe((r.text for r in run if len(r.text) <= MAX_CHUNK), batch_size=batch_size)
            for request in run:
                if len(request.text) > MAX_CHUNK:
                    yield self._annotate_long(loaded, request)
                else:
                    yield self._from_doc(next(docs), loaded, request)

    def _annotate_long(self, loaded: LoadedPipeline, request: AnnotationRequest) -> Annotations:
        """A text longer than spaCy takes at once (``nlp.max_length``), in chunks of whole blocks,
        each chunk's offsets shifted back into the whole text."""
        return join_chunks(
            (offset, self._from_doc(loaded.nlp(chunk), loaded, AnnotationRequest(chunk, request.lang, request.sources)))
            for offset, chunk in text_chunks(request.text, MAX_CHUNK)
        )

    def _from_doc(self, doc, loaded: LoadedPipeline, request: AnnotationRequest) -> Annotations:
        entities = self.extract_entities(doc, request.text)
        ctx = quotes_step.Context(doc, entities, text=request.text)
        quotes = quotes_step.quotes_in(ctx)
        citations = sources_step.find_citations(ctx, quotes, request.sources)
        quotes = sources_step.attach_sources(ctx, quotes, citations)
        if not self.speaker_rules(request.lang):  # a language without a profile: quotation marks only
            quotes = [replace(quote, speaker=None, speaker_key=None, cue=None) for quote in quotes]
        return Annotations(
            pipeline=loaded.name, entities=entities, quotes=quotes, citations=citations
        )
