"""Helpers for the entity tests: the entities a loaded pipeline finds in a text, as (text, type)
pairs or as a map of text to key (the pipelines themselves are the session fixtures
``de_rules`` and ``en_pipeline`` of ``conftest.py``, loaded once for every test file)."""

from __future__ import annotations

from sitegen.annotate import entities
from sitegen.annotate.registry import Registry


def found(loaded, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.type) for e in entities.extract(loaded.nlp(text), Registry())]


def keys(loaded, text: str) -> dict[str, str]:
    return {e.text: e.key for e in entities.extract(loaded.nlp(text), Registry())}
