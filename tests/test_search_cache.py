"""The search bundle is kept in the cache: a build whose article pages did not change takes it
instead of running Pagefind, and any change to an article page runs Pagefind again."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen import search
from sitegen.build import build
from sitegen.config import Config

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def config(tmp_path: Path) -> Config:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return Config(root=tmp_path)


@pytest.fixture
def pagefind_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The Pagefind commands started from now on (they still run)."""
    runs: list[list[str]] = []
    real = subprocess.Popen

    def recording(command, *args, **kwargs):
        runs.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(search.subprocess, "Popen", recording)
    return runs


def bundle(config: Config) -> dict[str, bytes]:
    folder = config.output_path / search.BUNDLE
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_unchanged_article_pages_take_the_kept_bundle(config: Config, pagefind_runs: list):
    build(config)
    assert len(pagefind_runs) == 1
    first = bundle(config)
    shutil.rmtree(config.output_path)
    build(config)
    assert len(pagefind_runs) == 1
    assert bundle(config) == first and "pagefind-ui.js" in first


def test_a_changed_article_runs_pagefind_again(config: Config, pagefind_runs: list):
    build(config)
    seed = next((config.root / "seeds").glob("*.md"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEin neuer Satz über Quokkas.\n", encoding="utf-8")
    build(config)
    assert len(pagefind_runs) == 2


def test_no_cache_build_runs_pagefind(config: Config, pagefind_runs: list):
    build(config)
    build(config, use_cache=False)
    assert len(pagefind_runs) == 2


def test_a_damaged_kept_bundle_is_made_again(config: Config, pagefind_runs: list):
    build(config)
    (config.cache_path / "search" / "key").write_text("not the key", encoding="ascii")
    build(config)
    assert len(pagefind_runs) == 2
    assert (config.output_path / search.BUNDLE / "pagefind-ui.js").exists()


def test_a_bundle_file_edited_in_the_site_is_replaced_by_the_next_build(config: Config, pagefind_runs: list):
    """The site's bundle files are hard links to the kept ones: editing one in place edits both."""
    build(config)
    first = bundle(config)
    (config.output_path / search.BUNDLE / "pagefind-ui.js").write_text("alert('tampered')", encoding="utf-8")
    build(config)
    assert len(pagefind_runs) == 2
    assert bundle(config)["pagefind-ui.js"] == first["pagefind-ui.js"]


@pytest.mark.parametrize("damage", ["garbage", "extra", "missing"])
def test_a_tampered_kept_bundle_is_made_again(config: Config, pagefind_runs: list, damage: str):
    build(config)
    first = bundle(config)
    kept = config.cache_path / "search" / search.BUNDLE
    if damage == "garbage":
        (kept / "pagefind-entry.json").write_bytes(b"\x00garbage")
    elif damage == "extra":
        (kept / "evil.js").write_text("alert(1)", encoding="utf-8")
    else:
        (kept / "pagefind-ui.css").unlink()
    shutil.rmtree(config.output_path)
    build(config)
    assert len(pagefind_runs) == 2
    now = bundle(config)
    assert "evil.js" not in now and now["pagefind-ui.css"] == first["pagefind-ui.css"]
    assert now["pagefind-ui.js"] == first["pagefind-ui.js"] and json.loads(now["pagefind-entry.json"])


def test_force_runs_pagefind_again(config: Config, pagefind_runs: list, monkeypatch: pytest.MonkeyPatch):
    from sitegen.cli import main

    monkeypatch.chdir(config.root)
    assert main(["build"]) == 0
    assert main(["build", "--force"]) == 0
    assert len(pagefind_runs) == 2
