"""Entities: the rule pipeline (no trained model), canonical keys, English and German."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

from sitegen.annotate import entities
from sitegen.annotate.pipeline import RULES, RULES_VERSION, load_pipeline
from sitegen.annotate.registry import Registry

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = REPO / "seeds" / "2024-11-18-usa-langstreckenraketen-ukraine.txt"

SEED_PEOPLE = ["Joe Biden", "Xi Jinping", "Kim Jong Un", "Wolodymyr Selenskyj",
               "Leonid Slutsky", "Mike Firn"]
SEED_ORGS = ["New York Times", "TASS", "Xinhua", "KCNA", "NHK", "Weißes Haus", "Staatsduma",
             "G7"]
SEED_PLACES = ["Taipei", "Taiwan", "USA", "Ukraine", "Russland", "Südkorea", "Nordkorea",
               "Kursk", "Moskau", "Pjöngjang", "Kiew", "Peru", "China", "Japan", "Tokio",
               "Europa", "Washington"]


@pytest.fixture(scope="module")
def de(de_rules):
    return de_rules


@pytest.fixture(scope="module")
def en():
    return load_pipeline("en", RULES, Registry())


def annotate(loaded, text, registry=None):
    return entities.extract(loaded.nlp(text), registry or Registry())


@pytest.fixture(scope="module")
def seed(de):
    text = SEED.read_text(encoding="utf-8")
    return text, annotate(de, text)


def mentions_of(found, type_):
    return {e.text for e in found if e.type == type_} | {e.name for e in found if e.type == type_}


# --- the seed article (acceptance) -------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_PEOPLE)
def test_seed_article_person_is_found(seed, name):
    _, found = seed
    assert name in {e.name for e in found if e.type == "PERSON"}


@pytest.mark.parametrize("name", SEED_ORGS)
def test_seed_article_organisation_is_found(seed, name):
    _, found = seed
    assert name in mentions_of(found, "ORG")


@pytest.mark.parametrize("name", SEED_PLACES)
def test_seed_article_place_is_found(seed, name):
    _, found = seed
    assert name in mentions_of(found, "PLACE")


@pytest.mark.parametrize("word", ["Die", "Truppen", "Raketen", "Beamten", "Zeitung", "Der",
                                  "Sender", "Krieg", "Erklärung"])
def test_seed_article_common_words_are_not_tagged(seed, word):
    _, found = seed
    assert all(word not in e.text.split() for e in found)


def test_seed_article_at_least_90_percent_of_mentions_are_real_entities(seed):
    _, found = seed
    real = set(SEED_PEOPLE + SEED_ORGS + SEED_PLACES) | {
        "Vereinigte Staaten",  # = USA
        "Korea Central News Agency",
        "Koreanische Volksarmee",
        "Indopazifik",
        "Nordkorea",  # also for "DPRK", "Demokratische Volksrepublik Korea"
    }
    right = [e for e in found if e.name in real]
    assert len(found) >= 80
    assert len(right) / len(found) >= 0.9, sorted({e.text for e in found} - real)


def test_seed_article_offsets_point_at_the_mention(seed):
    text, found = seed
    assert found
    for e in found:
        assert text[e.start : e.end] == e.text


def test_places_in_running_text_not_only_in_the_dateline(de):
    found = annotate(de, (FIXTURES / "entities_de.txt").read_text(encoding="utf-8"))
    places = {e.text for e in found if e.type == "PLACE"}
    assert {"Taipei", "Taiwan", "Berlin", "Deutschland"} <= places


# --- canonical entities ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inflected", "name"),
    [("Nordkoreas", "Nordkorea"), ("Russlands", "Russland"), ("Chinas", "China"),
     ("Weißen Haus", "Weißes Haus"), ("Vereinigten Staaten", "Vereinigte Staaten")],
)
def test_german_inflection_folds_to_the_canonical_name(seed, inflected, name):
    _, found = seed
    forms = {e.name for e in found if e.text == inflected}
    assert forms == {name}
    keys = {e.key for e in found if e.name == name}
    assert len(keys) == 1


@pytest.mark.parametrize(("short", "full"), [("Biden", "Joe Biden"), ("Xi", "Xi Jinping"),
                                             ("Kim", "Kim Jong Un"),
                                             ("Selenskyj", "Wolodymyr Selenskyj")])
def test_short_forms_resolve_to_the_full_name_within_the_article(seed, short, full):
    _, found = seed
    short_mentions = [e for e in found if e.text == short]
    assert short_mentions
    assert {(e.type, e.name) for e in short_mentions} == {("PERSON", full)}


def test_a_surname_that_is_also_a_noun_is_the_person_beside_a_speech_verb(de):
    text = ("Bauamtsleiter Jürgen Hahn stellte die Pläne vor. Hahn betonte, die Kosten seien gedeckt. "
            "Der Bau beginne im Mai, sagte Hahn. Der Hahn sagte nichts. Auf dem Hof krähte ein Hahn.")
    found = [(e.start, e.name) for e in annotate(de, text) if e.text == "Hahn"]
    assert found == [(text.index("Hahn betonte"), "Jürgen Hahn"), (text.index("Hahn. Der"), "Jürgen Hahn")]


def test_short_form_alone_in_another_article_keeps_its_own_name(de):
    found = annotate(de, "Biden sagte am Montag, die Lage sei ernst.")
    assert [(e.text, e.name, e.type) for e in found] == [("Biden", "Biden", "PERSON")]


@pytest.mark.parametrize("limit", [100_000, 1])
def test_one_extractor_for_many_articles_resolves_each_article_on_its_own(de, seed, limit):
    """The annotator keeps one extractor (it remembers each mention's registry verdict): what
    one article's mentions resolve to does not leak into the next, also when its memory fills."""
    text, alone = seed
    extract = entities.EntityExtractor(Registry(), limit=limit)
    short = "Biden sagte am Montag, die Lage sei ernst."
    assert extract(de.nlp(text), text) == alone
    assert [(e.name, e.key) for e in extract(de.nlp(short))] == [("Biden", "biden")]
    assert extract(de.nlp(text), text) == alone
    assert extract(de.nlp(text)) == alone  # without the text: from the spans


@pytest.mark.parametrize(("alias", "other"), [("USA", "Vereinigten Staaten"),
                                              ("KCNA", "Korea Central News Agency"),
                                              ("DPRK", "Nordkorea")])
def test_aliases_share_one_key(seed, alias, other):
    _, found = seed
    keys_alias = {e.key for e in found if e.text == alias}
    keys_other = {e.key for e in found if e.text == other}
    assert keys_alias and keys_alias == keys_other


def test_keys_are_slugs_of_the_canonical_name_or_shared_across_languages(seed):
    _, found = seed
    by_name = {e.name: e.key for e in found}
    assert by_name["Weißes Haus"] == "white-house"  # the curated organisations' shared key
    assert by_name["Joe Biden"] == "joe-biden"


# --- people from context -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Frauke Petry kritisierte den Beschluss.", "Frauke Petry"),  # given name
        ("Das meinte Kanzlerin Merkel am Abend.", "Merkel"),  # title
        ("Der Machthaber Lukaschenko schwieg.", "Lukaschenko"),  # role
        ("„Das ist falsch“, sagte Habeck.", "Habeck"),  # speech verb after
        ("Scholz sagte, man werde prüfen.", "Scholz"),  # speech verb before
        ("Herausgegeben von Anna Schmidtke.", "Anna Schmidtke"),  # byline
        # given names with letters beyond ASCII, before a surname that is also a common noun
        ("Bauamtsleiter Jürgen Hahn sagte, die Brücke sei marode.", "Jürgen Hahn"),
        ("Der Antrag kam von Björn Vogel.", "Björn Vogel"),
        ("Günter Koch widersprach.", "Günter Koch"),
        # a first name the given names miss, then a surname that looks like a compound noun
        ("Die Ministerin Annalena Baerbock reiste nach Kiew.", "Annalena Baerbock"),
        ("Das sagte Dirck Möllmann am Montag.", "Dirck Möllmann"),
    ],
)
def test_german_people_are_found_from_context(de, text, person):
    found = annotate(de, text)
    assert person in {e.name for e in found if e.type == "PERSON"}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # after a genitive the next noun is what the person owns, not more of the name
        ("Der Darsteller glänzte in Steven Spielbergs Bridge of Spies.", "Steven Spielbergs"),
        ("Gezeigt wurde Regisseur Rihas Pausenfilm.", "Rihas"),
    ],
)
def test_a_name_ends_before_the_noun_after_it(de, text, person):
    names = {e.name for e in annotate(de, text) if e.type == "PERSON"}
    assert not any(name.startswith(person + " ") for name in names)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Frauke Petry criticised the decision.", "Frauke Petry"),
        ("The move was welcomed by President Macron on Monday.", "Macron"),
        ('"This is wrong," said Okonkwo.', "Okonkwo"),
        ("Okonkwo said the talks had failed.", "Okonkwo"),
        ("Edited by Anna Schmidtke.", "Anna Schmidtke"),
    ],
)
def test_english_people_are_found_from_context(en, text, person):
    found = annotate(en, text)
    assert person in {e.name for e in found if e.type == "PERSON"}


def test_title_before_a_common_noun_is_not_a_person(de):
    found = annotate(de, "Der Präsident der Vereinigten Staaten sprach mit der Zeitung.")
    assert not [e for e in found if e.type == "PERSON"]


def test_old_print_j_for_i_is_a_common_word_not_a_name(de):
    text = "Jm Jahre 1850 zog er nach Paris. Jch weiß es nicht, sagte Jakob Wirth. Jn der Stadt blieb er."
    found = annotate(de, text)
    assert not [e for e in found if e.text in ("Jm", "Jch", "Jn")]
    assert "Jakob Wirth" in {e.name for e in found if e.type == "PERSON"}


# --- English -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english(en):
    return annotate(en, (FIXTURES / "entities_en.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("type_", "name"),
    [("PERSON", "Joe Biden"), ("PERSON", "Xi Jinping"), ("PERSON", "Kim Jong Un"),
     ("PERSON", "Frauke Petry"), ("PERSON", "Mike Firn"), ("ORG", "White House"),
     ("ORG", "European Union"), ("ORG", "Associated Press"), ("ORG", "Reuters"),
     ("ORG", "KCNA"), ("PLACE", "Washington"), ("PLACE", "Lima"), ("PLACE", "North Korea"),
     ("PLACE", "United States"), ("PLACE", "Japan"), ("PLACE", "South Korea"),
     ("PLACE", "Russia"), ("MISC", "Chinese")],
)
def test_english_article_entities(english, type_, name):
    assert name in {e.name for e in english if e.type == type_}


def test_english_short_forms_resolve_within_the_article(english):
    assert {e.name for e in english if e.text in ("Biden", "Xi", "Kim")} == {
        "Joe Biden", "Xi Jinping", "Kim Jong Un"}


def test_english_common_words_are_not_tagged(english):
    assert not {"We", "The", "President", "Saturday"} & {e.text for e in english}


# --- pipeline and label mapping ----------------------------------------------------------------


def test_pipeline_name_says_rules_language_and_version(de, en):
    assert de.name == f"rules-de {RULES_VERSION}"
    assert en.name == f"rules-en {RULES_VERSION}"


def test_missing_installed_pipeline_falls_back_to_the_shipped_one_or_the_rules():
    assert not spacy.util.is_package("xx_no_such_pipeline")
    assert load_pipeline("en", "xx_no_such_pipeline", Registry()).name == load_pipeline("en", None, Registry()).name


def test_trained_model_labels_are_mapped_and_others_dropped():
    nlp = spacy.blank("en")
    doc = nlp("Angela Merkel visited Paris with Siemens on Monday for the Olympics.")
    doc.ents = [
        Span(doc, 0, 2, label="PER"),
        Span(doc, 3, 4, label="GPE"),
        Span(doc, 5, 6, label="ORG"),
        Span(doc, 7, 8, label="DATE"),
        Span(doc, 10, 11, label="EVENT"),
    ]
    found = entities.extract(doc, Registry())
    assert [(e.text, e.type) for e in found] == [
        ("Angela Merkel", "PERSON"), ("Paris", "PLACE"), ("Siemens", "ORG"),
        ("Olympics", "MISC")]


def test_rules_fingerprint_is_stable_within_a_process():
    from sitegen.annotate.pipeline import rules_fingerprint

    first = rules_fingerprint()
    rules_fingerprint.cache_clear()
    assert rules_fingerprint() == first
    assert len(first) == 16 and int(first, 16) >= 0


def test_town_followed_by_a_score_in_results_is_a_team(en):
    found = annotate(en, "LONDON 1996-08-30\n\nAt the Oval: Warwickshire 195, Surrey 429-7, "
                         "Somerset 108-3.\n\nSurrey closed on 429 in London.")
    types = {(e.text, e.type) for e in found}
    assert {("Warwickshire", "ORG"), ("Surrey", "ORG"), ("Somerset", "ORG")} <= types
    assert ("LONDON", "PLACE") in types and ("London", "PLACE") in types
