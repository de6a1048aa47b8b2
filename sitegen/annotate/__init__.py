"""The annotation stage: entities, quotes and cited sources found in an article's text.

``Annotator`` loads one spaCy pipeline per language (a trained one when installed, else the
rule-based one built in ``pipeline``) and runs the steps in order:

    doc = nlp(text)                                   # pipeline.py, entity_rules.py
    entities = entities.extract(doc, registry)        # canonical entities with keys
    quotes = quotes.find_quotes(doc, entities)        # quotations and speakers
    citations = sources.find_citations(doc, entities, quotes, known_sources)
    quotes = sources.attach_sources(doc, quotes, citations)  # Quote.sources from citations
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..model import Annotations, Source
from . import entities as entities_step
from . import quotes as quotes_step
from . import sources as sources_step
from .pipeline import LoadedPipeline, load_pipeline
from .registry import Registry


@dataclass(frozen=True)
class AnnotationRequest:
    text: str
    lang: str
    sources: Sequence[Source] = ()


@dataclass
class Annotator:
    """Annotates texts; pipelines are loaded lazily, once per language."""

    models: dict[str, str] = field(default_factory=dict)
    registry: Registry = field(default_factory=Registry)
    _pipelines: dict[str, LoadedPipeline] = field(default_factory=dict, init=False, repr=False)

    def pipeline(self, lang: str) -> LoadedPipeline:
        if lang not in self._pipelines:
            self._pipelines[lang] = load_pipeline(lang, self.models.get(lang), self.registry)
        return self._pipelines[lang]

    def annotate(self, text: str, lang: str, sources: Sequence[Source] = ()) -> Annotations:
        return next(self.annotate_many([AnnotationRequest(text, lang, sources)]))

    def annotate_many(self, requests: Iterable[AnnotationRequest]) -> Iterator[Annotations]:
        for request in requests:
            loaded = self.pipeline(request.lang)
            doc = loaded.nlp(request.text)
            yield self._from_doc(doc, loaded, request)

    def _from_doc(self, doc, loaded: LoadedPipeline, request: AnnotationRequest) -> Annotations:
        entities = entities_step.extract(doc, self.registry)
        quotes = quotes_step.find_quotes(doc, entities)
        citations = sources_step.find_citations(doc, entities, quotes, request.sources)
        quotes = sources_step.attach_sources(doc, quotes, citations)
        return Annotations(
            pipeline=loaded.name, entities=entities, quotes=quotes, citations=citations
        )
