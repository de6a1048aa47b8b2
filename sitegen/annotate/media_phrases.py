"""News media named in a citation phrase: the medium a phrase names (`der „Zeit“`, `dem Sender
NOS`, `dem Bayerischen Rundfunk`, `laut dpa`), the one a person spoke to (`told the BBC`, `sagte
er dem Hessischen Rundfunk`), and a medium near a speech cue (`state news agency RIA Novosti
said`). ``MediumPhrases`` is a part of ``sources._Sources``, which gives it the document context
(``ctx``), the citation words of ``CueData.citation_words``, ``media`` (``media.media_names``) and
the look-ups ``_cited``, ``_known`` and ``_noun_kind``; every look-up here is bounded (a few tokens
after a cue), so the citation step stays linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .canonical import nominative_adjective

# lower-case words inside the names of media (`Corriere della Sera`, `Welt am Sonntag`)
NAME_PARTICLES = frozenset({"della", "delle", "dei", "di", "de", "del", "la", "le", "du", "am", "y", "el"})
# German adjectives inflected after an article (`der Neuen`, `dem Bayerischen`), not nouns (`Kronen`)
ADJECTIVE_EN = re.compile(r"(?:isch|lich|ig|sch|al|ell|iv|är|neu|frei|groß|alt|jung|klein|allgemein|ober|nieder)en$",
                          re.IGNORECASE)
NAME_KINDS = (
    (re.compile(r"\b(Times|Post|Journal|Zeitung|Herald|Tribune|Gazette|Guardian|Telegraph|Spiegel|"
                r"Allgemeine|Rundschau|Kurier|Standard|Presse|Anzeiger|Daily|Observer)\b"), "newspaper"),
    (re.compile(r"\b(Agency|Agentur|Press|Reuters|AFP|dpa|AP|TASS|Xinhua|KCNA|Yonhap|Kyodo|Interfax)\b"),
     "agency"),
    (re.compile(r"\b(NHK|BBC|CNN|ARD|ZDF|ORF|Fox|NBC|CBS|ABC|MSNBC|Radio|TV)\b"), "broadcaster"),
)


@dataclass
class Cited:
    """A source a citation names: its canonical name, its entity key when known, its kind
    (``newspaper``, ``agency``, ``broadcaster`` or None) and where the phrase naming it starts."""

    name: str
    key: str | None
    kind: str | None
    at: int


class MediumPhrases:
    """The medium-recognising half of ``sources._Sources`` (see the module's docstring)."""

    def _quoted_at(self, i: int):
        """The top-level quotation opening at token ``i``, if any."""
        ctx = self.ctx
        if i >= len(ctx.doc):
            return None
        k = bisect_left(ctx.top_starts, ctx.doc[i].idx)
        if k < len(ctx.top) and ctx.top[k].start == ctx.doc[i].idx:
            return ctx.top[k]
        return None

    def _medium_word(self, i: int) -> bool:
        t = self.ctx.doc[i]
        return t.lower_ in self.media or self._noun_kind(t.text) is not None

    def medium(self, i: int, limit: int, at: int, quoted: bool = True) -> tuple[Cited, int] | None:
        """The news medium the phrase at token ``i`` names (after an optional article or `im`),
        with the token its phrase ends at: a quoted name (`der „Zeit“`, `im „Morgenjournal“ von
        Ö1`), a name after a medium noun (`dem Sender NOS`, `broadcaster SRF`), a name ending in
        one (`dem Bayerischen Rundfunk`), or a medium known by name (`dem rbb`, `CNN`).
        Bounded: at most ten tokens are looked at."""
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        limit = min(limit, len(doc), i + 10)
        while i < limit and doc[i].is_space:
            i += 1
        if i >= limit:
            return None
        det = None
        if doc[i].lower_ in cd.determiners or doc[i].lower_ in self.interview_markers:
            det = doc[i].lower_
            i += 1
        span = self._quoted_at(i)
        if span is None and i + 1 < limit and quoted and self._quoted_at(i + 1) is not None \
                and self._noun_kind(_uninflected(doc[i].text)) is not None:
            i += 1  # `des Magazins „Focus“`, `the newspaper “Kathimerini”`: the quoted name after its noun
            span = self._quoted_at(i)
        if span is not None:
            if not quoted:
                return None
            inner = ctx.text[span.start + 1:span.end - 1].strip()
            if not inner[:1].isupper() and not inner[:1].isdigit() or len(inner.split()) > 5 \
                    or re.search(r"[.!?,;:]", inner):
                return None
            j = ctx.tok_after(span.end)
            compound = ctx.text[span.end:span.end + 1] == "-"
            if compound:  # `„Bild“-Zeitung`
                j = ctx.tok_after(span.end + 1 + len(re.match(r"[\w-]*", ctx.text[span.end + 1:]).group(0)))
            if j < len(doc) and doc[j].lower_ in self.programme_links:
                broadcaster = self.medium(j + 1, limit + 4, at, quoted=False)
                if broadcaster is not None:  # `im „Morgenjournal“ von Ö1`
                    return broadcaster
            name = self._nominative(inner.split(), det)
            return self._cited(name, None, at), j
        j = i
        while j < limit and self._name_word(j, i):
            j += 1
        while j > i and not doc[j - 1].text[:1].isupper() and doc[j - 1].lower_ not in self.media:
            j -= 1  # a name ends with a capitalised word or a medium's name
        if j == i:
            return None
        words = [t.text for t in doc[i:j]]
        if len(words[-1]) > 2 and words[-1].endswith(".") and words[-1][-2].isdigit():
            words[-1] = words[-1][:-1]  # `von Ö1.` ending a sentence is one token
        cs, ce = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        nouns = [k for k, w in enumerate(words) if self._noun_kind(w) is not None]
        by_name = any(w.casefold() in self.media for w in words) or " ".join(words).casefold() in self.media
        if not nouns and not by_name and any(x.type == "PERSON" for x in ctx.entities_in(cs, ce)):
            return None  # a person (`dem Minister Hans Muster`), unless a medium's name was taken for one
        if nouns and nouns[-1] + 1 < len(words):  # `Sender NOS`, `Nachrichtenagentur Keystone-SDA`
            rest = doc[i + nouns[-1] + 1:j]
            named = [x for x in ctx.entities_in(rest[0].idx, rest[-1].idx + len(rest[-1]))
                     if x.start == rest[0].idx and ctx.lang == "de"]
            # the name only (German nouns are capitalised): `dem Sender ARD Einseitigkeit vorwerfen` names ARD
            name = named[0].text if named else " ".join(words[nouns[-1] + 1:nouns[-1] + 4])
            j = ctx.tok_after(named[0].end) if named else min(j, i + nouns[-1] + 4)
        elif nouns and nouns[-1] == len(words) - 1 and len(words) > 1:  # `Bayerischen Rundfunk`
            name = self._nominative(words, det)
        elif by_name:
            name = " ".join(words)
        else:
            ents = [x for x in ctx.entities_in(cs, ce) if x.type == "ORG" and name_kind(x.name)]
            if not ents:
                return None
            name = ents[0].name
        ents = [x for x in ctx.entities_in(cs, ce) if x.type == "ORG" and x.text == name]
        return self._cited(name, ents[0].key if ents else None, at), j

    def _name_word(self, j: int, first: int) -> bool:
        """Whether token ``j`` can be part of a medium's name starting at ``first``."""
        ctx, doc = self.ctx, self.ctx.doc
        t = doc[j]
        if ctx.in_quote(j) or t.is_space or t.lower_ in ctx.cues_data.not_speaker:
            return False
        if t.text == "-":  # `Keystone-SDA`, `n-tv`
            return j > first and not doc[j - 1].whitespace_ and not t.whitespace_
        if t.is_punct or t.lower_ in ctx.cues_data.determiners:
            return False
        if t.text[:1].isupper() or self._medium_word(j) or any(ch.isdigit() for ch in t.text):
            return True
        # a lower-case adjective before a capitalised word (`dem öffentlich-rechtlichen Sender`)
        # or a link inside a name (`Corriere della Sera`, `Bundesamt für Gesundheit`)
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        return t.is_alpha and nxt is not None and nxt.text[:1].isupper() \
            and (j > first and doc[j - 1].text[:1].isupper()
                 and (t.lower_ in ctx.cues_data.name_links or t.lower_ in NAME_PARTICLES)
                 or ctx.lang == "de" and j == first and t.lower_.endswith(("e", "en", "er", "es")))

    def _nominative(self, words: list[str], det: str | None) -> str:
        """A German name after a dative or genitive article in its nominative form:
        `der Neuen Osnabrücker Zeitung` -> Neue Osnabrücker Zeitung, `dem Bayerischen Rundfunk`
        -> Bayerischer Rundfunk, `des Hessischen Rundfunks` -> Hessischer Rundfunk."""
        if self.ctx.lang != "de" or det not in ("dem", "der", "des", "im", "beim", "vom", "zum", "zur") or not words:
            return " ".join(words)
        head = words[-1]
        low = head.lower()
        gender = next((g for noun, g in self.genders.items() if low.endswith(noun) or low.endswith(noun + "s")), None)
        if gender is None or (det == "der" and gender != "f"):
            return " ".join(words)
        if det == "des" and gender in ("m", "n") and low.endswith("s") and not any(low.endswith(n) for n in self.genders):
            head = head[:-1]
        out = [nominative_adjective(w, gender) if w[:1].isupper() and ADJECTIVE_EN.search(w) else w for w in words[:-1]]
        return " ".join([*out, head])

    def interview(self, cue, ceiling: int, at: int) -> tuple[Cited, tuple[int, int]] | None:
        """The medium a speaker spoke to, after the speech verb and its subject: `sagte er dem
        Hessischen Rundfunk`, `sagte Meier der „Zeit“`, `sagte im „Morgenjournal“ von Ö1`,
        `told the BBC`."""
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        k = cue.verb_end
        if doc[cue.start].lower_ in self.addressee_verbs:
            found = self.medium(k, ceiling, at)
            if found is not None:
                return found[0], (cue.start, found[1])
            np = ctx.np_after(k, ceiling)  # `told the paper`: the newspaper cited before
            if np is not None and doc[np[0]].lower_ in cd.determiners and np[1] - np[0] == 2:
                cited = self.source_of_np(np, at, False)
                return (cited, (cue.start, np[1])) if cited is not None else None
            return None
        if doc[cue.start].lower_ not in self.interview_forms:
            return None
        for _ in range(2):  # the subject (`er`, `die Amerikanerin`, `Schneuwly`), then the marker
            while k < ceiling and (doc[k].is_space or doc[k].lower_ in cd.not_speaker or (
                    k + 1 < ceiling and doc[k + 1].lower_ in cd.not_speaker and len(doc[k]) <= 3)):
                k += 1  # `am Sonntag`, `on Monday`
            if k >= ceiling or ctx.in_quote(k):
                return None
            low = doc[k].lower_
            if low in self.interview_markers:
                after_noun = k > cue.verb_end and doc[k - 1].text[:1].isupper() \
                    and doc[k - 1].lower_ not in cd.not_speaker \
                    and not ctx.entities_in(doc[k - 1].idx, doc[k - 1].idx + 1)
                if after_noun and (low == "des" or low == "der" and doc[k - 1].lower_.endswith(self.genitive_roles)):
                    return None  # `der Chef der Zeitung`: a genitive (`die Gewerkschafterin der „Zeit“`: whom she told)
                found = self.medium(k, ceiling, at)
                if found is not None:
                    return found[0], (cue.start, found[1])
                if k > cue.verb_end:
                    return None
            np = ctx.np_after(k, ceiling)
            if np is None:
                return None
            k = np[1]
        return None

    def _medium_near(self, s: int) -> bool:
        """A news medium's name or noun among the four words before or after the speech cue at
        token ``s`` (`state news agency RIA Novosti said`, `sagte die Nachrichtenagentur TASS`),
        or a report noun among the eight before it (`a report by the ministry said`): its
        subject may be a source."""
        doc = self.ctx.doc
        return any(self._medium_word(k) for k in range(max(0, s - 4), min(len(doc), s + 5)) if k != s) \
            or any(doc[k].lower_ in self.report_nouns for k in range(max(0, s - 8), s))

    def _names_medium(self, np: tuple[int, int]) -> bool:
        """The phrase holds a medium known by name or a medium noun in lower case (`news agency`),
        not a capitalised one inside a name (`Network Rail`). A name in lower case counts from
        three letters (`dpa`, `afp`): `ap`, `br` in lower case are name particles (`ap Iorwerth`)."""
        doc = self.ctx.doc
        return any((doc[k].lower_ in self.media and (len(doc[k]) > 2 or not doc[k].text.islower()))
                   or (doc[k].text.islower() and self._noun_kind(doc[k].text)) for k in range(*np))


def _uninflected(word: str) -> str:
    """A German genitive's ending cut off (`Magazins` -> `Magazin`, `Blattes` -> `Blatt`)."""
    if word.endswith("es") and len(word) > 5:
        return word[:-2]
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def name_kind(name: str) -> str | None:
    for pattern, kind in NAME_KINDS:
        if pattern.search(name):
            return kind
    return None
