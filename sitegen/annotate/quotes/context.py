"""The document context that quotes and sources share: tokens, sentences and paragraphs,
entities, the quotation marks and speech cues found once, and the noun phrases around a cue.

The noun phrases are found without a parser (the rule-based pipeline has no POS tags): a noun
phrase is a run of words after an optional determiner, bounded by punctuation and stop words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ...model import Entity
from ..canonical import slugify
from .cues import CITATION_LABELS, Cue, cue_language, find_cues, load_cues, phrase_matches
from .marks import MARKS, PARAGRAPH, QuoteSpan, scan_quotation_marks
from .names import NameIndex, Speaker

ARTICLE_PARTICLES = frozenset({"der", "den"})  # a surname's article only after a particle: `van der Bellen`
ADVERB_ENDINGS = ("lich", "weise", "dings", "mals", "falls", "wärts")
INFLECTED = ("e", "en", "er", "es", "em")
# `hierauf`, `darüber`, `womit`: a preposition after `hier`, `da(r)`, `wo(r)`, an adverb
PRONOMINAL_ADVERB = re.compile(r"(?:hier|dar?|wor?)(?:auf|an|aus|bei|durch|für|gegen|in|mit|nach|neben|über|um"
                               r"|unter|vor|zu|zwischen)(?:hin)?")  # the endings of a German attributive adjective
SPEAKER_RANK = {"PERSON": 0, "ORG": 1, "PLACE": 2}  # a MISC entity (`Spanish`, a law, a film) speaks not
MAX_SENTENCE_QUOTES = 12  # a sentence with more quotations than this starts again at each
MAX_SENTENCE_CHARS = 5_000  # likewise a longer sentence with quotations in it





def _capitalised(word: str) -> bool:
    """`Minister`, also `38-Jährige`, `CDU-Politiker`: a German noun."""
    return any(part[:1].isupper() for part in word.split("-"))


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_][\w’'.-]*", text))

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
        self.names = NameIndex(self.text, self.entities, self.cues_data, self.lang)
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
        self.in_parens = self._parentheses()

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
        text = self.text
        blank_end = previous = -1  # starts are sorted: a blank is scanned once, each start judged once
        for c in sorted(starts):
            if 0 < c < blank_end:
                c = blank_end  # inside the blank just skipped: scanning it again would be quadratic
            else:
                while c > 0 and c < len(text) and text[c].isspace():
                    c += 1  # a sentence of the blank between paragraphs: it starts after the blank
                blank_end = c
            if c == previous or (c == len(text) and c > 0):
                continue
            previous = c
            if c in par_starts:
                kept.append(c)
                continue
            k = bisect_right(self.top_starts, c) - 1
            if k >= 0 and self.top[k].start < c < self.top[k].end:
                if not self.text[self.top[k].start + 1:c].strip():
                    # the sentencizer ends a sentence after the opening mark of the quotation that
                    # opens the next one (`He left. "` | `Word," he said.`): it starts at the mark
                    kept.append(self.top[k].start)
                continue
            if self.text[c:c + 1].islower() and self._last_mark_before(c):
                continue  # `Der „St.-Anz.“ bemerkt`: a lowercase word after a quotation goes on
            kept.append(c)
        self.sent_starts = self._bounded(sorted(set(kept)))

    def _bounded(self, starts: list[int]) -> list[int]:
        """``starts`` plus a start at each quotation of a sentence that holds more than
        ``MAX_SENTENCE_QUOTES`` of them or is longer than ``MAX_SENTENCE_CHARS``: the work for a
        quotation grows with its sentence, so a sentence of thousands of quotations (broken or
        hostile text) would cost the square of its length."""
        out: list[int] = []
        ends = [*starts[1:], len(self.text)]
        for a, b in zip(starts, ends, strict=True):
            out.append(a)
            i, j = bisect_left(self.top_starts, a), bisect_left(self.top_starts, b)
            if j - i > MAX_SENTENCE_QUOTES or (j > i and b - a > MAX_SENTENCE_CHARS):
                out.extend(s for s in self.top_starts[i:j] if s > a)
        return out

    def next_quotation(self, char: int, end: int) -> QuoteSpan | None:
        """The first outermost quotation starting at or after ``char`` and before ``end``."""
        k = bisect_left(self.top_starts, char)
        return self.top[k] if k < len(self.top) and self.top[k].start < end else None

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
    def np_word(self, i: int) -> bool:
        t = self.doc[i]
        low = t.lower_
        if self.in_quote(i):
            return False
        if t.is_space:
            return "\n\n" not in t.text
        if low in self.cues_data.name_particles and self.particle_in_name(i):
            return True
        if low in ("'s", "’s") or self.in_parens[i]:
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

    def particle_in_name(self, i: int) -> bool:
        """`von` in `Jan-Hendrik von Hollen`, `der` in `Van der Bellen`: a lowercase word of a
        surname. A particle is one when a capitalised word follows (after at most two more
        particles) and it follows a name (`Bill de Blasio`, `van der`), or, opening a phrase (`sagte
        von Hollen`), when the text gave the surname in full before (`Jan-Hendrik von Hollen`)."""
        cd, doc = self.cues_data, self.doc
        low = doc[i].lower_
        if low not in cd.name_particles or self.in_quote(i):
            return False
        k = i
        while k < len(doc) and k - i < 3 and doc[k].lower_ in cd.name_particles:
            k += 1
        if k >= len(doc) or k == i or not doc[k].text[:1].isupper() or not (doc[k].is_alpha or "-" in doc[k].text):
            return False
        prev = doc[i - 1] if i > 0 else None
        if prev is not None and prev.lower_ in cd.name_particles and prev.lower_ not in ARTICLE_PARTICLES:
            return True  # `van der`, `von der`, `de la`
        if low in ARTICLE_PARTICLES:
            return False  # `sagte Merkel der Zeitung`: an article after a name begins an object
        if prev is not None and prev.text[:1].isupper() and prev.is_alpha and not prev.is_stop \
                and prev.lower_ not in cd.determiners and not prev.is_sent_start and not self.in_quote(i - 1):
            return True  # `Bill de Blasio`
        run = self.text[doc[i].idx:doc[k].idx + len(doc[k])]
        return re.search(r"[A-ZÄÖÜ][\w.-]*\s+" + re.escape(run) + r"\b", self.text[:doc[i].idx]) is not None

    def _parentheses(self) -> list[bool]:
        """Tokens of a short parenthesis (`(R-Utah)`), which a speaker phrase may hold."""
        mask = [False] * len(self.doc)
        for m in re.finditer(r"\([^()\n]{1,60}\)", self.text):
            first, last = self.tok_at(m.start()), self.tok_at(m.end() - 1)
            if last - first <= 8:
                for k in range(first, last + 1):
                    mask[k] = True
        return mask

    def name_link(self, i: int) -> bool:
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
        skipped = 0  # `sagte damals Tscharykow`, `sagte am Montag Scholz`, `rief ihm der Wirt zu`
        while i < limit - 1 and skipped < 3 and (self.doc[i].lower_ in cd.not_speaker or self.doc[i].is_space
                                                 or self._inserted(i)):
            i += 1
            skipped += 1
        if self.doc[i].lower_ in cd.pronouns and not self.in_quote(i):
            return (i, i + 1)
        j = i
        if self.doc[j].lower_ in cd.determiners and not self.in_quote(j):
            j += 1
            title = self.title_at(j)
            if title is not None:  # `die „Kreuzzeitung“`
                return (i, title)
        seen_name = False
        while j < limit and j - i < 10 and (self.np_word(j) or self.name_link(j)):
            t = self.doc[j]
            low = t.lower_
            if low in cd.determiners and not self.name_link(j - 1) and not self.particle_in_name(j):
                break
            if low in cd.pronouns or low in cd.clause_openers or self._is_cue_word(j):
                break
            if seen_name and low in cd.possessives and not self.particle_in_name(j):
                break  # the next phrase begins: `den Zaren unserm Gesandten`, `told Smith his …`
            if cd.lang == "de" and seen_name and t.is_alpha and t.text.islower() \
                    and not (self._noun_follows(j, limit) and (low.endswith(INFLECTED) or self._capital_next(j))) \
                    and not self.name_link(j) and not (low in cd.determiners and self.name_link(j - 1)) \
                    and not self.particle_in_name(j):
                # German adjectives come before their noun (`Chinas staatliche Nachrichtenagentur`),
                # inflected when another word comes between: `Struve knüpft`, `Der Moniteur enthält
                # folgende Note` are no phrase
                break
            seen_name = seen_name or t.text[:1].isupper()
            j += 1
        while j > i and (self.doc[j - 1].is_space or self.doc[j - 1].lower_ in cd.name_links):
            j -= 1
        if j == i or (j == i + 1 and self.doc[i].lower_ in cd.determiners):
            return None
        if cd.lang == "de" and not any(_capitalised(self.doc[k].text) and self.doc[k].lower_ not in cd.determiners
                                       for k in range(i, j)):
            return None  # a German noun phrase has a capitalised noun or name (`Das ließ` is none)
        if j == i + 1 and self._adverb(i):
            return None
        return (i, j)

    def _inserted(self, i: int) -> bool:
        """A German word between an inverted verb and its subject: a dative or accusative pronoun
        (`rief ihm der Wirt zu`; not `ihr`, also a possessive) or an adverbial participle
        (`meinte lächelnd der Kanzler`)."""
        t = self.doc[i]
        if self.cues_data.lang != "de" or self.in_quote(i) or not t.is_alpha or not t.text.islower():
            return False
        low = t.lower_
        return (low in self.cues_data.object_pronouns and low not in ("ihr", "es", "sich")) \
            or (low.endswith("nd") and len(low) > 5 and low not in self.cues_data.clause_openers
                and not low.endswith("jemand"))

    def _adverb(self, i: int) -> bool:
        """`Kürzlich`, `Endlich`, `Glücklicherweise`, `Hierauf`, `Darüber` opening a German
        sentence: no one."""
        t = self.doc[i]
        if self.cues_data.lang != "de" or not (len(t) >= 6 and t.lower_.endswith(ADVERB_ENDINGS)
                                               or PRONOMINAL_ADVERB.fullmatch(t.lower_)):
            return False
        return not self.entities_in(t.idx, t.idx + len(t))

    def _capital_next(self, j: int) -> bool:
        return j + 1 < len(self.doc) and self.doc[j + 1].text[:1].isupper()

    def _noun_follows(self, j: int, limit: int) -> bool:
        """`Chinas staatliche Nachrichtenagentur`: a lowercase word, then a capitalised noun."""
        for k in range(j + 1, min(j + 3, limit)):
            t = self.doc[k]
            if t.text[:1].isupper() and not t.is_stop:
                return True
            if not (t.is_alpha and t.text.islower() and not t.is_stop):
                return False
        return False

    def title_at(self, j: int) -> int | None:
        """End token of a short quoted name starting at token ``j`` (`die „Kreuzzeitung“`)."""
        if j >= len(self.doc) or not self.in_quote(j):
            return None
        k = bisect_left(self.top_starts, self.doc[j].idx)
        if k < len(self.top) and self.top[k].start == self.doc[j].idx:
            span = self.top[k]
            inner = self.text[span.start + 1:span.end - 1]
            if inner[:1].isupper() and word_count(inner) <= 4:
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
        return det if self.title_at(first) == e else None

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
            while s - 1 >= floor and e - s < 12 and (self.np_word(s - 1) or self.name_link(s - 1)):
                low = self.doc[s - 1].lower_
                if low in cd.pronouns or low in cd.clause_openers:
                    break
                s -= 1
                if low in cd.determiners and not (s - 1 >= floor and self.name_link(s - 1)) \
                        and not self.particle_in_name(s):
                    break
            while s < e and self.doc[s].is_space:
                s += 1
            if s == e or all(self.doc[k].lower_ in cd.determiners for k in range(s, e)):
                return None
            if self.doc[s].lower_ in cd.non_subject_determiners:
                return None
            if cd.lang == "de" and not any(_capitalised(self.doc[k].text) for k in range(s, e)):
                return None  # `sondern offen zugegeben`: no noun, no subject
        if e == s + 1 and self._adverb(s):
            return None
        # it must start a clause: after the sentence start, punctuation or a conjunction
        k = s - 1
        while k >= floor and self.doc[k].is_space:
            k -= 1
        if k >= floor:
            before = self.doc[k]
            relative = before.lower_ in cd.relative_openers and before.lower_ not in cd.determiners
            if not (before.is_punct or self.in_quote(k) or before.lower_ in cd.clause_openers or relative):
                # `First Minister X said`: a capitalised word opening the sentence is the phrase's
                if before.text[:1].isupper() and before.is_alpha and (k == floor or self.doc[k - 1].is_punct) \
                        and before.lower_ not in cd.clause_openers and self.names_person(s, e):
                    return (k, e)
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
                if self._short_quotation_at(j):
                    continue  # a title in the relative clause (`who introduced the "Fair Fares" program,`)
                return None
            if t.text == "," and j + 1 < k:
                opener = self.doc[j + 1].lower_
                if opener in cd.relative_openers or opener in cd.determiners:
                    return self.np_before(j, floor)
                # `Lopez's opponent, Senator John Miller, said`: the apposition names the speaker
                if self.np_after(j + 1, k) == (j + 1, k) and self.names_person(j + 1, k):
                    first = self.np_before(j, floor)
                    if first is None or not self.names_person(*first):
                        return (j + 1, k)
                    return first
                return None
            if t.is_sent_start and j > floor:
                return None
        return None

    def _short_quotation_at(self, i: int) -> bool:
        """Token ``i`` is inside an outermost quotation of at most four words."""
        k = bisect_right(self.top_starts, self.doc[i].idx) - 1
        if k < 0:
            return False
        span = self.top[k]
        return word_count(self.text[span.start:span.end]) <= 4

    def after_introduction(self, floor: int, limit: int) -> int:
        """The token after the comma closing a phrase that opens a sentence before its subject
        (`In July, Gingrich dismissed …`, `In a White House statement, President Obama …`), else
        ``floor``."""
        doc = self.doc
        if floor >= limit or doc[floor].lower_ not in self.cues_data.introductions:
            return floor
        for k in range(floor + 1, min(limit, floor + 10)):
            if self.in_quote(k) or (doc[k].is_punct and doc[k].text != ","):
                return floor
            if doc[k].text == ",":
                k += 1
                while k < limit and doc[k].is_space:
                    k += 1
                return k if k < limit else floor
        return floor

    def names_person(self, s: int, e: int) -> bool:
        cs, ce = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1].text)
        return any(x.type == "PERSON" and not self.possessive(x) for x in self.entities_in(cs, ce))

    def possessive(self, ent: Entity) -> bool:
        """`Lopez's opponent`, `Sanés Berater`, `Strauß’ Worte`: the entity is the possessor, not
        the head of the phrase (a German genitive is the name with an `s` or an apostrophe)."""
        if self.text[ent.end:ent.end + 2] in ("'s", "’s"):
            return True
        if self.lang != "de" or not ent.name:
            return False
        last = ent.name.split()[-1]
        written = self.text[ent.start:ent.end].split()[-1:]
        if written == [last + "s"] and not last.endswith("s"):
            return True
        return self.text[ent.end:ent.end + 1] in ("'", "’") and last[-1:] in ("s", "x", "z", "ß")

    def _is_cue_word(self, i: int) -> bool:
        k = bisect_left(self.cue_starts, i)
        return k < len(self.cues) and self.cues[k].start == i

    def speaker_from_np(self, span: tuple[int, int]) -> Speaker:
        s, e = span
        cs, ce = self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1].text)
        full = self.full_name(cs, ce)  # `von Hollen`, `Henckel von Donnersmarck` after the full name
        if full is not None:
            return full
        ents = [x for x in self.entities_in(cs, ce) if x.type in SPEAKER_RANK]
        link = next((k for k in range(s + 1, e) if self.doc[k].lower_ in self.cues_data.name_links), None)
        if link is not None:  # the head comes before `of`: `Petra Hoffmann of the Chambers`
            ents = [x for x in ents if x.start < self.doc[link].idx]
        ents = [x for x in ents if not self.possessive(x)]  # `Lopez's aide` is not Lopez
        if self.lang == "en" and self.doc[s].lower_ in self.cues_data.determiners:
            # `one Bafta voter`: a name taken for a person's qualifies the noun after it
            ents = [x for x in ents if x.type != "PERSON" or not self._qualifies(x, ce)]
        if ents:
            best = min(ents, key=lambda x: (SPEAKER_RANK[x.type], -x.start))
            if best.type == "PERSON" and cs <= best.start and best.end > ce:
                # the entity runs on past the phrase (`sagte Schneuwly der Nachrichtenagentur`): the
                # phrase's words are the name
                name = " ".join(self.text[best.start:ce].split())
                short = self.short_form(name, cs) if " " not in name else None
                return short or Speaker(name, slugify(name), "PERSON", best.start, ce)
            return self.canonical(best)
        phrase = " ".join(self.text[cs:ce].split())
        if e - s == 1 and self.doc[s].text[:1].isupper():
            short = self.short_form(self.doc[s].text, cs)
            if short is not None:
                return short
        return Speaker(phrase, None, None, cs, ce)

    def _qualifies(self, ent: Entity, end: int) -> bool:
        """An English name followed in its phrase by a lowercase noun qualifies that noun."""
        m = re.match(r"\s+([a-z][a-z-]*)", self.text[ent.end:end])
        return m is not None and m.group(1) not in self.cues_data.name_links

    def canonical(self, ent: Entity) -> Speaker:
        if ent.type == "PERSON" and " " not in ent.name:
            short = self.short_form(ent.name, ent.start)
            if short is not None and short.key != ent.key:
                return Speaker(short.text, short.key, "PERSON", ent.start, ent.end)
        elif ent.type == "PERSON":
            full = self.full_name(ent.start, ent.end)  # `Van der Bellen` after `Alexander Van der Bellen`
            if full is not None and full.key != ent.key:
                return full
        return Speaker(ent.name, ent.key, ent.type, ent.start, ent.end)

    def full_name(self, start: int, end: int) -> Speaker | None:
        return self.names.full_name(start, end)

    def short_form(self, word: str, before: int) -> Speaker | None:
        return self.names.short_form(word, before)
