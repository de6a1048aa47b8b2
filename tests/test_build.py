"""End to end: `sitegen build` turns seeds/ into a browsable site; `sitegen annotate` prints JSON."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest

from sitegen.cli import main

SEED_SLUG = "2024-11-18-usa-langstreckenraketen-ukraine"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's seeds/, built once for this module; returns the output folder."""
    import shutil

    root = tmp_path_factory.mktemp("site")
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", root / "seeds")
    assert main(["build", "--config", str(_write_config(root)), "--out", str(root / "site")]) == 0
    return root / "site"


def _write_config(root: Path) -> Path:
    path = root / "sitegen.toml"
    path.write_text('title = "Test site"\n', encoding="utf-8")
    return path


def parse(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text_of(element) -> str:
    return "".join(element.itertext())


def test_index_and_one_page_per_article(built: Path):
    seeds = [p for p in (Path(__file__).resolve().parent.parent / "seeds").iterdir() if p.suffix in {".md", ".txt"}]
    pages = sorted(built.glob("articles/*.html"))
    assert len(pages) == len(seeds) >= 3
    index = parse(built / "index.html")
    links = {a.get("href") for a in index.iter("a")}
    for page in pages:
        assert f"/articles/{page.name}" in links


def test_seed_page_structure(built: Path):
    page = parse(built / "articles" / f"{SEED_SLUG}.html")
    assert page.get("lang") == "de"
    assert text_of(page.find(".//span[@class='dateline']")) == "TAIPEI, Taiwan"
    headings = [text_of(h) for h in page.iter("h2")]
    for heading in ("Biden-Xi-Gespräche", "Botschaft des nordkoreanischen Führers", "Japan über Moskau, Pjöngjang"):
        assert heading in headings
    paragraphs = [text_of(p) for p in page.iter("p")]
    assert "Biden-Xi-Gespräche" not in paragraphs
    related = page.find(".//section[@class='related']")
    assert text_of(related.find("h2")) == "Verwandte Geschichten"  # wire copy's capitals read as a title
    assert len(related.findall("ul/li")) == 3
    assert text_of(page.find(".//footer[@class='credits']")).strip() == "Herausgegeben von Mike Firn."


def test_page_language_follows_the_article(built: Path):
    german = (built / "articles" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert "18. November 2024" in german and "Hervorhebungen" in german
    english = (built / "articles" / "2026-11-20-harbour-bridge-reopens.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "November 20, 2026" in english and "Highlights" in english


def test_every_page_is_valid_html5(built: Path):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    pages = list(built.rglob("*.html"))
    assert pages
    for page in pages:
        try:
            parser.parse(page.read_text(encoding="utf-8"))
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{page.relative_to(built)}: {exc}")


def test_annotations_json_beside_each_page_and_linked(built: Path):
    page = (built / "articles" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert f"/articles/{SEED_SLUG}.json" in page
    data = json.loads((built / "articles" / f"{SEED_SLUG}.json").read_text(encoding="utf-8"))
    assert data["lang"] == "de" and data["text"].startswith("Die Vereinigten Staaten")


def test_static_files_are_copied(built: Path):
    assert (built / "static" / "style.css").is_file()
    assert (built / "static" / "site.js").is_file()


def test_drafts_only_with_the_drafts_flag(site_root: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "draft.md").write_text("---\ntitle: Draft\nlang: en\ndraft: true\n---\nNot yet.\n", encoding="utf-8")
    (site_root / "seeds" / "live.md").write_text("---\ntitle: Live\nlang: en\n---\nOut now.\n", encoding="utf-8")
    assert main(["build"]) == 0
    assert not (site_root / "site" / "articles" / "draft.html").exists()
    assert main(["build", "--drafts"]) == 0
    assert (site_root / "site" / "articles" / "draft.html").exists()


def test_user_template_overrides_bundled_one_file_by_file(site_root: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "a.md").write_text("---\ntitle: A\nlang: en\n---\nText.\n", encoding="utf-8")
    (site_root / "templates").mkdir()
    (site_root / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="mine">custom index</p>{% endblock %}', encoding="utf-8"
    )
    assert main(["build"]) == 0
    assert 'id="mine"' in (site_root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<article" in (site_root / "site" / "articles" / "a.html").read_text(encoding="utf-8")


def test_builds_with_no_config_at_all(site_root: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "a.md").write_text("Just text, no front matter.\n", encoding="utf-8")
    assert main(["build"]) == 0
    assert (site_root / "site" / "articles" / "a.html").exists()


CONTRACT = {"title", "lang", "pipeline", "text", "entities", "quotes", "citations"}


def test_annotate_prints_the_json_contract(capsys: pytest.CaptureFixture):
    seed = Path(__file__).resolve().parent.parent / "seeds" / f"{SEED_SLUG}.txt"
    assert main(["annotate", str(seed), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == CONTRACT
    for entity in data["entities"]:
        assert data["text"][entity["start"] : entity["end"]] == entity["text"]
        assert entity["type"] in {"PERSON", "ORG", "PLACE", "MISC"}
        assert set(entity) == {"start", "end", "text", "type", "key", "name"}
    for quote in data["quotes"]:
        assert set(quote) == {"start", "end", "text", "speaker", "speaker_key", "cue", "sources"}
        assert data["text"][quote["start"] : quote["end"]] == quote["text"]
    for citation in data["citations"]:
        assert set(citation) == {"start", "end", "text", "source"}


def test_annotate_several_files_prints_json_lines_in_order(capsys: pytest.CaptureFixture):
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    files = [seeds / "2026-11-23-rhine-low-water.md", seeds / f"{SEED_SLUG}.txt", seeds / "2026-11-20-harbour-bridge-reopens.md"]
    assert main(["annotate", "--json", *map(str, files)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["lang"] for line in lines] == ["en", "de", "en"]
    assert json.loads(lines[0])["title"].startswith("Low water on the Rhine")


def test_entity_page_lists_each_article_once_with_a_few_sentences(site_root: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(site_root)
    sentences = " ".join(f"Angela Merkel sprach am Tag {n} in Berlin." for n in range(1, 30))
    (site_root / "seeds" / "a.md").write_text(f"---\ntitle: A\nlang: de\n---\n{sentences}\n", encoding="utf-8")
    assert main(["build"]) == 0
    page = parse(site_root / "site" / "entities" / "angela-merkel.html")
    items = page.findall(".//ul[@class='mentions']/li")
    assert len(items) == 1
    assert len(items[0].findall("blockquote")) == 3
    assert "29" in text_of(items[0].find("span[@class='count']"))


def test_pages_rendered_across_processes_are_byte_for_byte_those_rendered_in_one(tmp_path: Path):
    import shutil

    from sitegen import parallel
    from sitegen.build import build
    from sitegen.config import Config

    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", tmp_path / "seeds")
    (tmp_path / "sitegen.toml").write_text("per_page = 2\n", encoding="utf-8")  # feeds and listings of a few articles
    assert parallel.can_fork(), "another thread runs: the build would not fork"
    build(Config(root=tmp_path, output_dir="one", per_page=2), workers=1)
    build(Config(root=tmp_path, output_dir="two", per_page=2), workers=2)

    def snapshot(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == sorted(two) and any(path.endswith("feed.xml") for path in one)
    entry = "pagefind/pagefind-entry.json"  # Pagefind lists the languages in no fixed order
    assert json.loads(one.pop(entry)) == json.loads(two.pop(entry))
    assert [path for path in one if one[path] != two[path]] == []
