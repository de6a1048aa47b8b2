"""Search with Pagefind: one index per language (German and English stemming), article text and
the names of the entities an article mentions; the search box on every page leads to it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from published import (  # noqa: F401 - `site` is a fixture
    BRIDGE_SLUG,
    GERMAN_SLUG,
    PREFIX,
    RHINE_SLUG,
    site,
    wait_for,
)

RESULT_LINKS = "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(function (a) { return a.href; })"


def test_one_index_per_language_over_the_articles_only(site: Path):  # noqa: F811
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"]
    assert {"de", "en"} <= set(languages)
    assert languages["de"]["page_count"] == 1  # the German article
    assert languages["en"]["page_count"] == 2  # the two English articles; listings and entity pages are not indexed
    assert (site / "pagefind" / "pagefind-ui.js").exists()


def test_a_search_box_on_every_page_leads_to_the_search_page_of_its_language(site: Path):  # noqa: F811
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.parent.parent.name != "search"]
    assert len(pages) > 20
    for page in pages:
        document = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        forms = [f for f in document.iter("form") if f.get("role") == "search"]
        assert len(forms) == 1, page
        lang = document.get("lang")
        assert forms[0].get("action") == f"{PREFIX}search/{lang}/", page
        assert [i.get("name") for i in forms[0].iter("input")] == ["q"]
        assert (site / "search" / lang / "index.html").exists()


def test_article_pages_index_text_and_entity_names_not_the_chrome(site: Path):  # noqa: F811
    html = (site / "articles" / f"{GERMAN_SLUG}.html").read_text(encoding="utf-8")
    document = html5lib.parse(html, namespaceHTMLElements=False)
    bodies = [e for e in document.iter() if e.get("data-pagefind-body") is not None]
    assert len(bodies) == 1 and bodies[0].tag == "article"
    text = "".join(bodies[0].itertext())
    assert "Selenskyj" in text and "Langstreckenraketen" in text
    assert "Skip to content" not in text and "Zum Inhalt springen" not in text


def _search(driver, base: str, start: str, words: str) -> list[str]:
    """Type ``words`` into the header search box of ``start``, submit, return the result paths."""
    driver.get(base + start)
    box = driver.find_element("css selector", "header form[role=search] input[name=q]")
    box.send_keys(words)
    box.submit()
    wait_for(driver, lambda d: "/search/" in d.current_url, message="the search form did not lead to the search page")
    wait_for(driver, lambda d: d.execute_script(RESULT_LINKS), message=f"no result for {words!r}")
    return [urlsplit(url).path for url in driver.execute_script(RESULT_LINKS)]


@pytest.mark.browser
def test_search_box_finds_a_german_article_by_a_name_in_it(site: Path, http_site, browser):  # noqa: F811
    base = http_site(site, PREFIX)
    results = _search(browser, base, f"articles/{GERMAN_SLUG}.html", "Selenskyj")
    assert urlsplit(browser.current_url).path == f"{PREFIX}search/de/"
    assert browser.find_element("tag name", "html").get_attribute("lang") == "de"
    assert results[0] == f"{PREFIX}articles/{GERMAN_SLUG}.html"


@pytest.mark.browser
def test_search_box_finds_an_english_article_by_a_name_in_it(site: Path, http_site, browser):  # noqa: F811
    base = http_site(site, PREFIX)
    results = _search(browser, base, "", "Vermeer")
    assert urlsplit(browser.current_url).path == f"{PREFIX}search/en/"
    assert results[0] == f"{PREFIX}articles/{RHINE_SLUG}.html"
    assert f"{PREFIX}articles/{BRIDGE_SLUG}.html" not in results


@pytest.mark.browser
def test_search_stems_german_and_english_words(site: Path, http_site, browser):  # noqa: F811
    base = http_site(site, PREFIX)
    # the German text has "Langstreckenraketen" (plural) only; the English one "barges" only
    browser.get(base + "search/de/?q=Langstreckenrakete")
    wait_for(browser, lambda d: d.execute_script(RESULT_LINKS), message="German stemming found nothing")
    assert urlsplit(browser.execute_script(RESULT_LINKS)[0]).path == f"{PREFIX}articles/{GERMAN_SLUG}.html"
    browser.get(base + "search/en/?q=barge")
    wait_for(browser, lambda d: d.execute_script(RESULT_LINKS), message="English stemming found nothing")
    assert urlsplit(browser.execute_script(RESULT_LINKS)[0]).path == f"{PREFIX}articles/{RHINE_SLUG}.html"


@pytest.mark.browser
def test_search_finds_an_article_by_an_annotated_entity_name(site: Path, http_site, browser):  # noqa: F811
    """Each article lists the canonical names of the entities it mentions, and those are indexed."""
    document = html5lib.parse((site / "articles" / f"{RHINE_SLUG}.html").read_text(encoding="utf-8"),
                              namespaceHTMLElements=False)
    named = [e for e in document.iter("ul") if e.get("class") == "named-list"]
    if not named:
        pytest.skip("the entity stage found no entity in the article")
    names = ["".join(a.itertext()) for a in named[0].iter("a")]
    person = next((n for n in names if " " in n), names[0])
    base = http_site(site, PREFIX)
    browser.get(base + f"search/en/?q={person}")
    wait_for(browser, lambda d: d.execute_script(RESULT_LINKS), message=f"no result for {person!r}")
    assert f"{PREFIX}articles/{RHINE_SLUG}.html" in [urlsplit(u).path for u in browser.execute_script(RESULT_LINKS)]


def test_the_entry_lists_languages_in_one_order_whatever_order_pagefind_wrote(tmp_path: Path):
    from sitegen.search import sort_entry_languages

    written = ('{"version":"1.5.2","languages":{"en":{"hash":"en_f6","page_count":2},'
               '"de":{"hash":"de_d7","page_count":1}},"include_characters":["_","‿"]}')
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text(written, encoding="utf-8")
    sort_entry_languages(entry)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1.5.2","languages":{"de":{"hash":"de_d7","page_count":1},'
        '"en":{"hash":"en_f6","page_count":2}},"include_characters":["_","‿"]}')
