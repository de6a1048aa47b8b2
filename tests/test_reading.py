"""Reading an article in a real browser: the highlight legend, quotes' speakers, footnotes in place."""

from __future__ import annotations

import pytest
from conftest import serve_folder
from published import BRIDGE_SLUG, GERMAN_SLUG, PREFIX, published_site


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):
    server, url = serve_folder(published_site(tmp_path_factory), PREFIX)
    yield url
    server.shutdown()
    server.server_close()


def background(browser, selector: str) -> str:
    return browser.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", selector
    )


@pytest.fixture
def fresh(browser, base: str):
    """The browser on the German seed article with no remembered legend choices."""
    browser.get(base + f"articles/{GERMAN_SLUG}.html")
    browser.execute_script("localStorage.clear()")
    browser.get(base + f"articles/{GERMAN_SLUG}.html")
    return browser


def test_legend_switches_a_type_off_by_keyboard_and_remembers_it_across_pages(fresh, base: str):
    from selenium.webdriver.common.keys import Keys

    browser = fresh
    shown = background(browser, ".body .ent-person")
    assert shown not in ("rgba(0, 0, 0, 0)", "transparent")
    button = browser.find_element("css selector", ".legend button[data-type='person']")
    assert button.get_attribute("aria-pressed") == "true"
    button.send_keys(Keys.SPACE)  # a real <button>: keyboard works as a click does
    assert button.get_attribute("aria-pressed") == "false"
    assert background(browser, ".body .ent-person") == "rgba(0, 0, 0, 0)"
    assert background(browser, ".body .ent-place") not in ("rgba(0, 0, 0, 0)", "transparent")
    browser.get(base + f"articles/{BRIDGE_SLUG}.html")
    assert background(browser, ".body .ent-person") == "rgba(0, 0, 0, 0)"
    browser.find_element("css selector", ".legend button[data-type='person']").click()
    assert background(browser, ".body .ent-person") not in ("rgba(0, 0, 0, 0)", "transparent")


def test_speaker_shows_beside_the_quote_without_focus_or_hover(fresh):
    browser = fresh
    quote = browser.find_element("css selector", "q.quote[data-speaker='Leonid Slutsky']")
    label = quote.find_element("xpath", "following-sibling::a[@class='speaker'][1]")
    assert label.is_displayed() and label.text == "Leonid Slutsky"
    assert quote.get_attribute("tabindex") is None


def test_footnote_opens_in_place_on_click(fresh):
    browser = fresh
    reference = browser.find_element("css selector", ".body sup.source-ref a")
    reference.click()
    popover = browser.find_element("css selector", ".fn-popover")
    assert "TASS" in popover.text or "New York Times" in popover.text
    assert browser.execute_script("return location.hash") == ""  # stayed in place
