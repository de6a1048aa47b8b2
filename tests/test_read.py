"""The read stage: Markdown with front matter and plain-text news copy become Articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.config import Config
from sitegen.read import read_article
from sitegen.read.newscopy import parse_copy

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "2024-11-18-usa-langstreckenraketen-ukraine.txt"


def test_news_copy_dateline_opens_the_first_paragraph():
    copy = parse_copy(SEED.read_text(encoding="utf-8"))
    assert copy.dateline == "TAIPEI, Taiwan"
    assert copy.blocks[0][1].startswith("Die Vereinigten Staaten genehmigten")


def test_news_copy_short_lines_without_closing_punctuation_are_subheadings():
    copy = parse_copy(SEED.read_text(encoding="utf-8"))
    headings = [text for kind, text in copy.blocks if kind == "h2"]
    assert headings == ["Biden-Xi-Gespräche", "Botschaft des nordkoreanischen Führers", "Japan über Moskau, Pjöngjang"]


def test_news_copy_related_stories_block_becomes_a_list():
    copy = parse_copy(SEED.read_text(encoding="utf-8"))
    assert copy.related_header == "VERWANDTE GESCHICHTEN"
    assert len(copy.related) == 3
    assert copy.related[1].startswith("Die USA geloben Nordkorea")
    assert all(text not in copy.related for _, text in copy.blocks)


def test_news_copy_credit_line_becomes_credits():
    copy = parse_copy(SEED.read_text(encoding="utf-8"))
    assert copy.credits == ["Herausgegeben von Mike Firn."]
    assert "Herausgegeben" not in " ".join(text for _, text in copy.blocks)


def test_english_wire_copy_with_agency_dateline_and_several_credit_lines():
    copy = parse_copy(
        "Storm closes port\n"
        "WASHINGTON (Reuters) - The port was closed on Monday, officials said.\n"
        "RELATED STORIES\n"
        "Ships wait outside the harbour as storm nears\n"
        "Reporting by Jane Doe\n"
        "Editing by John Roe\n"
    )
    assert copy.title == "Storm closes port"
    assert copy.dateline == "WASHINGTON (Reuters)"
    assert copy.related == ["Ships wait outside the harbour as storm nears"]
    assert copy.credits == ["Reporting by Jane Doe", "Editing by John Roe"]


def test_sidecar_sets_metadata_and_language_is_detected_otherwise(tmp_path: Path):
    article_path = tmp_path / "wire.txt"
    article_path.write_text("BERLIN – Die Regierung hat am Montag einen neuen Haushalt vorgestellt.\n", encoding="utf-8")
    article = read_article(article_path, Config(root=tmp_path))
    assert article.lang == "de" and article.lang_detected
    assert article.title.startswith("Die Regierung hat am Montag")
    (tmp_path / "wire.meta.yml").write_text("title: Neuer Haushalt\ndate: 2026-11-24\ntags: [Haushalt]\n", encoding="utf-8")
    article = read_article(article_path, Config(root=tmp_path))
    assert (article.title, article.date, article.tags) == ("Neuer Haushalt", dt.date(2026, 11, 24), ["Haushalt"])


def test_news_copy_text_is_escaped_not_interpreted_as_markdown_or_html(tmp_path: Path):
    path = tmp_path / "odd.txt"
    path.write_text("Prices rose *sharply* to <b>$5</b> [see chart](x) on 1. March.\n", encoding="utf-8")
    article = read_article(path, Config(root=tmp_path))
    assert article.text == "Prices rose *sharply* to <b>$5</b> [see chart](x) on 1. March."


def test_markdown_front_matter_fields(tmp_path: Path):
    path = tmp_path / "2026-01-02-story.md"
    path.write_text(
        "---\ntitle: A story\nlang: en\ntags: [a, b]\nsummary: Short.\nauthor: Ann\ndraft: true\n"
        "sources:\n  - name: Reuters\n    url: https://www.reuters.com/\n    id: r\n---\n"
        "First paragraph with a note.[^1]\n\n## A heading\n\n- one\n- two\n\n[^1]: The note.\n",
        encoding="utf-8",
    )
    article = read_article(path, Config(root=tmp_path))
    assert article.slug == "2026-01-02-story"
    assert article.date == dt.date(2026, 1, 2)
    assert article.draft is True and article.author == "Ann" and article.tags == ["a", "b"]
    assert article.sources[0].name == "Reuters" and article.sources[0].id == "r"
    # The body text is its blocks joined by a blank line, without footnote markup.
    assert article.text == "First paragraph with a note.\n\nA heading\n\none\n\ntwo"


def test_markdown_body_opening_with_a_dateline_gets_the_dateline_field(tmp_path: Path):
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: Bridge\nlang: en\n---\n\nLISBON, Portugal – The bridge reopened.\n", encoding="utf-8")
    article = read_article(path, Config(root=tmp_path))
    assert article.dateline == "LISBON, Portugal"
    assert article.text == "The bridge reopened."
