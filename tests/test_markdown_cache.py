"""The Markdown cache: a build whose articles did not change converts no Markdown, and any input
of a body's HTML (source, annotations, links, labels, options) that changes renders it again."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sitegen import cache as cache_module
from sitegen import markdown_cache
from sitegen.build import build
from sitegen.config import Config
from sitegen.markdown_cache import MarkdownCache
from sitegen.markup import BodyRenderer, MarkupOptions, TextExtractor
from sitegen.model import Annotations, Entity, Quote

REPO = Path(__file__).resolve().parent.parent
SOURCE = "Kanzler **Scholz** sprach in Berlin.\n\nZweiter Absatz.\n"
TEXT = "Kanzler Scholz sprach in Berlin.\n\nZweiter Absatz."
ANNOTATIONS = Annotations("rules-de", [Entity(8, 14, "Scholz", "PERSON", "olaf-scholz", "Olaf Scholz")])


def options(**changes) -> MarkupOptions:
    values = {"annotations": ANNOTATIONS, "text": TEXT, "url_for_entity": lambda key: f"/entities/{key}.html"}
    values.update(changes)
    return MarkupOptions(**values)


def body(cache: MarkdownCache, opts: MarkupOptions, source: str = SOURCE, allow_html: bool = False) -> tuple[str, bool]:
    """The body's HTML and whether it was rendered (not found in the cache)."""
    rendered = []

    def render() -> str:
        rendered.append(True)
        return BodyRenderer(allow_html=allow_html).render(source, opts)

    return cache.body(source, opts, allow_html, render), bool(rendered)


def test_a_body_is_found_again_by_a_new_cache_object(tmp_path: Path):
    first, rendered = body(MarkdownCache(tmp_path), options())
    assert rendered and 'href="/entities/olaf-scholz.html"' in first
    again, rendered = body(MarkdownCache(tmp_path), options())
    assert again == first and not rendered


@pytest.mark.parametrize("change", [
    {"source": SOURCE.replace("Zweiter", "Dritter")},
    {"opts": options(annotations=Annotations("rules-de"))},
    {"opts": options(annotations=Annotations("rules-de", [Entity(8, 14, "Scholz", "PERSON", "scholz", "Olaf Scholz")]))},
    {"opts": options(url_for_entity=lambda key: f"/repo/entities/{key}.html")},
    {"opts": options(sources_label="Quellen")},
    {"allow_html": True},
])
def test_any_changed_input_of_the_html_renders_again(tmp_path: Path, change: dict):
    cache = MarkdownCache(tmp_path)
    body(cache, options())
    changed, rendered = body(cache, change.get("opts", options()), change.get("source", SOURCE),
                             change.get("allow_html", False))
    assert rendered
    opts = change.get("opts", options())
    assert changed == BodyRenderer(allow_html=change.get("allow_html", False)).render(change.get("source", SOURCE), opts)


def test_plain_text_is_cached_by_source(tmp_path: Path):
    calls = []

    def convert(source: str) -> str:
        calls.append(source)
        return TextExtractor()(source)

    assert MarkdownCache(tmp_path).plain_text(SOURCE, convert) == TEXT
    assert MarkdownCache(tmp_path).plain_text(SOURCE, convert) == TEXT
    assert MarkdownCache(tmp_path).plain_text(SOURCE + "Dritter.\n", convert).endswith("Dritter.")
    assert calls == [SOURCE, SOURCE + "Dritter.\n"]


def test_disabled_cache_neither_reads_nor_writes(tmp_path: Path):
    cache = MarkdownCache(tmp_path, enabled=False)
    assert body(cache, options())[1] and body(cache, options())[1]
    assert not list(tmp_path.iterdir())


def test_a_damaged_cache_file_is_set_aside_with_a_warning_and_a_new_one_made(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    garbage = b"not a database, " * 100
    (tmp_path / "markdown.sqlite3").write_bytes(garbage)
    html, rendered = body(MarkdownCache(tmp_path), options())
    assert rendered and "Scholz" in html
    assert "Markdown cache" in caplog.text and "damaged" in caplog.text
    assert (tmp_path / "markdown.sqlite3.damaged").read_bytes() == garbage
    assert body(MarkdownCache(tmp_path), options()) == (html, False)  # kept in the new one


def test_a_cache_that_cannot_be_opened_is_not_used_with_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    (tmp_path / "markdown.sqlite3").mkdir()  # in the way, but not a damaged database
    cache = MarkdownCache(tmp_path)
    assert body(cache, options())[1] and body(cache, options())[1]
    assert len([r for r in caplog.records if "Markdown cache" in r.getMessage()]) == 1
    assert (tmp_path / "markdown.sqlite3").is_dir() and not (tmp_path / "markdown.sqlite3.damaged").exists()


def site(tmp_path: Path) -> Config:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return Config(root=tmp_path)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "pagefind" not in p.parts}


def test_a_second_build_converts_no_markdown_and_writes_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = site(tmp_path)
    build(config)
    first = snapshot(config.output_path)

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown converted although every body was in the cache")

    monkeypatch.setattr(BodyRenderer, "render", refuse)
    monkeypatch.setattr(TextExtractor, "__call__", refuse)
    build(config)
    assert snapshot(config.output_path) == first
    with sqlite3.connect(config.cache_path / "markdown.sqlite3") as db:
        (entries,) = db.execute("SELECT count(*) FROM results").fetchone()
    articles = len(list((tmp_path / "seeds").rglob("*.md"))) + len(list((tmp_path / "seeds").rglob("*.txt")))
    assert entries == 2 * articles  # a plain text and a body each


def test_no_cache_build_converts_every_body_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = site(tmp_path)
    build(config)
    converted = []
    original = BodyRenderer.render
    monkeypatch.setattr(BodyRenderer, "render", lambda self, *a, **k: converted.append(1) or original(self, *a, **k))
    result = build(config, use_cache=False, workers=1)
    assert len(converted) == len(result.articles)


def test_a_body_that_differs_from_what_was_written_is_rendered_again(tmp_path: Path):
    """The cached HTML goes into the page as it is: one edited or damaged in the database is not published."""
    first, _ = body(MarkdownCache(tmp_path), options())
    with sqlite3.connect(tmp_path / "markdown.sqlite3") as db:
        db.execute("UPDATE results SET value = replace(value, 'Berlin', 'Berlin<script>alert(1)</script>')")
    again, rendered = body(MarkdownCache(tmp_path), options())
    assert rendered and again == first and "<script>" not in again
    assert body(MarkdownCache(tmp_path), options()) == (first, False)  # and replaced


QUOTED = "„Wir bauen“, sagte Scholz.\n"
QUOTED_TEXT = "„Wir bauen“, sagte Scholz."


def quoted_options(speaker_url: str) -> MarkupOptions:
    quote = Quote(0, 11, "„Wir bauen“", "Scholz", "olaf-scholz", "sagte")
    return MarkupOptions(annotations=Annotations("rules-de", quotes=[quote]), text=QUOTED_TEXT,
                         url_for_speaker=lambda key: f"{speaker_url}{key}.html")


def test_a_changed_speaker_url_renders_the_body_again(tmp_path: Path):
    cache = MarkdownCache(tmp_path)
    first, _ = body(cache, quoted_options("/speakers/"), QUOTED)
    assert 'href="/speakers/olaf-scholz.html"' in first
    moved, rendered = body(cache, quoted_options("/repo/speakers/"), QUOTED)
    assert rendered and 'href="/repo/speakers/olaf-scholz.html"' in moved


def test_a_change_of_the_annotation_rules_keeps_the_bodies_whose_annotations_stay(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    """The quote rules edited (a copy of the annotation code with one more line) make the annotation
    cache miss, but a body whose annotations are the same is not rendered again."""
    first, _ = body(MarkdownCache(tmp_path / "cache"), options())
    edited = tmp_path / "annotate"
    shutil.copytree(cache_module.ANNOTATE_DIR, edited)
    rules = edited / "quotes" / "marks.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    before = cache_module.code_digest()
    monkeypatch.setattr(cache_module, "ANNOTATE_DIR", edited)
    cache_module.code_digest.cache_clear()
    markdown_cache.markup_digest.cache_clear()
    try:
        assert cache_module.code_digest() != before  # the annotation cache's entries are stale now
        again, rendered = body(MarkdownCache(tmp_path / "cache"), options())
        assert again == first and not rendered
    finally:
        cache_module.code_digest.cache_clear()
        markdown_cache.markup_digest.cache_clear()
