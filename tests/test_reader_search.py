"""Search results show article text: the headline's fields (dateline, date, byline, tags) and the
sections that are not article text (related stories, names, credits) are left out of the index."""

from __future__ import annotations

import html5lib
import pytest
from published import BRIDGE_SLUG, GERMAN_SLUG, PREFIX, site, wait_for  # noqa: F401 - `site` is a fixture

EXCERPTS = "return Array.from(document.querySelectorAll('.pagefind-ui__result-excerpt')).map(e => e.textContent)"


def indexed_text(html: str) -> str:
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    body = next(e for e in document.iter() if e.get("data-pagefind-body") is not None)

    def text(element) -> str:
        if element.get("data-pagefind-ignore") is not None:
            return element.tail or ""
        inner = (element.text or "") + "".join(text(child) for child in element)
        return inner + " " + (element.tail or "")

    return " ".join(text(body).split())


def test_the_index_holds_the_headline_and_body_not_the_fields_and_end_sections(site):  # noqa: F811
    html = (site / "articles" / f"{GERMAN_SLUG}.html").read_text(encoding="utf-8")
    text = indexed_text(html)
    assert text.startswith("USA erlauben der Ukraine")  # the headline, then the body
    assert "Langstreckenraketen" in text
    for not_text in ("TAIPEI", "18. November 2024", "Verwandte Geschichten",
                     "In diesem Artikel genannt", "Annotationen als JSON"):
        assert not_text in html and not_text not in text, not_text


@pytest.mark.browser
def test_search_excerpts_come_from_the_body_only(site, http_site, browser):  # noqa: F811
    base = http_site(site, PREFIX)
    browser.get(base + "search/en/?q=bridge")
    wait_for(browser, lambda d: d.execute_script(EXCERPTS), message="no result for 'bridge'")
    excerpts = browser.execute_script(EXCERPTS)
    assert excerpts
    article = (site / "articles" / f"{BRIDGE_SLUG}.html").read_text(encoding="utf-8")
    assert "November 20, 2026" in article and "By " in article
    for excerpt in excerpts:
        assert "November 20, 2026" not in excerpt and "By sitegen" not in excerpt and "LISBON" not in excerpt


def test_a_related_stories_heading_in_wire_capitals_reads_as_a_title(site):  # noqa: F811
    html = (site / "articles" / f"{GERMAN_SLUG}.html").read_text(encoding="utf-8")
    assert '<h2 id="related-title">Verwandte Geschichten</h2>' in html


@pytest.mark.browser
def test_a_search_finds_articles_in_the_other_language_too(site, http_site, browser):  # noqa: F811
    base = http_site(site, PREFIX)
    links = "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(a => a.pathname)"
    browser.get(base + "search/en/?q=Selenskyj")  # only the German article names him
    wait_for(browser, lambda d: d.execute_script(links), message="the English search page found no German article")
    assert f"{PREFIX}articles/{GERMAN_SLUG}.html" in browser.execute_script(links)
    browser.get(base + "search/de/?q=harbour")
    wait_for(browser, lambda d: d.execute_script(links), message="the German search page found no English article")
    assert f"{PREFIX}articles/{BRIDGE_SLUG}.html" in browser.execute_script(links)
