"""The write stage: a staged folder that takes every file inside it and nothing outside."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.write import StagedSite


def test_staged_files_land_in_their_folders_and_publish_replaces_the_site(tmp_path: Path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("old", encoding="utf-8")
    staged = StagedSite(tmp_path / "site")
    staged.write("articles/a/index.html", "<p>ä</p>")
    staged.write("articles/a/annotations.json", b"{}")
    staged.write("index.html", "home")
    staged.publish()
    assert (tmp_path / "site" / "articles" / "a" / "index.html").read_text(encoding="utf-8") == "<p>ä</p>"
    assert (tmp_path / "site" / "articles" / "a" / "annotations.json").read_bytes() == b"{}"
    assert not (tmp_path / "site" / "old.html").exists()


@pytest.mark.parametrize("relative", ["../outside.html", "articles/../../outside.html", "/tmp/outside.html", ".."])
def test_a_staged_path_outside_the_folder_is_refused(tmp_path: Path, relative: str):
    staged = StagedSite(tmp_path / "site")
    with pytest.raises(SitegenError, match="outside the output folder"):
        staged.write(relative, "x")
    assert not (tmp_path / "outside.html").exists()
    staged.discard()


def test_a_page_unchanged_since_the_last_build_is_linked_from_it_and_a_changed_one_written(tmp_path: Path):
    site = tmp_path / "site"
    (site / "entities").mkdir(parents=True)
    (site / "entities" / "same.html").write_text("<p>same</p>", encoding="utf-8")
    (site / "entities" / "changed.html").write_text("<p>before</p>", encoding="utf-8")
    (site / "entities" / "longer.html").write_text("<p>same</p> and more", encoding="utf-8")
    before = {p.name: p.stat().st_ino for p in (site / "entities").iterdir()}
    staged = StagedSite(site)
    staged.write("entities/same.html", "<p>same</p>")
    staged.write("entities/changed.html", "<p>after</p>")  # same length, other bytes
    staged.write("entities/longer.html", "<p>same</p>")
    staged.write("entities/new.html", "<p>new</p>")
    assert staged.linked == 1
    staged.publish()
    after = {p.name: p.stat().st_ino for p in (site / "entities").iterdir()}
    assert after["same.html"] == before["same.html"]
    assert after["changed.html"] != before["changed.html"] and after["longer.html"] != before["longer.html"]
    assert {p.name: p.read_text(encoding="utf-8") for p in (site / "entities").iterdir()} == {
        "same.html": "<p>same</p>", "changed.html": "<p>after</p>", "longer.html": "<p>same</p>", "new.html": "<p>new</p>"}


def test_a_symbolic_link_in_the_old_site_is_not_followed_into_the_new_one(tmp_path: Path):
    outside = tmp_path / "outside.html"
    outside.write_text("<p>same</p>", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.html").symlink_to(outside)
    staged = StagedSite(tmp_path / "site")
    staged.write("page.html", "<p>same</p>")
    assert staged.linked == 0
    staged.publish()
    assert not (tmp_path / "site" / "page.html").is_symlink()
    assert (tmp_path / "site" / "page.html").stat().st_ino != outside.stat().st_ino


def test_a_failed_rebuild_leaves_the_linked_pages_of_the_old_site_as_they_were(tmp_path: Path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.html").write_text("<p>same</p>", encoding="utf-8")
    with pytest.raises(RuntimeError), StagedSite(tmp_path / "site") as staged:
        staged.write("page.html", "<p>same</p>")
        raise RuntimeError("template error")
    assert (tmp_path / "site" / "page.html").read_text(encoding="utf-8") == "<p>same</p>"
    assert (tmp_path / "site" / "page.html").stat().st_nlink == 1
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_the_published_site_has_the_modes_the_umask_gives(site_root: Path, monkeypatch: pytest.MonkeyPatch, umask: int):
    """Not 0700 (``mkdtemp``): a web server running as another user must be able to read site/."""
    from failed_builds import GOOD

    from sitegen.cli import main

    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "good.md").write_text(GOOD, encoding="utf-8")
    previous = os.umask(umask)
    try:
        assert main(["build"]) == 0
    finally:
        os.umask(previous)
    site = site_root / "site"
    wrong = {p.relative_to(site_root).as_posix(): oct(stat.S_IMODE(p.stat().st_mode))
             for p in [site, *site.rglob("*")]
             if stat.S_IMODE(p.stat().st_mode) != (0o777 if p.is_dir() else 0o666) & ~umask}
    assert not wrong, wrong
