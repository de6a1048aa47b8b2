"""The text of each token of a ``Doc``, read once per document and shared by the rule components.

Every ``doc[i]`` and every step of ``for token in doc`` makes a new ``Token`` object; the rule
components look at each token's text several times each, so reading the texts into a list once
and looking up strings is what keeps the rule pipeline fast (``benchmarks/bench_annotate.py``).
The list is kept in ``doc.user_data`` and made again when the document's length changed (a
component that splits or merges tokens, like ``sitegen_split_compounds``, runs before the rules);
so is ``capitalised``, the tokens that start with a capital, made again with the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported only when an article is annotated (a cached build never loads it)
    from spacy.tokens import Doc

KEY = "sitegen_token_texts"
CAPITALISED_KEY = "sitegen_capitalised"


def token_texts(doc: Doc) -> list[str]:
    """``[token.text for token in doc]``, made once per document; do not change the list."""
    texts = doc.user_data.get(KEY)
    if texts is None or len(texts) != len(doc):
        strings = doc.vocab.strings  # each token's text by its ORTH id: no Token object per token
        texts = [strings[orth] for orth in doc.to_array("ORTH").tolist()]
        doc.user_data[KEY] = texts
    return texts



def capitalised(doc: Doc) -> list[int]:
    """The indices of the tokens whose text starts with a capital (``Berlin``, ``GmbH``), made
    once per document like ``token_texts``: most name rules start only at such a token, and a
    quarter of a German text's tokens are one, so a rule walks this list, not every token."""
    texts = token_texts(doc)
    found = doc.user_data.get(CAPITALISED_KEY)
    if found is None or found[0] is not texts:
        found = (texts, [i for i, text in enumerate(texts) if text[:1].isupper()])
        doc.user_data[CAPITALISED_KEY] = found
    return found[1]
