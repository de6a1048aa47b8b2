"""English review rules for modern news, run right after ``sitegen_review`` behind a trained
``ner`` (``sitegen_review_en``). A recogniser trained on 1990s agency copy misreads what today's
news names in other ways: titles of films, shows and products in quotation marks, venues, royal
titles, places after ``from``, and names it cuts in two. Each rule follows a pattern of the
language, not of one text, and leaves the spans of the registry and the curated organisations
(they carry an id) alone:

- **quoted titles**: a quotation whose words are all capitalised (title case, the small words of
  titles aside: ``“One Battle After Another”``, ``"Rise: My Story"``, ``“Hamnet”``) is a work or a
  product (MISC), not a person, place or organisation; so are the later mentions of the same name
  in the document (``Hamnet`` in a headline-like sentence);
- **a name defined with its abbreviation** (``the Organisation for Economic Co-operation and
  Development (OECD)``) is one organisation, however the model cut it, and the abbreviation
  names it throughout the text;
- **organisations named ``X of Y``** when ``X`` is an institution's head word (``German
  Chambers of Commerce``, ``University of Michigan``), and names ending in a company's head word
  (``Focus Features``, ``Meta Platforms``);
- **venues**: a person or misc name ending in a venue word (``Royal Festival Hall``, ``Wembley
  Stadium``) is a place, with the capitalised word before it (``Royal`` + ``Albert Hall``);
- **a nationality before an institution or party**: ``Swedish`` + ``Chambers of Commerce``,
  ``Welsh`` + ``Labour`` are one organisation;
- **royal and noble titles**: ``Prince of Wales``, ``Duchess of Sussex`` name a person;
- **a place and the word after it** when together they are a known place (``New York`` +
  ``City``);
- **places after ``from``**: a one-word person right after ``from`` that the gazetteer knows
  as a place (``I'm from Killarney``) is that place;
- **time words** (``Tonight``, ``Today``) are no person, nor is one word right after ``the``
  (``the Orion capsule``, ``the Oscar next month``): a thing, not a person;
- **one name, two spans**: two person spans with nothing or a hyphen between them are one person
  (``Colette`` + ``Kress``, ``Nina Ortlieb`` + ``-`` + ``Gruber``), so is a person span ending in
  a given name and the capitalised word after it, the title words before the given name cut off (``Financial Officer Colette`` + ``Kress``;
  ``Financial Officer Colette Marsh`` when the model took the title in), and a given name before a
  hyphenated surname is a person whatever the model typed it (``Lara Gut-Behrami``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import gazetteer
from .entity_rules import defined_abbreviations
from .token_texts import token_texts

# quotation marks that open and close a quoted title in English copy
_QUOTES = {"“": "”", '"': '"'}
# words a title in title case leaves in lower case
_TITLE_SMALL = {"a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "from",
                "by", "with", "as", "vs", "vs.", "de", "del", "la", "le", "von", "van", "der"}
_MAX_TITLE_TOKENS = 10
_VENUES = {"Hall", "Centre", "Center", "Stadium", "Arena", "Theatre", "Theater", "Airport", "Museum",
           "Palace", "Cathedral", "Abbey", "Gallery", "Park", "Square", "Bridge", "Station", "Opera"}
_NOBLE = {"Prince", "Princess", "Duke", "Duchess", "Earl", "Countess", "King", "Queen", "Archbishop"}
# the head words of company names the model reads as people (``Focus Features``, ``Meta Platforms``)
_ORG_HEADS = {"Features", "Pictures", "Studios", "Films", "Entertainment", "Media", "Platforms", "Networks",
              "Labs", "Records", "Brands", "Pharmaceuticals", "Therapeutics", "Robotics", "Aerospace",
              "Semiconductor", "Motors", "Airlines", "Software"}
# "X of Y" names an organisation when X is one of these (``German Chambers of Commerce``,
# ``University of Michigan``, ``Port of Rotterdam``)
_OF_HEADS = {"Chamber", "Chambers", "Association", "Federation", "Council", "Ministry", "Department", "Bank",
             "University", "Institute", "Port", "Office", "Court", "Board", "Union", "Academy", "College",
             "School", "Society", "League", "Confederation", "Organisation", "Organization", "Agency",
             "Commission", "Committee", "Bureau", "Museum", "Church", "Party", "House", "Parliament"}
_PLACE_PREPOSITIONS = {"in", "across", "from", "at", "near", "to", "into", "throughout"}
_TIME_WORDS = {"Tonight", "Today", "Tomorrow", "Yesterday", "Now", "Later", "Meanwhile"}
_PERSON = ("PERSON", "PER")


@Language.factory("sitegen_review_en", default_config={"lang": "en"})
def make_review_en(nlp: Language, name: str, lang: str):
    return ReviewEnglish(lang)


class ReviewEnglish:
    def __init__(self, lang: str = "en"):
        self.lang = lang
        self.given = gazetteer.given_names(lang)
        self.places = gazetteer.places(lang)
        self.lexicon = gazetteer.lexicon(lang)
        self.calendar = {w.capitalize() for w in gazetteer.calendar_words(lang)} | _TIME_WORDS

    def common(self, text: str) -> bool:
        return self.lexicon.is_common(text.lower())

    def is_given(self, text: str) -> bool:
        return text[:1].isupper() and not text.isupper() and text in self.given

    def __call__(self, doc: Doc) -> Doc:
        titles = quoted_titles(doc)
        title_texts = {span.text for span in titles}
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.ent_id_:
                spans.append(ent)
                continue
            inside = next((t for t in titles if t.start <= ent.start and ent.end <= t.end), None)
            if inside is not None:
                continue  # replaced by the title below
            if ent.text in title_texts and ent.label_ != "MISC":
                spans.append(Span(doc, ent.start, ent.end, label="MISC"))
                continue
            span = self.review(doc, ent)
            if span is not None:
                spans.append(span)
        spans = self.merge_adjacent_people(doc, spans)
        spans = self.coordinated(doc, spans)
        spans = self.merge_organisations(doc, spans)
        spans = defined_names(doc, spans)
        named = defined_abbreviations(doc, sorted(spans, key=lambda s: s.start))
        if named:  # `the European Space Agency (ESA)`: each `ESA` of the text is that agency
            spans = [Span(doc, s.start, s.end, label="ORG", span_id=named[s.text]) if s.text in named else s
                     for s in spans]
        kept_ids = [s for s in spans if s.ent_id_]
        free = [t for t in titles if not any(s.start < t.end and t.start < s.end for s in kept_ids)]
        # a title is added where an entity was or where it has two words or more (``“Nobody”`` is none)
        covered = {i for s in doc.ents for i in range(s.start, s.end)}
        free = [t for t in free if len(t) > 1 or covered & set(range(t.start, t.end))]
        doc.ents = filter_spans([*free, *spans])
        return doc

    def review(self, doc: Doc, ent: Span) -> Span | None:
        label = ent.label_
        words = [t.text for t in ent]
        if label in _PERSON and len(ent) == 1 and ent.text in _TIME_WORDS:
            return None
        if label == "PLACE" and ent.end < len(doc) and doc[ent.end].ent_type == 0 \
                and f"{ent.text} {doc[ent.end].text}" in self.places:
            return Span(doc, ent.start, ent.end + 1, label="PLACE")  # "New York" + "City"
        given = next((k for k, w in enumerate(words) if self.is_given(w)), None)
        if label in _PERSON and given and given < len(words) - 1 and any(self.common(w) for w in words[:given]):
            return Span(doc, ent.start + given, ent.end, label=label)  # "Financial Officer Colette Marsh"
        if label == "MISC" and len(ent) == 1 and ent.end < len(doc) and doc[ent.end].text in _OF_HEADS \
                and doc[ent.end].ent_type == 0:
            end = ent.end + 1  # "Swedish" + "Chambers of Commerce"
            if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and doc[end + 1].text[:1].isupper():
                end += 1
                while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper() \
                        and not doc[end].is_sent_start:
                    end += 1
            return Span(doc, ent.start, end, label="ORG")
        if len(ent) > 1 and words[-1] in _VENUES and (label != "ORG" or self.capitalised_before(ent)):
            start = ent.start - 1 if self.capitalised_before(ent) else ent.start  # "Royal" + "Albert Hall"
            return Span(doc, start, ent.end, label="PLACE")
        if label in _PERSON and len(ent) > 1 and self.is_given(words[-1]) and not self.is_given(words[0]):
            # "Financial Officer Colette" + "Kress": the title cut off, the surname taken in
            end = ent.end
            if end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper() and not doc[end].is_sent_start \
                    and doc[end].ent_type == 0 and doc[end].text not in self.calendar:
                return Span(doc, ent.end - 1, end + 1, label=label)
        if label != "ORG" and "of" in words[1:-1] and words[words.index("of") - 1] in _OF_HEADS \
                and words[0] not in _NOBLE:
            return Span(doc, ent.start, ent.end, label="ORG")
        if label in (*_PERSON, "MISC") and len(ent) > 1 and words[-1] in _ORG_HEADS:
            return Span(doc, ent.start, ent.end, label="ORG")
        if label != "PERSON" and len(ent) >= 3 and words[0] in _NOBLE and words[1] == "of":
            return Span(doc, ent.start, ent.end, label="PERSON")
        if label in _PERSON and len(ent) == 1 and ent.start and doc[ent.start - 1].lower_ == "the" \
                and (not self.is_given(ent.text) or ent.end == len(doc) or not doc[ent.end].text[:1].isupper()):
            return Span(doc, ent.start, ent.end, label="MISC")  # "the Orion capsule", "the Tourette's campaigner"
        if label in _PERSON and len(ent) == 1 and ent.start and doc[ent.start - 1].lower_ == "from" \
                and ent.text in self.places:
            return Span(doc, ent.start, ent.end, label="PLACE")
        if label not in _PERSON and len(ent) >= 4 and self.is_given(words[0]) and "-" in words[2:-1] \
                and all(w == "-" or w[:1].isupper() for w in words[1:]) and ent.text not in self.places:
            return Span(doc, ent.start, ent.end, label="PERSON")  # "Lara Gut-Behrami"
        return ent

    @staticmethod
    def capitalised_before(ent: Span) -> bool:
        """The word before ``ent`` is capitalised, inside the sentence and in no entity."""
        if not ent.start:
            return False
        token = ent.doc[ent.start - 1]
        return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start and token.ent_type == 0

    def merge_adjacent_people(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Two person spans with no token between them are one name (``Financial Officer Colette``
        + ``Kress`` -> ``Colette Kress``: the words before a given name are a title)."""
        spans = sorted(spans, key=lambda s: s.start)
        merged: list[Span] = []
        for span in spans:
            prev = merged[-1] if merged else None
            if prev is not None and (prev.end == span.start or _hyphen_between(prev, span)) \
                    and prev.label_ in _PERSON and span.label_ in _PERSON \
                    and not prev.ent_id_ and not span.ent_id_ and doc[span.start].is_alpha \
                    and doc[prev.end - 1].is_alpha and not doc[span.start].is_sent_start:
                # the words before a given name are a title: "Financial Officer Colette", or
                # "Financial Officer" before "Colette Marsh"
                start = next((t.i for t in prev if self.is_given(t.text)), None)
                if start is None:
                    title = self.is_given(span[0].text) and any(self.common(t.text) for t in prev)
                    start = span.start if title else prev.start
                merged[-1] = Span(doc, start, span.end, label=prev.label_)
            else:
                merged.append(span)
        return merged

    def merge_organisations(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A nationality right before an organisation's name is part of it (``Welsh`` +
        ``Labour``, ``Scottish`` + ``Labour Party``), even one the curated list knows; not
        before an acronym (``Palestinian`` + ``U.N.``)."""
        merged: list[Span] = []
        for span in sorted(spans, key=lambda s: s.start):
            prev = merged[-1] if merged else None
            if prev is not None and prev.end == span.start and not doc[span.start].is_sent_start \
                    and prev.label_ == "MISC" and len(prev) == 1 and not prev.ent_id_ \
                    and span.label_ == "ORG" and not span[0].is_upper:
                merged[-1] = Span(doc, prev.start, span.end, label="ORG")
            else:
                merged.append(span)
        return merged

    def coordinated(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Names in one list (``the Bronx, Brooklyn and Queens``; ``Microsoft, Alphabet, Amazon
        and Meta``) are of one type: known places after ``in``/``across``/``from`` are places, and
        a lone member of another type in a list of three or more takes the others' type."""
        spans = sorted(spans, key=lambda s: s.start)
        groups: list[list[int]] = []
        for k, span in enumerate(spans):
            prev = spans[k - 1] if k else None
            between = [t.lower_ for t in doc[prev.end : span.start]] if prev is not None else None
            if between and between in ([","], ["and"], ["or"], [",", "and"], [",", "or"]) and groups:
                groups[-1].append(k)
            else:
                groups.append([k])
        result = list(spans)
        for group in groups:
            first = spans[group[0]]
            before = first.start - 1
            if before >= 0 and doc[before].lower_ == "the":
                before -= 1
            after_preposition = before >= 0 and doc[before].lower_ in _PLACE_PREPOSITIONS
            labels = [spans[k].label_ for k in group]
            for k in group:
                span = spans[k]
                if span.ent_id_:
                    continue
                if after_preposition and span.label_ == "ORG" and span.text in self.places:
                    result[k] = Span(doc, span.start, span.end, label="PLACE")
                elif len(group) >= 3 and labels.count(span.label_) == 1 and span.text not in self.places:
                    others = {label for label, j in zip(labels, group, strict=True) if j != k}
                    if len(others) == 1:
                        result[k] = Span(doc, span.start, span.end, label=others.pop())
        return result


_NAME_SMALL = {"of", "for", "and", "on", "the", "&", "de", "du", "des", "la", "le"}
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]?[A-Z]{1,6}")


def defined_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name defined with its abbreviation, ``the Organisation for Economic Co-operation and
    Development (OECD)``, ``the International Ski and Snowboard Federation (FIS)``, is one
    organisation, however the model cut it (at ``and``, at a hyphen): of the capitalised words
    (with the small words of names between them) right before ``(ABBR)``, the longest run whose
    initials are the abbreviation, else all of them when the last is an organisation's head
    word and no ``the`` stands between them (``Airbus for the European Space Agency (ESA)`` is
    two names)."""
    texts = token_texts(doc)
    found = []
    for j in range(1, len(doc) - 2):
        if texts[j] != "(" or texts[j + 2] != ")" or not _ABBREVIATION.fullmatch(texts[j + 1]):
            continue
        start = j
        while start > 0 and not doc[start].is_sent_start:
            word, before = texts[start - 1], doc[start - 2] if start > 1 else None
            joined = before is not None and before.text == "-" and not before.whitespace_
            if not (word[:1].isupper() or word in _NAME_SMALL or word == "-" or (joined and word.isalpha())):
                break
            start -= 1
        while start < j and (texts[start].lower() in _NAME_SMALL or texts[start] == "-"):
            start += 1
        if j - start < 2 or not texts[j - 1][:1].isupper():
            continue
        abbreviation = texts[j + 1].upper()
        first = next((k for k in range(start, j - 1) if texts[k][:1].isupper()
                      and _initials(texts[k:j]) == abbreviation), None)
        if first is None and texts[j - 1] in _OF_HEADS | _ORG_HEADS and "the" not in texts[start:j]:
            first = start
        if first is not None:
            found.append(Span(doc, first, j, label="ORG"))
    if not found:
        return spans
    return [*found, *(s for s in spans if not any(f.start < s.end and s.start < f.end for f in found))]


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in _NAME_SMALL).upper()


def quoted_titles(doc: Doc) -> list[Span]:
    """MISC spans over the words of each quotation in title case (``“Marty Supreme”``). A straight
    ``"`` opens after a space and closes after a word (it is the same mark both ways)."""
    found = []
    texts = token_texts(doc)
    i = 0
    while i < len(doc):
        closing = _QUOTES.get(texts[i])
        if closing is None or doc[i].whitespace_ or (closing == '"' and i and not doc[i - 1].whitespace_):
            i += 1
            continue
        end = next((j for j in range(i + 1, min(i + 2 + _MAX_TITLE_TOKENS, len(doc)))
                    if texts[j] == closing), None)
        if end is None or end == i + 1 or doc[end - 1].whitespace_:
            i += 1
            continue
        if _title_case(texts[i + 1 : end]):
            found.append(Span(doc, i + 1, end, label="MISC"))
        i = end + 1
    return found


def _title_case(words: list[str]) -> bool:
    """``One Battle After Another``, ``Rise: My Story``, ``Apollo 13``; not ``Nobody else came``,
    not a sentence (``It Works.``)."""
    if not words[0][:1].isupper() or words[-1] in {".", "!", "?", ",", ";", ":"}:
        return False
    alpha = 0
    for word in words:
        if re.fullmatch(r"[\w’'&-]+", word) is None and word not in {":", "-", "–", "&"}:
            return False
        if word[:1].isalpha():
            alpha += 1
            if not word[:1].isupper() and word.lower() not in _TITLE_SMALL:
                return False
    return alpha > 0


def _hyphen_between(left: Span, right: Span) -> bool:
    """``Nina Ortlieb`` ``-`` ``Gruber``: one hyphen between, no space around it."""
    doc = left.doc
    return right.start == left.end + 1 and doc[left.end].text == "-" and not doc[left.end - 1].whitespace_ \
        and not doc[left.end].whitespace_
