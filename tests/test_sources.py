"""Cited sources (issue 6): who reported a quote or claim, also when named by a noun (`die Zeitung`)."""

from __future__ import annotations

import pytest
from quote_helpers import FIXTURES, SEED_NAMES, blank, entities, seed_text

from sitegen.annotate import Annotator
from sitegen.annotate.quotes import Context, quotes_in
from sitegen.annotate.sources import attach_sources, find_citations
from sitegen.model import Source


def cite(text: str, lang: str = "de", names: dict | None = None, known=()):
    ctx = Context(blank(lang)(text), entities(text, names or {}))
    found = quotes_in(ctx)
    citations = find_citations(ctx, found, known)
    return citations, attach_sources(ctx, found, citations)


def sentence_of(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else len(text)]


SEED_CITED = {
    # source: a phrase of each sentence (paragraph) that cites it
    "New York Times": ["berichtete die New York Times", "Die Zeitung sagte"],
    "TASS": ["laut der staatlichen Nachrichtenagentur TASS"],
    "Weißes Haus": ["in einer Erklärung", "Laut dem Weißen Haus"],
    "Xinhua": ["„immer fair und fair“", "fügte Xinhua hinzu"],
    "KCNA": ["Korea Central News Agency zitierte"],
    "NHK": ["berichtete der japanische öffentlich-rechtliche Sender NHK", "fügte der Sender hinzu"],
}


def check_seed_citations(citations, text: str) -> None:
    assert {c.source for c in citations} == set(SEED_CITED)
    for source, places in SEED_CITED.items():
        cited_in = [sentence_of(text, c.start) for c in citations if c.source == source]
        for place in places:
            assert any(place in sentence for sentence in cited_in), (source, place)
    for c in citations:
        assert text[c.start:c.end] == c.text


def test_seed_article_cites_its_six_sources_where_the_text_cites_them():
    text = seed_text()
    citations, _ = cite(text, names=SEED_NAMES)
    check_seed_citations(citations, text)


def test_seed_article_with_the_real_pipeline():
    text = seed_text()
    annotations = Annotator().annotate(text, "de")
    check_seed_citations(annotations.citations, text)
    by_text = {q.text[1:-1][:20]: q.sources for q in annotations.quotes}
    assert by_text["Angriffe mit US-Rake"] == ("TASS",)
    assert by_text["Die USA und der West"] == ("KCNA",)


def test_seed_quotes_carry_the_sources_of_their_sentence():
    text = seed_text()
    _, found = cite(text, names=SEED_NAMES)
    sources = {q.text[1:-1]: q.sources for q in found}
    assert sources["immer fair und fair"] == ("Xinhua",)
    assert sources["nicht untätig zusehen"] == ("Xinhua",)
    assert "Weißes Haus" in next(s for t, s in sources.items() if t.startswith("tiefe Besorgnis"))
    assert next(s for t, s in sources.items() if t.startswith("Präsident Biden")) == ("Weißes Haus",)
    # no citation in the sentence: no source
    assert next(s for t, s in sources.items() if t.startswith("Heute sprechen")) == ()


def test_claims_without_a_named_source_are_not_citations():
    citations, _ = cite("Die USA genehmigten laut Medienberichten den Einsatz, berichtete die Zeitung "
                        "unter Berufung auf nicht identifizierte Beamte.")
    assert citations == []


def test_postposition_zufolge():
    citations, _ = cite("Der Agentur Reuters zufolge ist die Brücke wieder offen.",
                        names={"Reuters": ("ORG", "Reuters")})
    assert [c.source for c in citations] == ["Reuters"]
    assert "zufolge" in citations[0].text


def test_known_sources_match_by_id_and_give_their_name():
    known = [Source(name="Nachrichtenagentur Xinhua", url="https://example.org/xinhua", id="xinhua")]
    citations, _ = cite("Xi sprach von Frieden, berichtete Xinhua.", known=known,
                        names={"Xinhua": ("ORG", "Xinhua"), "Xi": ("PERSON", "Xi Jinping")})
    assert [c.source for c in citations] == ["Nachrichtenagentur Xinhua"]


def test_a_person_speaking_is_not_a_source():
    citations, _ = cite("„Wir bleiben“, sagte Scholz.", names={"Scholz": ("PERSON", "Olaf Scholz")})
    assert citations == []


# -- English ----------------------------------------------------------------------------------

SENATE_NAMES = {
    "Maria Lopez": ("PERSON", "Maria Lopez"), "Lopez": ("PERSON", "Maria Lopez"),
    "John Miller": ("PERSON", "John Miller"), "Miller": ("PERSON", "John Miller"),
    "Reuters": ("ORG", "Reuters"), "Fox News": ("ORG", "Fox News"),
    "White House": ("ORG", "White House"), "Washington Post": ("ORG", "The Washington Post"),
    "Associated Press": ("ORG", "Associated Press"),
}


@pytest.fixture(scope="module")
def senate():
    text = (FIXTURES / "quotes_en_senate.txt").read_text(encoding="utf-8")
    citations, found = cite(text, "en", SENATE_NAMES)
    return text, citations, found


def test_english_citation_phrases(senate):
    text, citations, _ = senate
    got = [(c.source, c.text) for c in citations]
    assert got == [
        ("Reuters", "according to Reuters"),
        ("Fox News", "told Fox News"),
        ("White House", "in a statement"),
        ("The Washington Post", "The Washington Post reported"),
        ("The Washington Post", "The newspaper said"),
        ("Associated Press", "According to the Associated Press"),
    ]


def test_english_quotes_carry_their_sources(senate):
    _, _, found = senate
    sources = {q.text.strip('",.'): q.sources for q in found}
    assert sources["It is not over"] == ("Fox News",)
    assert sources["as soon as it reaches his desk"] == ("White House",)
    assert sources["This is a historic day for American workers"] == ()


def test_the_agency_refers_back_to_the_agency_not_the_newspaper():
    text = ("The Washington Post reported the deal first. Reuters, the news agency, confirmed it according "
            "to Reuters. The newspaper said more was to come. The agency said nothing.")
    citations, _ = cite(text, "en", SENATE_NAMES)
    by_text = {c.text: c.source for c in citations}
    assert by_text["The newspaper said"] == "The Washington Post"
    assert by_text["The agency said"] == "Reuters"


def test_source_named_by_more_than_its_adjective_entity():
    citations, _ = cite("Rain is expected next week, according to the German Weather Service.", "en",
                        {"German": ("MISC", "German")})
    assert [c.source for c in citations] == ["German Weather Service"]


def test_front_matter_source_without_an_entity_is_cited_by_name():
    known = [Source(name="Público", url="https://www.publico.pt/")]
    citations, _ = cite("Engineers replaced 312 cables, the newspaper Público reported.", "en", known=known)
    assert [c.source for c in citations] == ["Público"]
