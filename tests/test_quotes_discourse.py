"""Speakers across sentences (issue 6): a quotation whose own sentence names no one gets a
speaker only where the text around it makes clear who speaks: the same speaker going on, a
colon that introduces it, or the turns of a dialogue between two people the text names."""

from __future__ import annotations

from quote_helpers import blank, entities

from sitegen.annotate.quotes import find_quotes

NAMES = {
    "Paul Berger": ("PERSON", "Paul Berger"),
    "Berger": ("PERSON", "Paul Berger"),
    "Anna Vogt": ("PERSON", "Anna Vogt"),
    "Vogt": ("PERSON", "Anna Vogt"),
    "Tim Roth": ("PERSON", "Tim Roth"),
    "Roth": ("PERSON", "Tim Roth"),
    "Eva Lang": ("PERSON", "Eva Lang"),
}


def speakers(text: str, lang: str = "de") -> list[tuple[str, str | None]]:
    """(inner text, speaker) of each quotation, in text order."""
    found = find_quotes(blank(lang)(text), entities(text, NAMES))
    return [(q.text[1:-1], q.speaker) for q in found]


def test_replies_alternate_between_the_speaker_and_the_person_spoken_to():
    text = ("Am Morgen sagte Paul Berger zu seinem Lehrling: „Wie viele Kisten sind noch da?“ "
            "„Noch zwanzig.“ „Und gestern?“ „Dreißig.“")
    assert speakers(text) == [
        ("Wie viele Kisten sind noch da?", "Paul Berger"),
        ("Noch zwanzig.", "Lehrling"),
        ("Und gestern?", "Paul Berger"),
        ("Dreißig.", "Lehrling"),
    ]


def test_the_other_person_of_a_dialogue_can_open_the_sentence_of_the_cue():
    text = ("Paul Berger verkaufte gefärbtes Wasser als Arznei. Als ihn eine Ärztin auf dem Markt "
            "zur Rede stellte, sagte Berger: „Wie viele Leute kommen hier täglich vorbei?“ "
            "„Vielleicht tausend.“ „Und wie viele denken selbst nach?“ „Kaum hundert.“")
    assert [speaker for _, speaker in speakers(text)] == ["Paul Berger", "eine Ärztin", "Paul Berger", "eine Ärztin"]


def test_a_reply_verb_answers_the_speaker_before():
    text = ("„Wer hat das Fenster eingeschlagen?“, fragte Anna Vogt. „Ich nicht“, erwiderte Tim Roth. "
            "„Wer dann?“ „Vielleicht der Hausmeister.“")
    found = dict(speakers(text))
    assert found["Ich nicht"] == "Tim Roth"
    assert found["Wer dann?"] == "Tim Roth"  # `„…“, erwiderte X. „…“`: X goes on
    assert found["Vielleicht der Hausmeister."] == "Anna Vogt"  # the next turn is the other's


def test_a_cue_naming_someone_else_ends_the_dialogue():
    text = ("Paul Berger sagte zu seinem Sohn: „Kommst du mit?“ „Nein.“ "
            "Da rief Eva Lang: „Ich komme mit.“ „Gut.“")
    found = dict(speakers(text))
    assert found["Nein."] == "Sohn"
    assert found["Ich komme mit."] == "Eva Lang"
    assert found["Gut."] == "Eva Lang"  # no dialogue left: the same speaker goes on


def test_without_a_second_person_the_next_quotation_is_the_same_speakers():
    text = "Anna Vogt sagte nach dem Spiel: „Wir haben verdient gewonnen.“ „Die Mannschaft war stark.“"
    assert [speaker for _, speaker in speakers(text)] == ["Anna Vogt", "Anna Vogt"]


def test_the_answer_to_a_question_is_not_the_askers_when_no_one_else_is_named():
    text = "Die Lehrerin fragte: „Wer hat das Fenster eingeschlagen?“ „Ich war es nicht.“"
    found = dict(speakers(text))
    assert found["Wer hat das Fenster eingeschlagen?"] == "Die Lehrerin"
    assert found["Ich war es nicht."] is None


def test_quotation_continuing_after_its_attribution_keeps_the_speaker():
    text = ("„Die Preise steigen“, sagte Anna Vogt am Montag. „Vor allem Strom wird teurer.“ "
            "Die Regierung schwieg.\n\n„Niemand weiß, wie lange das dauert.“")
    found = dict(speakers(text))
    assert found["Vor allem Strom wird teurer."] == "Anna Vogt"
    assert found["Niemand weiß, wie lange das dauert."] is None  # a new paragraph, no one named


def test_colon_after_a_speech_verb_introduces_the_quotation_on_the_next_line():
    for gap in ("\n", "\n\n"):
        text = f"Der Richter Tim Roth erklärte nach der Pause:{gap}„Die Verhandlung wird vertagt.“"
        assert speakers(text) == [("Die Verhandlung wird vertagt.", "Tim Roth")], repr(gap)


def test_english_reply_to_the_person_spoken_to():
    text = "Anna Vogt said to her brother: “Where are the keys?” “In the car.” “Which car?” “The red one.”"
    assert [speaker for _, speaker in speakers(text, "en")] == ["Anna Vogt", "brother", "Anna Vogt", "brother"]


def test_a_one_word_turn_counts_and_an_unresolved_pronoun_is_no_one():
    text = ("Der Händler verkaufte gefärbtes Wasser. Als ihn eine Ärztin auf dem Markt zur Rede stellte, "
            "sagte er: „Wie viele Leute kommen hier täglich vorbei?“ „Tausend am Tag.“ „Gut.“ "
            "„Und wie viele davon denken selbst nach?“")
    # „Gut.“ is his turn (a lone word with no speaker is left out), so the question after it is hers
    assert speakers(text) == [
        ("Wie viele Leute kommen hier täglich vorbei?", None),
        ("Tausend am Tag.", "eine Ärztin"),
        ("Und wie viele davon denken selbst nach?", "eine Ärztin"),
    ]


def test_verb_after_a_quotation_and_its_comma_with_its_subject_is_a_speech_verb():
    text = ("„Das ist mein Garten“, grunzte der Nachbar. „Ja“, lachte Eva Lang laut. "
            "„Wir bleiben“, heißt es in der Erklärung.")
    found = dict(speakers(text))
    assert found["Das ist mein Garten"] == "der Nachbar"
    assert found["Ja"] == "Eva Lang"
    assert found["Wir bleiben"] is None


def test_subject_of_a_subordinate_clause_before_a_coordinated_participle():
    text = ("Daraufhin erklärte Eva Lang, dass der Minister nicht gelogen, sondern offen gesagt habe, "
            "„es sei zu spät“.")
    assert speakers(text) == [("es sei zu spät", "der Minister")]


def test_a_phrase_repeated_from_an_earlier_quotation_quotes_its_speaker_again():
    text = ("Eva Lang sagte: „Manches bleibt besser nur eingeweihten Kreisen bekannt.“ "
            "Wer sind diese „eingeweihten Kreise“? Niemand kennt die „geheimen Pläne“.")
    found = dict(speakers(text))
    assert found["eingeweihten Kreise"] == "Eva Lang"
    assert found["geheimen Pläne"] is None  # repeats no one's words


def test_a_quotation_inside_a_quotation_is_no_echo_of_it():
    text = "„Er nannte das ‚einen großen Fehler‘, und dabei blieb es“, sagte Eva Lang."
    found = find_quotes(blank("de")(text), entities(text, NAMES))
    inner = [q for q in found if q.text.startswith("‚")]
    assert inner and inner[0].speaker is None


def test_pronoun_speaker_is_the_last_person_of_its_gender():
    text = ("Anna Vogt traf am Montag Paul Berger. „Das wird teuer“, sagte Berger. "
            "Sie sagte, das sei „nicht zu ändern“.\n\n"
            "Die Sprecherin widersprach. „Das stimmt nicht“, sagte die Sprecherin. Tim Roth schwieg. "
            "Dann sagte er: „Wir warten ab.“")
    found = dict(speakers(text))
    assert found["nicht zu ändern"] == "Anna Vogt"
    assert found["Wir warten ab."] == "Tim Roth"


def test_english_pronoun_passes_over_a_person_of_the_other_gender():
    text = ("Anna Vogt met Paul Berger on Monday. “It will be expensive,” Berger said. "
            "She said the plan was “not negotiable.”")
    found = dict(speakers(text, "en"))
    assert found["not negotiable."] == "Anna Vogt"


def test_reported_speech_goes_on_with_the_speaker_of_the_sentences_before():
    text = ("Paul Berger dankte den Helfern: „Ohne Sie hätten wir das nicht geschafft.“ "
            "Die Lage sei aber weiterhin „sehr angespannt“.\n\n"
            "Tim Roth sagte, man werde die Straße sanieren. Es gebe dafür Geld vom Land. "
            "„Im Sommer rollen die Bagger.“\n\n"
            "Der Minister trat zurück. Die Lage sei „sehr ernst“, hieß es aus der Partei. "
            "„Das ist das Ende einer Ära.“")
    found = dict(speakers(text))
    assert found["sehr angespannt"] == "Paul Berger"
    assert found["Im Sommer rollen die Bagger."] == "Tim Roth"
    assert found["sehr ernst"] is None  # `hieß es`: a cue of its own that names no one
    assert found["Das ist das Ende einer Ära."] is None


def test_person_named_in_parentheses_after_a_quotation_is_its_speaker():
    text = "„Wir brauchen mehr Lehrer, nicht mehr Tablets.“ (Eva Lang) Die Debatte geht weiter."
    assert speakers(text) == [("Wir brauchen mehr Lehrer, nicht mehr Tablets.", "Eva Lang")]


def test_named_in_the_perfect_is_the_subjects_word_in_the_passive_a_name():
    text = ("Paul Berger hat den Vorschlag „völlig absurd“ genannt. "
            "Die Reform wird im Ministerium nur „Projekt Morgenrot“ genannt. "
            "Die Brücke wurde schon „ganz und gar überflüssig“ genannt.")
    found = dict(speakers(text))
    assert found["völlig absurd"] == "Paul Berger"
    assert "Projekt Morgenrot" not in found
    assert found["ganz und gar überflüssig"] is None  # someone's words, no one named


def test_according_to_and_an_inverted_verb_with_a_genitive_name_the_speaker():
    text = ("Nach Angaben von Tim Roth brannte der Dachstuhl „lichterloh“. "
            "„Der Schaden geht in die Millionen“, schätzt ein Sprecher der Versicherung.")
    found = dict(speakers(text))
    assert found["lichterloh"] == "Tim Roth"
    assert found["Der Schaden geht in die Millionen"] == "ein Sprecher"


def test_er_after_a_role_phrase_speaker_is_that_speaker():
    text = "Der Minister sagte: „Wir prüfen alle Optionen.“ Auf Nachfrage fügte er hinzu: „Auch eine Klage.“"
    assert [speaker for _, speaker in speakers(text)] == ["Der Minister", "Der Minister"]
