"""`sitegen serve` makes the search index in the background and swaps it in whole."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from sitegen.build import build, make_annotator
from sitegen.config import load_config
from sitegen.serve import SearchRun

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"


@pytest.fixture
def output(tmp_path: Path) -> Path:
    root = tmp_path / "site-root"
    shutil.copytree(FIXTURE, root)
    config = load_config(root / "sitegen.toml")
    build(config, annotator=make_annotator(config))
    return config.output_path


def bundle(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output / "pagefind").as_posix(): p.read_bytes()
            for p in (output / "pagefind").rglob("*") if p.is_file()}


def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}-"))


def test_a_finished_search_index_is_swapped_in_whole(output: Path):
    shutil.rmtree(output / "pagefind")
    run = SearchRun(output)
    while not run.done():
        time.sleep(0.05)
    run.finish()
    assert (output / "pagefind" / "pagefind-ui.js").is_file()
    assert any(name.startswith("pagefind-entry") for name in bundle(output))
    assert leftovers(output) == []


def test_a_stopped_search_index_leaves_the_last_bundle_as_it_was(output: Path):
    before = bundle(output)
    run = SearchRun(output)
    run.stop()
    assert bundle(output) == before
    assert leftovers(output) == []


def test_the_swapped_in_search_bundle_has_the_modes_the_umask_gives(output: Path):
    previous = os.umask(0o022)
    try:
        run = SearchRun(output)
        while not run.done():
            time.sleep(0.05)
        run.finish()
    finally:
        os.umask(previous)
    assert stat.S_IMODE((output / "pagefind").stat().st_mode) == 0o755
