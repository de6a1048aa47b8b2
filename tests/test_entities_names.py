"""Names the rule pipeline keeps whole: particles, German districts and towns on rivers, Länder."""

from __future__ import annotations

import pytest
from entity_helpers import found


@pytest.fixture(scope="module")
def de(de_rules):
    return de_rules


@pytest.mark.parametrize("name", ["Anna von der Heide", "Jean de Lacour", "Ursula von der Leyen"])
def test_a_person_keeps_the_particles_of_the_name(de, name):
    assert (name, "PERSON") in found(de, f"Am Montag sagte {name}, die Lage sei ernst.")


@pytest.mark.parametrize("text, place", [
    ("Der Landkreis Cuxhaven meldete Hochwasser.", "Landkreis Cuxhaven"),
    ("Die Feuerwehr in Neuötting am Inn war im Einsatz.", "Neuötting am Inn"),
    ("In Bayern regnete es am Montag.", "Bayern"),
])
def test_german_districts_towns_on_rivers_and_laender_are_places(de, text, place):
    assert (place, "PLACE") in found(de, text)


def test_english_words_around_a_german_organisation_stay_in_the_name(de):
    text = "Die Raketen, bekannt als Army Tactical Missile Systems, wurden geliefert."
    names = [t for t, _ in found(de, text)]
    assert "Tactical Missile" not in names
    assert any(t.startswith("Army Tactical Missile") for t in names)
