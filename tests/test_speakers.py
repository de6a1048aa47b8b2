"""Speakers resolved to the people the text names (issue 16): role phrases and descriptions
(`die Kanzlerin`, `the governor`, `the Spanish commissioner`), appositions, pronouns after a
newly introduced person, quotations over paragraphs; an unresolved role phrase has no page."""

from __future__ import annotations

from pathlib import Path

from quote_helpers import quote_starting
from quote_helpers import speaker_quotes as quotes

from sitegen.indexes import build_index
from sitegen.model import AnnotatedArticle, Annotations, Article, Quote

# -- role phrases and descriptions


def test_a_role_phrase_is_the_person_named_with_that_role_before():
    text = ("Bundeskanzlerin Anna Beispiel besuchte am Montag das Werk. Betriebsrätin Petra Lang zeigte "
            "ihr die neue Halle.\n\n„Wir bleiben an der Seite der Beschäftigten“, sagte die Kanzlerin.")
    names = {"Anna Beispiel": ("PERSON", "Anna Beispiel"), "Petra Lang": ("PERSON", "Petra Lang")}
    q = quote_starting(quotes(text, names), "Wir bleiben")
    assert (q.speaker, q.speaker_key) == ("Anna Beispiel", "anna-beispiel")  # not the later Petra Lang


def test_a_role_given_in_an_apposition_after_the_name_resolves_in_english():
    text = ("Mary Hollis, the governor, opened the new line on Monday. Tom Baker rode the first bus.\n\n"
            "“It works better than anyone expected,” the governor said.")
    names = {"Mary Hollis": ("PERSON", "Mary Hollis"), "Tom Baker": ("PERSON", "Tom Baker")}
    q = quote_starting(quotes(text, names, "en"), "It works")
    assert q.speaker == "Mary Hollis"


def test_a_name_set_off_after_a_role_phrase_after_the_verb_is_the_speaker():
    text = ("Die Schauspielerin Lea Sommer eröffnete die Saison.\n\n"
            "„Die Auswahl war ein Fehler“, sagte die Sprecherin der Grünen-Fraktion, Mira Holt.")
    names = {"Lea Sommer": ("PERSON", "Lea Sommer"), "Mira Holt": ("PERSON", "Mira Holt")}
    q = quote_starting(quotes(text, names), "Die Auswahl")
    assert q.speaker == "Mira Holt"  # not Lea Sommer, whom `die Sprecherin` alone could stand for


def test_a_name_set_off_after_a_role_phrase_in_english():
    text = "“The vote is a disgrace,” said the general secretary of the union, Ruth Ogden."
    q = quote_starting(quotes(text, {"Ruth Ogden": ("PERSON", "Ruth Ogden")}, "en"), "The vote")
    assert q.speaker == "Ruth Ogden"


def test_a_participle_after_a_comma_speaks_with_the_sentence_subject():
    text = ("The mayor, Ruth Ogden, has ruled out fare rises, telling councillors that riders should not "
            "“pay for the mistakes of others”.")
    q = quote_starting(quotes(text, {"Ruth Ogden": ("PERSON", "Ruth Ogden")}, "en"), "pay for")
    assert q.speaker == "Ruth Ogden"


def test_a_nationality_after_the_stands_for_the_person_named_before():
    """Even when the entity step typed it a place: a demonym is no country named with `the`."""
    text = 'Petrova lost in three sets. "My legs were gone," the Bulgarian told reporters.'
    names = {"Petrova": ("PERSON", "Petrova"), "Bulgarian": ("PLACE", "Bulgarian")}
    q = quote_starting(quotes(text, names, "en"), "My legs")
    assert q.speaker == "Petrova"


def test_a_nationality_is_not_a_person_named_with_another():
    """A nationality agrees like a gender: the subject of the sentence before, named as Italian,
    is not `the Zimbabwean`; the one named after him is."""
    text = ('Italian President Paolo Ferri watched from the stands, and IOC President Ruth Moyo presented the '
            'medals. The Zimbabwean told reporters the race was "exactly what the Games need."')
    names = {"Paolo Ferri": ("PERSON", "Paolo Ferri"), "Ruth Moyo": ("PERSON", "Ruth Moyo"),
             "Italian": ("MISC", "Italian"), "Zimbabwean": ("MISC", "Zimbabwean"), "IOC": ("ORG", "IOC")}
    q = quote_starting(quotes(text, names, "en"), "exactly")
    assert q.speaker == "Ruth Moyo"


def test_a_person_introduced_after_an_adverb_takes_over_the_pronoun():
    text = 'Ruth Moyo spoke first. Then Paul Acker took the floor. "Europe must act," he said.'
    names = {"Ruth Moyo": ("PERSON", "Ruth Moyo"), "Paul Acker": ("PERSON", "Paul Acker"), "Europe": ("PLACE", "Europe")}
    q = quote_starting(quotes(text, names, "en"), "Europe must")
    assert q.speaker == "Paul Acker"


def test_who_names_something_with_words_is_the_subject_not_the_thing_named():
    text = 'Dessen Präsidentin Ruth Moyo nannte die Erhöhung "ein falsches Signal für alle".'
    names = {"Ruth Moyo": ("PERSON", "Ruth Moyo")}
    q = quote_starting(quotes(text, names, "de"), "ein falsches")
    assert q.speaker == "Ruth Moyo"


def test_the_medium_spoken_to_after_the_verb_is_not_the_speaker():
    text = ("Der Dirigent Paul Acker, seit 2019 im Amt, sagte der Zeitung, er bleibe. "
            "„Dieses Orchester ist mein Zuhause.“")
    q = quote_starting(quotes(text, {"Paul Acker": ("PERSON", "Paul Acker")}), "Dieses Orchester")
    assert q.speaker == "Paul Acker"


def test_a_description_without_a_role_word_named_before_is_the_latest_person_of_its_gender():
    text = ("Die Regisseurin Clara Winter nahm den Preis entgegen. Neben ihr stand Jonas Brandt.\n\n"
            "„Dieser Preis gehört dem ganzen Dorf“, sagte die Französin.")
    names = {"Clara Winter": ("PERSON", "Clara Winter"), "Jonas Brandt": ("PERSON", "Jonas Brandt")}
    q = quote_starting(quotes(text, names), "Dieser Preis")
    assert q.speaker == "Clara Winter"  # `die Französin`: a woman, so not Jonas Brandt


def test_an_adjective_before_a_role_noun_is_not_the_speaker():
    text = ("EU Commissioner Teresa Ribera presented the plan in Brussels.\n\n"
            "“This is a plan for every region,” the Spanish commissioner added.")
    names = {"Teresa Ribera": ("PERSON", "Teresa Ribera"), "Spanish": ("MISC", "Spanish")}
    q = quote_starting(quotes(text, names, "en"), "This is a plan")
    assert q.speaker == "Teresa Ribera"


def test_an_unresolved_role_phrase_stays_as_text_without_a_key():
    text = "„Das ist ein guter Tag für das Land“, sagte der Kanzler."
    (q,) = quotes(text, {})
    assert (q.speaker, q.speaker_key) == ("der Kanzler", None)
    text = "“We will not wait,” the Spanish commissioner added."
    (q,) = quotes(text, {"Spanish": ("MISC", "Spanish")}, "en")
    assert q.speaker == "the Spanish commissioner" and q.speaker_key is None


def test_the_thing_after_said_before_its_quotation_is_no_speaker():
    text = "Mary Hollis welcomed the deal on Monday and said the extension “buys time for the talks”."
    (q,) = quotes(text, {"Mary Hollis": ("PERSON", "Mary Hollis")}, "en")
    assert q.speaker != "the extension"


def test_a_person_the_text_always_calls_by_a_role_keeps_the_role():
    text = ("Der König antwortete nicht. Der Diener Karl Weber kniete neben ihm.\n\n"
            "„Es ist nicht meine Schuld“, sagte der König.")
    names = {"Karl Weber": ("PERSON", "Karl Weber")}
    q = quote_starting(quotes(text, names), "Es ist nicht")
    assert q.speaker == "der König"


# -- appositions and pronouns


def test_a_person_named_in_an_apposition_takes_over_the_pronoun():
    text = ("„Das Urteil ist falsch“, sagte Karl Müller. Der Präsident des Verbands, Hans Muster, "
            "widersprach am Abend.\n\n„Wir respektieren das Gericht“, sagte er.")
    names = {"Karl Müller": ("PERSON", "Karl Müller"), "Hans Muster": ("PERSON", "Hans Muster")}
    q = quote_starting(quotes(text, names), "Wir respektieren")
    assert q.speaker == "Hans Muster"


def test_a_newly_introduced_person_takes_over_a_pronoun():
    text = ("“We will win this,” said Tom Baker. Peter Lang spoke after him at the conference.\n\n"
            "He told delegates: “The plan is sound.”")
    names = {"Tom Baker": ("PERSON", "Tom Baker"), "Peter Lang": ("PERSON", "Peter Lang")}
    q = quote_starting(quotes(text, names, "en"), "The plan")
    assert q.speaker == "Peter Lang"


def test_the_last_speaker_keeps_the_pronoun_when_no_one_new_is_named():
    text = ("“We will win this,” said Tom Baker. The crowd cheered.\n\n"
            "He told delegates: “The plan is sound.”")
    names = {"Tom Baker": ("PERSON", "Tom Baker")}
    q = quote_starting(quotes(text, names, "en"), "The plan")
    assert q.speaker == "Tom Baker"


# -- quotations over paragraphs


def test_a_quotation_continued_over_two_paragraphs_keeps_its_speaker():
    text = ("„Wir haben viel erreicht“, sagte Anna Berger. „Aber der Weg ist noch weit.\n\n"
            "„Nächstes Jahr wollen wir das Doppelte schaffen.“")
    found = quotes(text, {"Anna Berger": ("PERSON", "Anna Berger")})
    parts = [quote_starting(found, w) for w in ("Wir haben", "Aber der Weg", "Nächstes Jahr")]
    assert [q.speaker for q in parts] == ["Anna Berger"] * 3
    assert parts[1].text == "„Aber der Weg ist noch weit."  # to the paragraph end


def test_an_english_first_paragraph_without_a_closing_mark_is_a_quotation():
    text = ('Tom Baker said the route would stay. "I ride it every day, and so do my neighbours.\n\n'
            '"Nobody here can afford a car."')
    found = quotes(text, {"Tom Baker": ("PERSON", "Tom Baker")}, "en")
    first = quote_starting(found, "I ride it")
    assert first.text.endswith("neighbours.") and first.speaker == "Tom Baker"
    assert quote_starting(found, "Nobody here").speaker == "Tom Baker"


def test_an_unclosed_mark_before_a_paragraph_that_does_not_go_on_is_dropped():
    text = 'He said "this goes nowhere.\n\nThe next paragraph is plain text.'
    assert quotes(text, {}, "en") == []


# -- speaker pages


def _annotated(quotes: list[Quote]) -> AnnotatedArticle:
    article = Article(path=Path("a.md"), slug="a", title="A", lang="de", body_markdown="", text="x" * 100)
    return AnnotatedArticle(article, Annotations("test", [], quotes, []))


def test_an_unresolved_role_phrase_gets_no_speaker_page():
    index = build_index([_annotated([
        Quote(0, 10, "„…“", speaker="der Kanzler", speaker_key=None),
        Quote(20, 30, "„…“", speaker="Anna Beispiel", speaker_key="anna-beispiel"),
    ])])
    assert list(index.speakers) == ["anna-beispiel"]


def test_a_description_the_entity_rules_took_for_a_name_is_resolved():
    text = ("Gesundheitsministerin Elena Roth stellte die Zahlen vor. Sie sprach von einem schweren Jahr.\n\n"
            "„Wir sparen, wo wir können“, sagte die Walliserin.")
    names = {"Elena Roth": ("PERSON", "Elena Roth"), "Walliserin": ("PERSON", "Walliserin")}
    q = quote_starting(quotes(text, names), "Wir sparen")
    assert q.speaker == "Elena Roth"


def test_a_paragraph_ending_with_a_colon_introduces_the_quotation_of_the_one_person_it_names():
    text = ("In her closing remarks, Mary Hollis turned to the voters:\n\n"
            "“I hear you, and I will not forget it.”")
    (q,) = quotes(text, {"Mary Hollis": ("PERSON", "Mary Hollis")}, "en")
    assert q.speaker == "Mary Hollis"


def test_a_partial_quotation_without_a_speech_verb_is_the_words_of_the_sentence_subject():
    text = "Senator Mary Hollis dismissed the proposal as a “reckless gamble with public money” on Monday."
    (q,) = quotes(text, {"Mary Hollis": ("PERSON", "Mary Hollis")}, "en")
    assert q.speaker == "Mary Hollis"
    text = "Ministerin Anna Berger verteidigte den Plan als „einen mutigen Schritt nach vorn“."
    (q,) = quotes(text, {"Anna Berger": ("PERSON", "Anna Berger")})
    assert q.speaker == "Anna Berger"


def test_a_pronoun_after_a_relative_pronoun_is_the_subject_named_in_the_apposition():
    text = ("The Welsh Conservative leader, Darren Millar, focused on the speed limit, which he called "
            "“a monument to everything that is wrong”.")
    (q,) = quotes(text, {"Darren Millar": ("PERSON", "Darren Millar"), "Welsh": ("MISC", "Welsh")}, "en")
    assert q.speaker == "Darren Millar"


def test_a_sentence_ending_in_a_mixed_case_name_ends_there():
    """`VdK.` is a name and a full stop, not an abbreviation (sitegen's tokenizer splits it): the
    next sentence's subject speaks."""
    from sitegen.annotate import Annotator

    text = ('Kritik kam auch vom Sozialverband VdK. Verena Bentele nannte die Erhöhung "ein falsches Signal '
            'für alle, die auf Bus und Bahn angewiesen sind".')
    (q,) = Annotator().annotate(text, "de").quotes
    assert q.speaker == "Verena Bentele"
