"""The entity types table: the bundled four, what a plugin's type adds, names per language."""

from __future__ import annotations

import pytest

from sitegen.annotate.entities import LABELS
from sitegen.entity_types import EntityType, default_entity_types
from sitegen.errors import SitegenError

SHIP = EntityType("SHIP", name={"en": "Ship", "de": "Schiff"}, plural={"en": "Ships", "de": "Schiffe"}, colour="#c8f0d8")


def test_the_bundled_types_map_the_labels_the_extractor_maps():
    assert default_entity_types().labels == ("PERSON", "ORG", "PLACE", "MISC")
    assert default_entity_types().model_labels() == LABELS


def test_names_are_per_language_with_english_for_the_others():
    types = default_entity_types()
    assert [t.plural_in("de") for t in types] == ["Personen", "Organisationen", "Orte", "Sonstiges"]
    assert [t.plural_in("fr") for t in types] == ["People", "Organisations", "Places", "Other"]
    assert types.get("PLACE").name_in("de") == "Ort"


def test_only_a_type_with_a_colour_gets_css():
    types = default_entity_types()
    assert types.css() == ""
    types.add(SHIP)
    assert types.css().startswith(".ent-ship { background: #c8f0d8;")
    assert ("ship", True, "Schiffe") in types.legend(["SHIP"], "de")


def test_a_type_is_declared_once_with_an_english_name_and_a_plain_colour():
    types = default_entity_types()
    types.add(SHIP)
    with pytest.raises(SitegenError, match="declared twice"):
        types.add(SHIP)
    with pytest.raises(SitegenError, match="needs an 'en' entry"):
        EntityType("BOAT", name={"de": "Boot"}, plural={"en": "Boats"})
    with pytest.raises(SitegenError, match="colour must be"):
        EntityType("BOAT", name={"en": "Boat"}, plural={"en": "Boats"}, colour="red;}</style><script>")
