"""``find_quotes``: quotations with their speakers, the steps of the package in order."""

from __future__ import annotations

import dataclasses

from ...model import Entity, Quote
from .. import gazetteer
from .attribution import Attribution, Attributor
from .classify import Classifier
from .context import Context, word_count
from .coref import roles
from .cues import cue_language, cue_matchers, load_cues
from .discourse import Dialogue, asks, attribute_echoes, attributed_word, clause_break, continues, new_turn
from .marks import QuoteSpan


def prepare(vocab, lang: str) -> None:
    """Load and build now what ``find_quotes`` would on its first document in ``lang`` (cue
    lists, matchers, role nouns, the given-name genders): once, with the pipeline, instead of
    in every annotation process forked from it."""
    lang = cue_language(lang)
    cue_matchers(vocab, load_cues(lang))
    roles(lang)
    gazetteer.gender_detector()


def find_quotes(doc, entities: list[Entity], text: str | None = None) -> list[Quote]:
    """Quotations in ``doc`` with their speaker and speech cue, in text order; ``text``: the
    text ``doc`` was made from, when the caller has it."""
    return quotes_in(Context(doc, entities, text=text))


def quotes_in(ctx: Context) -> list[Quote]:
    """The quotations of the document of ``ctx`` (the context ``sources`` then reads too)."""
    return [q for q, _ in attributed_quotes(ctx)]


def attributed_quotes(ctx: Context) -> list[tuple[Quote, Attribution | None]]:
    """Each quotation in ``ctx`` with its attribution (cue and speaker), in text order."""
    attributor = Attributor(ctx)
    classifier = Classifier(ctx)
    results: list[tuple[Quote, Attribution | None]] = []
    spans_kept: list[QuoteSpan] = []
    previous: tuple[QuoteSpan, Attribution | None] | None = None  # the last quotation kept
    last: tuple[QuoteSpan, Attribution | None] | None = None  # the last one, kept or not (a turn)
    dialogue: Dialogue | None = None
    for span in ctx.spans:
        if span.end - span.start < 3:
            continue
        if span.depth == 0:
            attribution = attributor.attribute(span)
            if attribution is not None and last is not None and new_turn(ctx, last[0], span) \
                    and attribution.cue.start < ctx.tok_after(span.start):
                attribution = None  # a cue before the quotation right before this one is that one's
        else:
            attribution = None  # a quotation inside a quotation: its speaker is not resolved
        if attribution is None and span.depth == 0:
            attribution = attributor.colon_intro(span)
        turn = False  # a reply in a dialogue: `„…?“ „…“`
        if attribution is None and span.depth == 0 and last is not None and new_turn(ctx, last[0], span):
            if dialogue is not None:
                turn = True
                dialogue.last = 1 - dialogue.last
                speaker = dialogue.people[dialogue.last]
                attribution = Attribution(dialogue.cue, speaker) if speaker is not None else None
            elif asks(ctx, last[0]):
                turn = True  # the answer to a question is not the asker's, and no one else is named
            else:  # no one else to talk to: the same speaker goes on (`sagte er: „…“ „…“`)
                turn, attribution = True, last[1]
        inherited = False
        if attribution is None and span.depth == 0 and previous is not None and not turn:
            inherited = continues(ctx, previous[0], span)
            if inherited:
                attribution = previous[1]
        if (attribution is None or attribution.speaker is None) and span.depth == 0 and not turn:
            attribution = (attributor.after_cue_sentence(span) or attributor.before_cue_sentence(span)
                           or attributor.colon_subject(span) or attributor.speaker_line(span)
                           or attributor.reported_speech(span) or attribution)
        if span.depth == 0 and not turn and not inherited:
            before = last[1].speaker if last is not None and last[1] is not None else None
            dialogue = Dialogue.follow(dialogue, attributor, attribution, before)
        if span.depth == 0:
            last = (span, attribution)
        if classifier.is_mention(span, attribution is not None and attribution.speaker is not None):
            continue
        title = classifier.title(span)
        if attribution is None or attribution.speaker is None:
            if title:
                continue
            if word_count(ctx.text[span.start + 1:span.end - 1]) <= 1:
                continue  # a scare-quoted word that nobody is said to have said
        elif word_count(ctx.text[span.start + 1:span.end - 1]) <= 1 and clause_break(ctx, attribution.cue, span):
            continue  # `Residents complained …, but nobody “fixed” them`: not their word
        elif title == "strong" and not attributed_word(ctx, span):
            continue
        speaker = attribution.speaker if attribution else None
        cue = attribution.cue.text if attribution else None
        quote = Quote(
            start=span.start, end=span.end, text=ctx.text[span.start:span.end],
            speaker=speaker.text if speaker else None,
            speaker_key=speaker.key if speaker else None,
            cue=cue,
        )
        if speaker is not None:
            attributor.coref.add_speaker(span.start, speaker)
        results.append((quote, attribution))
        spans_kept.append(span)
        if span.depth == 0:
            previous = (span, attribution)
    attribute_echoes(results, spans_kept)
    # a quotation over several paragraphs is attributed where it ends: `„…¶„…“, sagte X.`
    for k in range(len(results) - 2, -1, -1):
        (quote, attribution), (after, after_attribution) = results[k], results[k + 1]
        if spans_kept[k].continued and quote.speaker is None and after.speaker is not None \
                and ctx.paragraph(after.start) == ctx.paragraph(quote.start) + 1:
            results[k] = (dataclasses.replace(quote, speaker=after.speaker, speaker_key=after.speaker_key,
                                              cue=after.cue), after_attribution)
    return results
