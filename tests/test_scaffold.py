"""``sitegen new DIR`` writes a site that builds at once; a folder that is no site yet gets a hint."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sitegen.cli import main


def test_new_site_builds_at_once_with_a_german_and_an_english_article(tmp_path: Path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "mysite"]) == 0
    site = tmp_path / "mysite"
    config = tomllib.loads((site / "sitegen.toml").read_text(encoding="utf-8"))
    assert config["title"] == "Mysite" and config["base_url"] == "/"
    assert "#" in (site / "sitegen.toml").read_text(encoding="utf-8")  # the settings are explained
    assert (site / "templates" / "README.md").is_file()
    monkeypatch.chdir(site)
    assert main(["build"]) == 0
    articles = sorted((site / "site" / "articles").glob("*.html"))
    assert len(articles) == 2
    pages = {path.name: path.read_text(encoding="utf-8") for path in articles}
    german = next(html for html in pages.values() if '<html lang="de">' in html)
    english = next(html for html in pages.values() if '<html lang="en">' in html)
    assert 'class="speaker"' in german and 'class="speaker"' in english  # quotes with their speakers
    assert 'class="ent ' in german and 'class="ent ' in english
    assert (site / "site" / "search" / "de" / "index.html").is_file()
    # base_url = "/" has no host: no relative canonical or og:url, and the build names the setting
    assert 'rel="canonical"' not in german and 'property="og:url"' not in german
    assert "base_url" in caplog.text and "sitemap.xml" in caplog.text


def test_with_a_host_in_base_url_canonical_links_are_absolute(tmp_path: Path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "hosted"]) == 0
    monkeypatch.chdir(tmp_path / "hosted")
    assert main(["build", "--base-url", "https://example.org/news/"]) == 0
    page = next((tmp_path / "hosted" / "site" / "articles").glob("*.html")).read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/news/articles/' in page
    assert "<loc>https://example.org/news/" in (tmp_path / "hosted" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "base_url" not in caplog.text


def test_new_refuses_a_folder_with_files_in_it(tmp_path: Path, capsys):
    (tmp_path / "notes.md").write_text("# mine\n", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_folder_of_markdown_without_seeds_gets_a_hint(tmp_path: Path, monkeypatch, capsys, command):
    (tmp_path / "post.md").write_text("---\ntitle: A post\n---\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main([command, "--port", "0"] if command == "serve" else [command]) == 1
    error = capsys.readouterr().err
    assert "seeds: content folder not found" in error
    assert "sitegen new" in error and "content_dir" in error
