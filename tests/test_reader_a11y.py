"""Reading the built seeds site in headless Chromium: who said a quote is visible and linked,
the keyboard reaches every footnote popover, and axe-core finds nothing on any kind of page."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
from conftest import PrefixedHandler
from published import GERMAN_SLUG, PREFIX, published_site, wait_for

AXE = Path(__file__).resolve().parent / "assets" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_site(tmp_path_factory)


class ClosingHandler(PrefixedHandler):
    """Closes a connection idle for 2 s: Chromium's preconnected sockets would keep a request
    thread waiting after the tests (and a later build could not fork)."""

    prefix = PREFIX
    timeout = 2


def stop(server, started: set[threading.Thread]) -> None:
    server.shutdown()
    server.server_close()
    for thread in set(threading.enumerate()) - started:
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def base(built: Path, browser):
    started = set(threading.enumerate())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(ClosingHandler, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    browser.get("about:blank")
    stop(server, started)


def first(site: Path, folder: str) -> str:
    pages = sorted(p for p in (site / folder).glob("*.html") if p.name != "index.html")
    assert pages, f"the seeds site has no page in {folder}/"
    return f"{folder}/{pages[0].name}"


def page_kinds(site: Path) -> dict[str, str]:
    """One page of every kind the site has."""
    tag = sorted(p.parent.name for p in (site / "tags").glob("*/index.html"))[0]
    return {
        "article": f"articles/{GERMAN_SLUG}.html",
        "index": "",
        "entities": "entities/",
        "entity": first(site, "entities"),
        "speaker": first(site, "speakers"),
        "source": first(site, "sources"),
        "tag": f"tags/{tag}/",
        "language": "lang/de/",
        "search": "search/de/?q=Raketen",
        "404": "404.html",
    }


def load(browser, url: str) -> None:
    browser.get(url)
    wait_for(browser, lambda d: d.execute_script("return document.readyState") == "complete")


def axe_violations(browser, url: str) -> list[dict]:
    load(browser, url)
    if "search/" in url:  # Pagefind's UI builds the results after loading
        wait_for(browser, lambda d: d.find_elements("css selector", ".pagefind-ui__result, .pagefind-ui__message"))
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(JSON.stringify(r.violations)); },"
        " function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])); });"
    )
    return json.loads(result)


def test_the_speaker_of_a_quote_is_visible_without_hover_and_links_to_the_speaker_page(browser, base: str):
    load(browser, base + f"articles/{GERMAN_SLUG}.html")
    quotes = browser.find_elements("css selector", ".body q.quote[data-speaker]")
    assert quotes, "the seed article has attributed quotes"
    for quote in quotes:
        label = browser.execute_script(
            "var q = arguments[0]; while (q.dataset.part && q.nextElementSibling && q.nextElementSibling.matches('q'))"
            " { q = q.nextElementSibling; } var n = q.nextElementSibling;"
            " while (n && n.matches('sup')) { n = n.nextElementSibling; } return n;", quote)
        assert label is not None and label.get_attribute("class") == "speaker"
        assert label.is_displayed() and label.text == quote.get_attribute("data-speaker")
        assert label.get_attribute("href").endswith(f"speakers/{quote.get_attribute('data-speaker-key')}.html")
    name = quotes[0].get_attribute("data-speaker")
    browser.find_element("xpath", "//a[@class='speaker'][1]").click()
    wait_for(browser, lambda d: "/speakers/" in d.current_url)
    assert name in browser.find_element("css selector", "h1").text
    assert browser.find_elements("css selector", "ul.quotes li blockquote")


def test_quotes_are_no_tab_stops_and_the_keyboard_opens_every_footnote_popover(browser, base: str):
    from selenium.webdriver.common.keys import Keys

    load(browser, base + f"articles/{GERMAN_SLUG}.html")
    references = browser.execute_script(
        "return Array.from(document.querySelectorAll('.body a.footnote-ref')).map(a => a.getAttribute('href'))")
    assert references, "the seed article cites sources"
    body = browser.find_element("css selector", "body")
    body.click()
    reached, opened, quotes_focused = [], set(), 0
    for _ in range(400):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        focused = browser.switch_to.active_element
        if focused.tag_name == "q":
            quotes_focused += 1
        if "footnote-ref" in (focused.get_attribute("class") or ""):
            href = focused.get_attribute("href")
            reached.append(href)
            popover = browser.find_elements("css selector", ".fn-popover")
            assert len(popover) == 1 and popover[0].is_displayed() and popover[0].text.strip()
            assert focused.get_attribute("aria-expanded") == "true"
            assert focused.get_attribute("aria-describedby") == popover[0].get_attribute("id")
            opened.add(href.split("#", 1)[1])
        if focused.get_attribute("class") == "footnote-backref":
            break
    assert quotes_focused == 0
    assert {ref.lstrip("#") for ref in references} <= opened


def test_the_popover_leaves_the_sentence_in_one_piece(browser, base: str):
    load(browser, base + f"articles/{GERMAN_SLUG}.html")
    reference = browser.find_element("css selector", ".body sup.source-ref a")
    paragraph = reference.find_element("xpath", "ancestor::p[1]")
    height = paragraph.size["height"]
    reference.click()
    popover = browser.find_element("css selector", ".fn-popover")
    assert popover.is_displayed()
    assert browser.execute_script("return getComputedStyle(arguments[0]).position", popover) == "absolute"
    assert paragraph.size["height"] == height  # no block pushed into the paragraph


def test_every_listing_is_reachable_from_the_navigation(browser, base: str, built: Path):
    load(browser, base)
    nav = {a.text: a.get_attribute("href") for a in browser.find_elements("css selector", ".site-header nav a")}
    load(browser, nav["Speakers"])
    speakers = browser.find_elements("css selector", "#speakers ~ ul a, section:has(#speakers) a")
    assert {a.get_attribute("href").split(PREFIX, 1)[1] for a in speakers} == {
        f"speakers/{p.name}" for p in (built / "speakers").glob("*.html")}
    load(browser, nav["Sources"])
    sources = browser.find_elements("css selector", "section:has(#sources) a")
    assert {a.get_attribute("href").split(PREFIX, 1)[1] for a in sources} == {
        f"sources/{p.name}" for p in (built / "sources").glob("*.html")}


def test_axe_core_reports_no_violation_on_any_kind_of_page(browser, base: str, built: Path):
    problems = []
    for name, path in page_kinds(built).items():
        for violation in axe_violations(browser, base + path):
            targets = [node.get("target") for node in violation["nodes"][:3]]
            problems.append(f"{name} ({path}): {violation['id']} [{violation['impact']}]: {violation['help']} {targets}")
    assert not problems, "\n".join(problems)


def test_quotes_and_citations_are_switched_off_like_entity_types(browser, base: str):
    load(browser, base + f"articles/{GERMAN_SLUG}.html")
    browser.execute_script("localStorage.clear()")
    load(browser, base + f"articles/{GERMAN_SLUG}.html")
    style = "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]"
    assert browser.execute_script(style, ".body q.quote", "backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "dotted" in browser.execute_script(style, ".body .cite", "textDecorationStyle")
    for kind in ("quote", "cite"):
        button = browser.find_element("css selector", f".legend button[data-type='{kind}']")
        button.click()
        assert button.get_attribute("aria-pressed") == "false"
    assert browser.execute_script(style, ".body q.quote", "backgroundColor") == "rgba(0, 0, 0, 0)"
    assert browser.execute_script(style, ".body .cite", "textDecorationLine") == "none"
    assert browser.find_element("css selector", ".body .speaker").is_displayed()  # who said it stays
    browser.execute_script("localStorage.clear()")


def test_every_page_names_its_icon_so_no_favicon_ico_is_asked_for(browser, built: Path):
    import time

    asked: list[str] = []

    class Recording(ClosingHandler):
        def log_request(self, code="-", size="-"):
            asked.append(f"{self.path} {code}")

    # a browser without an icon link asks for /favicon.ico at the host's root
    started = set(threading.enumerate())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Recording, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{server.server_address[1]}{PREFIX}404.html")
        wait_for(browser, lambda d: f"{PREFIX}static/favicon.svg 200" in asked, message=str(asked))
        time.sleep(0.5)
    finally:
        browser.get("about:blank")
        stop(server, started)
    assert not [path for path in asked if "favicon.ico" in path]
