"""The entity types a site knows: a label, a CSS colour and names per language, in one table.

The four bundled types (``PERSON``, ``ORG``, ``PLACE``, ``MISC``) are rows of ``default_entity_types``;
a plugin appends a row of its own (``plugins.Plugins.add_entity_type``). The registry
(``entities.yml``) accepts every label of the table, the annotation keeps a spaCy entity of such a
label, and the templates list, colour and name the types from the table (``entity_types`` in every
template) instead of spelling the labels.

The bundled types' colours are in ``static/style.css`` (light, dark and print); a type with a
``colour`` gets its rule in a ``<style>`` element of every page (``EntityTypes.css``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .errors import SitegenError

FALLBACK_LANGUAGE = "en"  # a type's names in a language it has none for


@dataclass(frozen=True)
class EntityType:
    """One type: ``label`` as annotations and ``entities.yml`` spell it (``PERSON``), ``name`` and
    ``plural`` per language code (at least ``en``), ``colour`` a CSS colour for its highlight
    (None: ``style.css`` has it), ``model_labels`` the labels of trained models mapped to it."""

    label: str
    name: dict[str, str]
    plural: dict[str, str]
    colour: str | None = None
    model_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", self.label):
            raise SitegenError(f"entity type {self.label!r}: a label is capital letters, digits and _ (SHIP)")
        for what in ("name", "plural"):
            if FALLBACK_LANGUAGE not in getattr(self, what):
                raise SitegenError(f"entity type {self.label!r}: its {what} needs an {FALLBACK_LANGUAGE!r} entry")
        if self.colour is not None and not re.fullmatch(r"#[0-9a-fA-F]{3,8}|[a-z]+", self.colour):
            raise SitegenError(f"entity type {self.label!r}: colour must be #rgb, #rrggbb or a CSS name, "
                               f"not {self.colour!r}")

    @property
    def css(self) -> str:
        """The class suffix of its highlight and swatch: ``ent-person``."""
        return self.label.lower()

    def name_in(self, lang: str) -> str:
        return self.name.get(lang) or self.name[FALLBACK_LANGUAGE]

    def plural_in(self, lang: str) -> str:
        return self.plural.get(lang) or self.plural[FALLBACK_LANGUAGE]


@dataclass
class EntityTypes:
    """The table, in the order listings show the types."""

    types: list[EntityType] = field(default_factory=list)

    def __iter__(self) -> Iterator[EntityType]:
        return iter(self.types)

    def __contains__(self, label: object) -> bool:
        return any(t.label == label for t in self.types)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(t.label for t in self.types)

    def get(self, label: str) -> EntityType | None:
        return next((t for t in self.types if t.label == label), None)

    def add(self, entity_type: EntityType) -> None:
        if entity_type.label in self:
            raise SitegenError(f"entity type {entity_type.label!r} is declared twice")
        self.types.append(entity_type)

    def model_labels(self) -> dict[str, str]:
        """Labels a spaCy component or model may put on an entity -> the type it becomes."""
        return {label: t.label for t in self.types for label in (t.label, *t.model_labels)}

    def legend(self, present: list[str], lang: str) -> list[tuple[str, bool, str]]:
        """(class suffix, whether ``present`` has the type, plural in ``lang``) of each type:
        the highlight switches of an article page."""
        return [(t.css, t.label in present, t.plural_in(lang)) for t in self.types]

    def css(self) -> str:
        """CSS for the types with a ``colour`` (empty for the bundled ones, which ``style.css`` colours)."""
        rules = [f".ent-{t.css} {{ background: {t.colour}; border-bottom: 2px solid currentColor; }}\n"
                 f".hide-{t.css} .ent-{t.css} {{ background: none; border-bottom-color: transparent; }}"
                 for t in self.types if t.colour]
        return "\n".join(rules)


def default_entity_types() -> EntityTypes:
    """The bundled types (a new table each call: append to it)."""
    return EntityTypes([
        EntityType("PERSON", {"en": "Person", "de": "Person"}, {"en": "People", "de": "Personen"},
                   model_labels=("PER",)),
        EntityType("ORG", {"en": "Organisation", "de": "Organisation"}, {"en": "Organisations", "de": "Organisationen"}),
        EntityType("PLACE", {"en": "Place", "de": "Ort"}, {"en": "Places", "de": "Orte"},
                   model_labels=("GPE", "LOC", "FAC")),
        EntityType("MISC", {"en": "Other", "de": "Sonstiges"}, {"en": "Other", "de": "Sonstiges"},
                   model_labels=("NORP", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT")),
    ])
