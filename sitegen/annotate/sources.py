"""Citations: phrases attributing quotes and claims to a source.

A citation is one of
- a source phrase after a preposition or before a postposition: `laut der Agentur TASS`,
  `unter Berufung auf die Zeitung`, `according to Reuters`, `der Zeitung zufolge`;
- the subject of a reporting verb: `berichtete die New York Times`, `wie KCNA zitierte`,
  `The Times reported`;
- the speaker of a statement: `sagte das Weiße Haus in einer Erklärung`, `X said in a statement`;
- the addressee of `told`: `told Breitbart News`;
- a speech cue whose speaker is a source already cited or known from front matter
  (`fügte Xinhua hinzu`), or a noun standing for one cited before (`Die Zeitung sagte` after
  the New York Times, `fügte der Sender hinzu` after NHK, `the agency said`).

``Citation.start``/``end`` span the whole cue phrase (`laut der staatlichen Nachrichtenagentur
TASS`, `berichtete die New York Times`, `fügte der Sender hinzu`); for a statement it is the
statement phrase (`in einer Erklärung`), whose source is the speaker of its clause.
Only organisations, places, works and known sources are cited: a person is a speaker, and
a phrase that names no source (`laut Medienberichten`, `unter Berufung auf Beamte`) is no
citation.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Citation, Entity, Quote, Source
from .quotes import Context

SOURCE_RANK = {"ORG": 0, "MISC": 1, "PLACE": 2}
NAME_KINDS = (
    (re.compile(r"\b(Times|Post|Journal|Zeitung|Herald|Tribune|Gazette|Guardian|Telegraph|Spiegel|"
                r"Allgemeine|Rundschau|Kurier|Standard|Presse|Anzeiger|Daily|Observer)\b"), "newspaper"),
    (re.compile(r"\b(Agency|Agentur|Press|Reuters|AFP|dpa|AP|TASS|Xinhua|KCNA|Yonhap|Kyodo|Interfax)\b"),
     "agency"),
    (re.compile(r"\b(NHK|BBC|CNN|ARD|ZDF|ORF|Fox|NBC|CBS|ABC|MSNBC|Radio|TV)\b"), "broadcaster"),
)


@dataclass
class _Cited:
    name: str
    key: str | None
    kind: str | None
    at: int


class _Sources:
    def __init__(self, ctx: Context, known: Sequence[Source]):
        self.ctx = ctx
        self.known = {}
        for s in known:
            for label in (s.name, s.id):
                if label:
                    self.known[label.casefold()] = s
        self.nouns = {k.lower(): v for k, v in (ctx.cues_data.citations.get("source_nouns") or {}).items()}
        self.cited: list[_Cited] = []

    def _known(self, *labels: str | None) -> Source | None:
        for label in labels:
            if label and label.casefold() in self.known:
                return self.known[label.casefold()]
        return None

    def _noun_kind(self, word: str) -> str | None:
        low = word.lower()
        for noun, kind in self.nouns.items():
            if low == noun or (low.endswith(noun) and len(low) > len(noun) + 2):
                return kind
        return None

    def source_of_np(self, np: tuple[int, int] | None, at: int, explicit: bool) -> _Cited | None:
        """The source a noun phrase names: an entity, a known source, or a noun for one cited."""
        if np is None:
            return None
        ctx = self.ctx
        s, e = np
        cs, ce = ctx.doc[s].idx, ctx.doc[e - 1].idx + len(ctx.doc[e - 1].text)
        phrase = ctx.text[cs:ce]
        words = [t.text for t in ctx.doc[s:e]]
        kind = next((k for k in map(self._noun_kind, words) if k), None)
        ents = [x for x in ctx.entities_in(cs, ce) if x.type in SOURCE_RANK]
        if ents:
            ent = min(ents, key=lambda x: (SOURCE_RANK[x.type], -x.start))
            known = self._known(ent.name, ent.key, ent.text)
            cited_before = any(c.key == ent.key or c.name == ent.name for c in self.cited)
            if not (explicit or known or cited_before):
                return None
            if not known and ent.type != "ORG":
                run = _capitalised_run(ctx, ent, s, e)
                if run is not None:  # `the German Weather Service`, not `German`
                    known = self._known(run)
                    name = known.name if known else run
                    return _Cited(name, known.id if known else None, kind or _name_kind(name), at)
            name = known.name if known else ent.name
            return _Cited(name, ent.key or (known.id if known else None), kind or _name_kind(name), at)
        for label, src in self.known.items():
            if label and re.search(r"\b" + re.escape(label) + r"\b", phrase.casefold()):
                return _Cited(src.name, src.id, kind or _name_kind(src.name), at)
        if ctx.doc[s].lower_ in ctx.cues_data.determiners and kind is not None and e - s <= 4:
            # `die Zeitung`, `der Sender`, `the agency`: the latest source of that kind, else
            # the latest source
            for c in reversed(self.cited):
                if c.kind == kind:
                    return _Cited(c.name, c.key, kind, at)
            if self.cited:
                c = self.cited[-1]
                return _Cited(c.name, c.key, c.kind, at)
        return None

    def find(self) -> list[tuple[Citation, bool]]:
        ctx, doc = self.ctx, self.ctx.doc
        events: list[tuple[int, str, int, int]] = []
        for kind, s, e in ctx.citation_phrases:
            events.append((s, kind, s, e))
        for cue in ctx.cues:
            if cue.kind in ("VERB", "SEP", "PHRASE"):
                events.append((cue.start, "SPEECH", cue.start, cue.end))
        events.sort()
        out: list[tuple[Citation, bool]] = []
        seen_starts: set[int] = set()
        for _, kind, s, e in events:
            if ctx.in_quote(s) or (kind == "SPEECH" and (s in seen_starts or not self._may_cite(s))):
                continue
            sent_start, sent_end = ctx.sentence(doc[s].idx)
            floor, ceiling = ctx.tok_after(sent_start), ctx.tok_after(sent_end)
            cited, span = self._event(kind, s, e, floor, ceiling)
            if cited is None:
                continue
            seen_starts.add(s)
            start_char = doc[span[0]].idx
            end_char = doc[span[1] - 1].idx + len(doc[span[1] - 1].text)
            self.cited.append(cited)
            out.append((Citation(start_char, end_char, ctx.text[start_char:end_char], cited.name, cited.key),
                        kind != "SPEECH"))
        return out

    def _may_cite(self, s: int) -> bool:
        """Whether the speech cue at token ``s`` can be a citation: its speaker is one only when
        it is a source known from front matter or cited before (``source_of_np`` with
        ``explicit`` False), unless the cue names a source after it (`according to`). Most cues
        come before any citation in an article: their speaker phrases need not be looked for."""
        return bool(self.known or self.cited) or self.ctx.doc[s].lower_ in self.ctx.cues_data.speaker_before

    def _event(self, kind: str, s: int, e: int, floor: int, ceiling: int):
        ctx = self.ctx
        at = ctx.doc[s].idx
        if kind == "BEFORE":
            np = ctx.np_after(e, ceiling)
            return self.source_of_np(np, at, True), (s, np[1] if np else e)
        if kind == "AFTER":
            np = ctx.np_before(s, floor) or _words_before(ctx, s, floor)
            return self.source_of_np(np, at, True), (np[0] if np else s, e)
        if kind == "STATEMENT":
            for cue in reversed(ctx.cues_in(floor, s)):
                if cue.kind in ("VERB", "SEP", "PHRASE") and not ctx.in_quote(cue.start):
                    np = self._subject_np(cue, floor, ceiling)
                    return self.source_of_np(np, at, True), (s, e)
            return None, (s, e)
        if kind in ("REPORT", "SPEECH"):
            cue = next((c for c in ctx.cues_in(s, s + 1) if c.start == s), None)
            end = cue.end if cue else e
            verb_end = cue.verb_end if cue else e
            np = self._subject_np_at(s, verb_end, end if cue and cue.kind == "SEP" else ceiling, floor)
            if ctx.doc[s].lower_ in ctx.cues_data.speaker_before:
                np_to = ctx.np_after(verb_end, ceiling)
                cited = self.source_of_np(np_to, at, True)
                if cited is not None:
                    return cited, (s, np_to[1])
            cited = self.source_of_np(np, at, kind == "REPORT")
            if cited is None or np is None:
                return None, (s, e)
            return cited, (min(s, np[0]), max(end, np[1]))
        return None, (s, e)

    def _subject_np(self, cue, floor: int, ceiling: int):
        limit = cue.end - 1 if cue.kind == "SEP" else ceiling
        return self._subject_np_at(cue.start, cue.verb_end, limit, floor)

    def _subject_np_at(self, s: int, verb_end: int, limit: int, floor: int):
        ctx, doc = self.ctx, self.ctx.doc
        opener = s == floor or doc[s - 1].is_punct or ctx.in_quote(s - 1)
        if not opener:
            np = ctx.np_before(s, floor)
            if np is not None:
                return np
        if doc[s].lower_ in ctx.cues_data.speaker_before:
            return None
        return ctx.np_after(verb_end, limit)


def _capitalised_run(ctx: Context, ent: Entity, s: int, e: int) -> str | None:
    """The capitalised words around an adjective or place entity that name something larger
    (`German Weather Service` around `German`), within the phrase ``s``..``e``."""
    first, last = ctx.tok_at(ent.start), ctx.tok_at(max(ent.end - 1, ent.start))
    while first - 1 >= s and ctx.doc[first - 1].text[:1].isupper() and not ctx.doc[first - 1].is_stop:
        first -= 1
    while last + 1 < e and (ctx.doc[last + 1].text[:1].isupper() or ctx.name_link(last + 1)):
        last += 1
    if (first, last) == (ctx.tok_at(ent.start), ctx.tok_at(max(ent.end - 1, ent.start))):
        return None
    return " ".join(ctx.text[ctx.doc[first].idx:ctx.doc[last].idx + len(ctx.doc[last])].split())


def _words_before(ctx: Context, s: int, floor: int):
    k = s
    while k - 1 >= floor and s - k < 8 and ctx.np_word(k - 1):
        k -= 1
    return (k, s) if k < s else None


def _name_kind(name: str) -> str | None:
    for pattern, kind in NAME_KINDS:
        if pattern.search(name):
            return kind
    return None


def find_citations(ctx: Context, quotes: list[Quote], known: Sequence[Source]) -> list[Citation]:
    """Citations in the document of ``ctx``, in text order; at most one per source in a sentence."""
    found = _Sources(ctx, known).find()
    kept: dict[tuple[int, str | None], tuple[Citation, bool]] = {}
    for citation, explicit in found:
        key = (ctx.sentence_index(citation.start), citation.source)
        if key not in kept or (explicit and not kept[key][1]):
            kept[key] = (citation, explicit)
    return sorted((c for c, _ in kept.values()), key=lambda c: c.start)


def attach_sources(ctx: Context, quotes: list[Quote], citations: list[Citation]) -> list[Quote]:
    """Each quote with the sources cited in its sentence; a quote continuing the one before it
    (`„…“, sagte X. „…“`) shares its sources."""
    by_sentence: dict[int, list[str]] = {}
    for c in citations:
        if c.source:
            by_sentence.setdefault(ctx.sentence_index(c.start), [])
            if c.source not in by_sentence[ctx.sentence_index(c.start)]:
                by_sentence[ctx.sentence_index(c.start)].append(c.source)
    out: list[Quote] = []
    previous: Quote | None = None
    for q in quotes:
        first, last = ctx.sentence_index(q.start), ctx.sentence_index(max(q.end - 1, q.start))
        names: list[str] = []
        for k in range(first, last + 1):
            names += [n for n in by_sentence.get(k, []) if n not in names]
        if not names and previous is not None and q.speaker and q.speaker == previous.speaker \
                and ctx.paragraph(q.start) - ctx.paragraph(previous.start) <= 1 \
                and not ctx.text[ctx.sentence(q.start)[0]:q.start].strip():
            names = list(previous.sources)
        q = dataclasses.replace(q, sources=tuple(names))
        out.append(q)
        previous = q
    return out

