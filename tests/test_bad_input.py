"""Bad input: a one-line error naming the file (and line), a non-zero exit, the old site intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from failed_builds import build_fails

from sitegen.cli import main


def test_invalid_utf8_names_file_and_line(built_site: Path, capsys):
    (built_site / "seeds" / "bad.md").write_bytes(b"---\ntitle: x\n---\nline two\n\xff\xfe broken\n")
    err = build_fails(built_site, capsys)
    assert "bad.md:5:" in err and "UTF-8" in err


def test_empty_file(built_site: Path, capsys):
    (built_site / "seeds" / "empty.txt").write_text("  \n", encoding="utf-8")
    assert "empty.txt: file is empty" in build_fails(built_site, capsys)


def test_malformed_front_matter_yaml_names_the_line(built_site: Path, capsys):
    (built_site / "seeds" / "yaml.md").write_text("---\ntitle: ok\ntags: [a, b\ndate: 2026-01-01\n---\nBody.\n", encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "yaml.md:" in err and "malformed front matter" in err
    assert any(f"yaml.md:{n}:" in err for n in (3, 4, 5))


def test_front_matter_value_of_the_wrong_type(built_site: Path, capsys):
    (built_site / "seeds" / "date.md").write_text("---\ntitle: ok\ndate: yesterday\n---\nBody.\n", encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "date.md:3:" in err and "'date' must be a date" in err


def test_two_articles_with_the_same_slug(built_site: Path, capsys):
    (built_site / "seeds" / "good.txt").write_text("Another article with the same name.\n", encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "good.txt" in err and "good.md" in err and "slug" in err


def test_unknown_config_key(built_site: Path, capsys):
    (built_site / "sitegen.toml").write_text('title = "x"\ncolour = "blue"\n', encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "sitegen.toml:2:" in err and "unknown config key 'colour'" in err


def test_missing_template(built_site: Path, capsys):
    templates = built_site / "templates"
    templates.mkdir()
    (templates / "index.html").write_text('{% extends "no-such-base.html" %}', encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "template not found: no-such-base.html" in err


def test_debug_shows_the_traceback(built_site: Path):
    (built_site / "seeds" / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(Exception, match="file is empty"):
        main(["--debug", "build"])


# --- inputs that raised a traceback: one line naming the file (and line) or the config key --------

DEEP_LIST = "".join("    " * depth + "- item\n" for depth in range(500))

BAD_ARTICLES = {
    "a day that does not exist": ("---\ntitle: x\ndate: 2024-02-30\n---\nBody.\n", "bad.md:3:", "not a valid date"),
    "the year zero": ("---\ntitle: x\ndate: 0000-01-01\n---\nBody.\n", "bad.md:3:", "not a valid date"),
    "front matter that is a list": ("---\n- title\n- x\n---\nBody.\n", "bad.md:2:", "not a list"),
    "front matter that is one value": ("---\njust words\n---\nBody.\n", "bad.md:2:", "not a single value"),
    "front matter nested too deeply": ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nBody.\n", "bad.md",
                                       "front matter"),
    "a list nested 500 deep": ("---\ntitle: deep\nlang: en\n---\n" + DEEP_LIST, "bad.md", "nested too deeply"),
}


@pytest.mark.parametrize("case", BAD_ARTICLES)
def test_bad_article_is_one_line_naming_the_file(built_site: Path, capsys, case: str):
    text, where, what = BAD_ARTICLES[case]
    (built_site / "seeds" / "bad.md").write_text(text, encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert where in err and what in err, err


def test_a_sidecar_date_that_does_not_exist_names_the_sidecar(built_site: Path, capsys):
    (built_site / "seeds" / "wire.txt").write_text("Some wire copy about Paris.\n", encoding="utf-8")
    (built_site / "seeds" / "wire.meta.yml").write_text("title: Wire\ndate: 2023-02-29\n", encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "wire.meta.yml:2:" in err and "not a valid date" in err, err


BAD_CONFIGS = {
    "languages = []": "'languages' must name at least one language",
    "languages = ['zz']": "'languages' names 'zz'",
    "languages = [5]": "'languages' names 5",
    "language = 'zz'": "'language' is 'zz'",
    "models = {en = 5}": "'models' must map each language",
    "title = " + "[" * 5000 + "]" * 5000: "nested too deeply",
}


@pytest.mark.parametrize("setting", BAD_CONFIGS)
def test_bad_config_value_is_one_line_naming_the_key(built_site: Path, capsys, setting: str):
    (built_site / "seeds" / "nolang.md").write_text("---\ntitle: No language\n---\nDie Regierung tagt in Berlin.\n",
                                                    encoding="utf-8")
    (built_site / "sitegen.toml").write_text(f'title = "x"\n{setting}\n', encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "sitegen.toml" in err and BAD_CONFIGS[setting] in err, err
    if "nested" not in err:
        assert "sitegen.toml:2:" in err


def test_a_registry_nested_too_deeply_names_the_registry(built_site: Path, capsys):
    (built_site / "entities.yml").write_text("- name: X\n  type: ORG\n  aliases: " + "[" * 5000 + "]" * 5000 + "\n",
                                             encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert "entities.yml" in err and "nested too deeply" in err, err


def test_control_characters_from_yaml_escapes_are_dropped(built_site: Path):
    """``"\\x01"`` in YAML is a control character no page or feed can hold: dropped, as in the text."""
    (built_site / "seeds" / "ctl.md").write_text(
        '---\ntitle: "Bell\\x07 and \\x01start"\nlang: en\nsummary: "a\\x02b"\nauthor: "\\x1bX"\ntags: ["t\\x03ag"]\n'
        "---\nBody about Berlin.\n", encoding="utf-8")
    assert main(["build"]) == 0
    feed = (built_site / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "Bell and start" in feed
    page = (built_site / "site" / "articles" / "ctl.html").read_text(encoding="utf-8")
    assert "Bell and start" in page and "ab" in page
    assert (built_site / "site" / "tags" / "tag" / "index.html").exists()
    site = "".join(p.read_text(encoding="utf-8") for p in (built_site / "site").rglob("*") if p.suffix in {".html", ".xml"})
    assert not any(chr(c) in site for c in (1, 2, 3, 7, 0x1B))


def test_serve_shows_the_same_one_line_errors(built_site: Path):
    """``sitegen serve`` keeps a failed file's error (shown over the page): the same file and line."""
    from sitegen.config import load_config
    from sitegen.incremental import SiteState

    state = SiteState(lambda: load_config(root=built_site))
    state.build_all()
    bad = built_site / "seeds" / "bad.md"
    for text, where, what in BAD_ARTICLES.values():
        bad.write_text(text, encoding="utf-8")
        state.update([bad])
        assert state.error is not None and where in str(state.error) and what in str(state.error), state.error
        assert "\n" not in str(state.error)
