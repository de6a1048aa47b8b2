"""Where a German speaker phrase ends, without a tagger, and whose words a speech noun names
(issue 16, Redewiedergabe): a finite verb between the subject and the inflected adjective of its
object is no part of the subject, a possessive begins the next phrase, a sentence-opening article
with a verb is no phrase; `bewog den Wirt zu der Bemerkung: „…“` names the one moved to speak."""

from __future__ import annotations

from quote_helpers import quote_starting
from quote_helpers import speaker_quotes as quotes


def test_a_verb_before_an_inflected_adjective_ends_the_subject_introducing_a_quotation():
    text = "Der Vorsitzende verlas folgende Erklärung: „Der Verein wird aufgelöst.“"
    assert quote_starting(quotes(text, {}), "Der Verein").speaker == "Der Vorsitzende"


def test_an_adjective_before_its_noun_stays_in_the_subject():
    text = "Die staatliche Nachrichtenagentur meldete: „Der Verein wird aufgelöst.“"
    assert quote_starting(quotes(text, {}), "Der Verein").speaker == "Die staatliche Nachrichtenagentur"


def test_the_accusative_object_moved_to_a_remark_is_its_speaker():
    text = "Das bewog den Wirt zu der Bemerkung: „Hier wird nicht gesungen.“"
    assert quote_starting(quotes(text, {}), "Hier wird").speaker == "den Wirt"  # not `Das bewog`


def test_a_possessive_after_the_object_begins_another_phrase():
    text = ("Die Lage bewog den Gastwirt unserm Bürgermeister gegenüber zu der Äußerung: "
            "„Hier wird nicht gesungen.“")
    assert quote_starting(quotes(text, {}), "Hier wird").speaker == "den Gastwirt"


def test_with_a_reflexive_verb_the_subject_is_the_one_moved_to_speak():
    text = ("Nach dem Urteil ließ sich Karl Brand vor den Kameras zu der Bemerkung hinreißen: "
            "„Das Gericht hat sich blamiert.“")
    q = quote_starting(quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")}), "Das Gericht")
    assert q.speaker == "Karl Brand"


def test_an_object_after_a_preposition_is_not_the_one_moved_to_speak():
    text = "Die Sorge um den Wirt führte zu der Bemerkung: „Hier wird nicht gesungen.“"
    assert quote_starting(quotes(text, {}), "Hier wird").speaker != "den Wirt"


def test_an_article_and_a_verb_opening_a_sentence_are_no_speaker():
    text = "Das wusste jeder im Dorf: „Hier wird nicht gesungen.“"
    assert quote_starting(quotes(text, {}), "Hier wird").speaker is None  # not `Das wusste`
