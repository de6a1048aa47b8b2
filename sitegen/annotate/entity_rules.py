"""spaCy components of the rule-based entity pipeline (also added to trained pipelines).

In pipeline order:

- ``sitegen_split_compounds``: splits ``G7-Staaten`` into ``G7`` ``-`` ``Staaten`` when the
  first part is a known organisation, so the organisation can be a span of its own;
- ``entity_ruler`` (spaCy's): registry entries and the curated organisations, with ids;
- ``sitegen_places``: place names from the gazetteer (a dict lookup for one-word names, a
  ``PhraseMatcher`` for longer ones);
- ``sitegen_people``: people from context: a given name before a surname, a title or role
  before a name, a speech verb before or after it, a byline;
- ``sitegen_propagate``: a name found once is a name everywhere in the document (``Kim``
  after ``Kim Jong Un``; ``Xi`` after ``Präsident Xi Jinping``; a German surname that is also
  a common noun only beside a speech verb: ``sagte Hahn`` after ``Jürgen Hahn``), and an
  acronym right after an organisation's full name is that organisation.

Components only add entities that do not overlap those already found, so earlier components
(and the registry) win.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

from spacy.attrs import ENT_IOB
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import gazetteer
from .canonical import variants
from .token_texts import token_texts

# A city this big is a place, not a surname ("Berlin", not "Obama" or "Mercedes").
STRONG_CITY_POPULATION = 100_000
# A German word this long that is too rare for the cluster table is a compound, not a name.
LONG_WORD = 12
_PUNCT_BREAK = {",", ";", ":", ".", "!", "?", "(", ")", "„", "“", '"', "«", "»", "–", "—", "-"}
_INITIAL = re.compile(r"^[A-Z]\.$")
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def add_ents(doc: Doc, spans: Iterable[Span]) -> None:
    """Add ``spans`` to ``doc.ents`` where they overlap no entity already there."""
    spans = list(spans)
    if not spans:
        return
    ents = doc.ents  # each read makes a Span per entity
    taken = set()
    for ent in ents:
        taken.update(range(ent.start, ent.end))
    new = []
    for span in filter_spans(spans):
        if taken.isdisjoint(range(span.start, span.end)):
            new.append(span)
            taken.update(range(span.start, span.end))
    if new:
        doc.ents = sorted([*ents, *new], key=lambda s: s.start)


def _taken(doc: Doc) -> list[bool]:
    """Whether each token is inside an entity: its IOB tag is B (3) or I (1). Read as one array,
    not through ``doc.ents``, which makes a ``Span`` per entity at each read."""
    iob = doc.to_array(ENT_IOB)
    return ((iob == 1) | (iob == 3)).tolist()


def _sentence_start(token) -> bool:
    if token.i == 0 or token.is_sent_start:
        return True
    prev = token.doc[token.i - 1]
    if prev.is_space or "\n" in prev.whitespace_:
        return True
    return prev.text in {"„", '"', "“", "(", "«", "»", "‚", "'", ":", "–", "-", "—"} and (
        token.i == 1 or token.doc[token.i - 2].is_sent_start or prev.i == 0
    )


def _old_spelling(text: str, lexicon) -> bool:
    """`Jm`, `Jn`, `Jch`: old German print's J for I before a consonant, a common word (`Im`)."""
    return len(text) > 1 and text[0] == "J" and text[1] not in "aeiouyäöü" and lexicon.is_common("I" + text[1:])


def _upper_line(token) -> bool:
    """True in an all-caps headline (``LEICESTERSHIRE TAKE OVER AT TOP``). Worked out for the
    token's sentence only, once (the rules ask for a few tokens of a document, not for each)."""
    doc = token.doc
    lines = doc.user_data.get("sitegen_upper_lines")
    if lines is None or lines[0] != len(doc):  # made again when a component split tokens
        # the sentence starts as doc.sents has them (one array, no Span per sentence)
        starts = [0, *(i for i in (doc.to_array("SENT_START") == 1).nonzero()[0].tolist() if i)]
        lines = doc.user_data["sitegen_upper_lines"] = (len(doc), starts, {})
    _, starts, upper = lines
    k = bisect_right(starts, token.i) - 1
    if k not in upper:  # a token is_alpha and is_upper as its text is
        end = starts[k + 1] if k + 1 < len(starts) else len(doc)
        words = [t for t in token_texts(doc)[starts[k] : end] if t.isalpha() and len(t) > 1]
        upper[k] = len(words) >= 3 and sum(t.isupper() for t in words) >= 0.7 * len(words)
    return upper[k]


# ---------------------------------------------------------------------------------------------
@Language.factory("sitegen_split_compounds", default_config={"prefixes": []})
def make_split_compounds(nlp: Language, name: str, prefixes: list[str]):
    return SplitCompounds(set(prefixes))


class SplitCompounds:
    def __init__(self, prefixes: set[str]):
        self.prefixes = prefixes

    def __call__(self, doc: Doc) -> Doc:
        todo = []
        text = " ".join(token_texts(doc))  # once, not once per prefix
        if not any(prefix + "-" in text for prefix in self.prefixes):
            return doc
        for token in doc:
            if "-" in token.text[1:-1]:
                head, _, rest = token.text.partition("-")
                if head in self.prefixes and rest:
                    todo.append((token, head, rest))
        if todo:
            with doc.retokenize() as retokenizer:
                for token, head, rest in todo:
                    retokenizer.split(
                        token, [head, "-", rest], heads=[(token, 0), (token, 1), (token, 2)]
                    )
        return doc


# ---------------------------------------------------------------------------------------------
@cache
def _place_tables(lang: str):
    """Lookup tables for ``Places`` (built once per process and language).

    single: one-word form -> (canonical name, label); multi: first word -> [(words, (name,
    label))], longest first; common: forms that are also common words.
    """
    lexicon = gazetteer.lexicon(lang)
    single: dict[str, tuple[str, str]] = {}
    multi_forms: dict[str, tuple[str, str]] = {}
    places = gazetteer.places(lang)
    names = [(name, place.name, "PLACE") for name, place in places.items()]
    names += [(name, canonical, "MISC") for name, canonical in gazetteer.misc_names(lang).items()]
    for name, canonical, label in names:
        for form in variants(name, lang):
            if form != name and lexicon.is_common(form):
                continue  # "Basis" is not the genitive of the town "Basi"
            target = single if " " not in form and "-" not in form else multi_forms
            target.setdefault(form, (canonical, label))
            if len(form) >= 4:  # datelines and headlines: "TAIPEI", "NEW YORK"
                target.setdefault(form.upper(), (canonical, label))
    common = frozenset(
        form
        for name, _, _ in names
        if (name not in places or places[name].kind not in ("country", "listed")) and " " not in name
        for form in (name, name.upper())
        if lexicon.is_common(name)
    )
    # longer names, indexed by their first word: a dict lookup per token at run time
    multi: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
    for form, found in multi_forms.items():
        words = tuple(form.split())
        if len(words) == 1:
            single.setdefault(form, found)
        else:
            multi.setdefault(words[0], []).append((words, found))
    for options in multi.values():
        options.sort(key=lambda option: -len(option[0]))
    return single, multi, common


@Language.factory("sitegen_places", default_config={"lang": "de"})
def make_places(nlp: Language, name: str, lang: str):
    return Places(nlp, lang)


class Places:
    """Place names from the gazetteer, with their inflected forms."""

    def __init__(self, nlp: Language, lang: str):
        self.lang = lang
        self.single, self.multi, self.common = _place_tables(lang)
        self.first_words = frozenset(self.single) | frozenset(self.multi)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        taken = _taken(doc)
        n = len(doc)
        texts = token_texts(doc)
        # the words of this text that can start a place (one set operation): the loop below
        # looks up only those, not each token in both tables
        firsts = self.first_words.intersection(texts)
        for i, text in enumerate(texts):
            if text not in firsts or taken[i]:
                continue
            for words, (name, label) in self.multi.get(text, ()):
                end = i + len(words)
                if end <= n and all(
                    texts[i + k] == w for k, w in enumerate(words)
                ) and not any(taken[i:end]):
                    spans.append(Span(doc, i, end, label=label, span_id=name))
                    break
            else:
                found = self.single.get(text)
                if found is None:
                    continue
                name, label = found
                if text in self.common and (
                    _sentence_start(doc[i]) or doc[i].is_upper or self.lang == "de"
                ):
                    continue
                spans.append(Span(doc, i, i + 1, label=label, span_id=name))
        add_ents(doc, spans)
        return doc


# ---------------------------------------------------------------------------------------------
@Language.factory("sitegen_people", default_config={"lang": "de"})
def make_people(nlp: Language, name: str, lang: str):
    return People(lang)


class People:
    """People found from context and given names."""

    def __init__(self, lang: str):
        self.lang = lang
        cues = gazetteer.curated("people.yml")[lang]
        self.titles = set(cues["titles"])
        self.multi_titles = [tuple(t.split()) for t in self.titles if " " in t]
        self.multi_title_ends = {t[-1] for t in self.multi_titles}
        self.title_ends = self.titles | self.multi_title_ends  # the words a title cue ends in, but `X-Chef`
        self.title_suffixes = tuple("-" + t for t in self.titles if t[:1].isupper())
        self.speech = set(cues["speech"])
        self.bylines = [tuple(b) for b in cues["bylines"]]
        self.byline_starts = {b[0] for b in self.bylines}
        self.particles = set(cues["particles"])
        self.given = gazetteer.given_names(lang)
        self.lexicon = gazetteer.lexicon(lang)
        self.clusters = gazetteer.clusters(lang)
        self.kinds = gazetteer.cluster_kinds(lang)
        self.calendar = gazetteer.calendar_words(lang)
        self.places = {
            name
            for name, place in gazetteer.places(lang).items()
            if place.kind != "city" or place.population >= STRONG_CITY_POPULATION
        }
        self.misc = gazetteer.misc_names(lang)
        # the words a rule below starts at (or a word with a hyphen: `Karl-Heinz`, `X-Chef`)
        self.cue_words = frozenset(self.given) | self.title_ends | self.speech | self.byline_starts

    def is_given(self, text: str) -> bool:
        """``Frauke``, ``Karl-Heinz``."""
        if "-" in text:
            parts = text.split("-")
            return all(p[:1].isupper() and p in self.given for p in parts)
        return text in self.given and text[:1].isupper() and not text.isupper()

    # a capitalised word that can be part of a name
    def is_name(self, token, taken, strict: bool = True, compounds: bool = True) -> bool:
        """``compounds`` False: a word that only looks like a compound noun may be a name (the
        second word of `Annalena Baerbock`, whose first word the given names miss)."""
        text = token.text
        if taken[token.i] or not text[:1].isupper() or not text.replace("-", "").isalpha():
            if not (_INITIAL.match(text) and not taken[token.i]):
                return False
            return True
        if text.isupper() and len(text) > 1:
            return False
        if text in self.titles or text in self.speech or text in self.misc:
            return False
        if text.lower().rstrip(".") in self.calendar:
            return False
        if text not in self.given and (
            text in self.places
            or (self.lang == "de" and text.endswith("s") and text[:-1] in self.places)
        ):
            return False
        if strict and (self.lang == "de" or _sentence_start(token)):
            if self.lexicon.is_common(text) or (compounds and self.lexicon.is_compound_noun(text)):
                return False
            last = text.rsplit("-", 1)[-1]
            if last != text and last[:1].isupper() and (
                self.lexicon.is_common(last) or last in self.titles
            ):
                return False  # "Mibrag-Betriebsrat", "Co-Fraktionschef"
            if self.lang == "de" and text not in self.given:
                cluster = self.clusters.get(text)
                if cluster is not None and cluster not in self.kinds:
                    return False  # a word of a cluster of common nouns: "Landrat"
        return True

    def _extend(self, doc: Doc, start: int, taken, limit: int = 4, after_first: bool = False) -> int:
        """End (exclusive) of the name that starts at ``start``, or whose first word (a given
        name) is just before it (``after_first``)."""
        end = start
        while end < len(doc) and end - start < limit:
            token = doc[end]
            after_given = end > start and self.is_given(doc[end - 1].text)
            # a surname that looks like a compound noun (`Baerbock`) after a first name the given
            # names miss (`Ministerin Annalena Baerbock`); not after a genitive (`Rihas Pausenfilm`),
            # nor as a third word (`Dominik Frieser Kapfenberg`)
            second = end == start + 1 and not after_first and not doc[start].text.endswith("s")
            if self.is_name(token, taken, strict=not after_given, compounds=not second) or (
                end > start and token.text in self.given and self.is_name(token, taken, False)
            ):
                end += 1
            elif token.text in self.particles and end > start:
                # "von der Leyen", "bin Salman": particles, then a name
                k = end
                while k < len(doc) and doc[k].text in self.particles and k - end < 2:
                    k += 1
                if k < len(doc) and self.is_name(doc[k], taken):
                    end = k + 1
                else:
                    break
            else:
                break
        return end

    def _is_title(self, doc: Doc, i: int, words: list[str]) -> int:
        """Length of the title cue ending at token ``i`` (0 when none)."""
        text = words[i]
        if text in self.titles or ("-" in text and text.endswith(self.title_suffixes)):
            return 1
        for title in self.multi_titles if text in self.multi_title_ends else ():
            n = len(title)
            if i - n + 1 >= 0 and tuple(words[i - n + 1 : i + 1]) == title:
                return n
        return 0

    def __call__(self, doc: Doc) -> Doc:
        taken = _taken(doc)
        spans: list[Span] = []

        def person(start: int, end: int) -> None:
            if end > start:
                # no trailing initial or particle
                while end > start and (doc[end - 1].text in self.particles):
                    end -= 1
                spans.append(Span(doc, start, end, label="PERSON"))
                for k in range(start, end):
                    taken[k] = True

        n = len(doc)
        words = token_texts(doc)  # a Token object per token and cue costs more than the rules
        cues = self.cue_words.intersection(words)  # one set operation: most words start no rule
        for i, text in enumerate(words):
            if taken[i] or (text not in cues and "-" not in text):
                continue
            # given name + surname: "Frauke Petry", "Mike Firn", "Kim Jong Un"
            if text[:1].isupper() and self.is_given(text) and i + 1 < n:
                nxt = doc[i + 1]
                common_first = self.lexicon.is_common(text)
                if common_first and _sentence_start(doc[i]) and self.lexicon.is_common(nxt.text):
                    pass  # "May Day", "Will Power": a sentence-initial common word, not a given name
                elif self.is_name(nxt, taken, strict=common_first) and not (
                    nxt.text in self.places and nxt.text not in self.given and common_first
                ):
                    end = self._extend(doc, i + 1, taken, after_first=True)
                    if end == i + 1:
                        end = i + 2
                    person(i, end)
                    continue
            # title or role before a name: "Präsident Xi Jinping", "Machthaber Kim Jong Un"
            if i + 1 < n and (text in self.title_ends or "-" in text) and self._is_title(doc, i, words) \
                    and not _upper_line(doc[i]):
                end = self._extend(doc, i + 1, taken, limit=3)
                if end > i + 1:
                    person(i + 1, end)
                    continue
            # speech verb before a name: "sagte Leonid Slutsky", "said Smith"
            if text in self.speech and i + 1 < n:
                end = self._extend(doc, i + 1, taken, limit=3)
                if end > i + 1 and (end == n or not doc[end].text[:1].isupper()):
                    person(i + 1, end)
                    continue
            # name before a speech verb: "Kim sagte", "Smith said"
            if text in self.speech and i > 0 and not taken[i - 1]:
                start = i
                while start > 0 and i - start < 3 and self.is_name(doc[start - 1], taken):
                    start -= 1
                if start < i and not (i - start == 1 and _sentence_start(doc[start])
                                      and self.lexicon.is_common(doc[start].text)):
                    person(start, i)
                    continue
            # bylines: "Herausgegeben von Mike Firn", "Edited by ..."
            for cue in self.bylines if text in self.byline_starts else ():
                k = len(cue)
                if tuple(words[i : i + k]) == cue and i + k < n:
                    end = self._extend(doc, i + k, taken, limit=3)
                    if end > i + k and (len(cue) > 1 or end - (i + k) >= 2):
                        person(i + k, end)
                    break
        add_ents(doc, spans)
        return doc


# ---------------------------------------------------------------------------------------------
@Language.factory("sitegen_unknown_names", default_config={"lang": "de"})
def make_unknown_names(nlp: Language, name: str, lang: str):
    return UnknownNames(lang)


class UnknownNames:
    """Capitalised words that are not common words are names; context tells the type.

    German capitalises every noun, so a word counts as unknown only when the lemma table does
    not know it or its last part (``Langstreckenraketen``); English capitalises names only, so
    any capitalised word that does not start a sentence counts, unless it is a common word.
    Acronyms (``KDP``, ``DLR``) are organisations. Default type: PERSON.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon = gazetteer.lexicon(lang)
        context = gazetteer.curated("people.yml")["context"][lang]
        self.place_before = set(context["place_before"])
        self.org_after = set(context["org_after"])
        self.org_words = set(context.get("org_words", ()))
        self.institution_prefixes = tuple(context.get("institution_prefixes", ())) or ("\0",)
        self.institution_heads = tuple(context.get("institution_heads", ())) or ("\0",)
        cues = gazetteer.curated("people.yml")[lang]
        self.skip = set(cues["titles"]) | set(cues["speech"]) | set(cues["particles"])
        self.clusters = gazetteer.clusters(lang)
        self.kinds = gazetteer.cluster_kinds(lang)
        self.calendar = gazetteer.calendar_words(lang)
        self.types = gazetteer.cluster_types(lang)
        self.english = gazetteer.lexicon("en") if lang != "en" else None
        self.english_org = set(gazetteer.curated("people.yml")["context"]["en"]["org_after"])
        from spacy.util import get_lang_class

        self.stop_words = set(get_lang_class(lang).Defaults.stop_words)

    def is_institution(self, text: str) -> bool:
        return text.startswith(self.institution_prefixes) and text.endswith(
            self.institution_heads
        ) and len(text) >= 9

    def type_of(self, text: str) -> str | None:
        """The type of name the word's cluster holds (None when it holds no known names)."""
        cluster = self.clusters.get(text)
        return None if cluster is None else self.types.get(cluster)

    def kind(self, text: str) -> str | None:
        """PERSON or PLACE when the word's cluster holds names, None when it holds common
        words, "" when the word is not in the cluster table."""
        cluster = self.clusters.get(text)
        if cluster is None:
            return ""
        return self.kinds.get(cluster)

    def unknown(self, doc: Doc, i: int, taken, texts: list[str]) -> bool:
        """Whether token ``i`` is an unknown capitalised word; ``texts``: the document's
        ``token_texts`` (this runs at each capitalised token: a ``Token`` is made only for an
        English word, to see if it starts a sentence; its is_alpha is its text's isalpha)."""
        text = texts[i]
        if taken[i] or not text[:1].isupper() or len(text) < 2:
            return False
        if text in self.skip or not (text.isalpha() or any(c.isalpha() for c in text)):
            return False
        if text.lower().rstrip(".") in self.calendar:
            return False
        if self.lang == "de":
            if not text.isalpha() or text.isupper() or _old_spelling(text, self.lexicon):
                return False
            kind = self.kind(text)
            if kind is None or (kind == "" and len(text) > LONG_WORD):
                return False  # common-noun cluster; a rare long word is a compound noun
            return not (self.lexicon.is_common(text) or self.lexicon.is_compound_noun(text))
        if text.isupper() or not (text.isalpha() or "." in text or "-" in text):
            return False
        if _sentence_start(doc[i]):
            return not self.lexicon.is_common(text) and not self.lexicon.is_common(
                text.split("-")[0]
            )
        return not self.lexicon.is_common(text) or not text[1:].islower()

    def english_phrase(self, doc: Doc, start: int, end: int, taken) -> tuple[int, int]:
        """German text: a run of unknown words with an English word in it is an English name or
        title, and the capitalised English words after it belong to it even when German knows
        them (``Tactical Missile Systems``: ``Systems`` reads as the genitive of ``System``;
        ``Solid Gold``); never a German function word. (A word before it, ``Army``, is left to
        ``sitegen_extend``: German knows ``Hit`` in ``ihr Hit Solid Gold`` no better.)"""
        english = self.english
        if not any(english.is_common(t.text) for t in doc[start:end]):
            return start, end

        def joins(k: int) -> bool:
            token = doc[k]
            text = token.text
            return (not taken[k] and text[:1].isupper() and not text.isupper() and token.is_alpha
                    and text.lower() not in self.stop_words and text not in self.skip
                    and english.is_common(text))

        while end < len(doc) and joins(end):
            end += 1
        return start, end

    def __call__(self, doc: Doc) -> Doc:
        taken = _taken(doc)
        spans = []
        n = len(doc)
        texts = token_texts(doc)
        i = 0
        while i < n:
            text = texts[i]
            if taken[i] or not (text[:1].isupper() or text.isupper() or text.startswith(self.institution_prefixes)):
                i += 1  # each rule below starts at a free token, with a capital
                continue
            # acronyms: organisations ("DLR", "FC Schalke 04" with what follows)
            if (
                not taken[i]
                and 2 <= len(text) <= 6
                and text.isupper()
                and text.isalpha()
                and not _ROMAN.match(text)
                and not self.lexicon.is_common(text)
                and not _upper_line(doc[i])
            ):
                end = i + 1
                while end < n and not taken[end] and (
                    self.unknown(doc, end, taken, texts)
                    or (doc[end].like_num and end > i + 1)
                    or doc[end].text in self.org_after
                ):
                    end += 1
                numbered = i + 1 < n and doc[i + 1].like_num  # "ISBN 978-3-…", "SS 2010"
                if (end > i + 1 or len(text) >= 3) and not numbered:
                    spans.append(Span(doc, i, end, label="ORG"))
                i = end
                continue
            # institutions: "Bundesjustizministerium", "Bundesamt für Gesundheit"
            if not taken[i] and self.is_institution(text):
                end = i + 1
                if end + 1 < n and doc[end].text in ("für", "der", "des") and doc[end + 1].text[
                    :1
                ].isupper() and not taken[end + 1]:
                    end += 2
                    while end < n and doc[end].text[:1].isupper() and not taken[end]:
                        end += 1
                spans.append(Span(doc, i, end, label="ORG"))
                i = end
                continue
            if not self.unknown(doc, i, taken, texts) or _upper_line(doc[i]):
                i += 1
                continue
            end = i + 1
            while end < n and (
                self.unknown(doc, end, taken, texts)
                or (self.lang == "en" and doc[end].text[:1].isupper() and not taken[end]
                    and doc[end].is_alpha and doc[end].text not in self.skip)
            ):
                end += 1
            if self.english is not None:
                # English words in German text: a title ("Sometime Ago") or nothing ("Air")
                i, end = self.english_phrase(doc, i, end, taken)
                english = [self.english.is_common(t.text) for t in doc[i:end]]
                if all(english) or (end - i > 1 and sum(english) > (end - i) / 2):
                    if end - i > 1:
                        words = {t.text for t in doc[i:end]}
                        label = "ORG" if words & self.english_org else "MISC"
                        spans.append(Span(doc, i, end, label=label))
                    i = end
                    continue
            label = "PERSON"
            after = doc[end].text if end < n else ""
            before = doc[i - 1].text if i > 0 else ""
            words = {t.text for t in doc[i:end]}
            if after in self.org_after or words & self.org_after or words & self.org_words:
                label = "ORG"
                if after in self.org_after:
                    end += 1
            elif before in self.place_before:
                label = "PLACE"
            else:
                label = self.type_of(doc[end - 1].text) or self.type_of(text) or "PERSON"
                if self.lang == "en" and label == "PLACE" and "PLACE" not in (
                    self.kind(doc[end - 1].text), self.kind(text)
                ):
                    label = "PERSON"  # English clusters mix places into name clusters
            spans.append(Span(doc, i, end, label=label))
            i = end
        add_ents(doc, spans)
        return doc


# ---------------------------------------------------------------------------------------------
@Language.factory("sitegen_teams", default_config={"lang": "de"})
def make_teams(nlp: Language, name: str, lang: str):
    return Teams()


_PLACE_LABELS = {"PLACE", "GPE", "LOC"}
_DATE_LIKE = re.compile(r"^(1[89]|20)\d\d(-\d\d){0,2}$")


class Teams:
    """In results and tables, a town followed by a score is a team: ``Surrey 429-7``,
    ``CLEVELAND 80 53 .602``. Its other mentions in the article are the team too."""

    def __call__(self, doc: Doc) -> Doc:
        if not any(c.isdigit() for text in token_texts(doc) for c in text):
            return doc
        teams: set[str] = set()
        for ent in doc.ents:
            if ent.label_ not in _PLACE_LABELS or ent.end >= len(doc):
                continue
            after = doc[ent.end]
            if not (after.like_num or after.text[:1].isdigit()) or _DATE_LIKE.match(after.text):
                continue
            sent = ent.sent
            numbers = sum(1 for t in sent if t.text[:1].isdigit() and not _DATE_LIKE.match(t.text))
            if numbers >= 2:
                teams.add(ent.text)
        if not teams:
            return doc
        doc.ents = [
            Span(doc, e.start, e.end, label="ORG", span_id=e.id_)
            if e.label_ in _PLACE_LABELS and e.text in teams
            else e
            for e in doc.ents
        ]
        return doc


# ---------------------------------------------------------------------------------------------
@Language.factory("sitegen_propagate", default_config={"lang": "de"})
def make_propagate(nlp: Language, name: str, lang: str):
    return Propagate(lang)


class Propagate:
    """A name found once is that entity everywhere in the document."""

    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon = gazetteer.lexicon(lang)
        self.speech = set(gazetteer.curated("people.yml")[lang]["speech"])

    def __call__(self, doc: Doc) -> Doc:
        forms: dict[str, tuple[str, str]] = {}
        nouns: set[str] = set()  # surnames that are common nouns too: the person only beside a speech verb
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                words = [t.text for t in ent if t.is_alpha and len(t) > 1]
                if len(words) == 1:
                    forms.setdefault(words[0], ("PERSON", ""))
                elif words:
                    for word in (words[0], words[-1]):
                        # German nouns are capitalised: "Fischer" alone may be a fisherman
                        if self.lang != "de" or not self.lexicon.is_common(word):
                            forms.setdefault(word, ("PERSON", ""))
                        elif word == words[-1]:
                            nouns.add(word)
        # acronyms after an organisation's full name: "Korea Central News Agency (KCNA)"
        acronyms: dict[str, tuple[str, str]] = {}
        for ent in doc.ents:
            if ent.label_ in ("ORG", "MISC") and len(ent) >= 2:
                initials = "".join(t.text[0] for t in ent if t.text[:1].isupper())
                for token in doc[ent.end : min(ent.end + 4, len(doc))]:
                    if token.is_upper and len(token) >= 2 and token.text == initials:
                        acronyms.setdefault(token.text, (ent.label_, ent.id_ or ent.text))
        forms.update({text: acronyms[text] for text in acronyms.keys() - forms.keys()})
        if acronyms:  # an acronym a trained model found on its own is the organisation it abbreviates too
            ents = [Span(doc, e.start, e.end, label=acronyms[e.text][0], span_id=acronyms[e.text][1])
                    if len(e) == 1 and e.text in acronyms and not e.id_ else e for e in doc.ents]
            if any(a is not b for a, b in zip(ents, doc.ents, strict=True)):
                doc.ents = ents
        if not forms and not nouns:
            return doc
        taken = _taken(doc)
        spans = []
        texts = token_texts(doc)
        named = (forms.keys() | nouns).intersection(texts)  # one set operation: the words to look at
        for i, text in enumerate(texts):
            if text not in named or taken[i]:
                continue
            if text in forms:
                label, ent_id = forms[text]
                spans.append(Span(doc, i, i + 1, label=label, span_id=ent_id))
            elif text in nouns and self._speaks(doc, i):
                spans.append(Span(doc, i, i + 1, label="PERSON"))
        add_ents(doc, spans)
        return doc

    def _speaks(self, doc: Doc, i: int) -> bool:
        """`sagte Hahn`, `so Hahn`, `Hahn betonte`; not `Der Hahn krähte`, `der Hahn sagte`."""
        if i > 0 and doc[i - 1].text in self.speech:
            return True
        return i + 1 < len(doc) and doc[i + 1].text in self.speech and (i == 0 or not doc[i - 1].is_stop)


def defined_abbreviations(doc: Doc, ents: list[Span]) -> dict[str, str]:
    """Short names defined in parentheses after an organisation's name, to that name (or its
    id): ``Bundesamt für Gesundheit (BAG)``; each ``BAG`` of the text is then that office."""
    named = {}
    for previous, ent in zip(ents, ents[1:], strict=False):
        if ent.label_ == "ORG" and abbreviation_of_org(doc, previous, ent) and len(ent.text) < len(previous.text) \
                and (sum(c.isupper() for c in ent.text) >= 2 or len(ent.text) <= 5):
            named[ent.text] = previous.id_ or previous.text
    return named


def abbreviation_of_org(doc: Doc, previous: Span | None, ent: Span) -> bool:
    """``ent`` is one word in parentheses right after an organisation: its short name
    (``Bundesamt für Umwelt (Bafu)``)."""
    return (previous is not None and previous.label_ == "ORG" and len(ent) == 1
            and ent.start == previous.end + 1 and doc[previous.end].text == "("
            and ent.end < len(doc) and doc[ent.end].text == ")")
