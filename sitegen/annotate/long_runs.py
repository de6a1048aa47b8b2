"""Tokenizing text with very long runs without blanks in linear time.

spaCy's tokenizer splits the prefixes and suffixes (quotation marks, brackets, punctuation) off
each run of non-blank characters one at a time, slicing the run again each time: a run of
``n`` quotation marks costs ``n²`` (8,000 `"` took 6.5 s, a megabyte would take hours).
``LongRunTokenizer`` wraps the pipeline's tokenizer: a text without a run of ``MAX_RUN``
characters goes to it unchanged; in one with such runs, each long run is cut into pieces of
``PIECE`` characters, each piece one token, the text between the runs is tokenized as usual,
and the docs are joined with ``Doc.from_docs``, so the doc's text is the input text, character
for character. No word is that long: what is cut is a row of marks, symbols or a pasted blob,
and a token per piece keeps the tokens (the cost of every later stage) few.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_RUN = 500  # characters without a blank: longer runs are tokenized in pieces
PIECE = 100
# a run starts after a blank or at the start (the look-behind saves trying each character of a run)
LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN},}}")


class LongRunTokenizer:
    """A spaCy tokenizer (``nlp.tokenizer``) that hands long runs to ``inner`` in pieces."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        if LONG_RUN.search(text) is None:
            return self.inner(text)
        from spacy.tokens import Doc

        docs = []
        at = 0
        for m in LONG_RUN.finditer(text):
            if m.start() > at:
                docs.append(self.inner(text[at:m.start()]))
            pieces = [text[k:min(k + PIECE, m.end())] for k in range(m.start(), m.end(), PIECE)]
            docs.append(Doc(self.inner.vocab, words=pieces, spaces=[False] * len(pieces)))
            at = m.end()
        if at < len(text):
            docs.append(self.inner(text[at:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def __getattr__(self, name: str):  # rules, vocab, prefix_search…: the wrapped tokenizer's
        return getattr(self.inner, name)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

