"""Quotations in the flow of a text: the turns of a dialogue between two people, a quotation
continuing the one before, and a short phrase echoing an earlier quotation's words."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ...model import Quote
from .attribution import Attribution, Attributor
from .context import Context, Speaker
from .cues import Cue
from .marks import QuoteSpan


@dataclass
class Dialogue:
    """Two people talking, as the text names them: who spoke (``people[0]``, None when the text
    says only `er`), whom they spoke to (``people[1]``), and whose turn the last quote was.

    Quotations that follow each other with nothing but punctuation between them (`„…?“ „…“`)
    are turns of the dialogue and alternate between the two; a quotation with a cue of its own
    that names one of them sets whose turn it is, and one that names someone else ends it."""

    people: tuple[Speaker | None, Speaker]
    cue: Cue
    last: int = 0

    @staticmethod
    def follow(dialogue: Dialogue | None, attributor: Attributor, attribution: Attribution | None,
               before: Speaker | None) -> Dialogue | None:
        """The dialogue after a quotation with ``attribution``; ``before`` spoke the quotation
        before it."""
        if attribution is None:
            return None
        speaker = attribution.speaker
        addressee = attributor.addressee(attribution.cue)
        if addressee is None and before is not None and attributor.replies(attribution.cue):
            addressee = before  # `„…“, entgegnete Brummel`: to the one who spoke before
        if addressee is not None and not same_person(speaker, addressee):
            return Dialogue((speaker, addressee), attribution.cue)
        if dialogue is None or speaker is None:
            return None
        for k, person in enumerate(dialogue.people):
            if same_person(speaker, person):
                dialogue.last = k
                return dialogue
        return None


def same_person(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None:
        return False
    if a.key is not None and a.key == b.key:
        return True
    words = {w for w in a.text.split() if w[:1].isupper()}
    return bool(words & {w for w in b.text.split() if w[:1].isupper()})


def new_turn(ctx: Context, prev: QuoteSpan, span: QuoteSpan) -> bool:
    """`„Wie viele?“ „Hundert.“`: a quotation right after another, nothing but punctuation between."""
    if ctx.paragraph(prev.start) != ctx.paragraph(span.start) or prev.end > span.start:
        return False
    return not ctx.text[prev.end:span.start].strip(" \t\n.,;!?–—-")


def asks(ctx: Context, span: QuoteSpan) -> bool:
    """The quotation ends with a question."""
    return ctx.text[span.start + 1:span.end - 1].rstrip(" .…\"“”»«'’").endswith("?")


ECHO_WORDS = 8  # an echo is a short phrase, not a sentence
ECHO_LOOKBACK = 50  # of the latest quotations with a speaker (a bound: a text of 10⁴ would cost 10⁸)


def attribute_echoes(results: list[tuple[Quote, Attribution | None]], spans: list[QuoteSpan]) -> None:
    """`Die Zeitung schrieb: „… nur eingeweihten Kreisen bekannt …“ Wer sind diese „eingeweihten
    Kreise“?`: a short quotation with no speaker that repeats words of an earlier quotation with
    one quotes that speaker again (when all earlier quotations it repeats agree); not one inside
    a quotation, whose words are the outer speaker's quoting someone else."""
    words_of = [_words(q.text) for q, _ in results]
    attributed: list[int] = []  # the quotations with a speaker so far
    for k, (quote, _) in enumerate(results):
        if quote.speaker is not None:
            attributed.append(k)
            continue
        if spans[k].depth > 0:
            continue
        words = words_of[k]
        if len(words) > ECHO_WORDS or sum(1 for w in words if len(w) >= 4) < 2:
            continue
        sources = [results[j] for j in attributed[-ECHO_LOOKBACK:]
                   if results[j][0].end <= quote.start and _repeats(words, words_of[j])]
        if sources and len({q.speaker for q, _ in sources}) == 1:
            source, attribution = sources[-1]
            results[k] = (dataclasses.replace(quote, speaker=source.speaker, speaker_key=source.speaker_key,
                                              cue=source.cue), attribution)
            attributed.append(k)


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]+", text)]


def _repeats(phrase: list[str], words: list[str]) -> bool:
    """``phrase`` occurs in ``words``, word for word, inflected endings aside (`Kreise`, `Kreisen`)."""
    n = len(phrase)
    return any(all(_same_word(a, b) for a, b in zip(phrase, words[i:i + n], strict=True))
               for i in range(len(words) - n + 1))


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common >= max(4, max(len(a), len(b)) - 3)


def clause_break(ctx: Context, cue: Cue, span: QuoteSpan) -> bool:
    """A contrasting clause (`, but`, `, aber`) between a cue and a quotation after it."""
    first = ctx.tok_after(span.start)
    if cue.end > first:
        return False
    breaks = ctx.cues_data.clause_breaks
    return any(ctx.doc[k].lower_ in breaks and ctx.doc[k - 1].is_punct for k in range(cue.end + 1, first))


def attributed_word(ctx: Context, span: QuoteSpan) -> bool:
    """A title-like quotation right after a speech verb is still someone's words."""
    i = ctx.tok_after(span.start)
    return i > 0 and any(c.end == i for c in ctx.cues_in(max(0, i - 3), i))


def continues(ctx: Context, prev: QuoteSpan, span: QuoteSpan) -> bool:
    """A quotation opening the sentence right after the sentence of an attributed quotation
    (`„…“, sagte Selenskyj. „…“`) or the paragraph after one left open continues it; so does one
    after a phrase that says the words go on (`Und weiter: „…“`, `An anderer Stelle: „…“`, `And
    later: “…”`), in the same paragraph or the next."""
    if prev.continued and ctx.paragraph(span.start) == ctx.paragraph(prev.start) + 1:
        return True
    s_start, _ = ctx.sentence(span.start)
    if going_on(ctx, s_start, span.start):
        return 0 <= ctx.paragraph(span.start) - ctx.paragraph(prev.start) <= 1
    if ctx.paragraph(prev.start) != ctx.paragraph(span.start):
        return False
    if ctx.text[s_start:span.start].strip():
        return False
    prev_sent = ctx.sentence(prev.start)
    p_end = ctx.sentence(max(prev.end - 1, prev.start))[1]
    return prev_sent[0] <= s_start and ctx.sentence_index(s_start) - ctx.sentence_index(max(p_end - 1, 0)) <= 1


def going_on(ctx: Context, start: int, end: int) -> bool:
    """The text ``start``..``end`` before a quotation is a phrase saying that the words before go
    on (``continuations`` of the cue data, ending with a colon: `Und weiter:`, `Ferner:`)."""
    words = ctx.text[start:end].split()
    if not words or len(words) > 5 or not words[-1].endswith(":"):
        return False
    words[-1] = words[-1][:-1]
    words = [w.lower() for w in words if w]
    known = ctx.cues_data.continuations
    return bool(words) and all(w in known for w in words) and any(w not in ctx.cues_data.coordinators for w in words)
