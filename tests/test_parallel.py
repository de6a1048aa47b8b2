"""Parallel annotation: the same results, in the same order, as one process; progress on a terminal only."""

from __future__ import annotations

import io
import os

import pytest

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
