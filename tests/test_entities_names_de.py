"""German names the rule pipeline gets whole and typed (sitegen/annotate/names_de.py): names
with particles in any context and their short forms, clubs, news media, regions, districts,
streets and parties; and what is not part of a name."""

from __future__ import annotations

import pytest
from entity_helpers import found, keys


@pytest.fixture(scope="module")
def de(de_rules):
    return de_rules


@pytest.mark.parametrize("text, name", [
    ("Imkerin Marie-Luise von Bredow aus Celle hat im Sommer drei Völker verloren.", "Marie-Luise von Bredow"),
    ("Der Verein hat Lars-Ole ter Horst für zwei Jahre verpflichtet.", "Lars-Ole ter Horst"),
    ("Gestern trafen sich Greta von der Aue und ihr Bruder.", "Greta von der Aue"),
])
def test_a_given_name_particles_and_surname_are_one_person_without_a_cue(de, text, name):
    assert (name, "PERSON") in found(de, text)


def test_the_short_forms_of_a_name_with_particles_are_that_person(de):
    text = ("Imkerin Marie-Luise von Bredow aus Celle hat drei Völker verloren. „Das ist bitter“, "
            "sagte von Bredow. Ministerin Carla Van der Wiel war vor Ort. Van der Wiel versprach Hilfe. "
            "Der Regisseur Tobias Wendt von Rauchhaupt kam auch. Wendt von Rauchhaupt schwieg.")
    got = keys(de, text)
    assert got["von Bredow"] == got["Marie-Luise von Bredow"]
    assert got["Van der Wiel"] == got["Carla Van der Wiel"]
    assert got["Wendt von Rauchhaupt"] == got["Tobias Wendt von Rauchhaupt"]
    assert ("Bredow", "PLACE") not in found(de, text)


def test_a_person_does_not_run_over_a_particle_into_a_noun_or_a_club(de):
    text = ("„Wir sind bereit“, sagte Jonas Kehl der Nachrichtenagentur dpa. "
            "Torwart Jonas Kehl von der TSG Hoffenheim fehlt.")
    got = found(de, text)
    assert ("Jonas Kehl", "PERSON") in got
    assert ("TSG Hoffenheim", "ORG") in got
    assert not any(t.startswith("Jonas Kehl ") for t, _ in got)


@pytest.mark.parametrize("text, name", [
    ("Der Chemiker Paul Wendt vom Forschungszentrum Jülich warnte vor Hitze.", "Paul Wendt"),
    ("Die Expertin Lea Brand vom Institut für Verkehr rechnet mit Staus.", "Lea Brand"),
])
def test_vom_after_a_name_is_where_the_person_works_not_part_of_the_name(de, text, name):
    got = found(de, text)
    assert (name, "PERSON") in got
    assert not any(t.startswith(name + " ") for t, _ in got)


def test_a_federal_office_and_its_short_name_in_parentheses_are_one_organisation(de):
    text = "Das Bundesamt für Verkehr (Bav) prüft die Strecke. Laut Bav dauert das Wochen."
    got = found(de, text)
    assert ("Bundesamt für Verkehr", "ORG") in got and ("Bav", "ORG") in got
    assert set(keys(de, text).values()) >= {"bundesamt-fuer-verkehr"}
    assert keys(de, text)["Bav"] == keys(de, text)["Bundesamt für Verkehr"]


@pytest.mark.parametrize("club", ["1. FC Köln", "Bayer Leverkusen", "FC Barcelona", "VfB Stuttgart",
                                  "FC Bayern", "THW Kiel",
                                  # foreign clubs by club and town, a town and its club number or word
                                  "Ajax Amsterdam", "Galatasaray Istanbul", "Mainz 05", "Leeds United"])
def test_a_club_word_and_its_town_are_a_club(de, club):
    got = found(de, f"Am Samstag verlor {club} mit 0:2.")
    assert (club, "ORG") in got


def test_news_media_by_name_are_organisations_and_common_words_only_when_quoted(de):
    text = ("Hamburg (dpa) – Laut afp berichtete der „Kurier“ zuerst, später auch der Tagesspiegel. "
            "Die Presse war nicht zugelassen.")
    got = found(de, text)
    for name in ("dpa", "afp", "Kurier", "Tagesspiegel"):
        assert (name, "ORG") in got
    assert "Presse" not in [t for t, _ in got]


@pytest.mark.parametrize("paper", ["Neue Westfälische Zeitung", "Rheinische Post", "Bayerische Rundfunk"])
def test_a_paper_or_broadcaster_named_by_adjectives_and_its_head_noun_is_an_organisation(de, paper):
    assert (paper, "ORG") in found(de, f"Wie die {paper} am Montag meldete, ist die Brücke gesperrt.")


def test_a_head_noun_after_a_determiner_is_no_paper(de):
    names = [t for t, _ in found(de, "Die Zeitung schrieb, alle anderen Zeitungen auch.")]
    assert names == []


@pytest.mark.parametrize("text, place", [
    ("Der Sturm traf vor allem Nordhessen.", "Nordhessen"),
    ("Die Schule liegt in Berlin-Mitte.", "Berlin-Mitte"),
    ("Der Rhein-Sieg-Kreis meldete Hochwasser.", "Rhein-Sieg-Kreis"),
    ("Die Demo zog durch die Goethestraße.", "Goethestraße"),
    ("Tausende standen auf dem Potsdamer Platz.", "Potsdamer Platz"),
    ("Das Feuer brach im Allgäu aus.", "Allgäu"),
])
def test_german_regions_districts_and_streets_are_places(de, text, place):
    assert (place, "PLACE") in found(de, text)


def test_common_words_with_a_place_part_are_no_places(de):
    names = [t for t, _ in found(de, "Die Hauptstraße war gesperrt. Der Berlin-Besuch dauerte zwei Tage.")]
    assert "Hauptstraße" not in names
    assert "Berlin-Besuch" not in names


def test_the_parties_written_as_adjectives_are_organisations(de):
    assert ("Grünen", "ORG") in found(de, "Im Landtag stimmten die Grünen dagegen.")


def test_words_before_a_name_that_are_not_the_name(de):
    got = found(de, "In Leoben wurde gefeiert. CSU-Fraktionsvorsitzender Christian Hallmeier sagte nichts.")
    assert ("Leoben", "PLACE") in got
    assert ("Christian Hallmeier", "PERSON") in got
    assert not any(t.startswith(("In ", "CSU-")) for t, _ in got)


@pytest.mark.parametrize("text, name", [
    ("Der Dax schloss am Freitag 0,4 Prozent höher.", "Dax"),
    ("Auch der TecDAX legte zu, während der MDax nachgab.", "TecDAX"),
    ("Die Brücke wurde kurz nach dem Zweiten Weltkrieg gebaut.", "Zweiten Weltkrieg"),
    ("Ihr Großvater kämpfte im Ersten Weltkrieg in Flandern.", "Ersten Weltkrieg"),
])
def test_stock_indices_and_the_world_wars_are_misc_in_every_case(de, text, name):
    assert (name, "MISC") in found(de, text)


def test_football_leagues_are_organisations(de):
    got = found(de, "Im Viertelfinale der Champions League trifft der Verein auf einen Klub aus der Premier League.")
    assert ("Champions League", "ORG") in got and ("Premier League", "ORG") in got
