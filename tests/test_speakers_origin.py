"""Whose words a quotation is, said around it rather than with a speech verb (issue 16,
Redewiedergabe): `„…“ – der Satz stammt von X`, `Von X stammt das Wort: „…“`, `“…” The line
comes from X.` The origin names the speaker over a cue before the quotation that is another's;
so does a relative clause with a speech verb in the sentence after it (`Diese Worte, die X sprach`)."""

from __future__ import annotations

from quote_helpers import quote_starting
from quote_helpers import speaker_quotes as quotes

SCHMIDT = {"Helmut Schmidt": ("PERSON", "Helmut Schmidt")}


def test_a_sentence_after_the_quotation_saying_whose_words_they_are_names_the_speaker():
    text = "„Wer Visionen hat, sollte zum Arzt gehen.“ Der oft zitierte Satz stammt von Helmut Schmidt."
    q = quote_starting(quotes(text, SCHMIDT), "Wer Visionen")
    assert (q.speaker, q.speaker_key) == ("Helmut Schmidt", "helmut-schmidt")


def test_an_origin_in_a_dash_clause_outranks_the_cue_of_an_earlier_quotation():
    text = ("Die „Lasten“, oder wie Ministerin Eva Roth sagte, „die Bürden der Reform“, über die man klagt, "
            "daß wir die „Segnungen des Fortschritts“ entbehren müssen — das Wort stammt eigentlich von "
            "Minister Karl Brand — sind bekannt.")
    names = {"Eva Roth": ("PERSON", "Eva Roth"), "Karl Brand": ("PERSON", "Karl Brand")}
    found = quotes(text, names)
    assert quote_starting(found, "die Bürden").speaker == "Eva Roth"
    assert quote_starting(found, "Segnungen").speaker == "Karl Brand"


def test_an_introducing_clause_with_the_origin_before_a_colon_names_the_speaker():
    text = "Von Helmut Schmidt stammt der Satz: „Wer Visionen hat, sollte zum Arzt gehen.“"
    assert quote_starting(quotes(text, SCHMIDT), "Wer Visionen").speaker == "Helmut Schmidt"


def test_an_english_line_that_comes_from_someone_is_theirs():
    text = "“A house divided against itself cannot stand.” The line comes from Abraham Lincoln."
    q = quote_starting(quotes(text, {"Abraham Lincoln": ("PERSON", "Abraham Lincoln")}, "en"), "A house")
    assert q.speaker == "Abraham Lincoln"


def test_an_origin_of_something_other_than_words_names_no_speaker():
    text = ("„Wir schaffen das“, sagte Anna Vogt. Die Idee stammt von ihrem Berater Peter Lang.")
    names = {"Anna Vogt": ("PERSON", "Anna Vogt"), "Peter Lang": ("PERSON", "Peter Lang")}
    assert quote_starting(quotes(text, names), "Wir schaffen").speaker == "Anna Vogt"


def test_a_relative_clause_with_a_speech_verb_after_the_quotation_names_the_speaker():
    text = ("„Wir fürchten Gott, sonst nichts in der Welt.“ Diese Worte, die Karl Brand damals sprach, "
            "wurden berühmt.")
    q = quote_starting(quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")}), "Wir fürchten")
    assert q.speaker == "Karl Brand"


def test_a_relative_clause_on_a_person_after_the_quotation_names_no_speaker():
    text = "„Wir fürchten Gott.“ Der Minister, den Karl Brand damals kritisierte, schwieg."
    q = quote_starting(quotes(text, {"Karl Brand": ("PERSON", "Karl Brand")}), "Wir fürchten")
    assert q.speaker is None
