"""Titles, names and scare quotes in quotation marks are not quotes (issue 16), with curly,
straight and spaced marks; someone's words stay quotes.

The sentences are written for these tests; each runs through the rule pipeline as a build does."""

from __future__ import annotations

import time

import pytest
from quote_helpers import blank

from sitegen.annotate import Annotator
from sitegen.annotate.quotes import Context
from sitegen.annotate.quotes.classify import Classifier
from sitegen.annotate.sources import find_citations


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


def quoted(annotator: Annotator, text: str, lang: str = "de") -> list[str]:
    return [q.text for q in annotator.annotate(text, lang).quotes]


@pytest.mark.parametrize("text", [
    # a film title opening a sentence, with a predicate after it
    '"Das Licht im Hof" läuft ab Donnerstag in den Kinos.',
    # a director's film: a person's genitive before it
    'Regisseurin Anna Beispiels "Kalter Sommer" eröffnet das Festival.',
    # the medium a report verb names
    'Die Kürzungen seien beschlossen, berichtet die "Lausitzer Post".',
    # a newspaper known by name, in any case
    'Das Gesetz sei gescheitert, schreibt die "Presse".',
    # a programme and its broadcaster
    'Das sei ein Fehler, sagte Meier in der „abendschau“ des rbb.',
    # a work in parentheses after its author
    'Die Regisseurin Anna Beispiel („Kalter Sommer“) kritisierte die Förderung.',
    # a programme whose broadcaster is the compound's first part
    'Das sei ein Fehler, sagte Meier im NDR-„Nachtjournal“.',
    # a paper in a plural dative after the speaker
    'Meier sagte den "Lübecker Nachrichten", das reiche nicht.',
    # a staging named after its noun
    'Bekannt wurde sie mit der Inszenierung "Die Nacht kennt keinen Morgen" in Bochum.',
    # a title with lower-case words opening a sentence, the verb after it saying what it is about
    '"Die stille Grenze" erzählt von zwei Schwestern in Görlitz.',
    # a crime series episode after the series' name
    'Der Tatort "Blaues Wasser" erreichte am Sonntag acht Millionen Zuschauer.',
])
def test_a_german_title_in_quotation_marks_is_no_quote(annotator, text):
    assert quoted(annotator, text) == []


@pytest.mark.parametrize("text", [
    "Der Hauptpreis ging an « Die Stille nach dem Sturm » von Anna Beispiel.",
    "Der Hauptpreis ging an «Die Stille nach dem Sturm» von Anna Beispiel.",
])
def test_a_title_in_spaced_or_closed_guillemets_is_no_quote(annotator, text):
    assert quoted(annotator, text) == []


@pytest.mark.parametrize("text, title", [
    ('The minister went on ITV\'s "Morning Desk" to defend the plan.', "Morning Desk"),
    ('"It was a long road," said Anna Example, who won best actress for "Quiet Water" on Sunday.', "Quiet Water"),
    ('The minister said his "Blue Harbour" photograph was taken in 1968.', "Blue Harbour"),
])
def test_an_english_title_in_quotation_marks_is_no_quote(annotator, text, title):
    assert [q for q in quoted(annotator, text, "en") if title in q] == []


def test_a_scare_quote_is_no_quote(annotator):
    assert quoted(annotator, 'Shares fell amid fears of a "crypto winter" across the market.', "en") == []


@pytest.mark.parametrize("text, lang", [
    ('"Wir werden das schaffen", sagte Anna Beispiel.', "de"),
    ('Der Minister sagte: "Die Lage ist ernst."', "de"),
    ('Anna Beispiel warnte vor "Chaos auf den Straßen".', "de"),
    ("Anna Beispiel sagte: « Das ist ein guter Tag für Basel. »", "de"),
    ('Die Ministerin sprach von einem "historischen Tag".', "de"),
    # words said before their verb, with a comma, even when the verb could say what a work is about
    ('"Wir haben zu lange gewartet", erzählt die Winzerin von der Mosel.', "de"),
    ('Senator Anna Example called the plan a "disaster for families".', "en"),
    ('Senator Anna Example has been attacking the plan as a "tax trap" for weeks.', "en"),
    ('"We will win this," said Anna Example.', "en"),
    # name-like words after a preposition, with a speech verb after them
    ('Sie kämpfe für "Recht und Freiheit", sagte Anna Beispiel.', "de"),
    ('The senator vowed to fight for "Justice and Freedom," she said.', "en"),
])
def test_someones_words_stay_quotes(annotator, text, lang):
    assert len(quoted(annotator, text, lang)) == 1


@pytest.mark.parametrize("lang, unit", [
    ("de", 'Sie lobte „Das Licht“ (»Kalter Sommer«) und einen "Neustart", berichtet die "Post", laut dpa, '),
    ("en", 'they praised "The Light" (“Cold Summer”) and a "fresh start", the "Post" reported, '
           'according to Reuters, she told the BBC, '),
])
def test_ten_thousand_marks_in_one_paragraph_stay_linear(lang, unit):
    """The title and scare-quote rules and the citation rules look at a bounded stretch around
    each quotation or cue: their time grows with the marks, not with their square."""

    def seconds(n: int) -> float:
        ctx = Context(blank(lang)(unit * n), [])
        classifier = Classifier(ctx)
        started = time.process_time()  # CPU time: other jobs on a shared machine take wall time only
        for span in ctx.spans:
            classifier.is_mention(span)
            classifier.title(span)
        find_citations(ctx, [], ())
        return time.process_time() - started

    seconds(50)  # warm up
    # 2,400 and 9,600 quotation marks in one paragraph; the best of three (a shared machine)
    small, large = min(seconds(300) for _ in range(3)), min(seconds(1200) for _ in range(3))
    assert large < small * 4 * 2.0, (small, large)  # quadratic would be 16 times


@pytest.mark.parametrize("text, lang", [
    ("Vor dem Rathaus standen Bauern mit Schildern, auf denen „Acker statt Asphalt“ stand.", "de"),
    ("Sie trugen Transparente mit der Aufschrift „Kohle stoppen“.", "de"),
    ('Protesters carried placards reading "Hands off our buses" outside City Hall.', "en"),
    ('A banner that read "No to the toll" hung from the bridge.', "en"),
])
def test_words_written_on_signs_and_banners_are_no_quote(annotator, text, lang):
    assert quoted(annotator, text, lang) == []


def test_words_said_after_a_sentence_about_signs_stay_a_quote(annotator):
    text = "Die Demonstranten hielten Schilder hoch. „Wir geben nicht auf“, sagte die Sprecherin."
    assert quoted(annotator, text) == ["„Wir geben nicht auf“"]


def test_a_campaign_slogan_is_a_name_not_words_said(annotator):
    text = 'The campaign slogan "Keep the Harbour Working" appeared on hats and posters.'
    assert quoted(annotator, text, "en") == []
