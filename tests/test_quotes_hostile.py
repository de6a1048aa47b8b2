"""Hostile text in linear time (issues 15 and 16): rows of quotation marks, thousands of quoted
sentences, unbalanced marks. Every stage (tokenizer, quotation marks, cues, attribution,
coreference) must take time in proportion to the text, so each input here has a budget per MB."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.annotate import Annotator

MB = 1_000_000
SECONDS_PER_MB = 10.0  # the acceptance: a megabyte of any one quotation mark under 10 s
MIXED_SECONDS_PER_MB = 30.0  # text of many short tokens (a mark and a blank) costs more per byte
MARKS = ["„", "“", "”", '"', "'", "‚", "‘", "’", "»", "«"]


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    annotator = Annotator()
    for lang in ("de", "en"):
        annotator.annotate("„Ja“, sagte sie.", lang)  # load the pipelines outside the budgets
    return annotator


def seconds(annotator: Annotator, text: str, lang: str) -> float:
    """CPU seconds of this process (not wall time: the budgets hold on a busy machine too)."""
    started = time.process_time()
    annotator.annotate(text, lang)
    return time.process_time() - started


def model_seconds(annotator: Annotator, text: str, lang: str) -> float:
    """CPU seconds the trained recogniser's own layers (a CNN, linear by construction) take on
    ``text``, 0 without one: the budgets are for sitegen's stages, and a text of many short
    tokens costs the model some 50 µs a token."""
    nlp = annotator.pipeline(lang).nlp
    trained = [name for name in ("tok2vec", "ner") if name in nlp.pipe_names]
    if not trained:
        return 0.0
    doc = nlp.make_doc(text)
    started = time.process_time()
    for name in trained:
        doc = nlp.get_pipe(name)(doc)
    return time.process_time() - started


@pytest.mark.parametrize("mark", MARKS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_megabyte_of_one_quotation_mark_annotates_within_the_budget(annotator, mark, lang):
    assert seconds(annotator, mark * MB, lang) < SECONDS_PER_MB


@pytest.mark.parametrize("lang", ["de", "en"])
def test_ten_thousand_quoted_sentences_annotate_within_the_budget(annotator, lang):
    text = '"word" said Joe. ' * 10_000  # 170 kB, 10,000 quotations with a speaker each
    assert seconds(annotator, text, lang) - model_seconds(annotator, text, lang) < 10.0


@pytest.mark.parametrize("blank", ["\n\n", " \n\n", "\n\n\n"])
def test_thousands_of_blank_lines_annotate_in_linear_time(annotator, blank):
    """Each blank line starts a paragraph, and the paragraph starts inside one long blank must
    not each scan the rest of it: 50,000 characters took 40 s when they did."""
    text = "Er sagte: „Ja.“" + blank * (50_000 // len(blank)) + "Ende."
    assert seconds(annotator, text, "de") < MIXED_SECONDS_PER_MB * len(text) / MB + 1.0


FRAGMENTS = ["„", "“", '"', "'", "’", "»", "«", " ", " ", "\n\n", ", ", ". ", "a", "Wort", "said Joe",
             "sagte er", "sagte die Ministerin", "Anna Berg", "he told", "laut TASS", ":", "–"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12), lang=st.sampled_from(["de", "en"]))
def test_any_pattern_repeated_to_a_fifth_of_a_megabyte_stays_within_the_budget_per_megabyte(annotator, pattern, lang):
    unit = "".join(pattern)
    text = unit * (MB // 5 // len(unit))
    own = seconds(annotator, text, lang) - model_seconds(annotator, text, lang)
    assert own < MIXED_SECONDS_PER_MB * len(text) / MB + 1.0
