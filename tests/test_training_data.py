"""Training data for the recognisers (training/convert.py, training/augment.py): German labels
brought to sitegen's definition, and mention-replacement copies that keep their offsets."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

from augment import Pools, replace_mentions, typographic_quotes  # noqa: E402
from convert import derived_misc, keep  # noqa: E402


@pytest.mark.parametrize("text", ["deutschen", "Frankfurter", "Bad Homburger", "Russen", "hessische",
                                  "CDU-Fraktion", "rot-grünen"])
def test_words_derived_from_names_are_not_misc_names(text):
    assert derived_misc(text)
    assert not keep({"type": "MISC", "text": text}, "de")


@pytest.mark.parametrize("text", ["Zweiten Weltkrieg", "Tubular Bells", "Der Heizer", "Brunnenfest", "Concorde 620 XL"])
def test_titles_events_and_products_stay_misc(text):
    assert not derived_misc(text)
    assert keep({"type": "MISC", "text": text}, "de")


def test_only_german_misc_is_relabelled():
    assert keep({"type": "MISC", "text": "German"}, "en")
    assert keep({"type": "PLACE", "text": "Frankfurter"}, "de")


POOLS = Pools(places=("Kiel",), given=("Maren",), surnames=("Lüders",), orgs=("Weltbank",))


def test_replaced_mentions_keep_their_type_and_offsets():
    text = 'Sagte Hans Eichel in FRANKFURT, der SPD-Chef und die SPD "wollen" das; Eichel lachte.'
    spd = text.index("SPD ")
    entities = [(6, 17, "PERSON"), (21, 30, "PLACE"), (36, 39, "MISC"), (spd, spd + 3, "ORG"),
                (text.rindex("Eichel"), text.rindex("Eichel") + 6, "PERSON")]
    assert [text[s:e] for s, e, _ in entities] == ["Hans Eichel", "FRANKFURT", "SPD", "SPD", "Eichel"]
    new_text, new = replace_mentions(text, entities, POOLS, random.Random(0), quotes=True)
    mentions = [(new_text[s:e], t) for s, e, t in new]
    assert mentions[0] == ("Maren Lüders", "PERSON")
    assert mentions[1] == ("KIEL", "PLACE")  # an upper-case dateline stays upper-case
    assert mentions[2] == ("SPD", "MISC")  # MISC is kept
    assert mentions[3] == ("Weltbank", "ORG")
    assert mentions[4][1] == "PERSON" and mentions[4][0] in ("Lüders", "Maren Lüders")
    assert '"' not in new_text and ("„wollen“" in new_text or "»wollen«" in new_text)


def test_typographic_quotes_pair_up():
    assert typographic_quotes('a "b" c "d"', random.Random(1)) in ("a „b“ c „d“", "a »b« c »d«")
