"""Speech cues around a quotation in German essay and news style (issue 16, Redewiedergabe):
`„…“ – so schrieb die Zeitung`, where `so` comes before the verb and its subject; `Und weiter:
„…“`, the words of the quotation before going on; `die Antwort der Gemeinde:`, a genitive;
`ergriff X das Wort:`, `gab X zur Antwort`; `rief ihm der Kutscher zu`, `meinte lächelnd X`."""

from __future__ import annotations

from quote_helpers import quote_starting
from quote_helpers import speaker_quotes as quotes


def test_so_before_a_speech_verb_names_the_subject_after_the_verb():
    text = "„Die Lage ist ernst“ – so schrieb damals Karl Brand in seinem Tagebuch."
    q = quote_starting(quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")}), "Die Lage")
    assert (q.speaker, q.speaker_key) == ("Karl Brand", "karl-brand")


def test_so_before_a_speech_verb_names_a_description_after_it():
    text = "„Wir bleiben hier“, so sagte der Bürgermeister am Montag."
    assert quote_starting(quotes(text, {}), "Wir bleiben").speaker == "der Bürgermeister"


def test_a_phrase_saying_the_words_go_on_keeps_the_speaker_of_the_quotation_before():
    text = ("Karl Brand schreibt im Vorwort: „Das Dorf ist klein.“ Und weiter: „Die Leute sind freundlich.“\n\n"
            "An anderer Stelle: „Der Winter ist lang.“")
    found = quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")})
    assert quote_starting(found, "Die Leute").speaker == "Karl Brand"
    assert quote_starting(found, "Der Winter").speaker == "Karl Brand"


def test_an_english_phrase_saying_the_words_go_on_keeps_the_speaker():
    text = "Mary Hollis told the court: “I was not there.” And later: “I never met him.”"
    q = quote_starting(quotes(text, {"Mary Hollis": ("PERSON", "Mary Hollis")}, "en"), "I never")
    assert q.speaker == "Mary Hollis"


def test_a_colon_after_other_words_does_not_continue_the_speaker():
    text = ("Karl Brand schreibt im Vorwort: „Das Dorf ist klein.“ Auf dem Schild am Rathaus: "
            "„Die Leute sind freundlich.“")
    q = quote_starting(quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")}), "Die Leute")
    assert q.speaker is None


def test_a_genitive_after_a_speech_noun_is_no_man_the_text_named():
    text = ("Karl Brand schreibt im Vorwort: „Das Dorf ist klein.“ Die Antwort der Gemeinde: "
            "„Die Leute sind freundlich.“")
    q = quote_starting(quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")}), "Die Leute")
    assert q.speaker == "der Gemeinde"  # `der` before a feminine noun, not a man: not Karl Brand


def test_taking_the_floor_introduces_the_words_after_the_colon():
    text = "Hierauf ergriff der Abgeordnete Karl Brand das Wort: „Meine Herren, wir protestieren!“"
    found = quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")})
    assert quote_starting(found, "Meine Herren").speaker == "Karl Brand"  # not `Hierauf`, not a mention


def test_an_adverb_of_a_preposition_after_da_or_hier_is_no_speaker():
    text = "Hierauf bemerkte der Wirt: „Hier wird nicht gesungen.“ Darüber schrieb Karl Brand: „Das ist wahr.“"
    found = quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")})
    assert quote_starting(found, "Hier wird").speaker == "der Wirt"


def test_giving_as_an_answer_names_the_subject():
    text = "„Nein, mein Herr“, gab der Kutscher zur Antwort."
    assert quote_starting(quotes(text, {}), "Nein").speaker == "der Kutscher"


def test_the_answer_after_a_verb_of_wording_is_of_the_one_in_the_genitive():
    text = "„Nein, mein Herr“, lautete die Antwort des Kutschers."
    assert quote_starting(quotes(text, {}), "Nein").speaker == "des Kutschers"


def test_a_pronoun_or_participle_between_an_inverted_verb_and_its_subject_is_skipped():
    found = quotes("„Halt!“ rief ihm der Kutscher zu. „Nein“, meinte lächelnd die Wirtin.", {})
    assert quote_starting(found, "Halt").speaker == "der Kutscher"
    assert quote_starting(found, "Nein").speaker == "die Wirtin"


def test_an_impersonal_cue_names_the_medium_or_person_it_is_found_in():
    text = ("In der „Abendpost“ heißt es: „Die Lage ist ernst.“ Bei Karl Brand liest man: „Es wird besser.“ "
            "„Wir bleiben“, heißt es in dem Aufruf des Vereins.")
    found = quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")})
    assert quote_starting(found, "Die Lage").speaker == "der „Abendpost“"
    assert quote_starting(found, "Es wird").speaker == "Karl Brand"
    assert quote_starting(found, "Wir bleiben").speaker == "des Vereins"  # the author of the document


def test_an_impersonal_cue_in_a_document_of_no_one_named_has_no_speaker():
    text = "Karl Brand kam spät. In dem alten Aufruf heißt es: „Wir bleiben.“"
    found = quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")})
    assert quote_starting(found, "Wir bleiben").speaker is None


def test_a_medium_in_quotation_marks_after_an_impersonal_cue_does_not_quote_itself():
    found = quotes("Letzte Woche, lesen wir in der „Allg. Dt. Ztg.“, wurden die Arbeiten begonnen.", {})
    assert all(q.speaker is None for q in found)
