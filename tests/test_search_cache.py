"""The search bundle is kept in the cache: a build whose article pages did not change takes it
instead of running Pagefind, and any change to an article page runs Pagefind again."""

from __future__ import annotations

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
