"""Helpers for the quote and source tests: a bare spaCy pipeline and hand-made entity lists,
so that these tests pin the quote step apart from the entity step."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import spacy

from sitegen.model import Entity, Quote

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "2024-11-18-usa-langstreckenraketen-ukraine.txt"


@cache
def blank(lang: str):
    """A spaCy pipeline with a sentencizer only: no tagger, no parser, as without a model."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def entities(text: str, names: dict[str, tuple[str, str]]) -> list[Entity]:
    """Every mention of each surface form in ``names`` ({surface: (type, canonical name)}),
    longest first, as the entity step would give them."""
    out: list[Entity] = []
    taken: set[int] = set()
    for surface in sorted(names, key=len, reverse=True):
        etype, name = names[surface]
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken |= set(range(m.start(), m.end()))
            out.append(Entity(m.start(), m.end(), surface, etype, name.lower().replace(" ", "-"), name))
    return sorted(out, key=lambda e: e.start)


def speaker_quotes(text: str, names: dict, lang: str = "de") -> list[Quote]:
    """The quotations ``find_quotes`` finds in ``text``, given the entities ``names``."""
    from sitegen.annotate.quotes import find_quotes

    return find_quotes(blank(lang)(text), entities(text, names))


def quote_starting(found: list[Quote], words: str) -> Quote:
    """The one quotation of ``found`` whose words start with ``words``."""
    (q,) = [q for q in found if q.text[1:].startswith(words)]
    return q


def seed_text() -> str:
    """The seed article's body as the reader gives it: the dateline stripped, one block a line,
    blocks joined by a blank line (the related-stories headlines kept, to test them too)."""
    text = SEED.read_text(encoding="utf-8").replace("TAIPEI, Taiwan – ", "", 1)
    return "\n\n".join(line for line in text.splitlines() if line.strip())


SEED_NAMES = {
    "Leonid Slutsky": ("PERSON", "Leonid Slutsky"),
    "Wolodymyr Selenskyj": ("PERSON", "Wolodymyr Selenskyj"),
    "Selenskyj": ("PERSON", "Wolodymyr Selenskyj"),
    "Joe Biden": ("PERSON", "Joe Biden"),
    "Biden": ("PERSON", "Joe Biden"),
    "Xi Jinping": ("PERSON", "Xi Jinping"),
    "Xi": ("PERSON", "Xi Jinping"),
    "Kim Jong Un": ("PERSON", "Kim Jong Un"),
    "Weiße Haus": ("ORG", "Weißes Haus"),
    "Weißen Haus": ("ORG", "Weißes Haus"),
    "New York Times": ("ORG", "New York Times"),
    "TASS": ("ORG", "TASS"),
    "Xinhua": ("ORG", "Xinhua"),
    "Korea Central News Agency": ("ORG", "KCNA"),
    "KCNA": ("ORG", "KCNA"),
    "NHK": ("ORG", "NHK"),
    "Japan": ("PLACE", "Japan"),
    "USA": ("PLACE", "Vereinigte Staaten"),
    "Russland": ("PLACE", "Russland"),
    "Nordkorea": ("PLACE", "Nordkorea"),
    "China": ("PLACE", "China"),
    "Ukraine": ("PLACE", "Ukraine"),
}
