"""``sitegen_review``: right after a trained ``ner``, the gazetteers correct the model's spans
(moved out of ``entity_rules``, whose components make entities without a model)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import gazetteer
from .entity_rules import STRONG_CITY_POPULATION, _sentence_start


@Language.factory("sitegen_review", default_config={"lang": "en", "model": True})
def make_review(nlp: Language, name: str, lang: str, model: bool):
    return Review(lang, model)


class Review:
    """Right after a trained ``ner``: the gazetteers correct what a recogniser trained on 1990s
    news gets wrong in today's, on the model's own spans only (the registry's and curated
    organisations' spans, which carry an id, are left alone):

    - a one-word span that starts a sentence and is a common word (not a nationality) is no entity
      (``Nobody``, ``Turnout``), nor is an English one-word person that is a common word;
      a leading determiner is cut off (``The Zimbabwean``);
    - common words before a given name are a title, not part of the name: ``Chief Executive
      Jensen Huang`` -> the person ``Jensen Huang``, and so are titles (``people.yml``) and
      ``Former``, ``Acting`` and the like before a person the model found (``Former Mayor Bill
      de Blasio``);
    - a span that with the word before it is a known place is that place (``San`` +
      ``Francisco``); a one-word person that is a nationality is MISC (``Zimbabwean``);
    - a word of a longer person name in the document is that person (``Goggia`` after ``Sofia
      Goggia``), and so is a span starting with a given name whose other words are no common
      words (``William Shakespeare``, not a place);
    - a country, region or city of at least ``STRONG_CITY_POPULATION`` is a place, not a person;
    - a person or misc name ending in an organisation's head word (``Wedbush Securities``, ``Focus
      Features``), or any name right after ``newspaper``, ``agency`` and the like is an organisation; a one-word
      person right after ``in``, ``at``, ``near`` is a place (``at Kaub``); the type a rule
      gives a name holds for its other mentions in the document;
    - a person extends over name particles (``Anna von der Heide``), an organisation over
      ``of`` and the capitalised words after it (``German Chambers of Commerce``); in German
      text an organisation or misc name over the English words around it (``Army Tactical
      Missile Systems``).
    """

    def __init__(self, lang: str, model: bool = True):
        """``model`` False (the rule pipeline): only extend names over particles, ``of``,
        ``Landkreis X`` and ``X am Inn``."""
        self.lang = lang
        self.model = model
        self.lexicon = gazetteer.lexicon(lang)
        self.given = gazetteer.given_names(lang)
        cues = gazetteer.curated("people.yml")[lang]
        context = gazetteer.curated("people.yml")["context"][lang]
        self.titles = {t for title in cues["titles"] for t in title.split()}
        self.particles = set(cues["particles"])
        self.org_after = set(context["org_after"]) | set(context.get("org_words", ()))
        self.org_before = {w.lower() for w in context.get("org_before", ())}
        self.place_before = {"in", "at", "near"} if lang == "en" else {"in", "bei", "nahe"}
        self.places = {
            name
            for name, place in gazetteer.places(lang).items()
            if place.kind != "city" or place.population >= STRONG_CITY_POPULATION
        }
        self.misc = gazetteer.misc_names(lang)  # nationalities, languages: "Russian"
        self.english = gazetteer.lexicon("en") if lang == "de" else None

    def foreign(self, token) -> bool:
        """A capitalised English word in German text that German does not know (``Systems``)."""
        text = token.text
        return (text[:1].isupper() and token.is_alpha and not token.is_upper and not _sentence_start(token)
                and self.english.is_common(text.lower()) and not self.lexicon.is_common(text)
                and not self.lexicon.is_common(text.lower()))

    def common(self, text: str) -> bool:
        lower = text.lower()
        return self.lexicon.is_common(text) or self.lexicon.is_common(lower) or lower in {"the", "a", "an"}

    def is_given(self, text: str) -> bool:
        return text[:1].isupper() and not text.isupper() and all(p in self.given for p in text.split("-"))

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        if not self.model:
            ents = doc.ents
            extended = [self.extend(doc, span) for span in ents]
            if any(new is not old for new, old in zip(extended, ents, strict=True)):  # else nothing to set
                doc.ents = filter_spans(extended)
            return doc
        kept: list[Span] = []
        decided: dict[str, str] = {}  # text -> the type a rule gave it, for its other mentions
        for ent in doc.ents:
            if ent.ent_id_:
                kept.append(ent)
                continue
            span = self.review(doc, ent, decided)
            if span is not None:
                kept.append(span)
        kept = [Span(doc, s.start, s.end, label=decided[s.text])
                if not s.ent_id_ and decided.get(s.text, s.label_) != s.label_ else s for s in kept]
        people = {w for s in kept if s.label_ in ("PERSON", "PER") and len(s) > 1 for w in s.text.split()}
        result = []
        for span in kept:
            bare = re.sub(r"(?:'s|’s|'|’)$", "", span.text)
            if not span.ent_id_ and span.label_ not in ("PERSON", "PER") and bare in people:
                span = Span(doc, span.start, span.end, label="PERSON")
            result.append(span)
        doc.ents = filter_spans(self.extend(doc, span) for span in result)
        return doc

    def extend(self, doc: Doc, span: Span) -> Span:
        """A person over name particles and the name after them (``Anna von der Heide``, cut
        by the model at ``von``); an organisation over ``of``/``for`` and the capitalised words
        after it (``German Chambers of Commerce``). ``filter_spans`` then drops what it covers."""
        start = span.start
        if self.english is not None and span.label_ in ("ORG", "MISC") and not span.ent_id_:
            # English words around a German organisation or product: "Army Tactical Missile Systems"
            end = span.end
            while start > 0 and self.foreign(doc[start - 1]):
                start -= 1
            while end < len(doc) and self.foreign(doc[end]):
                end += 1
            return Span(doc, start, end, label=span.label_) if (start, end) != (span.start, span.end) else span
        if span.label_ in ("PLACE", "LOC", "GPE"):
            # "Landkreis Cuxhaven", "Neuötting am Inn"
            if start and doc[start - 1].text in _PLACE_HEADS:
                span = Span(doc, start - 1, span.end, label=span.label_)
            end = span.end
            if end + 1 < len(doc) and doc[end].text in ("am", "an", "im", "upon", "on") \
                    and doc[end + 1].text[:1].isupper() and doc[end + 1].is_alpha \
                    and doc[end + 1].text in _RIVERS_AND_HILLS:
                return Span(doc, span.start, end + 2, label=span.label_)
            return span
        if span.ent_id_:
            return span
        end = span.end
        label = span.label_
        if label not in ("PERSON", "PER") and len(span) == 1 and self.is_given(span.text) \
                and end < len(doc) and doc[end].text in self.particles:
            label = "PERSON"  # `Ursula` (typed MISC at a sentence's start) + `von der Leyen`
        if label in ("PERSON", "PER"):
            while end < len(doc) and doc[end].text in self.particles:
                end += 1
        elif span.label_ == "ORG" and end < len(doc) and doc[end].lower_ in ("of", "for"):
            end += 1
        else:
            return span
        if end == span.end or end >= len(doc) or not doc[end].text[:1].isupper() or _sentence_start(doc[end]):
            return span
        while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and not doc[end].is_sent_start:
            end += 1
        return Span(doc, span.start, end, label=label)

    def review(self, doc: Doc, ent: Span, decided: dict[str, str]) -> Span | None:
        start, end = ent.start, ent.end
        # a determiner or quotation mark at either end is not part of the name: "The Zimbabwean"
        while start < end and (doc[start].is_punct or doc[start].lower_ in _DETERMINERS):
            start += 1
        while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ".)":
            end -= 1
        if start == end:
            return None
        if (start, end) != (ent.start, ent.end):
            ent = Span(doc, start, end, label=ent.label_)
        first = ent[0]
        if len(ent) == 1 and not first.text.isupper() and first.text not in self.places \
                and first.text not in self.misc and not self.is_given(first.text) and self.common(first.text) \
                and (_sentence_start(first) or (ent.label_ in ("PERSON", "PER") and self.lang == "en")):
            return None  # "Nobody", "Turnout"; a person "Tonight" or "Christmas"
        # leading title words before a given name
        while start < ent.end - 1 and (doc[start].text in self.titles or self.common(doc[start].text)) \
                and not self.is_given(doc[start].text):
            start += 1
        if start > ent.start and self.is_given(doc[start].text):
            return Span(doc, start, ent.end, label="PERSON")
        if ent.label_ in ("PERSON", "PER") and len(ent) > 2:
            # a person the model found with its title: "Former Mayor Bill de Blasio"
            start = ent.start
            while start < ent.end - 2 and not self.is_given(doc[start].text) and (
                    doc[start].text in self.titles or doc[start].lower_ in _TITLE_ADJECTIVES):
                start += 1
            if start > ent.start:
                return Span(doc, start, ent.end, label="PERSON")
        if ent.start and f"{doc[ent.start - 1].text} {ent.text}" in self.places:
            decided[ent.text] = "PLACE"
            return Span(doc, ent.start - 1, ent.end, label="PLACE")  # "San" + "Francisco"
        label = ent.label_
        if len(ent) == 1 and label in ("PERSON", "PER") and ent.text in self.misc:
            return Span(doc, ent.start, ent.end, label="MISC")  # "Zimbabwean"
        bare = re.sub(r"(?:'s|’s|'|’)$", "", ent.text)
        prev = doc[ent.start - 1].text.lower() if ent.start else ""
        if bare in self.places and label in ("PERSON", "PER", "MISC"):
            label = "PLACE"  # not from ORG: a team or firm named after its town is the model's call
        elif prev in self.org_before or (ent[-1].text in self.org_after and label in ("PERSON", "PER", "MISC")):
            label = "ORG"
        elif len(ent) > 1 and self.is_given(first.text) and not any(self.common(t.text) for t in ent[1:]) \
                and all(t.text[:1].isupper() for t in ent):
            label = "PERSON"
        elif label in ("PERSON", "PER") and len(ent) == 1 and prev in self.place_before:
            label = "PLACE"  # "at Kaub", "in Almada"
        else:
            return ent
        decided[ent.text] = label
        return ent if label == ent.label_ else Span(doc, ent.start, ent.end, label=label)


_PLACE_HEADS = {"Landkreis", "Kreis", "Bezirk", "Stadtkreis", "Regierungsbezirk", "Kanton", "County"}
# the second part of "Neuötting am Inn", "Frankfurt am Main", "Stratford-upon-Avon"-like names
_RIVERS_AND_HILLS = {"Main", "Inn", "Rhein", "Neckar", "Lech", "Ammersee", "Chiemsee", "Bodensee",
                     "Kocher", "Harz", "Regen", "Isar", "Donau", "Lahn", "Mosel", "Saar", "Ruhr",
                     "Oder", "Elbe", "Weser", "Havel", "Spree", "Avon", "Thames", "Tyne", "Hudson"}
_TITLE_ADJECTIVES = {"former", "late", "acting", "deputy", "interim", "outgoing", "incoming", "then", "vice",
                     "ehemalige", "ehemaliger", "frühere", "früherer", "stellvertretende", "stellvertretender"}
_DETERMINERS = {"the", "a", "an", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen"}
