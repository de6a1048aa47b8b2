"""German names typed by the words around them (sitegen/annotate/names_context_de.py): a name in
the genitive with its -s, and the names of one list sharing one type."""

from __future__ import annotations

import pytest
from entity_helpers import found

from sitegen.annotate import entities
from sitegen.annotate.registry import Registry


@pytest.fixture(scope="module")
def de(de_rules):
    return de_rules


@pytest.mark.parametrize("text, name", [
    ("Der Streit um Merkels Rentenpläne geht weiter.", "Merkels"),
    ("Sabines Großvater hat den Hof verkauft.", "Sabines"),
])
def test_a_name_in_the_genitive_is_a_person(de, text, name):
    assert (name, "PERSON") in found(de, text)


@pytest.mark.parametrize("text, word", [
    ("Nach dem Konzert warteten die Fans vor der Halle.", "Fans"),
    ("Mit dem Remis bleibt die Elf auf Platz drei.", "Remis"),
])
def test_a_plural_or_a_noun_after_an_article_is_no_genitive_name(de, text, word):
    assert word not in [t for t, _ in found(de, text)]


def test_an_unknown_word_listed_with_a_place_is_a_place(de):
    got = found(de, "Der Chor singt in Düren, Oberwasmo und Kettrali.")
    assert ("Oberwasmo", "PLACE") in got and ("Kettrali", "PLACE") in got


def test_a_list_of_names_with_a_surname_that_is_also_a_place_stays_people(de):
    got = found(de, "Die Lieder schrieben Pinnock, Tabor und Gaskett allein.")
    assert ("Pinnock", "PERSON") in got and ("Gaskett", "PERSON") in got


@pytest.mark.parametrize("text, name", [
    ("Der Antrag kam von Pinkwart, die Fraktion stimmte zu.", "Pinkwart"),
    ("Über den Plan wird Lynch am Montag entscheiden.", "Lynch"),
    ("Die Schlüssel übergab Franz Beckenbauer dem neuen Wirt.", "Franz Beckenbauer"),
])
def test_a_surname_that_also_reads_as_a_compound_or_an_english_word_is_a_person(de, text, name):
    assert (name, "PERSON") in found(de, text)


def test_a_word_before_a_given_name_is_a_title_not_a_surname(de):
    assert "Coach" not in [t for t, _ in found(de, "Dort wartete sein Coach Gennadij Korff auf ihn.")]


def test_a_party_in_brackets_after_a_name_is_no_genitive_name(de):
    got = found(de, "Ministerin Carla Wiederkehr (Neos) sprach von einem Erfolg.")
    assert ("Neos", "PERSON") not in got


@pytest.mark.parametrize("text, name", [
    ("Die Übernahme durch den Konkurrenten Xalveron sorgt für Unruhe.", "Xalveron"),
    ("Der Mobilfunkbetreiber Fonderix senkt die Preise.", "Fonderix"),
])
def test_an_unknown_word_after_a_company_noun_is_an_organisation(de, text, name):
    assert (name, "ORG") in found(de, text)


@pytest.mark.parametrize("text, name", [
    # "Sun" is a given name too; German knows "Nordwind"; a place and words German knows
    ("Erst als Sun Microsystems einstieg, kam das Projekt voran.", "Sun Microsystems"),
    ("Der Flug von Nordwind Airlines fiel am Morgen aus.", "Nordwind Airlines"),
    ("Den Betrieb übernahm 1960 die Oman National Airways.", "Oman National Airways"),
    ("Den Zuschlag erhielt die Stuttgart Bauprojekte Holding.", "Stuttgart Bauprojekte Holding"),
])
def test_a_name_ending_in_a_company_word_is_one_organisation(de, text, name):
    assert (name, "ORG") in found(de, text)


@pytest.mark.parametrize("text, name", [
    ("Wie das Helmut Brandauer-Institut mitteilte, stieg die Zahl der Fälle.", "Helmut Brandauer-Institut"),
    ("Die Greta Vollmer-Stiftung vergibt den Preis seit 1990.", "Greta Vollmer-Stiftung"),
])
def test_a_name_compounded_with_an_institution_is_the_institution(de, text, name):
    assert (name, "ORG") in found(de, text)


def test_a_double_surname_stays_a_person(de):
    assert ("Hans Brandauer-Lüdtke", "PERSON") in found(de, "Hans Brandauer-Lüdtke sagte, er sei zufrieden.")


@pytest.mark.parametrize("text, name", [
    ("Eine Befragung des Meinungsforschungsinstituts Quorvis ergab eine Mehrheit dagegen.", "Quorvis"),
    ("Nach einer Studie des Instituts Prognos fehlen 300.000 Wohnungen.", "Prognos"),
])
def test_a_name_after_an_institute_noun_is_an_organisation(de, text, name):
    assert (name, "ORG") in found(de, text)


def test_a_common_noun_after_a_company_noun_stays_a_noun(de):
    assert found(de, "Das Unternehmen Wachstum zu verordnen, reicht nicht.") == []


@pytest.mark.parametrize("text, mention, name", [
    ("Das teilte der Hessische Imkerverband am Montag mit.", "Hessische Imkerverband", "Hessischer Imkerverband"),
    ("Eine Sprecherin des Norddeutschen Bühnenvereins widersprach.", "Norddeutschen Bühnenvereins",
     "Norddeutscher Bühnenverein"),
    ("Die Zahlen stammen vom Statistischen Landesamt in Kiel.", "Statistischen Landesamt", "Statistisches Landesamt"),
])
def test_capitalised_adjectives_before_an_institution_noun_name_it_in_the_nominative(de, text, mention, name):
    ents = {e.text: (e.type, e.name) for e in entities.extract(de.nlp(text), Registry())}
    assert ents.get(mention) == ("ORG", name)


def test_a_capitalised_adjective_opening_the_sentence_names_nothing(de):
    assert found(de, "Neue Vereine gründen sich kaum noch.") == []


@pytest.mark.parametrize("text, name", [
    ("Die Kur in Bad Oberwasmo ist ausgebucht.", "Bad Oberwasmo"),
    ("Der Radweg führt durch Schleswig- Holstein bis zur Küste.", "Schleswig- Holstein"),
])
def test_a_spa_town_and_a_place_name_broken_at_its_hyphen_are_one_place(de, text, name):
    assert (name, "PLACE") in found(de, text)


@pytest.mark.parametrize("text, name", [
    ("Der Zuschuss geht an die Gemeinde Birkenfelden und ihre Schulen.", "Birkenfelden"),
    ("Der Lärm im Stadtteil Röthenfeld nimmt zu.", "Röthenfeld"),
    # a compound or plural of a place noun, a place adjective after "im"
    ("Die Pfarrerin betreut seit Mai die Kirchengemeinde Altwarfen.", "Altwarfen"),
    ("Die Partnerstadt Quellingen schickt eine Delegation.", "Quellingen"),
    ("Bei einem Brand im aargauischen Holderwil wurde niemand verletzt.", "Holderwil"),
])
def test_a_name_after_a_place_noun_is_a_place(de, text, name):
    assert (name, "PLACE") in found(de, text)


def test_a_company_word_inside_a_longer_name_does_not_end_it(de):
    got = found(de, "Die Plattformen müssen seit Mai den Online Services Act beachten.")
    assert not any(text.endswith("Services") for text, _ in got)


@pytest.mark.parametrize("text, name", [
    ("Das Amtsgericht Göttingen wies die Klage ab.", "Amtsgericht Göttingen"),
    ("Die Schüler der Realschule Tuttlingen sammelten Spenden.", "Realschule Tuttlingen"),
    ("Sie forscht seit 2019 an der Universität Wien.", "Universität Wien"),
])
def test_an_institution_and_its_town_are_one_organisation(de, text, name):
    assert (name, "ORG") in found(de, text)


@pytest.mark.parametrize("text, word", [
    ("Ein Gutachter des Eichlabors bestätigte die Werte.", "Eichlabors"),
    ("Die Werte des Prüflabors lagen am Montag vor.", "Prüflabors"),
])
def test_a_long_word_german_does_not_know_after_an_article_is_no_person(de, text, word):
    assert word not in [t for t, _ in found(de, text)]


def test_the_names_listed_after_a_place_noun_are_places(de):
    got = found(de, "Zur Gemeinde gehören die Dörfer Altwarfen, Quellingen und Holderwil.")
    assert {("Altwarfen", "PLACE"), ("Quellingen", "PLACE"), ("Holderwil", "PLACE")} <= set(got)
