"""Parallel annotation: the same results, in the same order, as one process; progress on a terminal only."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from news_items import write_news_items

from sitegen import parallel
from sitegen.annotate import AnnotationRequest, Annotator
from sitegen.model import Annotations


class PidAnnotator(Annotator):
    """Annotations that say which text they belong to and which process made them."""

    def pipeline(self, lang: str):
        return None  # nothing to load

    def annotate_many(self, requests):
        for request in requests:
            yield Annotations(pipeline=f"{request.text}|{os.getpid()}")


def test_forked_workers_return_results_in_order(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    requests = [AnnotationRequest(f"text {i}", "en") for i in range(40)]
    done = []
    results = list(parallel.annotate_in_parallel(PidAnnotator(), requests, on_done=done.append))
    assert [r.pipeline.split("|")[0] for r in results] == [r.text for r in requests]
    assert {r.pipeline.split("|")[1] for r in results} - {str(os.getpid())}, "no worker process was used"
    assert sum(done) == 40


class DyingAnnotator(PidAnnotator):
    """A worker process that dies on one text, as one killed for want of memory would."""

    def annotate_many(self, requests):
        for request in requests:
            if request.text == "text 13":
                os._exit(9)
        yield from super().annotate_many(requests)


@pytest.mark.timeout(60)
def test_a_worker_that_dies_fails_the_annotation_instead_of_hanging_it(monkeypatch: pytest.MonkeyPatch):
    from sitegen.errors import SitegenError

    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    requests = [AnnotationRequest(f"text {i}", "en") for i in range(40)]
    with pytest.raises(SitegenError, match="annotation worker process ended unexpectedly"):
        list(parallel.annotate_in_parallel(DyingAnnotator(), requests))


def _die_on_seven(item: int) -> int:
    if item == 7:
        os._exit(9)
    return item


@pytest.mark.timeout(60)
def test_a_reading_or_rendering_worker_that_dies_fails_with_one_line():
    from sitegen.errors import SitegenError

    with pytest.raises(SitegenError, match="reading or rendering worker process ended unexpectedly"):
        list(parallel.forked_map(_die_on_seven, list(range(20)), workers=2))


def test_small_batches_stay_in_this_process():
    requests = [AnnotationRequest(f"text {i}", "en") for i in range(3)]
    results = list(parallel.annotate_in_parallel(PidAnnotator(), requests))
    assert {r.pipeline.split("|")[1] for r in results} == {str(os.getpid())}


def test_progress_line_on_a_terminal_and_silence_otherwise():
    shown = io.StringIO()
    progress = parallel.Progress(3, stream=shown, enabled=True)
    for _ in range(3):
        progress.advance()
    progress.close()
    assert "annotate 3/3 articles" in shown.getvalue() and "articles/s" in shown.getvalue()
    quiet = io.StringIO()  # not a terminal: enabled defaults to False
    progress = parallel.Progress(3, stream=quiet)
    progress.advance(3)
    progress.close()
    assert quiet.getvalue() == ""


def test_forked_map_returns_results_in_order_from_worker_processes():
    assert parallel.can_fork(), "another thread runs: nothing would fork"
    shared = {"offset": 100}  # reaches the workers by fork, not as an argument

    def work(item: int) -> tuple[int, int]:
        return item + shared["offset"], os.getpid()

    results = list(parallel.forked_map(work, list(range(20)), workers=2))
    assert [value for value, _ in results] == list(range(100, 120))
    assert {pid for _, pid in results} - {os.getpid()}, "no worker process was used"


def test_forked_map_raises_a_workers_error_with_its_file_and_line():
    from sitegen.errors import SitegenError

    def work(item: int) -> int:
        raise SitegenError("bad template", "templates/page.html", 7)

    with pytest.raises(SitegenError) as caught:
        list(parallel.forked_map(work, [1, 2], workers=2))
    assert str(caught.value) == "templates/page.html:7: bad template"


def test_articles_read_across_processes_are_those_read_in_one_and_errors_name_the_file(tmp_path):
    from functools import partial

    from sitegen.config import Config
    from sitegen.errors import SitegenError
    from sitegen.read import read_articles

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for number in range(6):
        (seeds / f"a{number}.md").write_text(f"---\ntitle: A{number}\nlang: en\n---\nText {number} about *Berlin*.\n",
                                             encoding="utf-8")
    config = Config(root=tmp_path)
    forked = partial(parallel.forked_map, workers=2)
    assert read_articles(config, map_paths=forked) == read_articles(config)
    (seeds / "a3.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    with pytest.raises(SitegenError) as caught:
        read_articles(config, map_paths=forked)
    assert caught.value.path == seeds / "a3.md" and caught.value.line is not None


def test_forked_workers_store_what_they_annotate_in_the_cache(tmp_path, monkeypatch: pytest.MonkeyPatch):
    from sitegen.annotate.registry import Registry
    from sitegen.cache import AnnotationCache

    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    cache = AnnotationCache(tmp_path / "cache", {}, Registry())
    requests = [AnnotationRequest(f"text {i}", "en") for i in range(40)]
    results = list(parallel.annotate_in_parallel(PidAnnotator(), requests, store=cache.put_many))
    fresh = AnnotationCache(tmp_path / "cache", {}, Registry())
    assert [fresh.get(r) for r in requests] == results
    assert {r.pipeline.split("|")[1] for r in results} - {str(os.getpid())}, "no worker process was used"


def test_loading_a_pipeline_loads_what_quotes_and_sources_need_so_forked_workers_share_it(
    monkeypatch: pytest.MonkeyPatch,
):
    import spacy

    from sitegen.annotate import gazetteer, pipeline, quotes
    from sitegen.annotate.registry import Registry

    nlp = spacy.blank("en")
    monkeypatch.setattr(pipeline, "load_pipeline", lambda lang, model, registry: pipeline.LoadedPipeline(nlp, "blank"))
    monkeypatch.setattr("sitegen.annotate._LOADED", {})  # as in a new process: nothing loaded yet
    gazetteer.gender_detector.cache_clear()
    quotes.load_cues.cache_clear()
    Annotator(registry=Registry()).pipeline("en")
    assert gazetteer.gender_detector.cache_info().currsize == 1
    assert quotes.load_cues.cache_info().currsize == 1
    assert quotes._MATCHERS[(id(nlp.vocab), "en")][0] is nlp.vocab
    matcher = quotes._MATCHERS[(id(nlp.vocab), "en")][1]
    # the citation phrases sources looks at are in the same matcher (English has no AFTER phrase)
    assert {"BEFORE", "REPORT", "STATEMENT"} <= {label for label in quotes.CITATION_LABELS if label in matcher}


@pytest.mark.timeout(300)
def test_a_build_with_its_own_annotator_loads_no_pipeline_in_its_process_and_builds_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A cold build of many articles (``MIN_SPAWNED`` or more) annotates in workers that load
    their own pipelines: the build process, which the rendering workers are forked from, never
    holds spaCy. A build given an annotator (as ``sitegen serve`` gives its own) loads them here
    and forks its workers with them; both sites are the same byte for byte."""
    from sitegen import annotate
    from sitegen.build import build, make_annotator
    from sitegen.config import load_config

    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    loaded_here: list[str] = []
    load = annotate.Annotator.pipeline
    monkeypatch.setattr(annotate.Annotator, "pipeline",
                        lambda self, lang: loaded_here.append(lang) or load(self, lang))
    sites = {}
    for name in ("own", "given"):
        root = tmp_path / name
        write_news_items(root / "seeds", parallel.MIN_SPAWNED + 10)
        (root / "sitegen.toml").write_text('title = "Viele Meldungen"\nlanguage = "de"\n', encoding="utf-8")
        config = load_config(root / "sitegen.toml")
        loaded_here.clear()
        build(config, annotator=None if name == "own" else make_annotator(config))
        sites[name] = {p.relative_to(root / "site").as_posix(): p.read_bytes()
                       for p in sorted((root / "site").rglob("*")) if p.is_file()}
        if name == "own":
            assert loaded_here == [], "the build process loaded a pipeline itself"
        else:
            assert loaded_here, "a given annotator's pipelines are loaded in this process"
    assert sites["own"].keys() == sites["given"].keys()
    assert [path for path in sites["own"] if sites["own"][path] != sites["given"][path]] == []
