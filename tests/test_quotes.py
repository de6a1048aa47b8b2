"""Quotations and speakers (issue 6): what counts as a quote, where it starts and ends, who said it."""

from __future__ import annotations

from collections import Counter

import pytest
from quote_helpers import FIXTURES, SEED_NAMES, blank, entities, seed_text

from sitegen.annotate import Annotator
from sitegen.annotate.quotes import Context, editorial_insertions, find_quotes, quotes_in, scan_quotation_marks
from sitegen.annotate.sources import find_citations


def quotes(text: str, lang: str = "de", names: dict | None = None):
    doc = blank(lang)(text)
    return find_quotes(doc, entities(text, names or {}))


def inner(quote) -> str:
    return quote.text[1:-1]


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


# -- the seed article -------------------------------------------------------------------------

SEED_SPEAKERS = {
    "Leonid Slutsky": 1, "Wolodymyr Selenskyj": 2, "Weißes Haus": 1, "Joe Biden": 1,
    "Xi Jinping": 3, "Kim Jong Un": 7, "Japan": 1, None: 1,
}


def check_seed(found) -> None:
    text = seed_text()
    assert len(found) == 17
    for q in found:
        assert text[q.start:q.end] == q.text
        assert q.text[0] == "„" and q.text[-1] == "“", q.text  # the marks belong to the quote
    assert Counter(q.speaker for q in found) == Counter(SEED_SPEAKERS)
    headline = [q for q in found if inner(q) == "entschiedene Reaktion"]
    assert len(headline) == 1 and headline[0].speaker is None and headline[0].cue is None


def test_seed_article_has_17_quotes_with_their_speakers_given_entities():
    text = seed_text()
    check_seed(find_quotes(blank("de")(text), entities(text, SEED_NAMES)))


def test_seed_article_with_the_real_pipeline(annotator):
    check_seed(annotator.annotate(seed_text(), "de").quotes)


def test_seed_speakers_are_entity_keys_where_the_speaker_is_an_entity():
    text = seed_text()
    for q in find_quotes(blank("de")(text), entities(text, SEED_NAMES)):
        if q.speaker is not None:
            assert q.speaker_key == q.speaker.lower().replace(" ", "-")


def test_related_story_headline_alone_has_a_quote_but_no_speaker():
    text = "Die USA geloben Nordkorea eine „entschiedene Reaktion“ für die Entsendung von Truppen nach Russland"
    (q,) = quotes(text, names={"USA": ("PLACE", "Vereinigte Staaten"), "Nordkorea": ("PLACE", "Nordkorea")})
    assert inner(q) == "entschiedene Reaktion" and q.speaker is None


# -- German: marks, attribution, speakers -----------------------------------------------------

def test_quote_broken_by_its_attribution_gives_both_parts_the_speaker():
    text = "„Das ist der erste Teil“, sagte Selenskyj. „Und das ist der zweite. Er hat zwei Sätze.“"
    found = quotes(text, names={"Selenskyj": ("PERSON", "Wolodymyr Selenskyj")})
    assert [inner(q) for q in found] == ["Das ist der erste Teil", "Und das ist der zweite. Er hat zwei Sätze."]
    assert {q.speaker for q in found} == {"Wolodymyr Selenskyj"}
    assert found[0].cue == "sagte"


@pytest.mark.parametrize("text", [
    "»Wir bleiben hier«, erklärte Müller am Abend.",
    "«Wir bleiben hier», erklärte Müller am Abend.",
    '"Wir bleiben hier", erklärte Müller am Abend.',
    "Müller erklärte: „Wir bleiben hier.“",
])
def test_german_quotation_mark_styles(text):
    (q,) = quotes(text, names={"Müller": ("PERSON", "Anna Müller")})
    assert inner(q).rstrip(".") == "Wir bleiben hier" and q.speaker == "Anna Müller"


def test_nested_single_marks_stay_inside_the_outer_quote():
    text = "„Er rief ‚Feuer frei‘ und ging dann nach Hause“, sagte die Zeugin."
    found = quotes(text)
    outer = [q for q in found if q.text.startswith("„")]
    assert len(outer) == 1 and "‚Feuer frei‘" in outer[0].text
    assert outer[0].speaker == "die Zeugin"


def test_speaker_phrase_is_kept_when_it_is_no_entity():
    (q,) = quotes("„Die Lage ist ernst“, sagten die Beamten.")
    assert q.speaker == "die Beamten" and q.speaker_key is None


def test_partial_quote_in_reported_speech_gets_the_speaker():
    text = "Xi sagte außerdem, dass China „keine Konflikte auf der Halbinsel zulassen“ werde."
    (q,) = quotes(text, names={"Xi": ("PERSON", "Xi Jinping"), "China": ("PLACE", "China")})
    assert q.speaker == "Xi Jinping" and q.cue == "sagte"


def test_reported_speech_in_the_konjunktiv_ii_goes_on_with_the_speaker_before():
    """`sie haben` in the Konjunktiv I reads as the indicative, so reported speech takes the
    Konjunktiv II: `Ihre Spielerinnen hätten „…“` reports what the coach said."""
    text = "Trainerin Anna Roth lobte ihre Mannschaft. Ihre Spielerinnen hätten „bis zuletzt gekämpft“."
    (q,) = quotes(text, names={"Anna Roth": ("PERSON", "Anna Roth")})
    assert q.speaker == "Anna Roth"


def test_a_quotation_opening_its_sentence_after_an_invisible_character_has_no_subject_of_its_own():
    """A zero-width space before the mark is no text: the quotation opens its sentence, and a
    name cut at the mark (`\u200b„Er`, an entity the model made of the mark and a word inside)
    is not who said it."""
    text = "\u200b„Er sagte ‚nie‘ “"
    (q,) = quotes(text, "en", names={"\u200b„Er": ("ORG", "Er")})
    assert q.speaker is None


def test_single_quoted_word_attributed_to_someone_is_a_quote():
    text = ("Der Machthaber Kim Jong Un beschuldigte die USA, einen Krieg „inszeniert“ zu haben.")
    (q,) = quotes(text, names={"Kim Jong Un": ("PERSON", "Kim Jong Un"), "USA": ("PLACE", "USA")})
    assert inner(q) == "inszeniert" and q.speaker == "Kim Jong Un"


def test_short_form_and_pronoun_resolve_to_the_full_name():
    text = ("Kim Jong Un sprach am Freitag vor Offizieren.\n\n"
            "„Wir werden stärker“, sagte Kim.\n\n"
            "„Ohne Einschränkungen“, fügte er hinzu.")
    found = quotes(text, names={"Kim Jong Un": ("PERSON", "Kim Jong Un")})
    assert [q.speaker for q in found] == ["Kim Jong Un", "Kim Jong Un"]
    assert found[1].cue == "fügte … hinzu"


def test_so_after_a_quote_names_the_speaker():
    (q,) = quotes("„Das war ein Fehler“, so Scholz.", names={"Scholz": ("PERSON", "Olaf Scholz")})
    assert q.speaker == "Olaf Scholz"


def test_quote_without_a_speaker_in_the_text_has_none():
    found = quotes("Der Minister trat zurück.\n\n„Das ist das Ende einer langen Geschichte.“")
    assert len(found) == 1 and found[0].speaker is None


# -- not quotes: titles, names, scare quotes --------------------------------------------------

@pytest.mark.parametrize("text", [
    "Das berichtete die Zeitung „Welt am Sonntag“ am Wochenende.",
    "Im Kino läuft der Film „Das Boot“ wieder.",
    "Die Ausstellung „Kunst der Moderne“ öffnet im Mai.",
    "Die Operation „Barbarossa“ begann 1941.",
    "Er las das Buch „Krieg und Frieden“ zweimal.",
])
def test_titles_and_names_in_quotation_marks_are_not_quotes(text):
    assert quotes(text) == []


@pytest.mark.parametrize("text", [
    "Ärzte unterscheiden die „normale“ Grippe von der Vogelgrippe.",
    "Das Wort „Ode“ kommt aus dem Griechischen.",
    "Der sogenannte „Kompromiss“ hielt nicht lange.",
    "Das Bündnis nennt sich „Stadt für alle“ und fordert mehr Wohnungen.",  # a name taken
    "Die Gruppe, die sich selbst „Letzte Generation“ nennt, klebte sich fest.",
])
def test_scare_quotes_and_mentioned_words_are_not_quotes(text):
    assert quotes(text) == []


def test_a_name_someone_takes_is_not_a_quote_in_english():
    assert quotes("The group calls itself “Friends of the Earth” and protests weekly.", "en") == []
    assert len(quotes("The minister called the plan “a disgrace” on Monday.", "en")) == 1  # words said


def fixture_lines(name: str) -> list[str]:
    return [line for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("sentence", fixture_lines("quotes_de_titles.txt"))
def test_newspapers_films_ships_in_quotation_marks_are_names_not_quotes(sentence):
    assert quotes(sentence) == []


def test_titles_stay_names_with_the_real_entity_pipeline(annotator):
    for sentence in fixture_lines("quotes_de_titles.txt"):
        assert annotator.annotate(sentence, "de").quotes == [], sentence


@pytest.mark.parametrize("line", fixture_lines("quotes_de_spoken.tsv"))
def test_spoken_quotes_in_german_news_sentences_get_the_named_speaker(line):
    sentence, speaker = line.split("\t")
    found = quotes(sentence)
    assert found, sentence
    for q in found:
        assert q.speaker is not None and speaker in q.speaker, (q.text, q.speaker)


# -- broken input -----------------------------------------------------------------------------

def test_unclosed_mark_does_not_swallow_the_next_paragraph():
    text = "„Das ist offen, sagte er.\n\nScholz erklärte: „Wir machen weiter.“"
    found = quotes(text, names={"Scholz": ("PERSON", "Olaf Scholz")})
    assert [inner(q) for q in found] == ["Wir machen weiter."]
    assert found[0].speaker == "Olaf Scholz"


@pytest.mark.parametrize("text", [
    "Er sagte“ nichts dazu.",
    "Ein einzelnes „ steht hier.",
    "“”„“«»‚‘",
    '"',
    "„",
    "",
])
def test_stray_marks_never_crash(text):
    found = quotes(text)
    for q in found:
        assert 0 <= q.start < q.end <= len(text)


def test_scanner_bounds_quotes_by_the_paragraph():
    text = "Erster „Absatz ohne Ende\n\nZweiter Absatz mit „Zitat hier“ drin."
    spans = scan_quotation_marks(text)
    assert [text[s.start:s.end] for s in spans] == ["„Zitat hier“"]


def test_a_straight_mark_only_closes_in_a_text_that_closes_german_marks_with_it():
    # `„…"` style: the stray mark after `kalt.` opens nothing, so it cannot pair with the last mark
    text = 'Paul. Mir ist kalt. "Lena. „Wohin gehen wir morgen?" Ich. „Nach Hause." Paul. Wer weiß das schon?" Lena lacht.'
    spans = [s for s in scan_quotation_marks(text) if s.depth == 0]
    assert [text[s.start:s.end] for s in spans] == ['„Wohin gehen wir morgen?"', '„Nach Hause."']


def test_quote_over_several_paragraphs_continues():
    text = "„Der erste Absatz des Zitats.\n\n„Und der zweite Absatz“, sagte Meier."
    found = quotes(text, names={"Meier": ("PERSON", "Eva Meier")})
    assert len(found) == 2 and {q.speaker for q in found} == {"Eva Meier"}


def test_editorial_insertion_offsets_point_at_the_brackets():
    text = seed_text()
    found = find_quotes(blank("de")(text), entities(text, SEED_NAMES))
    (q,) = [q for q in found if "[" in q.text]
    (span,) = editorial_insertions(text, q)
    assert text[span[0]:span[1]] == "[with our current level]"
    assert q.start < span[0] < span[1] < q.end


# -- English ----------------------------------------------------------------------------------

SENATE_NAMES = {
    "Maria Lopez": ("PERSON", "Maria Lopez"), "Lopez": ("PERSON", "Maria Lopez"),
    "John Miller": ("PERSON", "John Miller"), "Miller": ("PERSON", "John Miller"),
    "Reuters": ("ORG", "Reuters"), "Fox News": ("ORG", "Fox News"),
    "White House": ("ORG", "White House"), "Washington Post": ("ORG", "The Washington Post"),
    "Associated Press": ("ORG", "Associated Press"), "Senate": ("ORG", "US Senate"),
}


def senate():
    text = (FIXTURES / "quotes_en_senate.txt").read_text(encoding="utf-8")
    return text, quotes(text, "en", SENATE_NAMES)


def test_english_article_quotes_and_speakers():
    _, found = senate()
    assert [(inner(q).strip(",."), q.speaker) for q in found] == [
        ("This is a historic day for American workers", "Maria Lopez"),
        ("We waited far too long", "Maria Lopez"),
        ("a gift to lobbyists", "John Miller"),
        ("It is not over", "John Miller"),
        ("We will keep fighting", "John Miller"),
        ("as soon as it reaches his desk", "White House"),
        ("Bridges are the backbone of the country", "Maria Lopez"),
        ("and they are falling apart", "Maria Lopez"),
    ]


def test_english_titles_and_scare_quotes_are_not_quotes():
    text, found = senate()
    texts = {inner(q) for q in found}
    for title in ("The Art of the Deal", "Mr. Smith Goes to Washington", "historic", "normal"):
        assert title in text and title not in texts


NESTED_NAMES = {"Tom Baker": ("PERSON", "Tom Baker")}


def nested():
    text = (FIXTURES / "quotes_en_nested.txt").read_text(encoding="utf-8")
    return text, quotes(text, "en", NESTED_NAMES)


def test_english_nested_single_quotes_and_apostrophes():
    text, found = nested()
    outer = found[0]
    assert outer.text.startswith("“When the mayor") and outer.text.endswith("her,”")
    assert outer.speaker == "Tom Baker"
    inside = [q for q in found if outer.start < q.start and q.end < outer.end]
    assert [q.text for q in inside] == ["‘the money is gone,’"]


def test_english_single_marks_as_top_level_quote_with_phrase_speaker():
    _, found = nested()
    (q,) = [q for q in found if q.text.startswith("‘We’re")]
    assert q.text == "‘We’re not the problem,’" and q.speaker == "the mayor’s office"


def test_english_apostrophes_and_scare_quotes_make_no_quotes():
    _, found = nested()
    assert not any("90s" in q.text or q.text == "“fixed”" for q in found)


def test_english_short_form_after_colon():
    _, found = nested()
    (q,) = [q for q in found if "resign" in q.text]
    assert q.text == "“I won’t resign. The council can’t make me.”" and q.speaker == "Tom Baker"


def test_english_seed_articles_get_quotes_with_speakers(annotator):
    from sitegen.config import Config
    from sitegen.read import read_article

    seeds = sorted((FIXTURES.parent.parent / "seeds").glob("*.md"))
    assert seeds
    for path in seeds:
        article = read_article(path, Config())
        if article.lang != "en":
            continue
        found = annotator.annotate(article.text, "en", article.sources).quotes
        assert found, path
        assert sum(q.speaker is not None for q in found) >= len(found) * 0.6, path


def test_random_marks_and_words_never_crash_and_stay_in_the_text():
    import random

    rng = random.Random(6)
    pieces = ["„", "“", "”", '"', "'", "‚", "‘", "’", "»", "«", " ", "\n\n", "\n", ", ", ". ",
              "sagte er", "said Kim", "Wort", "laut TASS", "fügte", "hinzu", "(", ")", "[", "]", "–"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        for lang in ("de", "en"):
            ctx = Context(blank(lang)(text), [])
            found = quotes_in(ctx)
            find_citations(ctx, found, [])
            for q in found:
                assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text
                assert "\n\n" not in q.text


# -- older German newspaper style -------------------------------------------------------------

def test_quoted_paper_name_as_subject_before_its_verb(annotator):
    text = ("Die Brücke bleibt gesperrt. Der „Landbote“ bemerkt dazu: „Die Stadt hat kein Geld "
            "für eine neue.“ Die „Freie Presse“ behaupten sogar, der Rat habe „nichts gewusst“.")
    found = {inner(q): q.speaker for q in annotator.annotate(text, "de").quotes}
    assert found["Die Stadt hat kein Geld für eine neue."] == "Der „Landbote“"
    assert found["nichts gewusst"] == "Die „Freie Presse“"


def test_lowercase_word_after_a_quoted_name_continues_the_sentence(annotator):
    text = "Es regnet. Der „Allg. Landbl.“ schreibt dagegen: „Die Ernte war gut.“"
    (q,) = [q for q in annotator.annotate(text, "de").quotes if "Ernte" in q.text]
    assert q.speaker is not None and "Landbl" in q.speaker


def test_capitalised_verb_form_inside_a_sentence_is_a_noun(annotator):
    text = "Die Bürger haben viele Fragen. „Wann kommt endlich der Bus?“ Niemand weiß es."
    (q,) = annotator.annotate(text, "de").quotes
    assert q.speaker is None and q.cue is None


def test_dialogue_line_opened_by_a_name(annotator):
    text = ("Es war spät. Anna Berger. „Wir haben lange gewartet, aber niemand kam.“ "
            "Thomas Krause. „Das glaube ich nicht.“")
    found = {inner(q): q.speaker for q in annotator.annotate(text, "de").quotes}
    assert found["Wir haben lange gewartet, aber niemand kam."] == "Anna Berger"
    assert found["Das glaube ich nicht."] == "Thomas Krause"


def test_so_far_sentence_after_a_quotation_names_its_speaker(annotator):
    text = ("Der Bericht ist lang. „Die Bahn muss gebaut werden, sonst verliert die Stadt alles.“ "
            "Soweit der Bürgermeister. Der Rat schwieg. „Die Brücke hält.“ Soweit wir wissen, stimmt das.")
    found = {inner(q): q.speaker for q in annotator.annotate(text, "de").quotes}
    assert found["Die Bahn muss gebaut werden, sonst verliert die Stadt alles."] == "der Bürgermeister"
    assert found["Die Brücke hält."] is None


def test_verb_final_clause_speaker_is_the_clause_subject(annotator):
    text = ("Der Fluss mündet in einen See, den Meyer als großen „Blauen Kessel“ bezeichnet. "
            "Das Schiff schwankte, worauf eine ältere Dame (ganz blass) die Worte: „O, dieses Meer“ ausrief. "
            "Es gab einen Mann, der „niemals“ sagte.")
    found = {inner(q): q.speaker for q in annotator.annotate(text, "de").quotes}
    assert found["Blauen Kessel"] == "Meyer"
    assert found["O, dieses Meer"] == "eine ältere Dame"
    assert found.get("niemals") is None


def test_sentence_adverb_is_no_speaker_and_the_subject_follows_the_verb(annotator):
    text = ("Das Heft ist dünn. Endlich wirft die dritte Denkschrift die Frage auf: „Wer soll das bezahlen?“ "
            "Kürzlich wurde in der Stadt eine Brücke „ganz und gar überflüssig“ genannt. "
            "Dann warf Meyer ihm vor: „Du hast gelogen.“")
    found = {inner(q): q.speaker for q in annotator.annotate(text, "de").quotes}
    assert found["Wer soll das bezahlen?"] == "die dritte Denkschrift"
    assert found["ganz und gar überflüssig"] is None
    assert found["Du hast gelogen."] == "Meyer"
