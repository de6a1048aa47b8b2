"""Quotations and their speakers.

Four steps, each a function below:

1. ``scan_quotation_marks``: pair quotation marks within a paragraph (German „…“ »…« «…» ‚…‘,
   English “…” ‘…’, straight "…" '…'); apostrophes and stray marks are skipped, unclosed marks are
   dropped at the paragraph end, so a broken mark never swallows the rest of the text.
2. ``_Attributor.attribute``: find the speech cue of a quotation in its sentence (cue words are
   data, ``data/cues_*.yml``, matched with spaCy's ``Matcher``) and the speaker phrase beside the
   cue, resolved to a canonical entity, a short form of one, or a pronoun's antecedent.
3. ``_Attributor.kind``: a quotation that names a title (`die Zeitung „Welt am Sonntag“`) or
   mentions a word (`das Wort „Ode“`, a lone scare-quoted word nobody is said to have said) is
   not a quote.
4. ``find_quotes_with_context``: speakers across sentences, only where the text makes them clear:
   a quotation going on after its attribution (`„…“, sagte X. „…“`), one introduced by a colon
   on the line or paragraph before (`X erklärte:`), one in or after reported speech
   (`X sagte, … Die Lage sei „ernst“.`), a pronoun's antecedent of its gender, the turns of a
   dialogue between two people the text names (``_Dialogue``: `sagte X zu Y: „…?“ „…“`), and a
   short phrase that repeats an earlier quotation's words (``_attribute_echoes``); a quotation
   whose text names no one has no speaker.

The speaker phrase is found without a parser (the rule-based pipeline has no POS tags): a noun
phrase is a run of words after an optional determiner, bounded by punctuation and stop words.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..model import Entity, Quote
from . import gazetteer

if TYPE_CHECKING:  # spaCy is imported where it is used: a build whose annotations all come from the cache never loads it
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

DATA = Path(__file__).parent / "data"

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
MARK = re.compile("[" + "".join(map(re.escape, sorted(MARKS))) + "]")
PARAGRAPH = re.compile(r"\n[ \t]*\n")
SPEAKER_LINE = re.compile(r"([.!?…]\s*)?[\"“”«»]?\s*([A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+){0,2})[.:]\s*$")
SO_FAR = re.compile(r"\s*(?:So ?weit|Soviel|So viel|So much for)\s+")
ADVERB_ENDINGS = ("lich", "weise", "dings", "mals", "falls", "wärts")
INSERTION = re.compile(r"\[[^\[\]\n]*\]")
BYLINE_PAREN = re.compile(r"[ \t]*\.?[ \t]*\(([^()\n]{2,60})\)")
ENTITY_RANK = {"PERSON": 0, "ORG": 1, "PLACE": 2, "MISC": 3}


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
    for i in range(0, len(bounds), 2):
        spans += _scan_paragraph(text, bounds[i], bounds[i + 1])
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


def _scan_paragraph(text: str, start: int, end: int) -> list[QuoteSpan]:
    stack: list[tuple[int, str]] = []  # (offset, opening mark)
    spans: list[QuoteSpan] = []
    for m in MARK.finditer(text, start, end):  # the marks only: the other characters need no look
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if ch in SINGLE and prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe: don't, Trump’s, geht's
        prev_space, next_space = prev.isspace(), nxt.isspace()
        can_open = ch in CLOSERS and (
            ch in "„‚"
            or (not next_space and (prev_space or not prev.isalnum()))
            or (next_space and prev_space and ch in "»«“")  # `» Handeln Sie … «` in old print
        )
        if ch in SINGLE and not (prev_space or prev in OPEN_BEFORE or i == start):
            can_open = False
        # a closing mark follows a word, or stands before a blank or punctuation (`schwankend "`)
        can_close = ch not in "„‚" and (not prev_space or next_space or nxt in CLOSE_AFTER)
        if ch in '"“' and stack and stack[-1][1] == "„":
            can_close, can_open = True, False  # inside „…, these only close (`„fast erreicht "nennt`)
        opener = _matching_opener(stack, ch) if can_close else None
        if opener is not None and (not can_open or not nxt.isalnum()):
            pos, _ = stack[opener]
            del stack[opener:]
            spans.append(QuoteSpan(pos, i + 1, depth=len(stack)))
        elif can_open:
            stack.append((i, ch))
    # A quotation left open at the paragraph end is dropped, unless the next paragraph reopens it
    # (the convention for quotations over several paragraphs).
    if stack and stack[0][1] not in SINGLE:
        pos, ch = stack[0]
        after = end  # the first character after the blank space that follows the paragraph
        while after < len(text) and text[after].isspace():
            after += 1
        if pos == start and text[after:after + 1] == ch:
            stop = end
            while stop > pos and text[stop - 1].isspace():
                stop -= 1
            spans.append(QuoteSpan(pos, stop, depth=0, continued=True))
    return spans


def _matching_opener(stack: list[tuple[int, str]], ch: str) -> int | None:
    for k in range(len(stack) - 1, -1, -1):
        if ch in CLOSERS[stack[k][1]]:
            return k
    return None


def editorial_insertions(text: str, quote: Quote) -> list[tuple[int, int]]:
    """Offsets (into ``text``) of editorial insertions in square brackets inside ``quote``."""
    inner = text[quote.start:quote.end]
    return [(quote.start + m.start(), quote.start + m.end()) for m in INSERTION.finditer(inner)]


# ---------------------------------------------------------------------------------------------
# Cue data


@dataclass
class CueData:
    lang: str
    speech_verbs: dict[str, list[str]]
    separable_verbs: dict[str, dict]
    phrases: list[list[str]]
    speech_nouns: list[str]
    after_quote_only: set[str]
    prepositions: list[list[str]]
    postpositions: list[list[str]]
    speaker_before: set[str]
    pronouns: dict[str, tuple[str, ...]]
    determiners: set[str]
    non_subject_determiners: set[str]
    clause_openers: set[str]
    coordinators: set[str]
    interrogatives: set[str]
    relative_openers: set[str]
    abbreviations: set[str]
    clause_breaks: set[str]
    name_links: set[str]
    not_speaker: set[str]
    title_nouns: tuple[str, ...]
    title_words: set[str]
    title_context: set[str]
    mention_markers: set[str]
    naming_verbs: set[str] = field(default_factory=set)
    self_naming_verbs: set[str] = field(default_factory=set)
    self_naming_pronouns: set[str] = field(default_factory=set)
    addressee_markers: set[str] = field(default_factory=set)
    reply_verbs: set[str] = field(default_factory=set)  # forms of the verbs named in the data
    auxiliaries: set[str] = field(default_factory=set)
    pronoun_gender: dict[str, str] = field(default_factory=dict)
    reported_speech_verbs: set[str] = field(default_factory=set)
    passive_auxiliaries: set[str] = field(default_factory=set)
    dialogue_openers: set[str] = field(default_factory=set)
    object_pronouns: set[str] = field(default_factory=set)
    possessives: set[str] = field(default_factory=set)
    citations: dict = field(default_factory=dict)


def cue_language(lang: str) -> str:
    """The language whose cues a document in ``lang`` is read with."""
    return lang if lang in ("de", "en") else "en"


def prepare(vocab, lang: str) -> None:
    """Load and build now what ``find_quotes`` would on its first document in ``lang`` (cue
    lists, matchers, role nouns, the given-name genders): once, with the pipeline, instead of
    in every annotation process forked from it."""
    lang = cue_language(lang)
    cue_matchers(vocab, load_cues(lang))
    _roles(lang)
    gazetteer.gender_detector()


@cache
def load_cues(lang: str) -> CueData:
    path = DATA / f"cues_{lang}.yml"
    if not path.exists():
        path = DATA / "cues_en.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CueData(
        lang=lang,
        speech_verbs=raw.get("speech_verbs") or {},
        separable_verbs=raw.get("separable_verbs") or {},
        phrases=raw.get("phrases") or [],
        speech_nouns=[w.lower() for w in raw.get("speech_nouns") or []],
        after_quote_only={w.lower() for w in raw.get("after_quote_only") or []},
        prepositions=raw.get("prepositions") or [],
        postpositions=raw.get("postpositions") or [],
        speaker_before={w.lower() for w in raw.get("speaker_before") or []},
        pronouns={k.lower(): tuple(v) for k, v in (raw.get("pronouns") or {}).items()},
        determiners={w.lower() for w in raw.get("determiners") or []},
        non_subject_determiners={w.lower() for w in raw.get("non_subject_determiners") or []},
        interrogatives={w.lower() for w in raw.get("interrogatives") or []},
        coordinators={w.lower() for w in raw.get("coordinators") or []},
        clause_openers={w.lower() for w in raw.get("clause_openers") or []},
        clause_breaks={w.lower() for w in raw.get("clause_breaks") or []},
        abbreviations={w.lower() for w in raw.get("abbreviations") or []},
        relative_openers={w.lower() for w in raw.get("relative_openers") or []},
        name_links={w.lower() for w in raw.get("name_links") or []},
        not_speaker={w.lower() for w in raw.get("not_speaker") or []},
        title_words={w.lower() for w in raw.get("title_words") or []},
        title_context={w.lower() for w in raw.get("title_context") or []},
        title_nouns=tuple(w.lower() for w in raw.get("title_nouns") or []),
        mention_markers={w.lower() for w in raw.get("mention_markers") or []},
        naming_verbs={w.lower() for w in raw.get("naming_verbs") or []},
        self_naming_verbs={w.lower() for w in (raw.get("self_naming") or {}).get("verbs") or []},
        self_naming_pronouns={w.lower() for w in (raw.get("self_naming") or {}).get("pronouns") or []},
        addressee_markers={w.lower() for w in raw.get("addressee_markers") or []},
        auxiliaries={w.lower() for w in raw.get("auxiliaries") or []},
        pronoun_gender={str(k).lower(): str(v) for k, v in (raw.get("pronoun_gender") or {}).items()},
        reported_speech_verbs={w.lower() for w in raw.get("reported_speech_verbs") or []},
        passive_auxiliaries={w.lower() for w in raw.get("passive_auxiliaries") or []},
        reply_verbs={f.lower() for v in raw.get("reply_verbs") or [] for f in (raw.get("speech_verbs") or {}).get(v, [])},
        dialogue_openers={w.lower() for w in raw.get("dialogue_openers") or []},
        object_pronouns={w.lower() for w in raw.get("object_pronouns") or []},
        possessives={w.lower() for w in raw.get("possessives") or []},
        citations=raw.get("citations") or {},
    )


def phrase_patterns(vocab, phrases: list[list[str]]) -> list[Doc]:
    """Docs for a ``PhraseMatcher`` on ``LOWER``, one per phrase and per choice of its optional
    words (a word ending in `?`): `["ist?", der, ansicht]` gives `ist der ansicht`, `der ansicht`."""
    from spacy.tokens import Doc

    out = []
    for phrase in phrases:
        variants: list[list[str]] = [[]]
        for w in map(str, phrase):
            if w.endswith("?") and len(w) > 1:
                variants = [v + [w[:-1].lower()] for v in variants] + variants
            else:
                variants = [v + [w.lower()] for v in variants]
        out += [Doc(vocab, words=v) for v in variants if v]
    return out


_MATCHERS: dict[tuple[int, str], tuple[object, PhraseMatcher, dict]] = {}


CITATION_LABELS = frozenset({"BEFORE", "AFTER", "STATEMENT", "REPORT"})  # the phrases ``sources`` looks at


def cue_matchers(vocab, cues: CueData) -> tuple[PhraseMatcher, dict[str, str]]:
    """A spaCy ``PhraseMatcher`` for the speech cues of one language (verb forms, nouns, `so`,
    phrases such as `ist der Ansicht`, `according to`) and for the citation phrases ``sources``
    looks at (``CITATION_LABELS``: `laut`, `berichtete`, `in einer Erklärung`), built once per
    vocab: one pass over a document finds both. And the particle each separable verb form
    needs (`fügte` … `hinzu`), which ``find_cues`` looks for later in the clause."""
    key = (id(vocab), cues.lang)
    if key in _MATCHERS and _MATCHERS[key][0] is vocab:
        return _MATCHERS[key][1:]
    from spacy.matcher import PhraseMatcher

    words = PhraseMatcher(vocab, attr="LOWER")
    words.add("VERB", phrase_patterns(vocab, [[f] for fs in cues.speech_verbs.values() for f in fs]))
    separable: dict[str, str] = {}
    for _name, spec in cues.separable_verbs.items():
        for form in spec["forms"]:
            particles = separable.get(form.lower())  # `wirft … vor`, `wirft … auf`
            particle = str(spec["particle"]).lower()
            separable[form.lower()] = f"{particles} {particle}" if particles else particle
    words.add("SEP", phrase_patterns(vocab, [[f] for f in separable]))
    for label, phrases in (("NOUN", [[w] for w in cues.speech_nouns]), ("SO", [[w] for w in cues.after_quote_only]),
                           ("PHRASE", cues.phrases), ("PREP", cues.prepositions), ("POSTP", cues.postpositions)):
        if phrases:
            words.add(label, phrase_patterns(vocab, phrases))
    spec = cues.citations
    for label, name in (("BEFORE", "before_source"), ("AFTER", "after_source"), ("STATEMENT", "statements")):
        if spec.get(name):
            words.add(label, phrase_patterns(vocab, spec[name]))
    if spec.get("report_verbs"):
        words.add("REPORT", phrase_patterns(vocab, [[w] for w in spec["report_verbs"]]))
    _MATCHERS[key] = (vocab, words, separable)
    return words, separable


@dataclass(frozen=True)
class Cue:
    """A speech cue in the doc: tokens ``start``..``end``; the verb itself ends at ``verb_end``."""

    kind: str  # VERB, SEP, PHRASE, NOUN, SO, PREP, POSTP (and DASH, COLON from the attributor)
    start: int
    end: int
    verb_end: int
    text: str


def phrase_matches(doc, cues: CueData) -> list[tuple[str, int, int]]:
    """``(label, start token, end token)`` of every speech cue and citation phrase in ``doc``."""
    words, _ = cue_matchers(doc.vocab, cues)
    strings = doc.vocab.strings
    return [(strings[m], s, e) for m, s, e in words(doc)]


def find_cues(doc, cues: CueData, matches: list[tuple[str, int, int]]) -> list[Cue]:
    """The speech cues in ``doc`` among its ``phrase_matches`` that are no citation phrases."""
    _, separable = cue_matchers(doc.vocab, cues)
    matches = sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]), m[0] != "SEP"))  # `rief … aus` before `rief`
    found: list[Cue] = []
    taken_until = -1
    for kind, s, e in matches:
        if s < taken_until:
            continue
        token = doc[s]
        before = doc[s - 1] if s > 0 else None
        if before is not None and before.text == "-" and before.idx + 1 == token.idx:
            continue  # part of a compound: `so-called`
        if cues.lang == "de" and kind == "VERB" and before is not None and token.text[:1].isupper() \
                and not token.is_sent_start and before.is_alpha:
            continue  # a noun inside a sentence: `neue Fragen`, `mit Berichten`
        if kind == "SEP":
            # the particle later in the clause (`fügte er hinzu`, `teilte das Unternehmen mit`)
            particles = separable[token.lower_].split()
            end = None
            for k in range(s + 1, min(len(doc), s + 8)):
                later = doc[k]
                if later.is_punct:
                    break
                if later.lower_ in particles:
                    end = k + 1
                    break
            if end is None:
                continue
            text = f"{token.text} … {doc[end - 1].text}" if end - s > 2 else doc[s:end].text
            found.append(Cue(kind, s, end, s + 1, text))
        else:
            found.append(Cue(kind, s, e, e, token.text if e == s + 1 else doc[s:e].text))
        taken_until = e
    return found


# ---------------------------------------------------------------------------------------------
# Attribution


@dataclass(frozen=True)
class Speaker:
    text: str  # canonical name or phrase as written
    key: str | None
    type: str | None  # entity type when an entity
    start: int  # char offsets of the phrase in the text
    end: int


@dataclass(frozen=True)
class Attribution:
    cue: Cue
    speaker: Speaker | None


class Context:
    """Per-document lookups shared by quotes and sources: tokens, sentences, entities, cues."""

    def __init__(self, doc, entities: list[Entity], spans: list[QuoteSpan] | None = None, text: str | None = None):
        """``text``: the text ``doc`` was made from, when known (``doc.text`` builds it token by token)."""
        self.doc = doc
        self.text = doc.text if text is None else text
        self.lang = cue_language(doc.lang_)
        self.cues_data = load_cues(self.lang)
        columns = doc.to_array(["IDX", "SENT_START"]) if len(doc) else None  # one call: each costs ~20 µs
        self.tok_starts = columns[:, 0].tolist() if columns is not None else []
        self.entities = sorted(entities, key=lambda e: (e.start, e.end))
        self.ent_starts = [e.start for e in self.entities]
        self.spans = scan_quotation_marks(self.text) if spans is None else spans
        self.top = [s for s in self.spans if s.depth == 0]
        self.top_starts = [s.start for s in self.top]
        speech: list[tuple[str, int, int]] = []
        self.citation_phrases: list[tuple[str, int, int]] = []  # what ``sources`` looks at
        for match in phrase_matches(doc, self.cues_data):
            (self.citation_phrases if match[0] in CITATION_LABELS else speech).append(match)
        self.cues = find_cues(doc, self.cues_data, speech)
        self.cue_starts = [c.start for c in self.cues]
        self._sentences(columns[:, 1] if columns is not None else None)
        self._in_quote = self._quote_mask()
        self._paren = self._parentheses()

    # -- tokens and characters
    def tok_at(self, char: int) -> int:
        return max(0, bisect_right(self.tok_starts, char) - 1)

    def tok_after(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.tok_starts, char)

    def _quote_mask(self) -> list[bool]:
        mask = [False] * len(self.doc)
        for s in self.top:
            for i in range(self.tok_after(s.start), self.tok_after(s.end)):
                mask[i] = True
        return mask

    def in_quote(self, i: int) -> bool:
        return self._in_quote[i]

    # -- sentences: spaCy's sentence starts, except those inside a quotation, and paragraphs
    def _sentences(self, flags) -> None:
        """``flags``: the tokens' ``SENT_START`` (1: a sentence starts there) from the sentencizer or parser, if any."""
        starts = {0}
        if flags is not None:
            tok_starts = self.tok_starts
            starts.update(tok_starts[i] for i in (flags == 1).nonzero()[0].tolist())
        paragraphs = [m.end() for m in PARAGRAPH.finditer(self.text)]
        starts.update(paragraphs)
        self.par_starts = [0, *paragraphs]
        par_starts = set(self.par_starts)
        kept = []
        for c in sorted(starts):
            if c in par_starts:
                kept.append(c)
                continue
            k = bisect_right(self.top_starts, c) - 1
            if k >= 0 and self.top[k].start < c < self.top[k].end:
                continue
            if self.text[c:c + 1].islower() and self._last_mark_before(c):
                continue  # `Der „St.-Anz.“ bemerkt`: a lowercase word after a quotation goes on
            kept.append(c)
        self.sent_starts = kept

    def _last_mark_before(self, char: int) -> bool:
        """Whether the last character before ``char`` that is not blank is a quotation mark."""
        while char > 0 and self.text[char - 1].isspace():
            char -= 1
        return char > 0 and self.text[char - 1] in MARKS

    def sentence(self, char: int) -> tuple[int, int]:
        """Char range of the sentence (outside quotations) that holds ``char``."""
        k = bisect_right(self.sent_starts, char) - 1
        start = self.sent_starts[k]
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.text)
        return start, end

    def sentence_index(self, char: int) -> int:
        return bisect_right(self.sent_starts, char) - 1

    def paragraph(self, char: int) -> int:
        return bisect_right(self.par_starts, char) - 1

    # -- entities
    def entities_in(self, start: int, end: int) -> list[Entity]:
        k = bisect_left(self.ent_starts, start)
        # an entity may start a little before ``start`` and overlap
        k = max(0, k - 3)
        out = []
        while k < len(self.entities) and self.entities[k].start < end:
            e = self.entities[k]
            if e.end > start and e.start < end:
                out.append(e)
            k += 1
        return out

    def cues_in(self, start_tok: int, end_tok: int) -> list[Cue]:
        k = bisect_left(self.cue_starts, start_tok)
        out = []
        while k < len(self.cues) and self.cues[k].start < end_tok:
            out.append(self.cues[k])
            k += 1
        return out

    # -- noun phrases (hand-written: the rule pipeline has no tagger or parser)
    def _np_word(self, i: int) -> bool:
        t = self.doc[i]
        low = t.lower_
        if self.in_quote(i):
            return False
        if t.is_space:
            return "\n\n" not in t.text
        if low in ("'s", "’s") or self._paren[i]:
            return True
        if low == "-":  # inside a hyphenated name (`Park Geun-hye`)
            return 0 < i < len(self.doc) - 1 and not self.doc[i - 1].whitespace_ and not t.whitespace_
        if t.is_punct and low != ".":
            return False
        if low == ".":
            # an initial or abbreviation inside a name (`Donald J. Trump`, `Rep. John Mica`)
            prev = self.doc[i - 1] if i > 0 else None
            nxt = self.doc[i + 1] if i + 1 < len(self.doc) else None
            return bool(prev is not None and prev.is_alpha and prev.text[:1].isupper()
                        and (len(prev) == 1 or prev.lower_ in self.cues_data.abbreviations)
                        and nxt is not None and nxt.text[:1].isupper())
        if low in self.cues_data.not_speaker:
            return False
        attributive = (0 < i < len(self.doc) - 1 and self.doc[i - 1].lower_ in self.cues_data.determiners
                       and self.doc[i + 1].text[:1].isupper() and not self.doc[i + 1].is_stop)
        if t.like_num and not attributive:
            return False  # a number, but `the 30 protesters`
        if attributive and t.is_alpha and t.text.islower():
            return True  # `die fünfte Abhandlung`, `der erste Redner`
        if t.is_stop and low not in self.cues_data.determiners and low not in self.cues_data.pronouns:
            # a capitalised stop word only inside a name (`Theresa May`)
            prev = self.doc[i - 1] if i > 0 else None
            if not (t.text[:1].isupper() and prev is not None and prev.text[:1].isupper() and not prev.is_stop):
                return False
        if self.cues_data.lang == "en" and (low.endswith("ly") or low.endswith("ing")) and len(low) > 4:
            if not t.text[:1].isupper() or t.is_sent_start:
                return False  # adverbs and gerunds (`Conversely`, `targeting`) name no one
        return any(ch.isalpha() for ch in t.text)

    def _parentheses(self) -> list[bool]:
        """Tokens of a short parenthesis (`(R-Utah)`), which a speaker phrase may hold."""
        mask = [False] * len(self.doc)
        for m in re.finditer(r"\([^()\n]{1,60}\)", self.text):
            first, last = self.tok_at(m.start()), self.tok_at(m.end() - 1)
            if last - first <= 8:
                for k in range(first, last + 1):
                    mask[k] = True
        return mask

    def _link(self, i: int) -> bool:
        """`of` between two parts of a name (`Chambers of Commerce`, `Port of Rotterdam`)."""
        if self.doc[i].lower_ not in self.cues_data.name_links or self.in_quote(i):
            return False
        p, n = i - 1, i + 1
        while p > 0 and self.doc[p].is_space:
            p -= 1
        while n < len(self.doc) - 1 and self.doc[n].is_space:
            n += 1
        if p < 0 or n >= len(self.doc):
            return False
        nxt = self.doc[n]
        return self.doc[p].text[:1].isupper() and (nxt.text[:1].isupper() or nxt.lower_ in self.cues_data.determiners)

    def np_after(self, i: int, limit: int) -> tuple[int, int] | None:
        """Token range of the noun phrase starting at token ``i`` (before ``limit``)."""
        cd = self.cues_data
        limit = min(limit, len(self.doc))
        while i < limit and self.doc[i].is_space:
            i += 1
        if i >= limit:
            return None
        skipped = 0  # `sagte damals Tscharykow`, `sagte am Montag Scholz`
        while i < limit - 1 and skipped < 3 and (self.doc[i].lower_ in cd.not_speaker or self.doc[i].is_space):
            i += 1
            skipped += 1
        if self.doc[i].lower_ in cd.pronouns and not self.in_quote(i):
            return (i, i + 1)
        j = i
        if self.doc[j].lower_ in cd.determiners and not self.in_quote(j):
            j += 1
            title = self._title_at(j)
            if title is not None:  # `die „Kreuzzeitung“`
                return (i, title)
        seen_name = False
        while j < limit and j - i < 10 and (self._np_word(j) or self._link(j)):
            t = self.doc[j]
            low = t.lower_
            if low in cd.determiners and not self._link(j - 1):
                break
            if low in cd.pronouns or low in cd.clause_openers or self._is_cue_word(j):
                break
            if cd.lang == "de" and seen_name and t.is_alpha and t.text.islower() and not self._noun_follows(j, limit) \
                    and not self._link(j) and not (low in cd.determiners and self._link(j - 1)):
                break  # German adjectives come before their noun: `Struve knüpft` is no phrase
            seen_name = seen_name or t.text[:1].isupper()
            j += 1
        while j > i and (self.doc[j - 1].is_space or self.doc[j - 1].lower_ in cd.name_links):
            j -= 1
        if j == i or (j == i + 1 and self.doc[i].lower_ in cd.determiners):
            return None
        if cd.lang == "de" and not any(self.doc[k].text[:1].isupper() for k in range(i, j)):
            return None  # a German noun phrase has a capitalised noun or name
        if j == i + 1 and self._adverb(i):
            return None
        return (i, j)

    def _adverb(self, i: int) -> bool:
        """`Kürzlich`, `Endlich`, `Glücklicherweise` opening a German sentence: no one."""
        t = self.doc[i]
        if self.cues_data.lang != "de" or len(t) < 6 or not t.lower_.endswith(ADVERB_ENDINGS):
            return False
        return not self.entities_in(t.idx, t.idx + len(t))

    def _noun_follows(self, j: int, limit: int) -> bool:
        """`Chinas staatliche Nachrichtenagentur`: a lowercase word, then a capitalised noun."""
        for k in range(j + 1, min(j + 3, limit)):
            t = self.doc[k]
            if t.text[:1].isupper() and not t.is_stop:
                return True
            if not (t.is_alpha and t.text.islower() and not t.is_stop):
                return False
        return False

    def _title_at(self, j: int) -> int | None:
        """End token of a short quoted name starting at token ``j`` (`die „Kreuzzeitung“`)."""
        if j >= len(self.doc) or not self.in_quote(j):
            return None
        k = bisect_left(self.top_starts, self.doc[j].idx)
        if k < len(self.top) and self.top[k].start == self.doc[j].idx:
            span = self.top[k]
            inner = self.text[span.start + 1:span.end - 1]
            if inner[:1].isupper() and _word_count(inner) <= 4:
                return self.tok_after(span.end)
        return None

    def _title_before(self, e: int, floor: int) -> int | None:
        """Start token of `der „Bund“` when a short quoted name after an article ends at ``e``."""
        if not self.in_quote(e - 1):
            return None
        k = bisect_right(self.top_starts, self.doc[e - 1].idx) - 1
        if k < 0:
            return None
        first = self.tok_after(self.top[k].start)
        det = first - 1
        while det >= floor and self.doc[det].is_space:
            det -= 1
        if det < floor or self.doc[det].lower_ not in self.cues_data.determiners or self.in_quote(det):
            return None
        return det if self._title_at(first) == e else None

    def np_before(self, e: int, floor: int) -> tuple[int, int] | None:
        """Token range of the noun phrase that ends just before token ``e`` and starts a clause."""
        cd = self.cues_data
        while e - 1 >= floor and self.doc[e - 1].is_space:
            e -= 1
        if e - 1 < floor:
            return None
        title = self._title_before(e, floor)
        if title is not None:  # `Der „Bund“ schreibt`: a quoted name after its article
            s = title
        elif self.doc[e - 1].lower_ in cd.pronouns and not self.in_quote(e - 1):
            s = e - 1
        else:
            s = e
            while s - 1 >= floor and e - s < 12 and (self._np_word(s - 1) or self._link(s - 1)):
                low = self.doc[s - 1].lower_
                if low in cd.pronouns or low in cd.clause_openers:
                    break
                s -= 1
                if low in cd.determiners and not (s - 1 >= floor and self._link(s - 1)):
                    break
            while s < e and self.doc[s].is_space:
                s += 1
            if s == e or all(self.doc[k].lower_ in cd.determiners for k in range(s, e)):
                return None
            if self.doc[s].lower_ in cd.non_subject_determiners:
                return None
            if cd.lang == "de" and not any(self.doc[k].text[:1].isupper() for k in range(s, e)):
                return None  # `sondern offen zugegeben`: no noun, no subject
        if e == s + 1 and self._adverb(s):
            return None
        # it must start a clause: after the sentence start, punctuation or a conjunction
        k = s - 1
        while k >= floor and self.doc[k].is_space:
            k -= 1
        if k >= floor:
            before = self.doc[k]
            if not (before.is_punct or self.in_quote(k) or before.lower_ in cd.clause_openers):
                return None
        return (s, e)

    def subject_before(self, e: int, floor: int) -> tuple[int, int] | None:
        """The subject before a verb at ``e``, also across a relative clause or an apposition
        between commas (`BASF, which ships by river, said`; `Vermeer, a spokesman, said`)."""
        np = self.np_before(e, floor)
        if np is not None:
            return np
        k = e - 1
        while k >= floor and self.doc[k].is_space:
            k -= 1
        if k < floor or self.doc[k].text != ",":
            return None
        cd = self.cues_data
        for j in range(k - 1, max(floor, k - 30) - 1, -1):
            t = self.doc[j]
            if self.in_quote(j):
                return None
            if t.text == "," and j + 1 < k:
                opener = self.doc[j + 1].lower_
                if opener in cd.relative_openers or opener in cd.determiners:
                    return self.np_before(j, floor)
                # `Lopez's opponent, Senator John Miller, said`: the apposition names the speaker
                if self.np_after(j + 1, k) == (j + 1, k) and self._names_person(j + 1, k):
                    first = self.np_before(j, floor)
                    if first is None or not self._names_person(*first):
                        return (j + 1, k)
                    return first
                return None
            if t.is_sent_start and j > floor:
                return None
        return None

    def _names_person(self, s: int, e: int) -> bool:
        cs, ce = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1].text)
        return any(x.type == "PERSON" and not self._possessive(x) for x in self.entities_in(cs, ce))

    def _possessive(self, ent: Entity) -> bool:
        """`Lopez's opponent`: the entity is the possessor, not the head of the phrase."""
        return self.text[ent.end:ent.end + 2] in ("'s", "’s")

    def _is_cue_word(self, i: int) -> bool:
        k = bisect_left(self.cue_starts, i)
        return k < len(self.cues) and self.cues[k].start == i

    def speaker_from_np(self, span: tuple[int, int]) -> Speaker:
        s, e = span
        cs, ce = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1].text)
        ents = [x for x in self.entities_in(cs, ce) if x.type in ENTITY_RANK]
        link = next((k for k in range(s + 1, e) if self.doc[k].lower_ in self.cues_data.name_links), None)
        if link is not None:  # the head comes before `of`: `Petra Hoffmann of the Chambers`
            ents = [x for x in ents if x.start < self.doc[link].idx]
        if any(not self._possessive(x) for x in ents):
            ents = [x for x in ents if not self._possessive(x)]
        if ents:
            best = min(ents, key=lambda x: (ENTITY_RANK[x.type], -x.start))
            return self._canonical(best)
        phrase = " ".join(self.text[cs:ce].split())
        if e - s == 1 and self.doc[s].text[:1].isupper():
            short = self._short_form(self.doc[s].text, cs)
            if short is not None:
                return short
        return Speaker(phrase, None, None, cs, ce)

    def _canonical(self, ent: Entity) -> Speaker:
        if ent.type == "PERSON" and " " not in ent.name:
            short = self._short_form(ent.name, ent.start)
            if short is not None and short.key != ent.key:
                return Speaker(short.text, short.key, "PERSON", ent.start, ent.end)
        return Speaker(ent.name, ent.key, ent.type, ent.start, ent.end)

    def _short_form(self, word: str, before: int) -> Speaker | None:
        """`Kim` after `Kim Jong Un`: the latest earlier person whose name holds the word."""
        k = bisect_left(self.ent_starts, before) - 1
        while k >= 0:
            e = self.entities[k]
            if e.type == "PERSON" and " " in e.name and word in e.name.split():
                return Speaker(e.name, e.key, e.type, e.start, e.end)
            k -= 1
        return None


class _Attributor:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.history: list[tuple[int, Speaker]] = []  # speakers of quotes, in text order

    # -- speakers of cues
    def speaker_of(self, cue: Cue, floor: int, ceiling: int) -> Speaker | None:
        ctx, cd, doc = self.ctx, self.ctx.cues_data, self.ctx.doc
        if cue.kind == "PREP":
            np = ctx.np_after(cue.end, ceiling)
            return self._resolve(np)
        if cue.kind == "POSTP":
            np = ctx.np_before(cue.start, floor)
            if np is None and cue.start - 1 >= floor:
                s = cue.start
                while s - 1 >= floor and cue.start - s < 8 and ctx._np_word(s - 1):
                    s -= 1
                np = (s, cue.start) if s < cue.start else None
            return self._resolve(np)
        if cue.kind == "SO":
            return self._resolve(ctx.np_after(cue.end, ceiling))
        if cue.kind == "NOUN":  # `die Worte Zimmermanns:`, `Trump's words:`
            np = ctx.np_after(cue.end, ceiling)
            if np is None or ctx.doc[np[0]].lower_ in cd.pronouns:
                np = ctx.np_before(cue.start, floor)
            return self._resolve(np)
        after_limit = cue.end - 1 if cue.kind == "SEP" else ceiling
        verb = doc[cue.start].lower_
        first = cue.start
        # `ist der Ansicht`: the copula belongs to the cue
        opener = first == floor or (doc[first - 1].is_punct and not ctx._paren[first - 1]) or ctx.in_quote(first - 1)
        np = ctx.np_before(first, floor) if not opener else ctx.subject_before(first, floor)
        if np is not None:
            return self._resolve(np)
        if verb in cd.speaker_before:
            return None
        speaker = self._resolve(ctx.np_after(cue.verb_end, after_limit))
        if speaker is None and not opener:
            # a participle at the end of a clause (`was Paul Pfizer geschrieben hat:`), a second
            # verb of the subject (`Struve knüpft an … und bemerkt dazu:`), or a participle at
            # the sentence end (`Stöcker habe damals gesagt:`): the clause or sentence subject
            speaker = self.clause_subject(floor, first) or self.sentence_subject(floor, first)
        return speaker

    def clause_subject(self, floor: int, limit: int) -> Speaker | None:
        """The subject right after the word opening the clause of a cue (`, was Pfizer …`), also
        across a coordinated clause (`daß sich der Minister …, sondern zugegeben habe`)."""
        ctx, cd = self.ctx, self.ctx.cues_data
        openers = cd.clause_openers | cd.interrogatives
        verb_final = limit + 1 < len(ctx.doc) and ctx.doc[limit + 1].lower_ in cd.auxiliaries
        for k in range(limit - 1, floor - 1, -1):
            t = ctx.doc[k]
            if ctx.in_quote(k):
                return None
            if t.is_punct:
                if k + 1 < limit and ctx.doc[k + 1].lower_ in cd.coordinators:
                    if limit - (k + 1) <= 2 and not verb_final:
                        return None  # `…, und bemerkt dazu`: a main clause, the sentence subject
                    continue  # `…, sondern offen zugegeben habe`: the clause before
                return None
            if t.lower_ in openers and t.lower_ not in cd.coordinators and (k == floor or ctx.doc[k - 1].is_punct):
                np = ctx.np_after(k + 1, limit)
                if np is None or any(ctx.doc[j].lower_ not in cd.not_speaker for j in range(k + 1, np[0])):
                    return None
                if ctx.doc[np[0]].lower_ in cd.determiners and np[1] - np[0] < 2:
                    return None
                return self._resolve(np)
        return None

    def sentence_subject(self, floor: int, limit: int, v2: bool = True) -> Speaker | None:
        """The noun phrase opening a sentence, if it names someone (an entity or a pronoun); in
        German also the one right after the verb when an adverb opens the sentence
        (`Nun näherte der König …`)."""
        ctx, cd = self.ctx, self.ctx.cues_data
        np = ctx.np_after(floor, limit)
        if np is not None and np[0] != floor and not all(ctx.doc[k].is_space for k in range(floor, np[0])):
            np = None
        if np is None and v2 and cd.lang == "de":
            k = floor
            while k < limit and k - floor < 2 and (ctx.doc[k].lower_ in cd.not_speaker or ctx.doc[k].is_stop) \
                    and ctx.doc[k].lower_ not in cd.determiners and not ctx.doc[k].is_punct:
                k += 1
            if k > floor and k < limit and ctx.doc[k].is_alpha and ctx.doc[k].text.islower() \
                    and ctx.doc[k].lower_ not in cd.determiners:
                np = ctx.np_after(k + 1, limit)  # the finite verb, then its subject
                if np is not None and np[0] != k + 1:
                    np = None
        if np is None:
            return None
        speaker = self._resolve(np)
        if speaker is None:
            return None
        low = ctx.doc[np[0]].lower_
        if speaker.key is None and low not in cd.determiners and np[1] - np[0] > 3:
            return None
        return speaker

    def _resolve(self, np: tuple[int, int] | None) -> Speaker | None:
        if np is None:
            return None
        ctx = self.ctx
        s, e = np
        low = ctx.doc[s].lower_
        if e - s == 1 and low in ctx.cues_data.pronouns:
            return self.antecedent(low, ctx.doc[s].idx)
        return ctx.speaker_from_np(np)

    def antecedent(self, pronoun: str, at: int) -> Speaker | None:
        """The entity a pronoun stands for: the subject of its sentence, the last speaker, or
        the nearest sentence subject before it, of a type (and gender) the pronoun can refer
        to; a speaker of the other gender is passed over for the one before."""
        ctx = self.ctx
        types = ctx.cues_data.pronouns[pronoun]
        sent = ctx.sentence_index(at)
        s_start, _ = ctx.sentence(at)
        subject = self._subject(s_start, at, types, pronoun)
        if subject is not None:
            return subject
        earlier: list[tuple[int, Speaker]] = []  # speakers before the last one, if of the other gender
        for pos, spk in reversed(self.history):
            if at - pos > 2000:
                break
            phrase = spk.type is None and "PERSON" in types and (
                pronoun in ("sie", "they") or _gender_of(spk, ctx.lang) is not None)  # `der Minister`
            if not (spk.type in types or phrase):
                break
            if self._agrees(pronoun, spk):
                if not earlier:
                    return spk  # the last speaker
                earlier.append((pos, spk))
                break
            earlier.append((pos, spk))
        earlier = [(pos, spk) for pos, spk in earlier if self._agrees(pronoun, spk)]
        for k in range(sent - 1, max(-1, sent - 6), -1):
            start = ctx.sent_starts[k]
            end = ctx.sent_starts[k + 1]
            subject = self._subject(start, end, types, pronoun)
            if subject is not None:
                earlier.append((subject.start, subject))
                break
        return max(earlier, key=lambda c: c[0])[1] if earlier else None

    def _agrees(self, pronoun: str, speaker: Speaker) -> bool:
        """The pronoun's gender (if it has one) is not the other of the speaker's (if known)."""
        gender = self.ctx.cues_data.pronoun_gender.get(pronoun)
        if gender is None:
            return True
        known = _gender_of(speaker, self.ctx.lang)
        return known is None or known == gender

    def _subject(self, start: int, end: int, types: tuple[str, ...], pronoun: str) -> Speaker | None:
        """An entity at the start of a sentence (its likely subject), within its first words."""
        ctx = self.ctx
        i = ctx.tok_after(start)
        first_words = ctx.doc[i:min(i + 8, len(ctx.doc))]
        limit = min(end, first_words.end_char if len(first_words) else end)
        for ent in ctx.entities_in(start, limit):
            if ent.type in types and not ctx.in_quote(ctx.tok_at(ent.start)):
                # nothing but determiners and adjectives before it in the sentence
                j = ctx.tok_at(ent.start)
                if all(not ctx.doc[k].is_punct and not ctx.doc[k].is_stop or
                       ctx.doc[k].lower_ in ctx.cues_data.determiners for k in range(i, j)):
                    speaker = ctx._canonical(ent)
                    return speaker if self._agrees(pronoun, speaker) else None
        return None

    # -- quotations
    def attribute(self, span: QuoteSpan, siblings: list[QuoteSpan]) -> Attribution | None:
        ctx = self.ctx
        s_start, s_end = ctx.sentence(span.start)
        s_end = max(s_end, ctx.sentence(max(span.end - 1, span.start))[1])
        floor, ceiling = ctx.tok_after(s_start), ctx.tok_after(s_end)
        q_first, q_last = ctx.tok_after(span.start), ctx.tok_after(span.end)
        nxt = [s for s in siblings if s.start >= span.end]
        right_stop = ctx.tok_after(nxt[0].start) if nxt else ceiling
        # 1. attribution right after the quotation: `„…“, sagte X` / `“…,” X said`
        i = q_last
        while i < right_stop and ctx.doc[i].text in (",", "–", "—", "-"):
            i += 1
        immediate = None
        for cue in ctx.cues_in(i, min(right_stop, i + 11)):
            if cue.kind in ("POSTP", "NOUN"):
                continue
            if cue.start == i:
                immediate = Attribution(cue, self.speaker_of(cue, i, ceiling))
            elif all(ctx.doc[k].lower_ in ctx.cues_data.determiners for k in range(i, cue.start)):
                immediate = Attribution(cue, self.speaker_of(cue, i, ceiling))  # `„…“ – das sagte X`
            elif all(ctx._np_word(k) or ctx._link(k) for k in range(i, cue.start)) \
                    and ctx.doc[cue.start].lower_ not in self.ctx.cues_data.after_quote_only:
                immediate = Attribution(cue, self._resolve((i, cue.start)))
            break
        if immediate is None and q_last < right_stop:
            immediate = self.inverted_verb(span, q_last, right_stop)
        if immediate is not None and immediate.speaker is None and immediate.cue.start == q_last \
                and immediate.cue.kind == "VERB" and self.ctx.cues_data.lang == "de" \
                and (immediate.cue.end >= len(ctx.doc) or ctx.doc[immediate.cue.end].is_punct):
            # `…, den Speke als „Luta“ bezeichnet.`: the verb ends the clause, its subject opens it
            immediate = Attribution(immediate.cue, self.final_verb_subject(floor, q_first))
        if immediate is not None and immediate.speaker is not None and not self._reporting(immediate.cue):
            return immediate
        # 1b. a byline after a dash: `“…” ― Carla Sanchez`
        k = q_last
        while k < len(ctx.doc) and ctx.doc[k].is_space and "\n" not in ctx.doc[k].text:
            k += 1
        if k < len(ctx.doc) and ctx.doc[k].text in ("―", "—", "–") and k + 1 < len(ctx.doc):
            np = ctx.np_after(k + 1, min(len(ctx.doc), k + 8))
            if np is not None and ctx._names_person(*np):
                end = np[1]
                if end >= len(ctx.doc) or ctx.doc[end].is_punct or "\n" in ctx.doc[end].text:
                    return Attribution(Cue("DASH", k, k + 1, k + 1, ctx.doc[k].text), ctx.speaker_from_np(np))
        # 1c. a byline in parentheses: `„…“ (Heinz Berger)`
        m = BYLINE_PAREN.match(ctx.text, span.end)
        if m is not None:
            name = [e for e in ctx.entities_in(m.start(1), m.end(1))
                    if e.type == "PERSON" and e.start == m.start(1) and e.end == m.end(1)]
            if name:
                k = ctx.tok_at(m.start(1) - 1)
                return Attribution(Cue("PAREN", k, k + 1, k + 1, "("), ctx._canonical(name[0]))
        # 2. a cue before the quotation in its sentence: the nearest with a speaker
        left = [c for c in ctx.cues_in(floor, q_first) if not ctx.in_quote(c.start) and c.kind != "SO"
                and (c.kind != "NOUN" or q_first - c.end <= 6)]
        verbs = [c for c in left if c.kind not in ("PREP", "POSTP")]
        for group in (verbs, left):
            bare = None
            for cue in reversed(group):
                speaker = self.speaker_of(cue, floor, ceiling)
                if speaker is not None:
                    return Attribution(cue, speaker)
                bare = bare or cue
            if bare is not None and group is verbs and not [c for c in left if c not in verbs]:
                return Attribution(bare, None)
        if immediate is not None:
            return immediate  # `“…,” the Times reported`: the reporter, as no one else is named
        # 3. a cue after it in the sentence
        for cue in ctx.cues_in(q_last, ceiling):
            if ctx.in_quote(cue.start) or cue.kind in ("SO", "NOUN"):
                continue
            speaker = self.speaker_of(cue, floor, ceiling)
            if speaker is not None:
                return Attribution(cue, speaker)
        return None

    def addressee(self, cue: Cue) -> Speaker | None:
        """The person a speaker speaks to, when the text names one: after `zu` / `to` in the
        clause of the cue (`sagte der Wirt zu seinem Gast`), or the subject of a clause opened
        by `als` / `when` right before the cue (`Als ihn eine Ärztin fragte, sagte er:`)."""
        ctx, cd, doc = self.ctx, self.ctx.cues_data, self.ctx.doc
        if cue.kind not in ("VERB", "SEP", "PHRASE"):
            return None
        for k in range(cue.verb_end, min(len(doc), cue.verb_end + 10)):
            if ctx.in_quote(k) or (doc[k].is_punct and not ctx._paren[k]):
                break
            if doc[k].lower_ in cd.addressee_markers:
                np = ctx.np_after(k + 1, min(len(doc), k + 8))
                if np is not None and np[0] == k + 1 and self._person_phrase(np):
                    return self._bare(np)
                break
        s_start, _ = ctx.sentence(doc[cue.start].idx)
        floor = ctx.tok_after(s_start)
        if floor >= cue.start or doc[floor].lower_ not in cd.dialogue_openers:
            return None
        comma = next((j for j in range(cue.start - 1, floor, -1) if doc[j].is_punct), None)
        if comma is None or doc[comma].text != "," or any(not doc[j].is_space for j in range(comma + 1, cue.start)):
            return None  # the cue must open the main clause: `…, sagte er:`
        j = floor + 1
        while j < comma and (doc[j].lower_ in cd.object_pronouns or doc[j].is_space):
            j += 1
        np = ctx.np_after(j, comma)
        if np is None or np[0] != j or not (doc[j].lower_ in cd.determiners or ctx._names_person(*np)):
            return None
        if doc[j].lower_ in cd.non_subject_determiners or doc[j].lower_ in cd.pronouns:
            return None
        return self._resolve(np)

    def replies(self, cue: Cue) -> bool:
        return cue.kind == "VERB" and self.ctx.doc[cue.start].lower_ in self.ctx.cues_data.reply_verbs

    def _person_phrase(self, np: tuple[int, int]) -> bool:
        """A phrase that names a person: a person's name, a role (`Minister`), or a noun after a
        possessive (`seinem Gast`)."""
        ctx, doc = self.ctx, self.ctx.doc
        if ctx._names_person(*np):
            return True
        if doc[np[0]].lower_ in ctx.cues_data.possessives:
            return True
        roles = _roles(ctx.lang)
        return any(doc[k].text in roles for k in range(*np))

    def _bare(self, np: tuple[int, int]) -> Speaker:
        """The speaker for a phrase in another case than the subject's: its entity, or the
        phrase without its article (`seinem Gast` -> `Gast`)."""
        ctx, doc = self.ctx, self.ctx.doc
        speaker = ctx.speaker_from_np(np)
        s, e = np
        if speaker.key is None and e - s > 1 and doc[s].lower_ in ctx.cues_data.determiners:
            cs = doc[s + 1].idx
            return Speaker(" ".join(ctx.text[cs:speaker.end].split()), None, None, cs, speaker.end)
        return speaker

    def inverted_verb(self, span: QuoteSpan, q_last: int, limit: int) -> Attribution | None:
        """`„…“, grunzte der Pfarrer.`: in German, a verb that follows a quotation and its comma
        with its subject right after it and nothing more in the clause takes the quotation as
        its object; the verb is one of saying even when no cue list has it."""
        ctx, cd, doc = self.ctx, self.ctx.cues_data, self.ctx.doc
        if cd.lang != "de" or (ctx.text[span.end:span.end + 1] != "," and ctx.text[span.end - 2:span.end - 1] != ","):
            return None  # `„…“, grunzte` or `„…,“ grunzte`
        i = q_last
        while i < limit and doc[i].text == ",":
            i += 1
        if i >= limit or not (doc[i].is_alpha and doc[i].text.islower()) or doc[i].is_stop:
            return None
        np = ctx.np_after(i + 1, limit)
        if np is None or np[0] != i + 1:
            return None
        first = doc[np[0]].lower_
        if first in cd.pronouns and "PERSON" not in cd.pronouns[first]:
            return None  # `„…“, heißt es`
        if first not in cd.pronouns and first not in cd.determiners and not ctx._names_person(*np):
            return None
        k = np[1]
        if k < limit and doc[k].lower_ in cd.non_subject_determiners | {"der"}:
            genitive = ctx.np_after(k, limit)  # `schätzt ein Sprecher der Versicherung`
            if genitive is not None and genitive[0] == k:
                k = genitive[1]
        while k < limit and k - np[1] < 3 and doc[k].is_alpha and doc[k].text.islower() and not ctx.in_quote(k):
            k += 1  # `grunzte der Pfarrer wütend`
        if k < len(doc) and not (doc[k].is_punct or ctx.in_quote(k)):
            return None
        speaker = self._resolve(np)
        return Attribution(Cue("VERB", i, i + 1, i + 1, doc[i].text), speaker) if speaker is not None else None

    def final_verb_subject(self, floor: int, q: int) -> Speaker | None:
        """The subject opening the (German, verb-final) clause whose object is the quotation at
        token ``q``: after the comma and a conjunction or relative pronoun that opens the clause
        (`, worauf eine Dame die Verwünschung: „…“ ausrief`); none in the passive (`Die Reform
        wird „Projekt Zukunft“ genannt`), whose subject is what is named."""
        ctx, cd = self.ctx, self.ctx.cues_data
        k = q - 1
        while k >= floor and (ctx.doc[k].is_space or ctx.doc[k].text == ":"):
            k -= 1
        while k >= floor and not (ctx.doc[k].is_punct and not ctx._paren[k]):
            if ctx.in_quote(k) or ctx.doc[k].lower_ in cd.passive_auxiliaries:
                return None
            k -= 1
        j = k + 1
        opener = ctx.doc[j].lower_ if j < q else ""
        if opener in cd.clause_openers or opener in cd.relative_openers or (opener.startswith("wo") and len(opener) > 3):
            if opener in cd.relative_openers and (j + 1 >= q or not (ctx.doc[j + 1].text[:1].isupper()
                                                                    or ctx.doc[j + 1].lower_ in cd.determiners)):
                return None  # `…, der „…“ sagte`: the relative pronoun itself is the subject
            j += 1
        elif k >= floor:
            return None
        np = ctx.np_after(j, q)
        if np is None or ctx.doc[np[0]].lower_ in cd.non_subject_determiners:
            return None
        if any(not ctx.doc[m].is_space and ctx.doc[m].lower_ not in cd.not_speaker for m in range(j, np[0])):
            return None
        e = np[1]
        while e > np[0] + 1 and ctx.doc[e - 1].text in ("(", "-", "–"):
            e -= 1
        return self._resolve((np[0], e))

    def _reporting(self, cue: Cue) -> bool:
        """`berichtete`, `reported`: names who reported the words rather than who said them."""
        verbs = self.ctx.cues_data.citations.get("report_verbs") or []
        return cue.kind == "VERB" and self.ctx.doc[cue.start].lower_ in verbs

    def after_cue_sentence(self, span: QuoteSpan) -> Attribution | None:
        """A quotation that is a sentence of its own, right after a sentence in which someone
        speaks (`Scholz sagte, er sei zufrieden. „Es war ein guter Tag.“`)."""
        ctx = self.ctx
        s_start, s_end = ctx.sentence(span.start)
        if ctx.text[s_start:span.start].strip() or ctx.text[span.end:s_end].strip(" \t\n.,;:!?)–—"):
            return None
        k = ctx.sentence_index(s_start) - 1
        if k < 0 or ctx.paragraph(ctx.sent_starts[k]) != ctx.paragraph(s_start):
            return None
        floor, ceiling = ctx.tok_after(ctx.sent_starts[k]), ctx.tok_after(s_start)
        for cue in reversed(ctx.cues_in(floor, ceiling)):
            if ctx.in_quote(cue.start) or cue.kind in ("SO", "PREP", "POSTP") or self._reporting(cue):
                continue
            speaker = self.speaker_of(cue, floor, ceiling)
            if speaker is not None:
                return Attribution(cue, speaker)
            break
        return None

    def before_cue_sentence(self, span: QuoteSpan) -> Attribution | None:
        """A quotation that is a sentence of its own, followed by a sentence that opens with the
        attribution (`„…“ Das sagte Scholz am Montag.`, `„…“ Also schloß der Christ.`)."""
        ctx = self.ctx
        s_start, s_end = ctx.sentence(span.start)
        before = ctx.text[s_start:span.start].strip()
        if (before and before[-1] not in ".!?…") or ctx.text[span.end:s_end].strip(" \t\n.,;:!?)–—"):
            return None
        if s_end >= len(ctx.text) or ctx.paragraph(s_end) != ctx.paragraph(s_start):
            return None
        n_start, n_end = ctx.sentence(s_end)
        floor, ceiling = ctx.tok_after(n_start), ctx.tok_after(n_end)
        m = SO_FAR.match(ctx.text, n_start, n_end)
        if m is not None:  # `„…“ Soweit Struve.`: the words end, and whose they were
            np = ctx.np_after(ctx.tok_after(m.end()), ceiling)
            if np is not None and not ctx.text[ctx.doc[np[1] - 1].idx + len(ctx.doc[np[1] - 1]):n_end].strip(" \t\n.;"):
                speaker = self._resolve(np)
                if speaker is not None:
                    return Attribution(Cue("SO", floor, floor + 1, floor + 1, ctx.doc[floor].text), speaker)
        for cue in ctx.cues_in(floor, min(ceiling, floor + 3)):
            if cue.kind not in ("VERB", "SEP") or ctx.in_quote(cue.start) or self._reporting(cue):
                continue
            if any(ctx.doc[k].is_punct for k in range(floor, cue.start)):
                return None
            speaker = self.speaker_of(cue, floor, ceiling)
            return Attribution(cue, speaker) if speaker is not None else None
        return None

    def reported_speech(self, span: QuoteSpan) -> Attribution | None:
        """A quotation in a sentence of reported speech (`Die Lage sei „extrem schwierig“.`), or
        a sentence of its own right after one, goes on with the speaker of the sentences before
        it in its paragraph: back over reported speech to an attributed quotation or a cue
        with a speaker (`Scholz sagte, … Es gebe keinen Grund zur Sorge. „…“`)."""
        ctx = self.ctx
        s_start, s_end = ctx.sentence(span.start)
        verb = self._reported(s_start, s_end)
        if verb is None and (ctx.text[s_start:span.start].strip()
                             or ctx.text[span.end:s_end].strip(" \t\n.,;:!?)–—")):
            return None
        if any(not ctx.in_quote(c.start) for c in ctx.cues_in(ctx.tok_after(s_start), ctx.tok_after(s_end))):
            return None  # the sentence has a cue of its own (`die Äußerung, er sei „…“`), whoever it names
        k, par = ctx.sentence_index(s_start), ctx.paragraph(s_start)
        for j in range(k - 1, max(-1, k - 6), -1):
            start, end = ctx.sent_starts[j], ctx.sent_starts[j + 1]
            if ctx.paragraph(start) != par:
                return None
            reported = self._reported(start, end)
            if verb is None:
                if reported is None:
                    return None  # a quotation of its own after a plain sentence: no one named
                verb = reported
            speakers = [spk for pos, spk in self.history if start <= pos < end]
            if speakers:
                return Attribution(verb, speakers[-1])
            floor, ceiling = ctx.tok_after(start), ctx.tok_after(end)
            for cue in reversed(ctx.cues_in(floor, ceiling)):
                if ctx.in_quote(cue.start) or cue.kind in ("SO", "PREP", "POSTP") or self._reporting(cue):
                    continue
                speaker = self.speaker_of(cue, floor, ceiling)
                return Attribution(verb, speaker) if speaker is not None else None
            if reported is None:
                return None
        return None

    def _reported(self, start: int, end: int) -> Cue | None:
        """The Konjunktiv I verb (outside quotation marks) of a sentence in reported speech."""
        ctx = self.ctx
        verbs = ctx.cues_data.reported_speech_verbs
        for i in range(ctx.tok_after(start), ctx.tok_after(end)):
            if ctx.doc[i].lower_ in verbs and not ctx.in_quote(i):
                return Cue("REPORTED", i, i + 1, i + 1, ctx.doc[i].text)
        return None

    def colon_subject(self, span: QuoteSpan) -> Attribution | None:
        """`General Faidherbe hat folgenden Tagesbefehl erlassen: „…“`: a named subject and a
        colon introduce the quotation."""
        ctx = self.ctx
        s_start, _ = ctx.sentence(span.start)
        if not ctx.text[s_start:span.start].rstrip(" \t\n-–—").endswith(":"):
            return None
        floor, first = ctx.tok_after(s_start), ctx.tok_after(span.start)
        speaker = self.sentence_subject(floor, first)
        if speaker is None:
            return None
        phrase = speaker.text.split()
        if speaker.key is None and phrase[0].lower() not in ctx.cues_data.determiners and len(phrase) < 2:
            return None  # a name, `Herr Schäffle`, `das Rathsbuch`, but not a lone word
        return Attribution(Cue("COLON", first - 1, first, first, ":"), speaker)

    def speaker_line(self, span: QuoteSpan) -> Attribution | None:
        """`Karl. „…“` / `Karl: „…“`: a dialogue or interview line opened by a person's name on
        its own (after a sentence end or at the paragraph start)."""
        ctx = self.ctx
        par_start = ctx.par_starts[ctx.paragraph(span.start)]
        m = SPEAKER_LINE.search(ctx.text, max(par_start, span.start - 80), span.start)
        if m is None or (m.start() > par_start and not m.group(1)):
            return None
        name_start, name_end = m.start(2), m.end(2)
        ents = [x for x in ctx.entities_in(name_start, name_end)
                if x.type == "PERSON" and x.start == name_start and x.end == name_end]
        if not ents:
            return None
        k = ctx.tok_at(name_end)
        return Attribution(Cue("LINE", k, k + 1, k + 1, ctx.text[name_end]), ctx._canonical(ents[0]))

    def colon_intro(self, span: QuoteSpan) -> Attribution | None:
        """`Caddell continued:` closing the paragraph before a quotation that opens its own."""
        ctx = self.ctx
        par = ctx.paragraph(span.start)
        if par == 0 or ctx.par_starts[par] != span.start:
            return None
        prev_end = ctx.par_starts[par] - 1
        while prev_end > 0 and ctx.text[prev_end].isspace():
            prev_end -= 1
        if ctx.text[prev_end] != ":":
            return None
        s_start, _ = ctx.sentence(prev_end)
        floor, last = ctx.tok_after(s_start), ctx.tok_at(prev_end)
        for cue in reversed(ctx.cues_in(floor, last)):
            speaker = self.speaker_of(cue, floor, last)
            if speaker is not None:
                return Attribution(cue, speaker)
        return None


@cache
def _roles(lang: str) -> frozenset[str]:
    """Words for a person's role or office (`Minister`, `Sprecherin`), from the curated list."""
    return frozenset(gazetteer.curated("people.yml").get(lang, {}).get("titles", ()))


def _gender_of(speaker: Speaker, lang: str) -> str | None:
    """``"f"`` / ``"m"`` for a person by their given name (`Anna Vogt`), or a German role noun
    (`die Sprecherin`, `der Minister`); None when not known."""
    words = speaker.text.split()
    if speaker.type == "PERSON":
        return gazetteer.given_name_gender(words[0]) if len(words) > 1 else None
    if speaker.type is None and lang == "de" and words[-1] in _roles(lang) and words[-1][:1].isupper():
        return "f" if words[-1].endswith("in") else "m"
    return None


def _word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_][\w’'.-]*", text))


class _Classifier:
    """Tells quotations (someone's words) from titles, names and scare quotes."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def words_before(self, start: int, n: int = 3) -> list[str]:
        window = self.ctx.text[max(0, start - 60):start]
        window = window.split("\n")[-1]
        return re.findall(r"[\w.-]+", window.lower())[-n:]

    def title(self, span: QuoteSpan) -> str | None:
        """``"strong"`` when the marks enclose a title or name whatever the sentence says,
        ``"weak"`` when it only looks like one (English Title Case), else None."""
        ctx, cd = self.ctx, self.ctx.cues_data
        inner = ctx.text[span.start + 1:span.end - 1].strip(" ,.")
        for e in ctx.entities_in(span.start, span.end):
            if e.type in ("MISC", "ORG") and abs(e.start - (span.start + 1)) <= 1 and abs(e.end - (span.end - 1)) <= 2:
                return "strong"
        # a title noun right before a capitalised name: `die Zeitung „Welt am Sonntag“`
        before = re.search(r"([\w-]+)\s+$", ctx.text[max(0, span.start - 40):span.start])
        previous = before.group(1).lower() if before else ""
        if inner[:1].isupper() and previous.endswith(cd.title_nouns):
            return "strong"
        after = ctx.text[span.end:span.end + 30]
        m = re.match(r"-?([\w]+)", after)
        if m and after.startswith("-") and m.group(1).lower().endswith(cd.title_nouns):
            return "strong"  # „Bild“-Zeitung
        words = inner.split()
        name_like = (
            0 < len(words) <= 5
            and not re.search(r"[.!?,;:]", inner)
            and words[0][:1].isupper() and words[-1][:1].isupper()
            and all(w[:1].isupper() or w.lower() in cd.title_words for w in words)
        )
        # `sagte er der „Süddeutschen Zeitung“`, `im „Spiegel“`, `told the “New York Times”`
        if name_like and previous in cd.title_context:
            return "strong"
        # `die „Stuttgarter Zeitung“`: the name ends with a title noun
        if name_like and len(words) >= 2 and words[-1].lower().strip(".").endswith(cd.title_nouns):
            return "strong"
        # `Die „Kreuzzeitung“ meldet`, `Wie die „Zeit“ berichtet`: the quoted name is the subject
        # of its sentence or of the clause the sentence opens with
        if name_like and previous in cd.determiners and before is not None:
            s_start, _ = ctx.sentence(span.start)
            opening = ctx.text[s_start:span.start - len(before.group(0))].strip().lower()
            if not opening or opening in cd.clause_openers:
                return "strong"
        if cd.lang == "en":
            content = [w for w in re.findall(r"[A-Za-z][\w’'-]*", inner) if len(w) > 3]
            if len(words) >= 2 and content and all(w[0].isupper() for w in content) \
                    and not re.search(r"[.!?,;:]", inner):
                return "weak"
        return None

    def is_mention(self, span: QuoteSpan, attributed: bool = False) -> bool:
        cd = self.ctx.cues_data
        words = self.words_before(span.start, 3)
        if any(w in cd.mention_markers or w.endswith("so-called") for w in words[-2:]):
            return True
        # a name given to something: `wird intern „Projekt Zukunft“ genannt`, but not someone's
        # words (`hat es „absurd“ genannt`, `wurde „ganz überflüssig“ genannt`)
        after = re.match(r"[ \t]+([\w-]+)", self.ctx.text[span.end:span.end + 40])
        if not attributed and after is not None and after.group(1).lower() in cd.mention_markers:
            return self.ctx.text[span.start + 1:span.start + 2].isupper()
        if self.names_oneself(span, words):
            return True
        # `Das Motto lautet „…“`, `Das Unwort des Jahres heißt „…“`
        if words and words[-1] in cd.naming_verbs:
            s_start, _ = self.ctx.sentence(span.start)
            subject = re.findall(r"[\w.-]+", self.ctx.text[s_start:span.start].lower())[:-1]
            return any(w in cd.mention_markers or w.endswith(cd.title_nouns) for w in subject[:3])
        return False


    def names_oneself(self, span: QuoteSpan, words: list[str]) -> bool:
        """`nennt sich „…“`, `nennt sich selbst „…“`, `die sich „…“ nennt`, `calls itself “…”`."""
        cd = self.ctx.cues_data
        near = [w for w in words if w not in ("selbst", "selber")][-2:]
        if len(near) == 2 and near[0] in cd.self_naming_verbs and near[1] in cd.self_naming_pronouns:
            return True
        after = re.match(r"[ \t]+([\w-]+)", self.ctx.text[span.end:span.end + 40])
        return bool(near) and near[-1] in cd.self_naming_pronouns and after is not None \
            and after.group(1).lower() in cd.self_naming_verbs


def find_quotes(doc, entities: list[Entity], text: str | None = None) -> list[Quote]:
    """Quotations in ``doc`` with their speaker and speech cue, in text order; ``text``: the
    text ``doc`` was made from, when the caller has it."""
    return [q for q, _ in find_quotes_with_context(doc, entities, text)[0]]


def find_quotes_with_context(doc, entities: list[Entity], text: str | None = None):
    """``find_quotes`` plus the ``Context`` and each quote's attribution (used by ``sources``)."""
    ctx = Context(doc, entities, text=text)
    doc.user_data["sitegen.quotes.context"] = ctx  # reused by sources.find_citations
    attributor = _Attributor(ctx)
    classifier = _Classifier(ctx)
    results: list[tuple[Quote, Attribution | None]] = []
    spans_kept: list[QuoteSpan] = []
    previous: tuple[QuoteSpan, Attribution | None] | None = None  # the last quotation kept
    last: tuple[QuoteSpan, Attribution | None] | None = None  # the last one, kept or not (a turn)
    dialogue: _Dialogue | None = None
    for span in ctx.spans:
        if span.end - span.start < 3:
            continue
        s_start, s_end = ctx.sentence(span.start)
        if span.depth == 0:
            siblings = [s for s in ctx.top if s is not span and s_start <= s.start < s_end]
            attribution = attributor.attribute(span, siblings)
            if attribution is not None and last is not None and _new_turn(ctx, last[0], span) \
                    and attribution.cue.start < ctx.tok_after(span.start):
                attribution = None  # a cue before the quotation right before this one is that one's
        else:
            attribution = None  # a quotation inside a quotation: its speaker is not resolved
        if attribution is None and span.depth == 0:
            attribution = attributor.colon_intro(span)
        turn = False  # a reply in a dialogue: `„…?“ „…“`
        if attribution is None and span.depth == 0 and last is not None and _new_turn(ctx, last[0], span):
            if dialogue is not None:
                turn = True
                dialogue.last = 1 - dialogue.last
                speaker = dialogue.people[dialogue.last]
                attribution = Attribution(dialogue.cue, speaker) if speaker is not None else None
            elif _asks(ctx, last[0]):
                turn = True  # the answer to a question is not the asker's, and no one else is named
            else:  # no one else to talk to: the same speaker goes on (`sagte er: „…“ „…“`)
                turn, attribution = True, last[1]
        inherited = False
        if attribution is None and span.depth == 0 and previous is not None and not turn:
            inherited = _continues(ctx, previous[0], span)
            if inherited:
                attribution = previous[1]
        if (attribution is None or attribution.speaker is None) and span.depth == 0 and not turn:
            attribution = (attributor.after_cue_sentence(span) or attributor.before_cue_sentence(span)
                           or attributor.colon_subject(span) or attributor.speaker_line(span)
                           or attributor.reported_speech(span) or attribution)
        if span.depth == 0 and not turn and not inherited:
            before = last[1].speaker if last is not None and last[1] is not None else None
            dialogue = _Dialogue.follow(dialogue, attributor, attribution, before)
        if span.depth == 0:
            last = (span, attribution)
        if classifier.is_mention(span, attribution is not None and attribution.speaker is not None):
            continue
        title = classifier.title(span)
        if attribution is None or attribution.speaker is None:
            if title:
                continue
            if _word_count(ctx.text[span.start + 1:span.end - 1]) <= 1:
                continue  # a scare-quoted word that nobody is said to have said
        elif _word_count(ctx.text[span.start + 1:span.end - 1]) <= 1 and _clause_break(ctx, attribution.cue, span):
            continue  # `Residents complained …, but nobody “fixed” them`: not their word
        elif title == "strong" and not _attributed_word(ctx, span):
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
            attributor.history.append((span.start, speaker))
        results.append((quote, attribution))
        spans_kept.append(span)
        if span.depth == 0:
            previous = (span, attribution)
    _attribute_echoes(results, spans_kept)
    # a quotation over several paragraphs is attributed where it ends: `„…¶„…“, sagte X.`
    for k in range(len(results) - 2, -1, -1):
        (quote, attribution), (after, after_attribution) = results[k], results[k + 1]
        if spans_kept[k].continued and quote.speaker is None and after.speaker is not None \
                and ctx.paragraph(after.start) == ctx.paragraph(quote.start) + 1:
            results[k] = (dataclasses.replace(quote, speaker=after.speaker, speaker_key=after.speaker_key,
                                              cue=after.cue), after_attribution)
    return results, ctx


@dataclass
class _Dialogue:
    """Two people talking, as the text names them: who spoke (``people[0]``, None when the text
    says only `er`), whom they spoke to (``people[1]``), and whose turn the last quote was.

    Quotations that follow each other with nothing but punctuation between them (`„…?“ „…“`)
    are turns of the dialogue and alternate between the two; a quotation with a cue of its own
    that names one of them sets whose turn it is, and one that names someone else ends it."""

    people: tuple[Speaker | None, Speaker]
    cue: Cue
    last: int = 0

    @staticmethod
    def follow(dialogue: _Dialogue | None, attributor: _Attributor, attribution: Attribution | None,
               before: Speaker | None) -> _Dialogue | None:
        """The dialogue after a quotation with ``attribution``; ``before`` spoke the quotation
        before it."""
        if attribution is None:
            return None
        speaker = attribution.speaker
        addressee = attributor.addressee(attribution.cue)
        if addressee is None and before is not None and attributor.replies(attribution.cue):
            addressee = before  # `„…“, entgegnete Brummel`: to the one who spoke before
        if addressee is not None and not _same_person(speaker, addressee):
            return _Dialogue((speaker, addressee), attribution.cue)
        if dialogue is None or speaker is None:
            return None
        for k, person in enumerate(dialogue.people):
            if _same_person(speaker, person):
                dialogue.last = k
                return dialogue
        return None


def _same_person(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None:
        return False
    if a.key is not None and a.key == b.key:
        return True
    words = {w for w in a.text.split() if w[:1].isupper()}
    return bool(words & {w for w in b.text.split() if w[:1].isupper()})


def _new_turn(ctx: Context, prev: QuoteSpan, span: QuoteSpan) -> bool:
    """`„Wie viele?“ „Hundert.“`: a quotation right after another, nothing but punctuation between."""
    if ctx.paragraph(prev.start) != ctx.paragraph(span.start) or prev.end > span.start:
        return False
    return not ctx.text[prev.end:span.start].strip(" \t\n.,;!?–—-")


def _asks(ctx: Context, span: QuoteSpan) -> bool:
    """The quotation ends with a question."""
    return ctx.text[span.start + 1:span.end - 1].rstrip(" .…\"“”»«'’").endswith("?")


ECHO_WORDS = 8  # an echo is a short phrase, not a sentence


def _attribute_echoes(results: list[tuple[Quote, Attribution | None]], spans: list[QuoteSpan]) -> None:
    """`Die Zeitung schrieb: „… nur eingeweihten Kreisen bekannt …“ Wer sind diese „eingeweihten
    Kreise“?`: a short quotation with no speaker that repeats words of an earlier quotation with
    one quotes that speaker again (when all earlier quotations it repeats agree); not one inside
    a quotation, whose words are the outer speaker's quoting someone else."""
    words_of = [_words(q.text) for q, _ in results]
    for k, (quote, _) in enumerate(results):
        if quote.speaker is not None or spans[k].depth > 0:
            continue
        words = words_of[k]
        if len(words) > ECHO_WORDS or sum(1 for w in words if len(w) >= 4) < 2:
            continue
        sources = [(q, a) for (q, a), w in zip(results[:k], words_of, strict=False)
                   if q.speaker is not None and q.end <= quote.start and _repeats(words, w)]
        if sources and len({q.speaker for q, _ in sources}) == 1:
            source, attribution = sources[-1]
            results[k] = (dataclasses.replace(quote, speaker=source.speaker, speaker_key=source.speaker_key,
                                              cue=source.cue), attribution)


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


def _clause_break(ctx: Context, cue: Cue, span: QuoteSpan) -> bool:
    """A contrasting clause (`, but`, `, aber`) between a cue and a quotation after it."""
    first = ctx.tok_after(span.start)
    if cue.end > first:
        return False
    breaks = ctx.cues_data.clause_breaks
    return any(ctx.doc[k].lower_ in breaks and ctx.doc[k - 1].is_punct for k in range(cue.end + 1, first))


def _attributed_word(ctx: Context, span: QuoteSpan) -> bool:
    """A title-like quotation right after a speech verb is still someone's words."""
    i = ctx.tok_after(span.start)
    return i > 0 and any(c.end == i for c in ctx.cues_in(max(0, i - 3), i))


def _continues(ctx: Context, prev: QuoteSpan, span: QuoteSpan) -> bool:
    """A quotation opening the sentence right after the sentence of an attributed quotation
    (`„…“, sagte Selenskyj. „…“`) or the paragraph after one left open continues it."""
    if prev.continued and ctx.paragraph(span.start) == ctx.paragraph(prev.start) + 1:
        return True
    if ctx.paragraph(prev.start) != ctx.paragraph(span.start):
        return False
    s_start, _ = ctx.sentence(span.start)
    if ctx.text[s_start:span.start].strip():
        return False
    prev_sent = ctx.sentence(prev.start)
    p_end = ctx.sentence(max(prev.end - 1, prev.start))[1]
    return prev_sent[0] <= s_start and ctx.sentence_index(s_start) - ctx.sentence_index(max(p_end - 1, 0)) <= 1
