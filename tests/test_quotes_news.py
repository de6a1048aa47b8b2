"""Issue 6 acceptance on German news sentences, with the real pipeline: at most 1 in 10 titles
or names in quotation marks taken for a quote, and the speaker right for at least 3 in 4
quotes whose text names the speaker; a quote whose text names no one has no speaker.

The sentences (``fixtures/quotes_de_news.yml``) are written for this test, not taken from a
corpus. The rules were improved with this fixture in view (titles taken for quotes went from 10
of 35 to 1), so these rates are a specification the rules meet, not a held-out measurement."""

from __future__ import annotations

import pytest
import yaml
from quote_helpers import FIXTURES

from sitegen.annotate import Annotator

NEWS = yaml.safe_load((FIXTURES / "quotes_de_news.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


def found_quotes(annotator: Annotator, text: str) -> dict[str, str | None]:
    """Inner text of each quote found -> its speaker."""
    return {q.text[1:-1]: q.speaker for q in annotator.annotate(text, "de").quotes}


def test_fixture_is_large_and_varied_enough_to_give_rates():
    names = [n for item in NEWS["titles"] for n in item["names"]]
    quotes = [q for item in NEWS["speakers"] for q in item["quotes"]]
    assert len(names) >= 30 and len(quotes) >= 30
    assert sum(1 for _, speaker in quotes if speaker is None) >= 3


def test_at_most_one_in_ten_titles_and_names_is_taken_for_a_quote(annotator):
    taken, total = [], 0
    for item in NEWS["titles"]:
        found = found_quotes(annotator, item["text"])
        for name in item["names"]:
            total += 1
            if name in found:
                taken.append((name, item["text"]))
    assert len(taken) * 10 <= total, f"{len(taken)} of {total} taken for quotes: {taken}"


def test_speaker_right_for_three_in_four_quotes_that_name_one(annotator):
    right, wrong, missed = 0, [], []
    for item in NEWS["speakers"]:
        found = found_quotes(annotator, item["text"])
        for quote, speaker in item["quotes"]:
            if speaker is None:
                continue
            if quote not in found:
                missed.append(quote)
            elif found[quote] is not None and speaker in found[quote]:
                right += 1
            else:
                wrong.append((quote, found[quote], speaker))
    total = right + len(wrong) + len(missed)
    assert right * 4 >= total * 3, f"{right} of {total} right; wrong {wrong}; missed {missed}"
    assert len(missed) * 10 <= total, f"quotes not found: {missed}"


def test_quotes_whose_text_names_no_one_get_no_speaker(annotator):
    guessed = []
    for item in NEWS["speakers"]:
        found = found_quotes(annotator, item["text"])
        for quote, speaker in item["quotes"]:
            if speaker is None and found.get(quote) is not None:
                guessed.append((quote, found[quote]))
    assert guessed == []
