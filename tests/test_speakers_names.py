"""Speakers named by a part of a name given before (a surname with a particle, a multi-word
surname, a hyphenated one), not by a possessor or a word the entity step joined to the name;
descriptions of someone new (`eine Kellnerin`, `one Senate aide`) stay unnamed; the object of a
verb of quoting is the speaker; an English role noun stands for the other gender's form."""

from __future__ import annotations

from quote_helpers import quote_starting
from quote_helpers import speaker_quotes as quotes


def test_a_surname_opening_with_a_particle_is_the_person_named_in_full_before():
    # the entity step found neither name: the text gave the full name before
    text = ("Winzerin Marie-Luise von Aschberg aus Kehl hat die halbe Ernte verloren. "
            "„Der Hagel kam in zehn Minuten“, sagte von Aschberg.")
    q = quote_starting(quotes(text, {}), "Der Hagel")
    assert (q.speaker, q.speaker_key) == ("Marie-Luise von Aschberg", "marie-luise-von-aschberg")


def test_a_surname_of_several_words_links_to_the_full_name():
    text = ("Bürgermeisterin Karin Van der Meulen eröffnete die Brücke. Am Abend sprach sie im Rat. "
            "„Wir geben nicht nach“, sagte Van der Meulen.")
    names = {"Karin Van der Meulen": ("PERSON", "Karin Van der Meulen"),
             "Van der Meulen": ("PERSON", "Van der Meulen")}
    q = quote_starting(quotes(text, names), "Wir geben")
    assert (q.speaker, q.speaker_key) == ("Karin Van der Meulen", "karin-van-der-meulen")


def test_a_surname_with_a_particle_after_a_name_opens_no_new_phrase_in_english():
    text = ("Former governor Paul de Wit opened the bridge. “It took us nine years,” said de Wit, "
            "who signed the first contract.")
    names = {"Paul de Wit": ("PERSON", "Paul de Wit")}
    q = quote_starting(quotes(text, names, "en"), "It took")
    assert (q.speaker, q.speaker_key) == ("Paul de Wit", "paul-de-wit")


def test_words_the_entity_step_joined_to_a_name_are_not_part_of_the_speaker():
    # `sagte Lehner der Nachrichtenagentur`: the article begins the object, the name ends before it
    text = ("Tobias Lehner leitet die Kellerei. „Der Jahrgang wird klein“, sagte Lehner der "
            "Nachrichtenagentur dpa.")
    names = {"Tobias Lehner": ("PERSON", "Tobias Lehner"),
             "Lehner der Nachrichtenagentur": ("PERSON", "Lehner der Nachrichtenagentur")}
    q = quote_starting(quotes(text, names), "Der Jahrgang")
    assert (q.speaker, q.speaker_key) == ("Tobias Lehner", "tobias-lehner")


def test_a_german_genitive_name_is_the_possessor_not_the_speaker():
    text = ("Tobias Lehner fehlt im Aufgebot. Lehners Anwältin sagte, ihr Mandant sei „tief enttäuscht“.")
    names = {"Tobias Lehner": ("PERSON", "Tobias Lehner"), "Lehners": ("PERSON", "Tobias Lehner")}
    q = quote_starting(quotes(text, names), "tief")
    assert q.speaker == "Lehners Anwältin"
    assert q.speaker_key is None  # someone unnamed: no speaker page


def test_an_indefinite_description_the_entity_step_took_for_a_name_has_no_key():
    text = ("In Ulm standen die Busse still. Eine Kellnerin, die zur Frühschicht wollte, sagte: "
            "„Ich laufe jetzt eben.“")
    names = {"Kellnerin": ("PERSON", "Kellnerin")}
    q = quote_starting(quotes(text, names), "Ich laufe")
    assert q.speaker_key is None
    assert "Kellnerin" in q.speaker


def test_the_object_of_a_verb_of_quoting_is_the_speaker_not_the_medium():
    text = ("Landesminister Markus Feld (SPD) lehnte den Plan ab. „Das ist nicht bezahlbar“, zitiert "
            "die „Badische Zeitung“ den SPD-Politiker.")
    names = {"Markus Feld": ("PERSON", "Markus Feld")}
    q = quote_starting(quotes(text, names), "Das ist")
    assert (q.speaker, q.speaker_key) == ("Markus Feld", "markus-feld")


def test_one_unnamed_person_is_not_the_name_that_qualifies_the_noun():
    # the entity step took `Senate` for a person: in `one Senate aide` it only qualifies `aide`
    text = ("The vote was delayed again. “Nobody wants to go first,” said one Senate aide, "
            "who asked not to be named.")
    names = {"Senate": ("PERSON", "Senate")}
    q = quote_starting(quotes(text, names, "en"), "Nobody")
    assert q.speaker == "one Senate aide"
    assert q.speaker_key is None


def test_an_english_role_noun_stands_for_the_person_named_with_its_other_gender_form():
    text = ("Ruth Calder’s “Low Tide” won best film, and best actress went to Nora Quill for her part "
            "as a fisherman’s widow.\n\n“My mother will not believe it,” the Scottish actor said.")
    names = {"Ruth Calder": ("PERSON", "Ruth Calder"), "Nora Quill": ("PERSON", "Nora Quill")}
    q = quote_starting(quotes(text, names, "en"), "My mother")
    assert (q.speaker, q.speaker_key) == ("Nora Quill", "nora-quill")


def test_a_name_opening_with_a_given_name_is_a_person_for_its_short_form():
    # the entity step took the skier for an organisation; her surname alone names her later
    text = ("Anna Berg won the slalom, beating Norway's Ingrid Solberg-Haug by a tenth.\n\n"
            "Solberg-Haug called her run “the best of my life”.")
    names = {"Anna Berg": ("PERSON", "Anna Berg"), "Ingrid Solberg-Haug": ("ORG", "Ingrid Solberg-Haug"),
             "Solberg-Haug": ("PERSON", "Solberg-Haug")}
    q = quote_starting(quotes(text, names, "en"), "the best")
    assert (q.speaker, q.speaker_key) == ("Ingrid Solberg-Haug", "ingrid-solberg-haug")


def test_the_subject_follows_a_phrase_opening_the_sentence():
    text = ("The plan was shelved. In a radio interview on Monday, Senator Ella Brandt dismissed the "
            "plan as “a tax on the poor”.")
    names = {"Ella Brandt": ("PERSON", "Ella Brandt")}
    q = quote_starting(quotes(text, names, "en"), "a tax")
    assert (q.speaker, q.speaker_key) == ("Ella Brandt", "ella-brandt")


def test_a_german_subject_of_one_uncommon_capitalised_word_is_a_surname():
    # the entity step found no one; a German noun opening a sentence would have its article
    text = "Das Buch ist im Herbst erschienen. Wendelin hat es „allen jungen Förstern“ gewidmet."
    q = quote_starting(quotes(text, {}), "allen")
    assert (q.speaker, q.speaker_key) == ("Wendelin", "wendelin")


def test_a_german_subject_that_is_a_common_noun_is_no_surname():
    text = "Das Buch ist im Herbst erschienen. Forschung hat es „allen jungen Förstern“ gewidmet."
    q = quote_starting(quotes(text, {}), "allen")
    assert q.speaker_key is None


def test_a_title_in_the_relative_clause_after_the_subject_does_not_hide_it():
    text = ('The pilot ends in June. Former Mayor Ann Rooke, who started the "Night Ride" service, said '
            'on Monday that the city was "right to go further."')
    names = {"Ann Rooke": ("PERSON", "Ann Rooke")}
    q = quote_starting(quotes(text, names, "en"), "right to")
    assert (q.speaker, q.speaker_key) == ("Ann Rooke", "ann-rooke")


def test_a_pronoun_stands_for_the_subject_after_a_phrase_opening_the_sentence_before():
    text = ("In a statement on Monday, Governor Ruth Okafor condemned the vote. “It is a dark day for "
            "the state,” she said.")
    names = {"Ruth Okafor": ("PERSON", "Ruth Okafor")}
    q = quote_starting(quotes(text, names, "en"), "It is")
    assert (q.speaker, q.speaker_key) == ("Ruth Okafor", "ruth-okafor")
