"""A build of its own (``sitegen build``) in bounded memory: articles read, annotated and indexed
a part at a time, their words kept on disk (``article_store``), pages rendered by workers forked
before the index grows. The site is the one a build holding everything at once makes."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from news_items import write_news_items

from sitegen import article_store, parallel
from sitegen import build as build_module
from sitegen.article_store import ArticleStore, StoredArticle
from sitegen.build import build, make_annotator
from sitegen.config import load_config


def _articles(seeds: Path, count: int) -> None:
    """``count`` short German news items with people, places, quotes, a cited agency and tags; one draft."""
    write_news_items(seeds, count, tags=True, draft=3)


def _site(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.timeout(300)
def test_a_build_in_parts_makes_the_site_a_build_holding_everything_makes(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    """Parts of 7 articles, two forked workers reading and rendering from the start, pages sent
    to them pickled (a few too large to send, rendered in the build process): every file is the
    one a build given an annotator (as ``sitegen serve`` gives its own) makes with every article
    in memory."""
    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    monkeypatch.setattr(build_module, "PART", 7)
    monkeypatch.setattr(build_module, "MIN_FORKED_READS", 2)
    monkeypatch.setattr(build_module, "MIN_FORKED_PAGES", 2)
    monkeypatch.setattr(article_store.ArticlePickler, "limit", 60)  # the listings go over it
    sites = {}
    for name in ("parts", "whole"):
        root = tmp_path / name
        _articles(root / "seeds", 40)
        (root / "sitegen.toml").write_text('title = "Meldungen"\nlanguage = "de"\nper_page = 5\n', encoding="utf-8")
        config = load_config(root / "sitegen.toml")
        result = build(config, annotator=None if name == "parts" else make_annotator(config))
        assert len(result.articles) == 39  # the draft is left out either way
        sites[name] = _site(root / "site")
    assert sites["parts"].keys() == sites["whole"].keys()
    assert [path for path in sites["parts"] if sites["parts"][path] != sites["whole"][path]] == []


def test_a_slug_used_twice_in_different_parts_is_an_error_naming_both_files(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch):
    from sitegen.errors import SitegenError

    monkeypatch.setattr(build_module, "PART", 2)
    _articles(tmp_path / "seeds", 5)
    (tmp_path / "sitegen.toml").write_text('language = "de"\n', encoding="utf-8")
    (tmp_path / "seeds" / "zz.md").write_text("---\ntitle: Doppelt\nslug: meldung-000\n---\nText.\n", encoding="utf-8")
    with pytest.raises(SitegenError, match="slug 'meldung-000' is also used by") as failure:
        build(load_config(tmp_path / "sitegen.toml", tmp_path))
    assert "zz.md" in str(failure.value)
    assert not (tmp_path / "site").exists()


def test_the_articles_of_a_build_keep_their_words_on_disk_and_read_them_when_asked(tmp_path: Path):
    _articles(tmp_path / "seeds", 4)
    (tmp_path / "sitegen.toml").write_text('language = "de"\n', encoding="utf-8")
    result = build(load_config(tmp_path / "sitegen.toml", tmp_path))
    article = next(item.article for item in result.articles if item.article.slug == "meldung-002")
    assert isinstance(article, StoredArticle)
    assert "text" not in article.__dict__ and "body_markdown" not in article.__dict__  # not held in memory
    assert article.text.startswith("Annalena Baerbock sagte am Montag in Berlin")
    assert "„Wir beraten über Punkt 2 der Tagesordnung.“" in article.body_markdown
    folder = article.__dict__["_store"].folder
    assert folder.is_dir()
    del result, article
    gc.collect()
    assert not folder.exists()  # the store goes with the last article referring to it


def test_a_store_left_by_a_killed_build_is_removed_by_the_next_and_a_running_builds_is_not(tmp_path: Path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"{article_store.PREFIX}{dead.stdout.strip()}-abc"
    running = tmp_path / f"{article_store.PREFIX}{os.getppid()}-def"
    left.mkdir()
    running.mkdir()
    store = ArticleStore(tmp_path)
    assert not left.exists() and running.is_dir() and store.folder.is_dir()


def _allocate_and_report(size: int) -> int:
    return os.getpid()


def test_a_forked_pool_forks_once_and_its_workers_do_not_count_memory_taken_after(monkeypatch: pytest.MonkeyPatch):
    """The build's workers are forked at the first call, before the index grows: later calls use
    the same processes, whose resident memory does not hold what this process took since (a
    process forked now would: a fork copies the parent's page table)."""
    with parallel.forked_pool(_allocate_and_report, workers=2, min_items=2) as pool:
        first = set(pool.map([0, 1, 2, 3]))
        assert os.getpid() not in first
        before = max(psutil.Process(pid).memory_info().rss for pid in first)
        grown = bytearray(300 * 2**20)  # 300 MiB, touched: resident here
        grown[::4096] = b"x" * len(grown[::4096])
        assert set(pool.map([0, 1, 2, 3])) <= first  # the same workers, not new ones forked now
        assert max(psutil.Process(pid).memory_info().rss for pid in first) < before + 50 * 2**20
        del grown
