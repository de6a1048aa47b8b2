"""Canonical entities from a spaCy Doc's ``ents``.

Each mention gets a type (PERSON, ORG, PLACE, MISC; a trained model's labels are mapped) and a
canonical entity (``name``, ``key``):

1. the registry wins: a mention whose text (or folded text) is a registry name or alias takes
   that entry's name, key and type; mentions the registry ignores are dropped;
2. the id the rule components put on the span (``Nordkoreas`` -> Nordkorea, ``USA`` ->
   Vereinigte Staaten, ``KCNA`` -> KCNA);
3. inflection folded: an English possessive (``Biden's``), a German genitive ``-s`` when the
   uninflected name is also in the article;
4. one key across languages for places and organisations (``gazetteer.shared_keys``:
   ``Deutschland`` and ``Germany`` are both ``germany``), the name in the article's language;
5. short forms resolved within the article: a one-word person name that is the first or last
   word of a longer person name in the same article (``Biden`` -> Joe Biden, ``Xi`` -> Xi
   Jinping, ``Kim`` -> Kim Jong Un).
"""

from __future__ import annotations

from ..model import Entity
from . import gazetteer
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
    """The entities of ``doc`` (see the module's docstring)."""
    return EntityExtractor(registry)(doc)


class EntityExtractor:
    """``extract`` for one registry, remembering what each distinct mention resolves to (its
    type and name, or that it is dropped): an article names most of its entities several times
    and a site repeats them across articles, while the registry lookups cost a tenth of a
    millisecond an article. Holds at most ``limit`` mentions; the memory is cleared when full."""

    def __init__(self, registry: Registry, limit: int = 100_000, labels: dict[str, str] | None = None):
        """``labels``: a spaCy label -> the entity type it becomes (``LABELS``, or the site's
        ``entity_types.EntityTypes.model_labels`` when a plugin adds a type)."""
        self.registry = registry
        self.labels = labels if labels is not None else LABELS
        self.limit = limit
        self._mentions: dict[tuple[int, str, int, int], tuple[str, str, str | None] | None] = {}

    def __call__(self, doc, text: str | None = None) -> list[Entity]:
        """``text``: the text ``doc`` was made from, when known (a span's ``text`` joins its tokens)."""
        mentions: list[tuple[int, int, str, str, str, str | None]] = []  # (start, end, text, type, name, registry key)
        memory = self._mentions
        for ent in doc.ents:
            start, end = ent.start_char, ent.end_char
            said = ent.text if text is None else text[start:end]
            seen = (ent.label, said, ent.id, ent.kb_id)
            if seen in memory:
                resolved = memory[seen]
            else:
                if len(memory) >= self.limit:
                    memory.clear()
                resolved = memory[seen] = self._resolve(ent.label_, said, ent.id_, ent.kb_id_)
            if resolved is not None:
                mentions.append((start, end, said, *resolved))

        names = {m[4] for m in mentions}
        people = _ShortForms([name for _, _, _, type_, name, _ in mentions if type_ == "PERSON" and " " in name])
        lang = doc.lang_
        shared = gazetteer.shared_keys(lang) if lang in ("de", "en") else {}
        entities = []
        for start, end, said, type_, name, key in mentions:
            if key is None:
                name = _fold(name, names, lang)
                if type_ == "PERSON" and " " not in name:
                    name = people.long_form(name)
                key = (type_ != "PERSON" and shared.get(name)) or slugify(name)
            entities.append(Entity(start=start, end=end, text=said, type=type_, key=key, name=name))
        return entities

    def _resolve(self, label: str, text: str, id_: str, kb_id: str) -> tuple[str, str, str | None] | None:
        """(type, name, registry key) of a mention, before the article's other mentions are
        known (steps 1-3 of the module's docstring, less the genitive); None: not an entity."""
        registry = self.registry
        type_ = self.labels.get(label)
        if type_ is None:
            return None
        bare = strip_possessive(text).strip()
        if not bare or registry.is_ignored(text) or registry.is_ignored(bare):
            return None
        entry = registry.find(text) or registry.find(bare)
        if entry is None and id_:
            entry = registry.find(id_)
        if entry is not None:
            return entry.type, entry.name, entry.key
        name = id_ or kb_id or bare
        if registry.is_ignored(name):
            return None
        return type_, " ".join(name.split()), None


def _fold(name: str, names: set[str], lang: str) -> str:
    """German genitive: ``Merkels`` -> ``Merkel`` when ``Merkel`` is in the article too."""
    if lang == "de":
        for suffix in ("s", "es"):
            if name.endswith(suffix) and name[: -len(suffix)] in names:
                return name[: -len(suffix)]
    return name


class _ShortForms:
    """The longer person names of an article by their first and last words."""

    def __init__(self, people: list[str]):
        self.by_word: dict[str, set[str]] = {}
        for p in people:
            words = p.split()
            for word in {words[0], words[-1]}:
                self.by_word.setdefault(word, set()).add(p)

    def long_form(self, name: str) -> str:
        """``Biden`` -> ``Joe Biden`` when exactly one longer person name in the article has it."""
        matches = self.by_word.get(name, ())
        if len(matches) == 1:
            return next(iter(matches))
        if not matches:
            for suffix in ("s", "es"):  # German genitive of a short form: "Bidens"
                stem = name[: -len(suffix)]
                if name.endswith(suffix) and stem:
                    matches = self.by_word.get(stem, ())
                    if len(matches) == 1:
                        return next(iter(matches))
        return name
