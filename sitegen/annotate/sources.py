"""Citations: phrases attributing quotes and claims to a source.

A citation is one of
- a source phrase after a preposition or before a postposition: `laut der Agentur TASS`,
  `unter Berufung auf die Zeitung`, `according to Reuters`, `der Zeitung zufolge`;
- the subject of a reporting verb: `berichtete die New York Times`, `wie KCNA zitierte`,
  `The Times reported`;
- the speaker of a statement: `sagte das Weiße Haus in einer Erklärung`, `X said in a statement`;
- a name defined with its abbreviation after such a preposition: `according to the
  International Ski and Snowboard Federation (FIS)`;
- a report verb ending a clause opened by `wie`/`as`, the source right after the opener however
  far the verb is: `Wie die Nachrichtenagentur X unter Berufung auf … berichtete`;
- the news medium a person spoke to (``media_phrases.MediumPhrases.interview``): the addressee of `told`
  (`told Breitbart News`, `told Swiss broadcaster SRF`), the dative after a German speech verb and
  its subject (`sagte er dem Hessischen Rundfunk`, `sagte Meier der „Zeit“`, `sagte im
  „Morgenjournal“ von Ö1`), after `gegenüber`, `in an interview with`; a person or body
  spoken to, accused or described (`told reporters`, `accused the opposition leader`,
  `warf dem Minister … vor`) is no source;
- a speech cue whose speaker is a source already cited or known from front matter
  (`fügte Xinhua hinzu`), or a noun standing for one cited before (`Die Zeitung sagte` after
  the New York Times, `fügte der Sender hinzu` after NHK, `the agency said`).

``Citation.start``/``end`` span the whole cue phrase (`laut der staatlichen Nachrichtenagentur
TASS`, `berichtete die New York Times`, `fügte der Sender hinzu`); for a statement it is the
statement phrase (`in einer Erklärung`), whose source is the speaker of its clause.
Only organisations, places, works, news media and known sources are cited: a person is a
speaker (`MTA Chair Janno Lieber said` cites no MTA), and a phrase that names no source
(`laut Medienberichten`, `unter Berufung auf Beamte`) is no citation.

News media (``media_phrases.MediumPhrases.medium``) are recognised without a parser: a quoted name (`berichtet der
„Spiegel“`, `„Bild“-Zeitung`), a name after a medium noun (`dem Sender NOS`), a name ending in one
(`dem Bayerischen Rundfunk`, put in the nominative: Bayerischer Rundfunk), or a medium known by
name in any case (`laut dpa`, `gemäss SRF`; ``data/media.yml``); canonical names come from the
curated organisations (`dpa` -> Deutsche Presse-Agentur). Every look-up is bounded (a few tokens
after a cue the one ``PhraseMatcher`` pass found), so the step stays linear in the text.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Sequence

from ..model import Citation, Entity, Quote, Source
from . import gazetteer
from .canonical import inflected_head
from .media import media_names, registry_names
from .media_phrases import NAME_PARTICLES, Cited, MediumPhrases, _uninflected, name_kind
from .quotes import Context
from .token_texts import token_texts

SOURCE_RANK = {"ORG": 0, "MISC": 1, "PLACE": 2}
# auxiliaries and adverbs between an English subject and its report verb (`had earlier reported`)
SUBJECT_GAP_EN = frozenset({"had", "has", "have", "was", "is", "earlier", "first", "previously", "also",
                            "exclusively", "originally", "initially", "later", "separately", "recently"})
# `nach dpa-Informationen`, `laut „Spiegel“-Recherchen`, `laut ARD-Bericht`: a medium and a report noun
# in one compound
MEDIUM_COMPOUND = re.compile(r"\b(?i:nach|laut|gemäß|gemäss)\s+(?:(?i:einem|einer|eigenen)\s+)?"
                             r"[„»«\"]?([\w.]+?)[“«»\"]?-(Informationen|Angaben|Recherchen|Bericht|Berichten|"
                             r"Umfrage|Daten|Zahlen|Schätzungen|Analyse|Meldung)\b")
# the end every such compound has: a text without one needs no MEDIUM_COMPOUND search (which tries
# each word of the text: 30 times slower)
REPORT_COMPOUND_END = re.compile(r"-(?:Informationen|Angaben|Recherchen|Bericht|Berichten|"
                                 r"Umfrage|Daten|Zahlen|Schätzungen|Analyse|Meldung)\b")


class _Sources(MediumPhrases):
    def __init__(self, ctx: Context, known: Sequence[Source]):
        self.ctx = ctx
        self.known = {}
        for s in known:
            for label in (s.name, s.id):
                if label:
                    self.known[label.casefold()] = s
        self.__dict__.update(vars(ctx.cues_data.citation_words))  # self.report_nouns, …
        self.media = media_names()
        self.registry = registry_names(ctx.lang)
        self.cited: list[Cited] = []
        self.cited_labels: set[str | None] = set()  # names and keys of ``cited``

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

    def source_of_np(self, np: tuple[int, int] | None, at: int, explicit: bool) -> Cited | None:
        """The source a noun phrase names: an entity, a known source, or a noun for one cited."""
        if np is None:
            return None
        ctx = self.ctx
        s, e = np
        cs, ce = ctx.doc[s].idx, ctx.doc[e - 1].idx + len(ctx.doc[e - 1].text)
        phrase = ctx.text[cs:ce]
        words = [t.text for t in ctx.doc[s:e]]
        kind = next((k for k in map(self._noun_kind, words) if k), None)
        if any(x.type == "PERSON" and ctx.text[x.end:x.end + 2] not in ("'s", "’s") for x in ctx.entities_in(cs, ce)):
            return None  # `MTA Chair Janno Lieber said`: a person speaks, the organisation is no source
        ents = [x for x in ctx.entities_in(cs, ce) if x.type in SOURCE_RANK]
        if ents:
            ent = min(ents, key=lambda x: (SOURCE_RANK[x.type], -x.start))
            known = self._known(ent.name, ent.key, ent.text)
            cited_before = ent.key in self.cited_labels or ent.name in self.cited_labels
            if not (explicit or known or cited_before):
                return None
            if not known and ent.type != "ORG":
                body = self._institution_of(ent, e)
                if body is not None:  # `the Scottish government`, `the French interior ministry`
                    return Cited(body, None, kind, at)
                run = _capitalised_run(ctx, ent, s, e)
                if run is not None:  # `the German Weather Service`, not `German`
                    known = self._known(run)
                    name = known.name if known else self._nominative_name(run, s)
                    return Cited(name, known.id if known else None, kind or name_kind(name), at)
            if not known and ent.type == "ORG" and ent.text.casefold() in self.media:
                run = _capitalised_run(ctx, ent, ctx.tok_at(ent.start), e)
                if run is not None:  # `BBC Radio Wales`, not `BBC`
                    return Cited(run, None, kind or name_kind(run) or "broadcaster", at)
            name = known.name if known else self._nominative_name(ent.name, ctx.tok_at(ent.start))
            return Cited(name, ent.key or (known.id if known else None), kind or name_kind(name), at)
        for label, src in self.known.items():
            if label and re.search(r"\b" + re.escape(label) + r"\b", phrase.casefold()):
                return Cited(src.name, src.id, kind or name_kind(src.name), at)
        if explicit:
            body = self._institution_noun(s, e)
            if body is not None:  # `nach Angaben des Innenministeriums`, `according to the health ministry`
                return Cited(body, None, None, at)
        if ctx.doc[s].lower_ in ctx.cues_data.determiners and kind is not None and e - s <= 4:
            # `die Zeitung`, `der Sender`, `the agency`: the latest source of that kind, else
            # the latest source
            for c in reversed(self.cited):
                if c.kind == kind:
                    return Cited(c.name, c.key, kind, at)
            if self.cited:
                c = self.cited[-1]
                return Cited(c.name, c.key, c.kind, at)
        return None

    def _unknown_name(self, i: int) -> bool:
        """A capitalised word no entity rule took and no common word: a name written as one word
        with a capital inside (`MeteoSchweiz`, `YouGov`), or one the lemma table does not know."""
        t = self.ctx.doc[i]
        text = t.text
        if not (t.is_alpha and text[:1].isupper() and not text.isupper()) or self.ctx.entities_in(t.idx, t.idx + len(t)):
            return False
        if any(c.isupper() for c in text[1:]):
            return True
        lexicon = gazetteer.lexicon(self.ctx.lang)
        return not (lexicon.is_common(text) or lexicon.is_common(text.lower()) or lexicon.is_compound_noun(text))

    def _institution_noun(self, s: int, e: int) -> str | None:
        """An institution named by a common noun after a citation phrase, no entity: German one
        capitalised compound in its nominative (`des Innenministeriums` -> Innenministerium, `der
        Polizei`, `des Fiskalrats`), English a modified lower-case one (`the interior ministry`,
        `the state police`) or `police`."""
        doc, cd = self.ctx.doc, self.ctx.cues_data
        if doc[s].lower_ in cd.determiners:
            s += 1
        words = [t.text for t in doc[s:e]]
        if not words or not all(w.replace("-", "").isalpha() for w in words):
            return None  # letters, and hyphens inside a compound: `des Kraftfahrt-Bundesamts`
        if self.ctx.lang == "de":  # the first word: a verb may run on in the phrase (`des Amts fehlen …`)
            if not words[0][:1].isupper():
                return None
            found = inflected_head(words[0], self.institution_nouns_de)
            if found is None:
                return None
            name = found[1]
            if name.lower() in self.institution_nouns_de and name.lower() not in self.institution_standalone:
                # `dem Verband der verladenden Wirtschaft`: a name; `des Verbands`: the one named before
                return self._genitive_name(s, name) or self._latest_org(doc[s].idx)
            at = doc[s + 1] if s + 1 < e else None  # `der Kantonspolizei Wallis`
            if at is not None and any(x.type == "PLACE" and x.start == at.idx
                                      for x in self.ctx.entities_in(at.idx, at.idx + len(at))):
                return f"{name} {at.text}"
            return name
        if not all(w.islower() for w in words) or words[-1] not in self.institution_nouns:
            return None
        return " ".join(words) if len(words) > 1 or words[-1] == "police" else None

    def _nominative_name(self, name: str, first: int) -> str:
        """A German name after a dative or genitive article (the token before ``first``) in its
        nominative and, where the curated names know it so, canonical form: `des Hessischen
        Rundfunks` -> Hessischer Rundfunk, `des Rundfunks Berlin-Brandenburg` -> Rundfunk
        Berlin-Brandenburg. Other languages' names stay as they are."""
        doc = self.ctx.doc
        if self.ctx.lang != "de":
            return name
        while first > 0 and doc[first - 1].text[:1].isupper() and doc[first - 1].lower_ not in self.ctx.cues_data.determiners:
            first -= 1  # the name's own first words (`Hessischen` before the entity `Rundfunks`)
        det = doc[first - 1].lower_ if first > 0 else None
        return self._cited(self._nominative(name.split(), det), None, 0).name

    def _genitive_name(self, s: int, head: str) -> str | None:
        """An institution's name made of its noun and a genitive after it (`Verband der
        Automobilindustrie`, `Verband der verladenden Wirtschaft`): the head in the nominative,
        then the article, inflected adjectives and the capitalised noun that ends it."""
        doc = self.ctx.doc
        k = s + 1
        if k >= len(doc) or doc[k].lower_ not in ("der", "des"):
            return None
        j = k + 1
        while j < min(len(doc), k + 4) and doc[j].is_alpha and doc[j].text.islower() \
                and doc[j].text.endswith(("en", "er", "es", "e")):
            j += 1  # inflected adjectives
        if j >= len(doc) or not (doc[j].is_alpha and doc[j].text[:1].isupper()) or self.ctx.in_quote(j):
            return None
        return " ".join([head, *(t.text for t in doc[k:j + 1])])

    def _latest_org(self, before: int) -> str | None:
        """The name of the last organisation the text named before character ``before``."""
        orgs = [x for x in self.ctx.entities_in(0, before) if x.type == "ORG"]
        return orgs[-1].name if orgs else None

    def _institution_of(self, ent: Entity, e: int) -> str | None:
        """A place or nationality and the lower-case words after it in the phrase up to an
        institution noun (``institution_nouns``): `Scottish government`, `French interior ministry`."""
        ctx, doc = self.ctx, self.ctx.doc
        j = ctx.tok_at(max(ent.end - 1, ent.start)) + 1
        if j < e and doc[j].text in ("'s", "’s"):
            j += 1  # `Germany's economy ministry`
        for k in range(j, min(e, j + 3)):
            if not (doc[k].is_alpha and doc[k].text.islower()):
                return None
            if doc[k].lower_ in self.institution_nouns:
                return ctx.text[ent.start:doc[k].idx + len(doc[k])]
        return None

    # -- news media: the medium a person spoke to, lower-case agencies, quoted names


    def _report_of(self, i: int, limit: int, at: int) -> tuple[Cited, int] | None:
        """`laut einem Bericht der „Zeit“`, `according to a report by the BBC`, `according to
        figures released by the ONS`: a report noun (and a participle), then its source after a
        genitive article or `of`/`by` (within six tokens)."""
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        bound, limit = limit, min(limit, len(doc), i + 6)
        k = i
        while k < limit and (doc[k].is_space or doc[k].lower_ in cd.determiners):
            k += 1
        if k >= limit or doc[k].lower_ not in self.report_nouns:
            return None
        k += 1
        if k < limit and doc[k].lower_ in self.report_participles:
            k += 1  # `according to figures published by the government`
        if k < limit and doc[k].lower_ in self.report_links:
            medium_only = doc[k].lower_ in self.medium_links
            if doc[k].lower_ not in cd.determiners:
                k += 1  # `by`, `of`, `von`: an article may follow
            found = self.medium(k, min(limit + 6, bound), at)
            if found is not None or medium_only:
                return found  # `a report in the Guardian`, not `a poll in Germany`
            np = ctx.np_after(k, min(limit + 6, bound))
            cited = self.source_of_np(np, at, True) if np is not None else None
            if cited is None and np is not None and np[1] - np[0] == 1 and self._unknown_name(np[0]):
                cited = self._cited(doc[np[0]].text, None, at)  # `a survey by YouGov`
            return (cited, np[1]) if cited is not None else None
        return None

    def _defined_name(self, i: int, limit: int, at: int) -> tuple[Cited, int] | None:
        """A name defined with its abbreviation in parentheses, `the International Ski and
        Snowboard Federation (FIS)`, `dem Bundesamt für Gesundheit (BAG)`: the source is the
        name when the abbreviation is an organisation (at most twelve tokens are looked at)."""
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        limit = min(limit, len(doc), i + 14)
        while i < limit and (doc[i].is_space or doc[i].lower_ in cd.determiners):
            i += 1
        j = i
        while j < limit and doc[j].text != "(":
            t = doc[j]
            if ctx.in_quote(j) or t.is_space or not (t.text[:1].isupper() or t.lower_ in cd.name_links
                                                     or t.lower_ in cd.coordinators or t.lower_ in NAME_PARTICLES):
                return None
            j += 1
        if j == i or j + 2 >= len(doc) or doc[j + 2].text != ")" or not doc[j - 1].text[:1].isupper():
            return None
        abbreviation = doc[j + 1]
        if not abbreviation.text.isupper() or not any(
                x.type == "ORG" for x in ctx.entities_in(abbreviation.idx, abbreviation.idx + len(abbreviation))):
            return None
        if ctx.entities_in(doc[i].idx, doc[j - 1].idx + len(doc[j - 1])):
            return None  # the name is an entity of its own (`der Deutschen Bahn (DB)`): its canonical name
        name = " ".join(t.text for t in doc[i:j])
        return self._cited(name, None, at), j + 3

    def _cited(self, name: str, key: str | None, at: int) -> Cited:
        known = self._known(name)
        if known is not None:
            return Cited(known.name, known.id, name_kind(known.name), at)
        canonical = self.registry.get(name.casefold(), name)
        first, space, rest = name.partition(" ")
        if self.ctx.lang == "de" and canonical == name and rest:
            plain = f"{_uninflected(first)} {rest}"  # `des Rundfunks Berlin-Brandenburg`: a genitive
            if plain != name and (plain.casefold() in self.registry or self._noun_kind(plain.split()[0])):
                canonical = self.registry.get(plain.casefold(), plain)
        return Cited(canonical, key, name_kind(canonical) or "newspaper", at)


    def _quoted_subject(self, s: int, floor: int, at: int) -> tuple[Cited, tuple[int, int]] | None:
        """`Die „Kieler Post“ zitiert …`: a quoted name after an article opening the clause, right
        before the report verb, is its subject (a quotation before a verb is otherwise speech)."""
        ctx, doc = self.ctx, self.ctx.doc
        k = s - 1
        while k >= floor and doc[k].is_space:
            k -= 1
        if k < floor or not ctx.in_quote(k):
            return None
        q = bisect_left(ctx.top_starts, doc[k].idx + 1) - 1
        if q < 0 or ctx.top[q].end != doc[k].idx + len(doc[k]):
            return None
        det = ctx.tok_at(ctx.top[q].start) - 1
        while det >= floor and doc[det].is_space:
            det -= 1
        if det < floor or doc[det].lower_ not in ctx.cues_data.determiners:
            return None
        if det > floor and not (doc[det - 1].is_punct or doc[det - 1].lower_ in ctx.cues_data.clause_openers):
            return None
        found = self.medium(det, s, at)
        return (found[0], (det, s + 1)) if found is not None else None

    def _opened_report(self, s: int, floor: int, at: int) -> tuple[Cited, tuple[int, int]] | None:
        """`Wie die Nachrichtenagentur X unter Berufung auf … berichtete`: the source follows the
        clause's opener, however far the verb is (within the clause: up to 30 tokens back); so
        in a relative clause opened by a preposition (`…, über die der „Stern“ berichtet`)."""
        ctx, doc = self.ctx, self.ctx.doc
        for k in range(s - 1, max(floor, s - 30) - 1, -1):
            t = doc[k]
            if t.is_punct and not ctx.in_quote(k) and t.text not in "-()":
                break
            if ctx.in_quote(k):
                continue
            start = k
            if t.lower_ in ctx.cues_data.relative_openers and k - 1 > floor \
                    and doc[k - 1].lower_ in self.report_relative_preps and doc[k - 2].is_punct:
                start = k - 1
            elif not (t.lower_ in self.report_openers and (k == floor or doc[k - 1].is_punct or doc[k - 1].is_space)):
                continue
            np = ctx.np_after(k + 1, s)
            cited = self.source_of_np(np, at, True) if np is not None and self._quoted_at(np[0] + 1) is None else None
            if cited is None:
                found = self.medium(k + 1, s, at)
                cited = found[0] if found else None
            return (cited, (start, s + 1)) if cited is not None else None
        return None

    def find(self) -> list[tuple[Citation, bool]]:
        ctx, doc = self.ctx, self.ctx.doc
        events: list[tuple[int, str, int, int]] = []
        for kind, s, e in ctx.citation_phrases:
            events.append((s, kind, s, e))
        for cue in ctx.cues:
            if cue.kind in ("VERB", "SEP", "PHRASE"):
                events.append((cue.start, "SPEECH", cue.start, cue.end))
                if cue.kind in ("VERB", "SEP"):
                    events.append((cue.start, "INTERVIEW", cue.start, cue.end))
        events.sort()
        out: list[tuple[Citation, bool]] = []
        seen_starts: set[int] = set()
        openers: list[int] | None = None  # the report openers' tokens, found when a cue first needs them
        if ctx.lang == "de" and REPORT_COMPOUND_END.search(ctx.text):
            for match in MEDIUM_COMPOUND.finditer(ctx.text):
                name = match.group(1)
                if name.casefold() in self.media and not ctx.in_quote(ctx.tok_at(match.start())):
                    out.append((self._record(self._cited(name, None, match.start()), match.start(), match.end()), True))
        for _, kind, s, e in events:
            if ctx.in_quote(s) or (kind == "SPEECH" and s in seen_starts):
                continue
            opened_by = None
            if kind == "SPEECH" and not self._may_cite(s) and not self._medium_near(s):
                # `wie die Kantonspolizei Wallis mitteilte`: a clause opened by `wie` names the
                # source of the sentence's claim, however the verb says it
                if openers is None:
                    openers = [i for i, word in enumerate(token_texts(doc)) if word.lower() in self.report_openers]
                k = bisect_left(openers, s)
                if not k or openers[k - 1] < s - 30:
                    continue
                opened_by = openers[k - 1]
            sent_start, sent_end = ctx.sentence(doc[s].idx)
            floor, ceiling = ctx.tok_after(sent_start), ctx.tok_after(sent_end)
            if opened_by is not None:
                opened = self._opened_report(s, floor, doc[s].idx) if opened_by >= floor else None
                cited, span = opened if opened is not None else (None, None)
            else:
                cited, span = self._event(kind, s, e, floor, ceiling)
            if cited is None:
                continue
            seen_starts.add(s)
            end = doc[span[1] - 1].idx + len(doc[span[1] - 1].text)
            out.append((self._record(cited, doc[span[0]].idx, end), kind != "SPEECH"))
        return out

    def _record(self, cited: Cited, start: int, end: int) -> Citation:
        """The citation of characters ``start``..``end``; its source counts as cited from here on."""
        self.cited.append(cited)
        self.cited_labels.update(label for label in (cited.name, cited.key) if label)
        return Citation(start, end, self.ctx.text[start:end], cited.name, cited.key)


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
            medium_only = ctx.doc[s:e].text.lower() in self.medium_only
            np = ctx.np_after(e, ceiling)
            quoted = np is not None and (self._quoted_at(np[0]) or self._quoted_at(np[0] + 1))
            defined = None if medium_only else self._defined_name(e, ceiling, at)
            if defined is not None:
                return defined[0], (s, defined[1])
            if not medium_only and not quoted:
                cited = self.source_of_np(np, at, True)
                if cited is not None:
                    return cited, (s, self._source_end(np, cited))
            found = self.medium(e, ceiling, at) or self._report_of(e, ceiling, at)  # `laut dpa`
            if found is None and not medium_only and np is not None and np[1] - np[0] == 1 and self._unknown_name(np[0]):
                found = (self._cited(ctx.doc[np[0]].text, None, at), np[1])  # `laut MeteoSchweiz`
            return (found[0], (s, found[1])) if found else (None, (s, e))
        if kind == "INTERVIEW":
            cue = next((c for c in ctx.cues_in(s, s + 1) if c.start == s), None)
            found = self.interview(cue, ceiling, at) if cue is not None else None
            return found if found is not None else (None, (s, e))
        if kind == "AFTER":
            np = ctx.np_before(s, floor) or _words_before(ctx, s, floor)
            return self.source_of_np(np, at, True), (np[0] if np else s, e)
        if kind == "STATEMENT":
            for cue in reversed(ctx.cues_in(floor, s)):
                if cue.kind in ("VERB", "SEP", "PHRASE") and not ctx.in_quote(cue.start):
                    np = self._subject_np(cue, floor, ceiling)
                    return self.source_of_np(np, at, True), (s, e)
            return None, (s, e)
        if kind == "FINDING":
            return self._finding(s, e, floor, ceiling, at)
        if kind in ("REPORT", "SPEECH"):
            cue = next((c for c in ctx.cues_in(s, s + 1) if c.start == s), None)
            end = cue.end if cue else e
            verb_end = cue.verb_end if cue else e
            np = self._subject_np_at(s, verb_end, end if cue and cue.kind == "SEP" else ceiling, floor)
            if ctx.doc[s].lower_ in ctx.cues_data.speaker_before:
                np = None  # `told the BBC` is an interview; `accused the leader`: no source
            if kind == "REPORT" and self._reports_a_thing(verb_end):
                return None, (s, e)  # `Apple reported record profits`: a result, not a report of news
            if kind == "REPORT":
                opened = self._opened_report(s, floor, at) or self._quoted_subject(s, floor, at)
                if opened is not None:
                    return opened
                if np is not None and (self._quoted_at(np[0]) or self._quoted_at(np[0] + 1)):
                    found = self.medium(np[0], np[1] + 1, at)  # `berichtet die «NZZ am Sonntag»`
                    if found is not None:
                        return found[0], (min(s, np[0]), max(end, found[1]))
            if kind == "REPORT" and ctx.doc[s].lower_ in self.medium_report_verbs:
                found = self.medium(np[0], np[1], at) if np is not None else None
                return (found[0], (min(s, np[0]), max(end, np[1]))) if found else (None, (s, e))
            cited = self.source_of_np(np, at, kind == "REPORT")
            if cited is None and np is not None and kind == "REPORT":
                found = self.medium(np[0], np[1], at) or self._bare_name(np, at)
                if found is not None:
                    cited = found[0]
            if cited is None and kind == "SPEECH":
                found, phrase = self._finding(s, e, floor, ceiling, at, after=False)
                if found is not None:  # `A report in the Guardian said`, `a statement from the club said`
                    return found, (phrase[0], max(end, phrase[1]))
            if cited is None and np is not None and kind == "SPEECH":
                # a news medium speaks (`Xinhua said`, `state news agency RIA Novosti said`): it reports
                found = next(filter(None, (self.medium(k, np[1], at, quoted=False) for k in range(np[0], np[1]))), None)
                if found is not None and found[1] == np[1] and self._names_medium(np):
                    cited = found[0]
            if cited is None or np is None:
                return None, (s, e)
            return cited, (min(s, np[0]), max(end, np[1]))
        return None, (s, e)

    def _finding(self, s: int, e: int, floor: int, ceiling: int, at: int,
                 after: bool = True) -> tuple[Cited | None, tuple[int, int]]:
        """`data from the ONS showed`, `figures released by Eurostat on Wednesday show`, `a
        survey by YouGov found`, `eine Umfrage von YouGov zeigte`: the source of the report noun
        nearest before the verb (within ten tokens of its clause), or in German right after it
        (`Das zeigt eine Umfrage des Instituts`); none when it names none (`the results showed`)."""
        ctx, doc = self.ctx, self.ctx.doc
        german = ctx.lang == "de"
        for k in range(s - 1, max(floor, s - 10) - 1, -1):
            if doc[k].lower_ in self.report_nouns and (german or doc[k].text.islower()):  # not `Statistics` in a name
                first = k - 1 if k > floor and doc[k - 1].lower_ in ctx.cues_data.determiners else k
                found = self._report_of(first, s, at)
                return (found[0], (first, e)) if found is not None else (None, (s, e))
            if doc[k].is_punct and doc[k].text not in (",", "-"):
                break
        found = self._report_of(e, ceiling, at) if german and after else None
        return (found[0], (s, found[1])) if found is not None else (None, (s, e))

    def _source_end(self, np: tuple[int, int], cited: Cited) -> int:
        """The end of a citation phrase: after the entity it cites, when the noun phrase runs on
        (`polled by Reuters expect growth` ends after `Reuters`) or stops inside the entity's name
        (`according to the Department of Health` + `and Human Services`)."""
        ctx, doc = self.ctx, self.ctx.doc
        cs, ce = doc[np[0]].idx, doc[np[1] - 1].idx + len(doc[np[1] - 1])
        ends = [x.end for x in ctx.entities_in(cs, ce) if x.name == cited.name or (x.key and x.key == cited.key)]
        if ends:
            end = ctx.tok_after(max(ends) + (ctx.text[max(ends):max(ends) + 1] == ")"))
            return end if max(ends) > ce else min(np[1], end)
        last = cited.name.split()[-1] if cited.name else ""
        # a source named by a common noun (`des Rechnungshofs fehlen …`): up to that word
        return next((k + 1 for k in range(np[0], np[1]) if last and doc[k].text.startswith(last)), np[1])

    def _reports_a_thing(self, verb_end: int) -> bool:
        """English: a report verb with a lower-case object after it (`reported record profits`,
        `reported a loss`) reports a result, not news; `reported that`, `reported on Tuesday`,
        `reported last week`, `reported.` do (``report_followers``)."""
        if not self.report_followers or verb_end >= len(self.ctx.doc):
            return False
        t = self.ctx.doc[verb_end]
        return t.is_alpha and t.text.islower() and t.lower_ not in self.report_followers

    def _bare_name(self, np: tuple[int, int], at: int) -> tuple[Cited, int] | None:
        """English: a capitalised name without an article as the subject of a report verb
        (`WalesOnline reported`), not a plural (`Officials reported`)."""
        ctx, doc = self.ctx, self.ctx.doc
        s, e = np
        if ctx.lang != "en" or e - s > 4 or doc[s].lower_ in ctx.cues_data.determiners:
            return None
        words = [t.text for t in doc[s:e]]
        if not all(w[:1].isupper() for w in words) or (words[-1].endswith("s") and words[-1][1:].islower()) \
                or any(t.is_stop or t.lower_ in ctx.cues_data.pronouns for t in doc[s:e]):
            return None  # not `Officials reported`, `He wrote`
        return self._cited(" ".join(words), None, at), e

    def _subject_np(self, cue, floor: int, ceiling: int):
        limit = cue.end - 1 if cue.kind == "SEP" else ceiling
        return self._subject_np_at(cue.start, cue.verb_end, limit, floor)

    def _subject_np_at(self, s: int, verb_end: int, limit: int, floor: int):
        ctx, doc = self.ctx, self.ctx.doc
        opener = s == floor or doc[s - 1].is_punct or ctx.in_quote(s - 1)
        if not opener:
            np = ctx.np_before(s, floor)
            if np is None and ctx.lang == "en":
                # `The Financial Times had earlier reported`: the subject before an auxiliary and adverbs
                k = s
                while k - 1 > floor and s - k < 3 and doc[k - 1].lower_ in SUBJECT_GAP_EN:
                    k -= 1
                np = ctx.np_before(k, floor) if k < s else None
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

