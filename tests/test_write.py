"""The write stage: a staged folder that takes every file inside it and nothing outside."""

from __future__ import annotations

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
