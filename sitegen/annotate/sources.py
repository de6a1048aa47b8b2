"""Citations: phrases attributing quotes and claims to a source."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Citation, Entity, Quote, Source


def find_citations(doc, entities: list[Entity], quotes: list[Quote], known: Sequence[Source]) -> list[Citation]:
    return []
