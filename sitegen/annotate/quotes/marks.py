"""Quotation marks: pairing them within a paragraph into ``QuoteSpan``s (German „…“ »…« «…» ‚…‘,
English “…” ‘…’, straight "…" '…'), and the editorial insertions inside a quote.

A hand-written scanner (one pass over the marks of a paragraph, a stack of open marks): no
library pairs quotation marks with the conventions of both languages (apostrophes, marks that
open and close alike, quotations continued over paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Quote

# Quotation marks and the marks that may close each of them.
CLOSERS = {
    "„": "“”\"",
    "»": "«",
    "«": "»",
    "“": "”\"“",
    '"': '"”“',
    "‚": "‘’'",
    "‘": "’'",
    "'": "'’",
}
MARKS = set(CLOSERS) | set("”’")
SINGLE = set("‚‘’'")
OPEN_BEFORE = set("([{—–―-/") | MARKS  # a mark after one of these may open a quotation
CLOSE_AFTER = set(".,;:!?)]}—–―-…/") | MARKS  # a mark before one of these may close one
MARK_RUN = re.compile("[" + "".join(map(re.escape, sorted(MARKS))) + "]+")
LONGEST_MARK_RUN = 4  # marks in a row: as many are skipped (`„‚` and `’”` are two)
PARAGRAPH = re.compile(r"\n[ \t]*\n")
INSERTION = re.compile(r"\[[^\[\]\n]*\]")


@dataclass(frozen=True)
class QuoteSpan:
    """A pair of quotation marks: ``start`` at the opening mark, ``end`` after the closing one."""

    start: int
    end: int
    depth: int = 0  # 0 for an outermost quotation, 1 for a quotation inside it, ...
    continued: bool = False  # left open at a paragraph end and reopened in the next paragraph


def scan_quotation_marks(text: str) -> list[QuoteSpan]:
    """Pair the quotation marks of ``text`` paragraph by paragraph (hand-written scanner)."""
    spans: list[QuoteSpan] = []
    bounds = [0]
    for m in PARAGRAPH.finditer(text):
        bounds += [m.start(), m.end()]
    bounds.append(len(text))
    # `„…"`: a text whose German opening marks are closed by straight ones (old print, typed
    # text) has no straight mark that opens: a stray one (`hat. "Rudolph. „Und …"`) must not
    # pair with the closing mark of the next quotation
    straight_closes = "„" in text and "“" not in text and "”" not in text
    for i in range(0, len(bounds), 2):
        spans += _scan_paragraph(text, bounds[i], bounds[i + 1], straight_closes)
    spans.sort(key=lambda s: (s.start, -s.end))
    # depth by containment among the pairs found (an unclosed outer mark adds no depth)
    out: list[QuoteSpan] = []
    open_spans: list[QuoteSpan] = []
    for span in spans:
        while open_spans and open_spans[-1].end <= span.start:
            open_spans.pop()
        out.append(QuoteSpan(span.start, span.end, len(open_spans), span.continued))
        open_spans.append(span)
    return out


def _scan_paragraph(text: str, start: int, end: int, straight_closes: bool = False) -> list[QuoteSpan]:
    stack = _OpenMarks()
    spans: list[QuoteSpan] = []
    for m in MARK_RUN.finditer(text, start, end):  # the marks only: the other characters need no look
        if m.end() - m.start() >= LONGEST_MARK_RUN:
            continue  # `""""`, `„»"“«…`: a row of marks encloses nothing (and would cost a look each)
        for i in range(m.start(), m.end()):
            _scan_mark(text, i, start, end, stack, spans, straight_closes)
    # A quotation left open at the paragraph end runs to the paragraph end when the next paragraph
    # opens with the same mark (the convention for a quotation over several paragraphs: an opening
    # mark on each, the closing mark on the last); otherwise it is dropped, so a stray mark never
    # swallows text.
    if stack.marks and stack.marks[0][1] not in SINGLE:
        pos, ch = stack.marks[0]
        after = end  # the first character after the blank space that follows the paragraph
        while after < len(text) and text[after].isspace():
            after += 1
        if after > end and text[after:after + 1] == ch:
            stop = end
            while stop > pos and text[stop - 1].isspace():
                stop -= 1
            spans.append(QuoteSpan(pos, stop, depth=0, continued=True))
    return spans


def _scan_mark(text: str, i: int, start: int, end: int, stack: _OpenMarks, spans: list[QuoteSpan],
               straight_closes: bool = False) -> None:
    """Open or close a quotation at the mark at ``i`` (in the paragraph ``start``..``end``);
    ``straight_closes``: a straight double mark only closes."""
    ch = text[i]
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    if ch in SINGLE and prev.isalnum() and nxt.isalnum():
        return  # an apostrophe: don't, Trump’s, geht's
    prev_space, next_space = prev.isspace(), nxt.isspace()
    can_open = ch in CLOSERS and (
        ch in "„‚"
        or (not next_space and (prev_space or not prev.isalnum()))
        or (next_space and prev_space and ch in "»«“")  # `» Handeln Sie … «` in old print
    )
    if ch in SINGLE and not (prev_space or prev in OPEN_BEFORE or i == start):
        can_open = False
    if ch == '"' and straight_closes:
        can_open = False
    # a closing mark follows a word, or stands before a blank or punctuation (`schwankend "`)
    can_close = ch not in "„‚" and (not prev_space or next_space or nxt in CLOSE_AFTER)
    if ch in '"“' and stack.marks and stack.marks[-1][1] == "„":
        can_close, can_open = True, False  # inside „…, these only close (`„fast erreicht "nennt`)
    opener = stack.opener_for(ch) if can_close else None
    if opener is not None and (not can_open or not nxt.isalnum()):
        pos, _ = stack.marks[opener]
        stack.close(opener)
        spans.append(QuoteSpan(pos, i + 1, depth=len(stack.marks)))
    elif can_open:
        stack.push(i, ch)


# the opening marks each mark can close
OPENERS_OF = {ch: tuple(o for o, closers in CLOSERS.items() if ch in closers) for ch in MARKS}


class _OpenMarks:
    """The marks opened and not yet closed in a paragraph (``marks``, a stack), with the stack
    positions of each kind of mark, so that finding the mark a closing mark closes (the latest
    one it can close) takes constant time, not a walk down the stack: a row of `»»»…` would
    otherwise cost the square of its length."""

    def __init__(self) -> None:
        self.marks: list[tuple[int, str]] = []  # (offset, opening mark)
        self.by_mark: dict[str, list[int]] = {o: [] for o in CLOSERS}

    def push(self, offset: int, ch: str) -> None:
        self.by_mark[ch].append(len(self.marks))
        self.marks.append((offset, ch))

    def opener_for(self, ch: str) -> int | None:
        """Stack position of the latest open mark that ``ch`` closes."""
        found = [self.by_mark[o][-1] for o in OPENERS_OF[ch] if self.by_mark[o]]
        return max(found) if found else None

    def close(self, k: int) -> None:
        """Close the mark at stack position ``k`` and every mark opened after it."""
        del self.marks[k:]
        for positions in self.by_mark.values():
            while positions and positions[-1] >= k:
                positions.pop()


def editorial_insertions(text: str, quote: Quote) -> list[tuple[int, int]]:
    """Offsets (into ``text``) of editorial insertions in square brackets inside ``quote``."""
    inner = text[quote.start:quote.end]
    return [(quote.start + m.start(), quote.start + m.end()) for m in INSERTION.finditer(inner)]
