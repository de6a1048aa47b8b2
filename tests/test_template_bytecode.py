"""Compiled templates are kept in the cache folder: a build compiles only templates whose source
changed since an earlier build, and a cache it cannot write only costs time."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from sitegen.cli import main


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source (in this process)."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def test_a_second_build_compiles_no_template(built_site: Path, compiled: list[str]):
    assert main(["build", "--force"]) == 0
    assert compiled == []


def test_a_changed_template_is_compiled_again_and_used(built_site: Path, compiled: list[str]):
    (built_site / "templates").mkdir()
    (built_site / "templates" / "404.html").write_text("<p>Not here.</p>\n", encoding="utf-8")
    assert main(["build", "--force"]) == 0
    assert set(compiled) == {"404.html"}
    assert (built_site / "site" / "404.html").read_text(encoding="utf-8") == "<p>Not here.</p>"


def test_no_cache_compiles_every_template(built_site: Path, compiled: list[str]):
    assert main(["build", "--no-cache"]) == 0
    assert {"base.html", "article.html", "index.html"} <= set(compiled)


def test_a_cache_entry_in_the_way_of_compiled_templates_slows_the_build_down_and_does_not_break_it(
        site_root: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    from failed_builds import GOOD

    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "good.md").write_text(GOOD, encoding="utf-8")
    (site_root / ".sitegen-cache").mkdir()
    (site_root / ".sitegen-cache" / "templates").write_text("not a folder", encoding="utf-8")
    assert main(["build"]) == 0
    assert (site_root / "site" / "index.html").exists()
    assert any("compiled template" in r.message for r in caplog.records)


def test_serve_compiles_only_the_edited_template(tmp_path: Path, compiled: list[str]):
    from sitegen.config import load_config
    from sitegen.incremental import SiteState

    root = tmp_path / "site-root"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "serve", root)
    state = SiteState(lambda: load_config(root / "sitegen.toml"))
    state.build_all()
    (root / "templates" / "tag.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="mine">{{ name }}</p>{% endblock %}', encoding="utf-8")
    compiled.clear()
    state.update([root / "templates" / "tag.html"])
    assert set(compiled) == {"tag.html"}
    assert 'class="mine"' in (root / "site" / "tags" / "transport" / "index.html").read_text(encoding="utf-8")


def compiled_files(root: Path) -> list[Path]:
    return sorted((root / ".sitegen-cache" / "templates").rglob("*.cache"))


@pytest.mark.parametrize("damage", ["in the checksum", "in the code", "garbage", "empty"])
def test_a_damaged_compiled_template_is_compiled_again(built_site: Path, compiled: list[str], capsys, damage: str):
    """A truncated file (a full disk, a killed build) or any other damage: compiled again, no traceback."""
    files = compiled_files(built_site)
    assert files
    for path in files:
        data = path.read_bytes()
        at = data.index(jinja2.bccache.bc_magic) + len(jinja2.bccache.bc_magic)  # after sitegen's hash, if any
        path.write_bytes({"in the checksum": data[: at + 3], "in the code": data[: len(data) // 2],
                          "garbage": b"\x80\x04garbage" * 10, "empty": b""}[damage])
    before = (built_site / "site" / "index.html").read_bytes()
    capsys.readouterr()
    assert main(["build", "--force"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert {"base.html", "index.html", "article.html"} <= set(compiled)
    assert (built_site / "site" / "index.html").read_bytes() == before
    compiled.clear()
    assert main(["build", "--force"]) == 0  # and the damaged files were replaced
    assert compiled == []
