"""The token texts the rule components share (``annotate/token_texts.py``): read once per
document, and read again when a component has split or merged tokens."""

from __future__ import annotations

import spacy

from sitegen.annotate.token_texts import capitalised, token_texts


def test_the_texts_are_the_tokens_texts_read_once_per_document():
    doc = spacy.blank("de")("Die Staaten trafen sich in Berlin.")
    texts = token_texts(doc)
    assert texts == [token.text for token in doc]
    assert token_texts(doc) is texts


def test_the_texts_are_read_again_after_a_token_is_split():
    doc = spacy.blank("de")("Die G7-Staaten trafen sich.")
    token_texts(doc)
    with doc.retokenize() as retokenizer:
        retokenizer.split(doc[1], ["G7", "-", "Staaten"], heads=[(doc[1], 0), (doc[1], 1), (doc[1], 2)])
    assert token_texts(doc) == ["Die", "G7", "-", "Staaten", "trafen", "sich", "."]


def test_the_capitalised_tokens_are_those_starting_with_a_capital_and_follow_a_split():
    doc = spacy.blank("de")("Die G7-Staaten trafen sich in Berlin.")
    assert capitalised(doc) == [0, 1, 5]
    with doc.retokenize() as retokenizer:
        retokenizer.split(doc[1], ["G7", "-", "Staaten"], heads=[(doc[1], 0), (doc[1], 1), (doc[1], 2)])
    assert capitalised(doc) == [0, 1, 3, 7]


def test_the_rules_after_a_split_compound_read_the_split_tokens(de_rules):
    # sitegen_split_compounds reads the texts before it splits `G7-Staaten`; the name rules after it
    # must see `Olaf Scholz` where he now stands, two tokens further on
    doc = de_rules.nlp("Die G7-Staaten unterstützen Kanzler Olaf Scholz und Emmanuel Macron.")
    found = {(ent.text, ent.label_) for ent in doc.ents}
    assert {("G7", "ORG"), ("Olaf Scholz", "PERSON"), ("Emmanuel Macron", "PERSON")} <= found
