"""What a reader finds in the listings: alphabetical order as in a dictionary (German and
English), snippets that are whole sentences, counts that say what they count."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib

from sitegen.config import Config
from sitegen.indexes import build_index, collated, sentence_around
from sitegen.model import AnnotatedArticle, Annotations, Article, Entity, Quote
from sitegen.pages import entity_listing, site_pages
from sitegen.render import Renderer


def article(text: str, names: list[tuple[str, str]], lang: str = "de", quotes: list[Quote] | None = None,
            slug: str = "a") -> AnnotatedArticle:
    """An annotated article whose ``names`` (name, type) are each mentioned where they stand in ``text``."""
    entities = []
    for name, type_ in names:
        for match in re.finditer(re.escape(name), text):
            entities.append(Entity(match.start(), match.end(), name, type_, name.lower(), name))
    body = Article(path=Path(f"{slug}.md"), slug=slug, title=f"Artikel {slug}", lang=lang, body_markdown=text, text=text)
    return AnnotatedArticle(body, Annotations("test", entities=entities, quotes=quotes or []))


PLACES = ["Zürich", "Österreich", "Bayern", "Ärzte ohne Grenzen", "Afrika", "Oslo"]
GERMAN_ORDER = ["Afrika", "Ärzte ohne Grenzen", "Bayern", "Oslo", "Österreich", "Zürich"]


def test_german_names_sort_as_in_a_dictionary_umlauts_with_their_base_letter():
    assert collated(PLACES) == GERMAN_ORDER
    assert collated(["zebra", "Apfel", "Äpfel", "apfel"])[:3] == ["apfel", "Apfel", "Äpfel"]


def rendered(page, renderer: Renderer) -> str:
    return renderer.render(page.template, page.lang, **page.context)


def listed(html: str, selector: str) -> list[str]:
    root = html5lib.parse(html, namespaceHTMLElements=False)
    section = next(s for s in root.iter("section") if s.get("class") == selector)
    return ["".join(a.itertext()) for a in section.iter("a")]


def test_named_in_this_article_and_the_entity_listing_follow_german_collation(tmp_path: Path):
    text = " ".join(f"{name} war dabei." for name in PLACES)
    item = article(text, [(name, "PLACE") for name in PLACES])
    index = build_index([item])
    config = Config(root=tmp_path)
    renderer = Renderer(config)
    pages = {page.path: page for page in site_pages(index, config)}
    assert listed(rendered(pages["articles/a.html"], renderer), "named") == GERMAN_ORDER
    assert [e.name for e in index.entities_by_type()["PLACE"]] == GERMAN_ORDER  # one mention each
    listing = rendered(entity_listing(index, config), renderer)
    assert listing.index("Österreich") < listing.index("Zürich") and listing.index("Ärzte") < listing.index("Bayern")


def test_speakers_are_listed_in_collation_order_with_labelled_counts(tmp_path: Path):
    text = "„Ja“, sagte Özdemir. „Nein“, sagte Zeller. „Vielleicht“, sagte Adler."
    quotes = [Quote(m.start(), m.end(), m.group(0), name, name.lower())
              for m, name in zip(re.finditer(r"„[^“]+“", text), ["Özdemir", "Zeller", "Adler"], strict=True)]
    index = build_index([article(text, [], quotes=quotes)])
    html = rendered(entity_listing(index, Config(root=tmp_path)), Renderer(Config(root=tmp_path, language="en")))
    assert [e.name for e in index.speakers_listed()] == ["Adler", "Özdemir", "Zeller"]
    assert re.search(r'href="/speakers/adler.html">Adler</a> <span class="count">1 quote</span>', html)


def test_a_snippet_does_not_end_at_an_ordinal_or_an_abbreviation():
    text = ("Die Delegationen trafen sich während der 4. Verhandlungsrunde in Wien. "
            "Laut Dr. Weber kam am 20. November z. B. auch Kurz. Danach reisten alle ab.")
    wien = text.index("Wien")
    assert sentence_around(text, wien, wien + 4, "de") == (
        "Die Delegationen trafen sich während der 4. Verhandlungsrunde in Wien.")
    kurz = text.index("Kurz")
    assert sentence_around(text, kurz, kurz + 4, "de") == "Laut Dr. Weber kam am 20. November z. B. auch Kurz."
    english = "Gov. Brown met Mr. Smith in Jan. 2024 in Oslo. He left. The U.S. team stayed."
    oslo = english.index("Oslo")
    assert sentence_around(english, oslo, oslo + 4, "en") == "Gov. Brown met Mr. Smith in Jan. 2024 in Oslo."
    # a year ends a sentence: only short numbers are German ordinals
    year = "Das war im Jahr 2024. Dann kam Wien dazu."
    assert sentence_around(year, year.index("Wien"), year.index("Wien") + 4, "de") == "Dann kam Wien dazu."


def test_an_entity_page_says_how_many_of_its_mentions_it_shows(tmp_path: Path):
    text = " ".join(f"Satz {n} nennt Wien." for n in range(5))
    index = build_index([article(text, [("Wien", "PLACE")])])
    config = Config(root=tmp_path)
    pages = {page.path: page for page in site_pages(index, config)}
    html = rendered(pages["entities/wien.html"], Renderer(config))
    assert "5 mentions, 3 shown" in html
    assert html.count("<blockquote>") == 3


def legend_buttons(html: str) -> list[str]:
    root = html5lib.parse(html, namespaceHTMLElements=False)
    return [b.get("data-type") for b in root.iter("button") if b.get("data-type")]


def test_the_legend_offers_only_the_kinds_of_highlight_the_article_has(tmp_path: Path):
    config = Config(root=tmp_path)
    renderer = Renderer(config)
    text = "„Wir bleiben“, sagte Adler in Wien."
    quote = Quote(0, text.index("“") + 1, text[: text.index("“") + 1], "Adler", "adler")
    with_quote = article(text, [("Adler", "PERSON"), ("Wien", "PLACE")], quotes=[quote])
    pages = {page.path: page for page in site_pages(build_index([with_quote]), config)}
    assert legend_buttons(rendered(pages["articles/a.html"], renderer)) == ["person", "place", "quote"]
    plain = article("Nichts geschah in Wien.", [("Wien", "PLACE")])
    pages = {page.path: page for page in site_pages(build_index([plain]), config)}
    assert legend_buttons(rendered(pages["articles/a.html"], renderer)) == ["place"]  # no "Sonstiges"
