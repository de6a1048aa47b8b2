"""Canonical entities from a spaCy Doc's ``ents``.

Each mention gets a type (PERSON, ORG, PLACE, MISC; a trained model's labels are mapped) and a
canonical entity (``name``, ``key``):

1. the registry wins: a mention whose text (or folded text) is a registry name or alias takes
   that entry's name, key and type; mentions the registry ignores are dropped;
2. the id the rule components put on the span (``Nordkoreas`` -> Nordkorea, ``USA`` ->
   Vereinigte Staaten, ``KCNA`` -> KCNA);
3. inflection folded: an English possessive (``Biden's``), a German genitive ``-s`` when the
   uninflected name is also in the article;
4. short forms resolved within the article: a one-word person name that is the first or last
   word of a longer person name in the same article (``Biden`` -> Joe Biden, ``Xi`` -> Xi
   Jinping, ``Kim`` -> Kim Jong Un).
"""

from __future__ import annotations

from ..model import Entity
from .canonical import slugify, strip_possessive
from .registry import Registry

LABELS = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "PLACE": "PLACE",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
    "MISC": "MISC",
}


def extract(doc, registry: Registry) -> list[Entity]:
    mentions: list[tuple[object, str, str, str | None]] = []  # (span, type, name, registry key)
    for ent in doc.ents:
        type_ = LABELS.get(ent.label_)
        if type_ is None:
            continue
        text = ent.text
        bare = strip_possessive(text).strip()
        if not bare or registry.is_ignored(text) or registry.is_ignored(bare):
            continue
        entry = registry.find(text) or registry.find(bare)
        if entry is None and ent.id_:
            entry = registry.find(ent.id_)
        if entry is not None:
            mentions.append((ent, entry.type, entry.name, entry.key))
            continue
        name = ent.id_ or ent.kb_id_ or bare
        if registry.is_ignored(name):
            continue
        mentions.append((ent, type_, " ".join(name.split()), None))

    names = {name for _, _, name, _ in mentions}
    people = [name for _, type_, name, _ in mentions if type_ == "PERSON" and " " in name]
    entities = []
    for ent, type_, name, key in mentions:
        if key is None:
            name = _fold(name, names, doc.lang_)
            if type_ == "PERSON" and " " not in name:
                name = _long_form(name, people)
            key = slugify(name)
        entities.append(
            Entity(
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                type=type_,
                key=key,
                name=name,
            )
        )
    return entities


def _fold(name: str, names: set[str], lang: str) -> str:
    """German genitive: ``Merkels`` -> ``Merkel`` when ``Merkel`` is in the article too."""
    if lang == "de":
        for suffix in ("s", "es"):
            if name.endswith(suffix) and name[: -len(suffix)] in names:
                return name[: -len(suffix)]
    return name


def _long_form(name: str, people: list[str]) -> str:
    """``Biden`` -> ``Joe Biden`` when exactly one longer person name in the article has it."""
    matches = {p for p in people if name in (p.split()[0], p.split()[-1])}
    if len(matches) == 1:
        return matches.pop()
    if not matches:
        for suffix in ("s", "es"):  # German genitive of a short form: "Bidens"
            stem = name[: -len(suffix)]
            if name.endswith(suffix) and stem:
                matches = {p for p in people if stem in (p.split()[0], p.split()[-1])}
                if len(matches) == 1:
                    return matches.pop()
    return name
