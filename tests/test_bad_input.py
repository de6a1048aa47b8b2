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
