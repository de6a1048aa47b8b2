"""Quotations and their speakers.

The steps, each in its module:

1. ``marks.scan_quotation_marks``: pair quotation marks within a paragraph (German „…“ »…« «…» ‚…‘,
   English “…” ‘…’, straight "…" '…'); apostrophes and stray marks are skipped, unclosed marks are
   dropped at the paragraph end, so a broken mark never swallows the rest of the text.
2. ``context.Context``: the document context quotes and sources share (tokens, sentences,
   paragraphs, entities, the speech cues of ``cues``, noun phrases), made once per document;
   ``names.NameIndex``: a person named by part of a name given in full before (`von Hollen`).
3. ``attribution.Attributor.attribute``: find the speech cue of a quotation in its sentence (cue
   words are data, ``data/cues_*.yml``, matched with spaCy's ``PhraseMatcher``) and the speaker
   phrase beside the cue, resolved to a canonical entity, a short form of one, or a pronoun's
   antecedent (``coref``).
4. ``classify.Classifier``: a quotation that names a title (`die Zeitung „Welt am Sonntag“`) or
   mentions a word (`das Wort „Ode“`, a lone scare-quoted word nobody is said to have said) is
   not a quote.
5. ``find.attributed_quotes``: speakers across sentences, only where the text makes them clear:
   a quotation going on after its attribution (`„…“, sagte X. „…“`), one introduced by a colon
   on the line or paragraph before (`X erklärte:`), one in or after reported speech
   (`X sagte, … Die Lage sei „ernst“.`), a pronoun's antecedent of its gender, the turns of a
   dialogue between two people the text names (``discourse.Dialogue``: `sagte X zu Y: „…?“ „…“`),
   and a short phrase that repeats an earlier quotation's words (``discourse.attribute_echoes``);
   a quotation whose text names no one has no speaker.
"""

from .attribution import Attribution, Attributor
from .context import Context, Speaker
from .cues import _MATCHERS, CITATION_LABELS, Cue, CueData, cue_language, cue_matchers, load_cues
from .find import attributed_quotes, find_quotes, prepare, quotes_in
from .marks import QuoteSpan, editorial_insertions, scan_quotation_marks

__all__ = [
    "CITATION_LABELS", "_MATCHERS", "Attribution", "Attributor", "Context", "Cue", "CueData", "QuoteSpan",
    "Speaker", "attributed_quotes", "cue_language", "cue_matchers", "editorial_insertions", "find_quotes",
    "load_cues", "prepare", "quotes_in", "scan_quotation_marks",
]
