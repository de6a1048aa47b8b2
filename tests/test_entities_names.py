"""Names the rule pipeline keeps whole: particles, German districts and towns on rivers, Länder."""

from __future__ import annotations

import pytest
from entity_helpers import found, keys


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
    # GeoNames names a town by its river or region, or by its English name
    ("Frankfurt rechnet im nächsten Jahr mit weniger Steuern.", "Frankfurt"),
    ("Nürnberg (dpa) Die Spielwarenmesse öffnet am Mittwoch.", "Nürnberg"),
])
def test_german_districts_towns_on_rivers_and_laender_are_places(de, text, place):
    assert (place, "PLACE") in found(de, text)


@pytest.mark.parametrize("text, name", [
    # "Systems" also reads as the genitive of "System", "Army" as a common word
    ("Die Raketen, bekannt als Army Tactical Missile Systems, wurden geliefert.", "Army Tactical Missile Systems"),
    ("Der Vertrag mit Cloud Storage Services lief Ende Mai aus.", "Cloud Storage Services"),
])
def test_an_english_name_in_german_text_is_one_organisation_with_its_head_word(de, text, name):
    assert (name, "ORG") in found(de, text)


def test_an_english_title_in_german_text_keeps_the_english_words_german_knows_too(de):
    # "Gold" is a German noun as well
    assert ("Liquid Gold", "MISC") in found(de, "Zum Schluss spielte die Band das Lied Liquid Gold.")


def test_a_german_town_named_in_german_has_the_key_of_its_english_name(de):
    assert keys(de, "Die Spielwarenmesse in Nürnberg öffnet am Mittwoch.")["Nürnberg"] == "nuremberg"


def test_a_surname_spelled_like_an_old_spelling_of_a_town_stays_a_surname(de):
    # GeoNames lists "Neuß" as another spelling of Neuss
    assert ("Martina Neuß", "PERSON") in found(de, "Die Sprecherin Martina Neuß widersprach am Montag.")
