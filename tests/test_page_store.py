"""The page store: the site's files are hard links to entries named by their bytes, so a build
makes no new file for a page an earlier build made, even after ``site/`` was deleted; an entry is
linked only when it holds exactly the page rendered now."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.page_store import PageStore, entry_name
from sitegen.write import StagedSite


def build_once(site: Path, store: PageStore, pages: dict[str, str]) -> StagedSite:
    staged = StagedSite(site, store=store)
    for relative, content in pages.items():
        staged.write(relative, content)
    staged.publish()
    return staged


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_pages_of_an_earlier_build_are_linked_again_after_the_site_was_deleted(tmp_path: Path):
    store = PageStore(tmp_path / "cache" / "pages")
    pages = {"index.html": "<p>home</p>", "articles/a.html": "<p>ä</p>", "articles/a.json": "{}"}
    first = build_once(tmp_path / "site", store, pages)
    assert first.linked == 0  # all made now
    before = inodes(tmp_path / "site")
    shutil.rmtree(tmp_path / "site")
    second = build_once(tmp_path / "site", store, pages)
    assert second.linked == 3
    assert inodes(tmp_path / "site") == before
    assert (tmp_path / "site" / "articles" / "a.html").read_text(encoding="utf-8") == "<p>ä</p>"


def test_a_changed_page_gets_a_new_entry_and_the_old_one_is_removed_once_no_site_links_it(tmp_path: Path):
    store = PageStore(tmp_path / "pages")
    build_once(tmp_path / "site", store, {"index.html": "old", "same.html": "same"})
    build_once(tmp_path / "site", store, {"index.html": "new", "same.html": "same"})
    assert sorted(os.listdir(tmp_path / "pages")) == sorted([entry_name(b"new"), entry_name(b"same")])
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"


def test_a_site_file_edited_in_place_is_not_published_again(tmp_path: Path):
    """Editing a site file in place edits the entry it shares: the next build sees the entry no
    longer holds its page and makes it again."""
    store = PageStore(tmp_path / "pages")
    build_once(tmp_path / "site", store, {"page.html": "<p>rendered</p>"})
    with open(tmp_path / "site" / "page.html", "r+b") as handle:  # in place: <p>Xendered</p>
        handle.seek(3)
        handle.write(b"X")
    staged = build_once(tmp_path / "site", store, {"page.html": "<p>rendered</p>"})
    assert staged.linked == 0
    assert (tmp_path / "site" / "page.html").read_text(encoding="utf-8") == "<p>rendered</p>"
    assert (tmp_path / "pages" / entry_name(b"<p>rendered</p>")).read_text(encoding="utf-8") == "<p>rendered</p>"


def test_a_partly_written_entry_is_replaced_not_linked(tmp_path: Path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / entry_name(b"<p>whole page</p>")).write_bytes(b"<p>whole")  # a killed build's
    staged = build_once(tmp_path / "site", PageStore(tmp_path / "pages"), {"page.html": "<p>whole page</p>"})
    assert staged.linked == 0
    assert (tmp_path / "site" / "page.html").read_text(encoding="utf-8") == "<p>whole page</p>"


def test_a_symbolic_link_in_the_store_is_not_followed(tmp_path: Path):
    outside = tmp_path / "outside.html"
    outside.write_text("<p>same</p>", encoding="utf-8")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / entry_name(b"<p>same</p>")).symlink_to(outside)
    staged = build_once(tmp_path / "site", PageStore(tmp_path / "pages"), {"page.html": "<p>same</p>"})
    assert staged.linked == 0
    assert not (tmp_path / "site" / "page.html").is_symlink()
    assert (tmp_path / "site" / "page.html").stat().st_ino != outside.stat().st_ino


def test_a_store_that_cannot_be_made_is_given_up_with_a_warning_and_the_site_written(
        tmp_path: Path, caplog: pytest.LogCaptureFixture):
    (tmp_path / "pages").write_text("a file where the store's folder should be", encoding="utf-8")
    staged = build_once(tmp_path / "site", PageStore(tmp_path / "pages"), {"a.html": "a", "b.html": "b"})
    assert staged.linked == 0
    assert (tmp_path / "site" / "a.html").read_text(encoding="utf-8") == "a"
    assert (tmp_path / "site" / "b.html").stat().st_nlink == 1
    assert [r.message for r in caplog.records if "not keeping pages" in r.message] != []


def test_a_failed_build_leaves_the_site_and_the_store_as_they_were(tmp_path: Path):
    store = PageStore(tmp_path / "pages")
    build_once(tmp_path / "site", store, {"page.html": "<p>same</p>"})
    with pytest.raises(RuntimeError), StagedSite(tmp_path / "site", store=store) as staged:
        staged.write("page.html", "<p>same</p>")
        staged.write("other.html", "<p>new</p>")
        raise RuntimeError("template error")
    assert (tmp_path / "site" / "page.html").read_text(encoding="utf-8") == "<p>same</p>"
    assert (tmp_path / "site" / "page.html").stat().st_nlink == 2  # the site and its entry
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages", "site"]


def test_a_build_links_every_file_of_its_site_from_the_store_and_no_cache_leaves_the_store_alone(
        built_site: Path, monkeypatch: pytest.MonkeyPatch):
    site, store = built_site / "site", built_site / ".sitegen-cache" / "pages"
    files = [p for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts]
    assert files and all(p.stat().st_nlink == 2 for p in files)
    assert {entry_name(p.read_bytes()) for p in files} <= set(os.listdir(store))
    before = inodes(site)
    shutil.rmtree(site)
    assert main(["build"]) == 0
    assert {k: v for k, v in inodes(site).items() if not k.startswith("pagefind/")} == {
        k: v for k, v in before.items() if not k.startswith("pagefind/")}
    entries = sorted(os.listdir(store))
    (built_site / "seeds" / "good.md").write_text((built_site / "seeds" / "good.md").read_text() + "\nMore.\n")
    assert main(["build", "--no-cache"]) == 0
    assert sorted(os.listdir(store)) == entries


def test_a_site_overriding_a_bundled_static_file_keeps_its_page_store(built_site: Path, caplog):
    """The README's way to customise the look: a site's own ``templates/static/style.css``
    replaces the bundled one, written once into ``site/static/``, with the store still in use."""
    own = built_site / "templates" / "static" / "style.css"
    own.parent.mkdir(parents=True)
    own.write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="sitegen"):
        assert main(["build", "--force"]) == 0
    assert not [r for r in caplog.records if "not keeping pages" in r.getMessage()], caplog.text
    published = built_site / "site" / "static" / "style.css"
    assert published.read_text(encoding="utf-8") == own.read_text(encoding="utf-8")
    assert published.stat().st_nlink == 2  # the site's name and the store's entry
