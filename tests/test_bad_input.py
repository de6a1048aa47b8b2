"""Bad input: a one-line error naming the file (and line), a non-zero exit, the old site intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cli import main

GOOD = "---\ntitle: Good\ndate: 2026-11-01\nlang: en\n---\nA good article about Berlin.\n"


@pytest.fixture
def built_site(site_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site folder that has built once; returns the site root."""
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "good.md").write_text(GOOD, encoding="utf-8")
    assert main(["build"]) == 0
    return site_root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_fails(root: Path, capsys: pytest.CaptureFixture, *args: str) -> str:
    before = snapshot(root / "site")
    capsys.readouterr()
    assert main(["build", *args]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert snapshot(root / "site") == before, "a failed build changed the previous site"
    assert not list(root.glob(".site-*")), "a failed build left a staging folder"
    return err


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
