"""Build the spaCy pipeline for a language: trained when installed, rule-based otherwise."""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language

from .registry import Registry


@dataclass
class LoadedPipeline:
    nlp: Language
    name: str  # e.g. "rules-de 1" or "de_core_news_md 3.8.0 + rules"


def load_pipeline(lang: str, model: str | None, registry: Registry) -> LoadedPipeline:
    # Placeholder until the entities issue lands: a blank pipeline with a sentencizer.
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return LoadedPipeline(nlp=nlp, name=f"rules-{lang}")
