"""Publishing on GitHub Pages: every URL under the sub-path, feeds, sitemap, robots.txt, 404,
canonical and Open Graph tags, the Pages workflow; in Chromium: accessibility (axe-core),
a 375 px phone screen, print, and the article with JavaScript off."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from xml.etree import ElementTree as ET

import html5lib
import pytest
import yaml
from published import (  # noqa: F401 - `site` is a fixture
    BASE_URL,
    BRIDGE_SLUG,
    GERMAN_SLUG,
    PREFIX,
    REPO,
    RHINE_SLUG,
    site,
    wait_for,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
AXE = Path(__file__).resolve().parent / "assets" / "axe-core" / "axe.min.js"


def parse(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def urls_in(document) -> list[str]:
    found = []
    for element in document.iter():
        for name in ("href", "src", "action"):
            if element.get(name):
                found.append(element.get(name))
        if element.tag == "meta" and (element.get("property") or "").startswith("og:url"):
            found.append(element.get("content"))
    return found


def meta(document, attribute: str, value: str) -> str | None:
    for element in document.iter("meta"):
        if element.get(attribute) == value:
            return element.get("content")
    return None


# --- the files ------------------------------------------------------------------------------

def test_every_internal_url_is_under_the_base_path(site: Path):  # noqa: F811
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        if "pagefind" in page.parts:
            continue
        for url in urls_in(parse(page)):
            if url.startswith("#") or url.startswith("mailto:"):
                continue
            if url.startswith("http"):
                assert not url.startswith("https://user.github.io/") or url.startswith(BASE_URL), (page, url)
                continue
            assert url.startswith(PREFIX), f"{page.relative_to(site)}: {url} is not under {PREFIX}"


def test_nojekyll_robots_and_sitemap(site: Path):  # noqa: F811
    assert (site / ".nojekyll").exists()
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots.splitlines()
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    for slug in (GERMAN_SLUG, BRIDGE_SLUG, RHINE_SLUG):
        assert f"{BASE_URL}articles/{slug}.html" in locs
    assert BASE_URL in locs and f"{BASE_URL}lang/de/" in locs
    assert all(loc.startswith(BASE_URL) for loc in locs)
    assert not any("/search/" in loc or "404" in loc for loc in locs)
    assert len(locs) == len(set(locs))


def test_robots_names_the_sitemap_only_as_an_absolute_url():
    from sitegen.feeds import robots_txt
    from sitegen.render import Urls

    assert "\nSitemap: https://x.example/sub/sitemap.xml\n" in robots_txt(Urls("/sub/", "https://x.example/sub/"))
    assert "\nSitemap:" not in robots_txt(Urls("/", None))


def test_atom_feeds_of_all_articles_per_language_and_per_tag(site: Path):  # noqa: F811
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[0] == f"{BASE_URL}articles/{RHINE_SLUG}.html"  # newest first
    assert set(links) == {f"{BASE_URL}articles/{s}.html" for s in (GERMAN_SLUG, BRIDGE_SLUG, RHINE_SLUG)}
    self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [f"{BASE_URL}feed.xml"]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith(BASE_URL)
        assert entry.find(f"{ATOM}updated").text and entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}content").text
    german = ET.parse(site / "lang" / "de" / "feed.xml").getroot()
    assert [e.find(f"{ATOM}link").get("href") for e in german.findall(f"{ATOM}entry")] == [f"{BASE_URL}articles/{GERMAN_SLUG}.html"]
    tag_feed = ET.parse(site / "tags" / "shipping" / "feed.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in tag_feed.findall(f"{ATOM}entry")] == [
        "Low water on the Rhine forces barges to sail half empty"
    ]
    for tag_page in site.glob("tags/*/index.html"):
        assert (tag_page.parent / "feed.xml").exists()
        assert f"{PREFIX}tags/{tag_page.parent.name}/feed.xml" in urls_in(parse(tag_page))


def test_canonical_description_and_open_graph_from_the_summary(site: Path):  # noqa: F811
    page = parse(site / "articles" / f"{BRIDGE_SLUG}.html")
    canonical = [link.get("href") for link in page.iter("link") if link.get("rel") == "canonical"]
    assert canonical == [f"{BASE_URL}articles/{BRIDGE_SLUG}.html"]
    summary = "Lisbon's harbour bridge carries cars again after a two-year repair that ran over budget"
    assert meta(page, "name", "description").startswith(summary)
    assert meta(page, "property", "og:description").startswith(summary)
    assert meta(page, "property", "og:title") == "Harbour bridge reopens to traffic after two-year repair"
    assert meta(page, "property", "og:url") == canonical[0]
    assert meta(page, "property", "og:type") == "article"
    index = parse(site / "index.html")
    assert [link.get("href") for link in index.iter("link") if link.get("rel") == "canonical"] == [BASE_URL]
    feeds = [link.get("href") for link in index.iter("link") if link.get("type") == "application/atom+xml"]
    assert feeds == [f"{PREFIX}feed.xml"]


def test_a_listing_per_language_in_that_language(site: Path):  # noqa: F811
    german = parse(site / "lang" / "de" / "index.html")
    assert german.get("lang") == "de"
    cards = {a.get("href") for a in german.iter("a") if a.get("href", "").startswith(f"{PREFIX}articles/")}
    assert cards == {f"{PREFIX}articles/{GERMAN_SLUG}.html"}
    english = parse(site / "lang" / "en" / "index.html")
    cards = {a.get("href") for a in english.iter("a") if a.get("href", "").startswith(f"{PREFIX}articles/")}
    assert cards == {f"{PREFIX}articles/{BRIDGE_SLUG}.html", f"{PREFIX}articles/{RHINE_SLUG}.html"}
    nav = {a.get("href") for a in parse(site / "index.html").iter("a")}
    assert {f"{PREFIX}lang/de/", f"{PREFIX}lang/en/"} <= nav


def test_404_page_works_at_any_depth(site: Path, http_site):  # noqa: F811
    page = parse(site / "404.html")
    assert not [link for link in page.iter("link") if link.get("rel") == "canonical"]
    urls = urls_in(page)
    assert f"{PREFIX}static/style.css" in urls and f"{PREFIX}" in urls
    base = http_site(site, PREFIX)
    origin = base[: -len(PREFIX)]
    for url in urls:
        if url.startswith(PREFIX):
            # absolute paths resolve the same from /repo/a/b/c/missing as from /repo/
            with urllib.request.urlopen(origin + url, timeout=10) as response:
                assert response.status == 200, url
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base + "deep/er/no-such-page/", timeout=10)
    assert missing.value.code == 404


def test_pages_workflow_builds_under_the_pages_base_url_with_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    for action in ("actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "pip install ." in runs
    build = re.search(r"sitegen build --base-url \"\$\{\{ steps\.(\w+)\.outputs\.base_url \}\}/?\"", runs)
    assert build and build.group(1) == configure["id"]
    assert "sitegen check" in runs
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))  # warm builds on GitHub too
    building = next(s for s in steps if "sitegen build" in s.get("run", ""))
    assert cache["with"]["path"] == ".sitegen-cache" and steps.index(cache) < steps.index(building)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


# --- in Chromium ----------------------------------------------------------------------------

PAGES = {
    "index": "",
    "article": f"articles/{GERMAN_SLUG}.html",
    "search": "search/en/",
}


def _entity_page(site: Path) -> str:  # noqa: F811
    pages = sorted(p for p in site.glob("entities/*.html") if p.name != "index.html")
    return f"entities/{pages[0].name}" if pages else "entities/"


def _axe_violations(driver, url: str) -> list[dict]:
    driver.get(url)
    wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(30)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(JSON.stringify(r.violations)); },"
        " function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])); });"
    )
    return json.loads(result)


@pytest.mark.browser
def test_no_serious_or_critical_accessibility_violation(site: Path, http_site, browser):  # noqa: F811
    base = http_site(site, PREFIX)
    pages = {**PAGES, "entity": _entity_page(site), "German search": "search/de/?q=Raketen",
             "German listing": "lang/de/", "404": "404.html"}
    problems = []
    for name, path in pages.items():
        for violation in _axe_violations(browser, base + path):
            if violation["impact"] in ("serious", "critical"):
                targets = [node.get("target") for node in violation["nodes"][:3]]
                problems.append(f"{name} ({path}): {violation['id']}: {violation['help']} {targets}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def phone(browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True})
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.browser
def test_no_horizontal_scroll_on_a_375_px_phone(site: Path, http_site, phone, tmp_path: Path):  # noqa: F811
    base = http_site(site, PREFIX)
    pages = {**PAGES, "entity": _entity_page(site), "entities": "entities/", "English article": f"articles/{BRIDGE_SLUG}.html"}
    too_wide = {}
    for name, path in pages.items():
        phone.get(base + path)
        wait_for(phone, lambda d: d.execute_script("return document.readyState") == "complete")
        assert phone.execute_script("return window.innerWidth") == 375
        width = phone.execute_script("return document.documentElement.scrollWidth")
        screenshot = tmp_path / f"{name.replace(' ', '-')}-375.png"
        assert phone.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 0
        if width > 375:
            too_wide[name] = width
    assert not too_wide, f"pages wider than 375 px: {too_wide}"


@pytest.fixture
def no_javascript(browser):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    yield browser
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.mark.browser
def test_article_reads_with_javascript_off(site: Path, http_site, no_javascript):  # noqa: F811
    base = http_site(site, PREFIX)
    no_javascript.get(base + f"articles/{BRIDGE_SLUG}.html")
    assert no_javascript.execute_script("return typeof PagefindUI") == "undefined"
    text = no_javascript.find_element("css selector", "main").text
    assert "Harbour bridge reopens to traffic" in text
    assert "We promised the city a safe bridge" in text
    assert "2027 budget" in text  # the footnote
    legend = no_javascript.find_element("css selector", ".legend")
    assert not legend.is_displayed()  # its buttons do nothing without JavaScript
    form = no_javascript.find_element("css selector", "header form[role=search]")
    assert form.get_attribute("action").endswith(f"{PREFIX}search/en/")


@pytest.fixture
def printed(browser):
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    yield browser
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.mark.browser
def test_print_keeps_highlights_footnotes_and_speakers(site: Path, http_site, printed):  # noqa: F811
    base = http_site(site, PREFIX)
    printed.get(base + f"articles/{BRIDGE_SLUG}.html")
    wait_for(printed, lambda d: d.execute_script("return document.readyState") == "complete")
    style = printed.execute_script(
        "var q = document.querySelector('q.quote[data-speaker]');"
        "var e = document.querySelector('.ent');"
        "var f = document.querySelector('.footnote');"
        "var label = document.querySelector('.body .speaker');"
        "return {speaker: label && getComputedStyle(label).display !== 'none' && label.textContent,"
        " speakerName: q && q.dataset.speaker,"
        " entColor: e && getComputedStyle(e).color, entLine: e && getComputedStyle(e).borderBottomStyle,"
        " footnote: f && getComputedStyle(f).display,"
        " nav: getComputedStyle(document.querySelector('.site-search')).display};"
    )
    assert style["footnote"] not in (None, "none")
    assert style["nav"] == "none"
    if style["speakerName"]:  # quotes may be unannotated while the quote stage changes
        assert style["speakerName"] in style["speaker"]
    if style["entColor"]:  # entity highlighting may be empty while the entity stage changes
        assert style["entColor"] == "rgb(0, 0, 0)" and style["entLine"] != "none"
