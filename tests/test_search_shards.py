"""A large site's search index comes in parts: past ``search_shard_size`` article pages Pagefind
runs once per part (one process at a time, so its memory is one part's), each into its own
bundle folder, and the search page merges every part in; a smaller site keeps its one bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from published import wait_for

from sitegen import paths
from sitegen.cli import main
from sitegen.config import load_config
from sitegen.search import SearchRun, search_bundles

RESULT_PATHS = "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(a => a.pathname)"

# Five articles, oldest first: with two pages a part, the parts hold 1-2, 3-4 and 5.
ARTICLES = [
    ("2026-10-01-ferry", "en", "Ferry timetable changes", "The ferry to the islands runs twice a day from Monday."),
    ("2026-10-02-stadtrat", "de", "Stadtrat tagt", "Der Stadtrat hat am Dienstag über den Haushalt beraten."),
    ("2026-10-03-museum", "en", "Museum reopens", "The city museum reopens after a two-year renovation."),
    ("2026-10-04-hochwasser", "de", "Hochwasser am Fluss", "Das Hochwasser erreichte am Mittwoch die Altstadt."),
    ("2026-10-05-lantern", "en", "Lantern parade", "A lantern parade with a papier-mache narwhal crossed the old bridge."),
]
LAST_SLUG = "2026-10-05-lantern"


def write_site(root: Path, shard_size: int | None) -> None:
    (root / "seeds").mkdir()
    for slug, lang, title, body in ARTICLES:
        (root / "seeds" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\ndate: {slug[:10]}\nlang: {lang}\n---\n{body}\n", encoding="utf-8")
    setting = f"search_shard_size = {shard_size}\n" if shard_size else ""
    (root / "sitegen.toml").write_text(f'title = "Shards"\nannotator = "rules"\n{setting}', encoding="utf-8")


def build(root: Path) -> Path:
    assert main(["build", "--config", str(root / "sitegen.toml")]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five articles built with two article pages a search bundle."""
    root = tmp_path_factory.mktemp("sharded")
    write_site(root, 2)
    return build(root)


def page_counts(bundle: Path) -> dict[str, int]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: index["page_count"] for lang, index in entry["languages"].items()}


def test_past_the_shard_size_each_part_of_the_articles_has_its_own_bundle(sharded: Path):
    first, second, third = sharded / paths.search_bundle(), sharded / paths.search_shard(2), sharded / paths.search_shard(3)
    assert page_counts(first) == {"de": 1, "en": 1}  # the two oldest articles
    assert page_counts(second) == {"de": 1, "en": 1}
    assert page_counts(third) == {"en": 1}  # the newest
    assert not (sharded / paths.search_shard(4)).exists()
    assert (first / "pagefind-ui.js").exists()


def test_the_search_page_merges_every_language_index_of_the_later_bundles(sharded: Path):
    html = (sharded / "search" / "de" / "index.html").read_text(encoding="utf-8")
    assert 'data-shards="/pagefind/shards/2/ de /pagefind/shards/2/ en /pagefind/shards/3/ en"' in html


@pytest.mark.browser
def test_a_word_only_in_the_last_bundle_is_found_on_the_search_page(sharded: Path, http_site, browser):
    base = http_site(sharded)
    for lang in ("en", "de"):  # the article's own language and the other one's page
        browser.get(base + f"search/{lang}/?q=narwhal")
        wait_for(browser, lambda d: d.execute_script(RESULT_PATHS), message=f"search/{lang}/ found no 'narwhal'")
        assert browser.execute_script(RESULT_PATHS) == [f"/articles/{LAST_SLUG}.html"]
    browser.get(base + "search/en/?q=Hochwasser")  # a German article of the second bundle
    wait_for(browser, lambda d: d.execute_script(RESULT_PATHS), message="search/en/ found no 'Hochwasser'")
    assert browser.execute_script(RESULT_PATHS) == ["/articles/2026-10-04-hochwasser.html"]


def test_up_to_the_shard_size_the_site_has_one_bundle_and_the_search_page_names_none(tmp_path: Path):
    write_site(tmp_path, None)  # the default size, far above five
    site = build(tmp_path)
    assert page_counts(site / paths.search_bundle()) == {"de": 2, "en": 3}
    assert not (site / paths.search_shard(2)).exists()
    assert "data-shards" not in (site / "search" / "en" / "index.html").read_text(encoding="utf-8")


def test_sitegen_serve_indexes_the_same_bundles(sharded: Path, tmp_path: Path):
    """``SearchRun`` (the index ``sitegen serve`` makes again after edits) writes every part."""
    from sitegen.build import build as build_site  # the index of the site, as the server holds it

    root = sharded.parent
    result = build_site(load_config(root / "sitegen.toml"), use_cache=False)
    bundles = search_bundles(result.index, 2)
    assert [bundle.path for bundle in bundles] == [paths.search_bundle(), paths.search_shard(2), paths.search_shard(3)]
    run = SearchRun(sharded, bundles)
    run.finish()
    assert page_counts(sharded / paths.search_shard(3)) == {"en": 1}
    assert not list(sharded.parent.glob(".site-new-*"))  # the folders of links are gone


def test_a_shard_size_below_one_is_an_error_naming_the_file_and_line(tmp_path: Path):
    from sitegen.errors import SitegenError

    (tmp_path / "sitegen.toml").write_text('title = "Shards"\nsearch_shard_size = 0\n', encoding="utf-8")
    with pytest.raises(SitegenError) as caught:
        load_config(tmp_path / "sitegen.toml")
    assert "search_shard_size" in str(caught.value) and "sitegen.toml" in str(caught.value) and ":2" in str(caught.value)


def test_sitegen_serve_makes_the_search_pages_again_when_an_article_adds_a_bundle(tmp_path: Path):
    from sitegen.incremental import SiteState

    write_site(tmp_path, 2)
    newest = tmp_path / "seeds" / f"{LAST_SLUG}.md"
    text = newest.read_text(encoding="utf-8")
    newest.unlink()  # four articles: two bundles
    state = SiteState(lambda: load_config(tmp_path / "sitegen.toml"))
    state.build_all()
    search_page = tmp_path / "site" / "search" / "en" / "index.html"
    assert 'data-shards="/pagefind/shards/2/ de /pagefind/shards/2/ en"' in search_page.read_text(encoding="utf-8")
    newest.write_text(text, encoding="utf-8")
    change = state.update([newest])  # the fifth starts a third bundle
    assert "search/en/index.html" in change.written
    html = search_page.read_text(encoding="utf-8")
    assert 'data-shards="/pagefind/shards/2/ de /pagefind/shards/2/ en /pagefind/shards/3/ en"' in html
