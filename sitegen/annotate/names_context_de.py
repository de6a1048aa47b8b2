"""German names found by the words around them (spaCy components, German rule pipeline only;
``pipeline.rule_pipeline`` places them):

- ``sitegen_genitive_names`` (after ``sitegen_unknown_names``): surnames; a person's name in the genitive
  with its ``-s`` (``Merkels Vertraute``, ``zu Becks Absichten``, ``Melanies Eltern``) is a
  person when the word without the ``-s`` is a word of the name clusters that hold people, or a
  given name and a noun follows (not after an article, not alone in brackets: ``(Neos)``); and
  a word of those clusters that the unknown-word rule passes over because it also reads as a
  German compound (``Steinmeier``, ``Pinkwart``) or an English word (``Lynch``) is a person,
  with a given name before it (``Franz Beckenbauer``), unless a given name follows (a title:
  ``sein Coach Gennadij …``); the unknown-word rule cannot tell, because a word ending in ``-s`` falls into
  the clusters of common plurals;
- ``sitegen_coordination`` (before ``sitegen_propagate``): names joined by ``und``, ``oder``,
  ``sowie`` or commas (``zwischen Düren und Eregli``, ``die Orte Kallbach, Sommerfeld und
  Brenk``) are of one type: a single unknown word that the unknown-word rule typed as a person
  only by default takes the type the known names of the list share (a place, an organisation),
  unless it is a given name; a known name that is also a person's (``Tabor``) decides nothing;
- ``sitegen_company_cues`` (after ``sitegen_coordination``): such a word after a company noun
  (``der Konkurrent Merck``, ``Mobilfunkbetreiber X``) is an organisation, and so is a name
  ending in a company word (``Sun Microsystems``, ``Nordwind Airlines``, ``X Holding``) with the
  capitalised words before it, whatever other rules made of them, and an institution noun with
  the place after it (``Arbeitsgericht Frankfurt``, ``Realschule Tuttlingen``);
- ``sitegen_place_forms`` (after ``sitegen_company_cues``): ``Bad`` and a name is a spa town
  (``Bad Schussenried``), and a place name broken at its hyphen (``Mecklenburg- Vorpommern``)
  one place; and a name after a place noun (``die Stadt X``, ``Kanton X``, a compound or
  plural of one: ``Kirchengemeinden X``, ``Partnerstadt X``), after a place adjective
  (``im aargauischen X``) or after ``in``,
  ``aus``, ``nach`` when its word cluster holds places (``PlaceCues``); last, a long word
  German does not know after an article (``des Dopinglabors``) that is still a person only by
  default is dropped: German puts no article before a surname.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import gazetteer
from .canonical import inflected_head, nominative_adjective
from .entity_rules import abbreviation_of_org, defined_abbreviations
from .token_texts import capitalised, token_texts

_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einem", "einen", "einer", "eines"}
_JOINERS = {",", "und", "oder", "sowie", "bzw.", "/"}


@Language.factory("sitegen_genitive_names", default_config={"lang": "de"})
def make_genitive_names(nlp: Language, name: str, lang: str):
    return GenitiveNames(lang)


class GenitiveNames:
    """``Merkels``, ``Becks``: see the module's docstring."""

    def __init__(self, lang: str):
        from .entity_rules import UnknownNames

        self.words = UnknownNames(lang)  # the cluster tables and the lexicon
        self.given = gazetteer.given_names(lang)

    def person(self, texts: list[str], i: int) -> bool:
        """``texts``: the document's ``token_texts`` (no ``Token`` is made for each capitalised word)."""
        text = texts[i]
        if not (len(text) > 3 and text.endswith("s") and text[:1].isupper() and text.isalpha()
                and not text.isupper()):
            return False
        stem = text[:-1]
        words = self.words
        if words.lexicon.is_common(text) or words.lexicon.is_common(stem) or words.kind(text) not in (None, ""):
            return False  # a plural or a word with a cluster of its own ("Peters" is a surname)
        if words.english is not None and words.english.is_common(text):
            return False  # an English plural in German text: "Fans", "Songs"
        if i and texts[i - 1].lower() in _ARTICLES:
            return False  # a name in the genitive takes no article: "mit dem Remis"
        if i and texts[i - 1] == "(":
            return False  # nor stands alone in brackets, as a party does: "Wiederkehr (Neos)"
        if words.kind(stem) == "PERSON":
            return True
        # a given name's genitive stands before its noun ("Sabines Großvater"); elsewhere a
        # given name with an -s is as often a name of its own ("(Neos)", a party)
        after = texts[i + 1] if i + 1 < len(texts) else ""
        return stem in self.given and after[:1].isupper() and after.isalpha()

    def surname(self, texts: list[str], i: int) -> bool:
        """A word of the name clusters that hold people which the unknown-word rule passes over
        because it also reads as a German compound (``Steinmeier``, ``Pinkwart``) or an English
        word (``Lynch``, ``Peters``): a person when it is no German common word."""
        text = texts[i]
        words = self.words
        if not (len(text) > 3 and text[:1].isupper() and text.isalpha() and not text.isupper()):
            return False
        if words.kind(text) != "PERSON" or words.type_of(text) != "PERSON" or words.lexicon.is_common(text):
            return False
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if after in self.given:
            return False  # a title before a name: "Wetzlars Coach Gennadij Chalepo"
        return words.lexicon.is_compound_noun(text) or (words.english is not None and words.english.is_common(text))

    def __call__(self, doc: Doc) -> Doc:
        from .entity_rules import _taken, add_ents

        taken = _taken(doc)
        texts = token_texts(doc)
        spans = []
        for i in capitalised(doc):
            if taken[i] or not (self.person(texts, i) or self.surname(texts, i)):
                continue
            start = i
            if start and not taken[start - 1] and texts[start - 1] in self.given:
                start -= 1  # with the given name before it: "durch Franz Beckenbauer"
            spans.append(Span(doc, start, i + 1, label="PERSON"))
        add_ents(doc, spans)
        return doc


@Language.factory("sitegen_coordination", default_config={"lang": "de"})
def make_coordination(nlp: Language, name: str, lang: str):
    return Coordination(lang)


class Coordination:
    """One type for the names of a list: see the module's docstring."""

    def __init__(self, lang: str):
        from .entity_rules import UnknownNames

        self.given = gazetteer.given_names(lang)
        self.words = UnknownNames(lang)  # the cluster tables

    def defaulted(self, ent: Span) -> bool:
        """A person only by the unknown-word rule's default: one word, no key, no given name."""
        return (ent.label_ in ("PERSON", "PER") and len(ent) == 1 and not ent.ent_id_
                and ent.text not in self.given)

    def lists(self, doc: Doc) -> list[list[Span]]:
        """Runs of entities with only joiners between them."""
        runs: list[list[Span]] = []
        current: list[Span] = []
        texts = token_texts(doc)
        for ent in doc.ents:
            if current and _joined(texts, current[-1].end, ent.start):
                current.append(ent)
                continue
            if len(current) > 1:
                runs.append(current)
            current = [ent]
        if len(current) > 1:
            runs.append(current)
        return runs

    def __call__(self, doc: Doc) -> Doc:
        changed: dict[int, str] = {}
        for run in self.lists(doc):
            known = {e.label_ for e in run if not self.defaulted(e)}
            if any(not self.defaulted(e) and len(e) == 1 and self.words.kind(e.text) == "PERSON" for e in run):
                continue  # a known name that is also a surname (Tabor, a region) decides nothing
            if len(known) != 1 or known & {"PERSON", "PER", "MISC"}:
                continue
            label = known.pop()
            for ent in run:
                if self.defaulted(ent):
                    changed[ent.start] = label
        if changed:
            doc.ents = [Span(doc, e.start, e.end, label=changed[e.start]) if e.start in changed else e
                        for e in doc.ents]
        return doc


def _joined(texts: list[str], end: int, start: int) -> bool:
    """Only one or two joiners (``,``, ``und``, ``, und``) between two entities (``texts``: the
    document's ``token_texts``)."""
    between = texts[end:start]
    return 1 <= len(between) <= 2 and all(w in _JOINERS for w in between)


# the head nouns (and compounds ending in them) of institutions named by capitalised adjectives,
# with their gender: "Deutscher Wetterdienst", "dem Deutschen Bühnenverein", "das Statistische Bundesamt"
_INSTITUTION_HEADS = {"verein": "m", "verband": "m", "dienst": "m", "bund": "m", "gerichtshof": "m", "rat": "m",
                      "institut": "n", "amt": "n", "ministerium": "n", "gericht": "n",
                      "kammer": "f", "stiftung": "f", "gesellschaft": "f", "gewerkschaft": "f", "akademie": "f",
                      "bank": "f", "kommission": "f", "agentur": "f", "anstalt": "f", "behörde": "f", "partei": "f"}
_ADJECTIVE_ENDINGS = ("er", "e", "en", "es")
_ADJECTIVE_SUFFIXES = ("isch", "sch", "lich", "ig", "al", "ell", "iv", "är", "ös", "bar", "sam", "haft")


_INSTITUTION_FORMS = tuple(head + ending for head, gender in _INSTITUTION_HEADS.items()
                           for ending in (("", "s", "es") if gender != "f" else ("",)))


def _institution_head(word: str) -> tuple[str, str] | None:
    """The head noun's gender and the word without a genitive ending (``Bundesamtes`` -> n,
    ``Bundesamt``), or None when ``word`` ends in no institution noun."""
    if not word.lower().endswith(_INSTITUTION_FORMS):
        return None
    return inflected_head(word, _INSTITUTION_HEADS)


# the nouns (and compounds ending in them) that name a company before its name: "der Konkurrent
# Merck", "der Chemiekonzern Xalto", "Mobilfunkbetreiber Fonix"
_COMPANY_HEADS = ("konzern", "konzerns", "konkurrent", "konkurrenten", "hersteller", "herstellers",
                  "anbieter", "anbieters", "betreiber", "betreibers", "versicherer", "unternehmen",
                  "unternehmens", "firma", "rivale", "rivalen", "zulieferer", "händler", "kette",
                  "institut", "instituts", "verband", "verbands", "verbandes", "verein", "vereins",
                  "gewerkschaft", "stiftung", "bündnis", "bündnisses")


# the endings of a word that is a company, institute or institution noun, or a compound ending in one
_HEAD_FORMS = tuple({*_COMPANY_HEADS, *_INSTITUTION_FORMS})


# the last word of a company's name: "Sun Microsystems", "Nordwind Airlines", "Anna Group"
_COMPANY_LAST_WORDS = frozenset({"AG", "GmbH", "SE", "KG", "KGaA", "Inc.", "Inc", "Ltd.", "Ltd", "Corp.", "Corp",
                                 "Plc", "Group", "Gruppe", "Holding", "Holdings", "Bank", "Motors", "Airlines",
                                 "Airways", "Systems", "Technologies", "Industries", "Services", "Pharma"})
_COMPANY_LAST_ENDS = ("systems", "airlines", "airways", "technologies", "industries", "services")


def company_last_word(text: str) -> bool:
    """``Airlines``, ``GmbH``, and English compounds ending in a company word (``Microsystems``)."""
    return text in _COMPANY_LAST_WORDS or (text[:1].isupper() and len(text) > 8
                                           and text.endswith(_COMPANY_LAST_ENDS))


@Language.factory("sitegen_company_cues", default_config={"lang": "de"})
def make_company_cues(nlp: Language, name: str, lang: str):
    return CompanyCues(lang)


class CompanyCues:
    """A single unknown word typed as a person only by default is an organisation after a noun
    that names a company or an institute, or a compound ending in one (``Konkurrent``,
    ``Chemiekonzern``, ``Mobilfunkbetreiber``, ``Meinungsforschungsinstitut``): German puts the
    company noun straight before the name. So is a capitalised word there that no rule took
    because its word cluster or its parts read as a common noun (``des Instituts Forsa``, ``das
    Institut Allensbach``), when the lemma table does not know it as a word and it has no noun
    suffix (``das Unternehmen Wachstum``). A word in parentheses after an organisation is its
    short name (``Bundesamt für Umwelt (Bafu)``), and the organisation wherever the text names it
    so; a word with a capital inside (``WetterOnline``) is a brand, not a person."""

    def __init__(self, lang: str):
        self.coordination = Coordination(lang)
        self.lexicon = gazetteer.lexicon(lang)
        self.places = gazetteer.places(lang)

    def __call__(self, doc: Doc) -> Doc:
        from .entity_rules import _taken, add_ents

        changed = False
        ents = []
        previous = None
        short_names = []  # `Bundesamt für Verkehr (Bav)` where no rule took `Bav`
        for ent in doc.ents:
            before = doc[ent.start - 1] if ent.start else None
            if ent.label_ == "ORG" and ent.end + 2 < len(doc) and doc[ent.end].text == "(" \
                    and doc[ent.end + 2].text == ")" and doc[ent.end + 1].ent_type == 0 \
                    and doc[ent.end + 1].text[:1].isupper() and doc[ent.end + 1].is_alpha:
                short_names.append(Span(doc, ent.end + 1, ent.end + 2, label="ORG"))
            if _person_named_like_a_company(ent):
                ents.append(Span(doc, ent.start, ent.end, label="ORG"))
                changed = True
            elif before is not None and self.coordination.defaulted(ent) and (
                    before.text[:1].isupper() and before.lower_.endswith(_COMPANY_HEADS)
                    or abbreviation_of_org(doc, previous, ent) or _camel_case(ent.text)):
                ents.append(Span(doc, ent.start, ent.end, label="ORG"))
                changed = True
            else:
                ents.append(ent)
            previous = ents[-1]
        if short_names:
            ents = sorted([*ents, *short_names], key=lambda e: e.start)
            changed = True
        named = defined_abbreviations(doc, ents)
        if named:  # `Bundesamt für Gesundheit (BAG)`: each `BAG` of the text is that office
            ents = [Span(doc, e.start, e.end, label="ORG", span_id=named[e.text]) if e.text in named else e for e in ents]
            changed = True
        if changed:
            doc.ents = ents
        companies = _unnamed_companies(doc, _taken(doc)) + _institutions_with_towns(doc)
        if companies:
            from .names_de import _replace

            _replace(doc, companies)
        spans = self.named_by_heads(doc)
        if spans:  # a head the institution rule took alone (`Landesamt`) takes its adjectives too
            inside = {e.start for sp in spans for e in doc.ents if sp.start <= e.start and e.end <= sp.end
                      and sp.label_ == "ORG" and e.label_ == "ORG"}
            if inside:
                doc.ents = [e for e in doc.ents if e.start not in inside]
        add_ents(doc, spans)
        return doc

    def named_by_heads(self, doc: Doc) -> list[Span]:
        """Unclaimed names right after a company or institute noun (``des Instituts Forsa``),
        and institutions named by capitalised adjectives before their head noun (``Deutscher
        Wetterdienst``): German writes adjectives in lower case unless they are part of a name.
        The head nouns are found in the shared token texts: a ``Token`` is made only for them."""
        spans = []
        texts = token_texts(doc)
        for i in capitalised(doc):
            if not texts[i].lower().endswith(_HEAD_FORMS):
                continue
            token = doc[i]
            head = _institution_head(token.text) if token.i and not token.is_sent_start else None
            if head is not None:
                start = token.i
                while start and token.i - start < 3 and _name_adjective(doc[start - 1], self.places):
                    start -= 1
                if start < token.i:  # the name in the nominative: Deutscher Bühnenverein
                    gender, noun = head
                    words = [nominative_adjective(t.text, gender) for t in doc[start:token.i]]
                    spans.append(Span(doc, start, token.i + 1, label="ORG", span_id=" ".join([*words, noun])))
            if token.i + 1 < len(doc) and token.lower_.endswith(_COMPANY_HEADS):
                name = doc[token.i + 1]
                text = name.text
                after = doc[token.i + 2] if token.i + 2 < len(doc) else None
                if after is not None and after.text[:1].isupper() and after.is_alpha:
                    continue  # a name of several words (`der Verein Pro Asyl`): not cut to its first
                if name.ent_type == 0 and name.is_alpha and text[:1].isupper() and not text.isupper() \
                        and not text.lower().endswith(gazetteer.NOUN_SUFFIXES_DE) \
                        and not (self.lexicon.is_common(text) or self.lexicon.is_common(text.lower())):
                    spans.append(Span(doc, name.i, name.i + 1, label="ORG"))
        return spans


def _camel_case(text: str) -> bool:
    """One word with a capital inside (``WetterOnline``, ``MeteoSchweiz``): a brand, no person."""
    return " " not in text and text[:1].isupper() and any(c.isupper() for c in text[1:]) \
        and any(c.islower() for c in text) and "-" not in text


def _name_adjective(token, places) -> bool:
    """A capitalised inflected adjective inside a sentence: one with an adjective suffix
    (``Deutschen``, ``Statistische``, ``Auswärtige``) or a place's (``Hamburger``), not a
    noun (``48 Stunden Dienst``)."""
    text = token.text
    if not (token.is_alpha and text[:1].isupper() and not text.isupper() and text.endswith(_ADJECTIVE_ENDINGS)
            and token.lower_ not in _ARTICLES and not token.is_sent_start):
        return False
    stem = text[:-2] if text.endswith(("er", "en", "es")) else text[:-1]
    return stem.lower().endswith(_ADJECTIVE_SUFFIXES) or (text.endswith("er") and text[:-2] in places)


# institutions German names by their kind and their town: "Arbeitsgericht Frankfurt",
# "Realschule Tuttlingen", "Universität Wien", "Klinikum Ingolstadt"
_INSTITUTION_ENDS = ("gericht", "gerichtshof", "schule", "gymnasium", "universität", "klinikum", "krankenhaus",
                     "stadtwerke", "sparkasse", "volksbank", "landratsamt", "finanzamt", "theater", "museum", "oper")


def _institutions_with_towns(doc: Doc) -> list[Span]:
    """An institution noun and the place right after it are one organisation: the court of
    Frankfurt is no place (``Arbeitsgericht Frankfurt am Main``)."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in ("PLACE", "LOC", "GPE") or not ent.start:
            continue
        before = doc[ent.start - 1]
        if before.text[:1].isupper() and before.is_alpha and before.lower_.endswith(_INSTITUTION_ENDS):
            spans.append(Span(doc, ent.start - 1, ent.end, label="ORG"))
    return spans


def _person_named_like_a_company(ent: Span) -> bool:
    """A person of the name rules whose last word is a company's (``Sun Microsystems``: ``Sun``
    is a given name too); not a registry name (it has an id)."""
    return ent.label_ in ("PERSON", "PER") and len(ent) > 1 and not ent.ent_id_ and (
        company_last_word(ent[-1].text) or _institution_compound(ent[-1].text))


def _institution_compound(word: str) -> bool:
    """A compound of a name and an institution's head (``Koch-Institut``, ``Adenauer-Stiftung``,
    ``Goethe-Gymnasium``): the words before it name whom it is named after, not a person here."""
    head = word.rsplit("-", 1)[-1].lower() if "-" in word else ""
    return head in _INSTITUTION_HEADS or head in _INSTITUTION_ENDS


def _unnamed_companies(doc: Doc, taken: list[bool]) -> list[Span]:
    """A company word no rule took and the capitalised words before it, whatever other rules
    made of them: ``Nordwind Airlines`` (German knows ``Nordwind``, an English word alone is no
    name), ``Kallmeyer Brandt Projektbau GmbH`` (two surnames and a noun)."""
    spans = []
    texts = token_texts(doc)
    for i in capitalised(doc):  # every company word starts with a capital
        if not i or taken[i] or not company_last_word(texts[i]):
            continue
        if i + 1 < len(doc) and _name_word(doc[i + 1]):
            continue  # not the last word of the name: "Digital Services Act", a law
        start = i
        while start > 0 and i - start < 4 and _name_word(doc[start - 1]):
            start -= 1
        if start < i:
            spans.append(Span(doc, start, i + 1, label="ORG"))
    return spans


def _name_word(token) -> bool:
    """A capitalised word that can be part of a company's name (no article, no sentence start)."""
    text = token.text
    return (text[:1].isupper() and text.replace("-", "").isalpha() and not token.is_sent_start
            and token.lower_ not in _ARTICLES and text not in ("Co", "Co."))


@Language.factory("sitegen_place_forms", default_config={"lang": "de"})
def make_place_forms(nlp: Language, name: str, lang: str):
    return PlaceForms(lang)


class PlaceForms:
    """Two written forms of German place names the gazetteer cannot match:

    - a spa town, ``Bad`` and a name (``Bad Schussenried``, ``Bad Niedernau``): the place or the
      unknown word after ``Bad`` is the town with ``Bad``;
    - a hyphenated name broken over a blank (``Mecklenburg- Vorpommern``, as hyphenation at a line
      end leaves it): one place when the joined name is a place of the gazetteer.
    """

    def __init__(self, lang: str):
        self.places = gazetteer.places(lang)
        self.coordination = Coordination(lang)
        self.cues = PlaceCues(lang)

    def __call__(self, doc: Doc) -> Doc:
        from .entity_rules import _taken, add_ents
        from .names_de import _replace

        texts = token_texts(doc)
        add_ents(doc, self.cues.spans(doc, _taken(doc), texts))
        # a person only by default after a place noun or adjective: "die Gemeinde Birkenfelden",
        # "die Kirchengemeinden Altwarf und Neuwarf", "im aargauischen Riniken"
        _replace(doc, [Span(doc, e.start, e.end, label="PLACE") for e in doc.ents
                       if e.start and (place_noun(doc[e.start - 1].text) or place_adjective(doc, e.start))
                       and self.coordination.defaulted(e)])
        # and the names listed after it: "die Dörfer Altwarf, Neuwarf und Quellingen"
        _replace(doc, [Span(doc, e.start, e.end, label="PLACE") for run in self.coordination.lists(doc)
                       if run[0].start and place_noun(doc[run[0].start - 1].text)
                       for e in run[1:] if self.coordination.defaulted(e)])

        starts = {e.start: e for e in doc.ents}
        spans = []
        for i in capitalised(doc):  # `Bad` and a broken name start with a capital
            if i + 1 >= len(texts):
                break
            text = texts[i]
            if text == "Bad" and (after := starts.get(i + 1)) is not None and (
                    after.label_ == "PLACE" or self.coordination.defaulted(after)):
                spans.append(Span(doc, i, after.end, label="PLACE"))
            elif text.endswith("-") and len(text) > 2 and text[:1].isupper() \
                    and f"{text}{texts[i + 1]}" in self.places:
                spans.append(Span(doc, i, i + 2, label="PLACE"))
        _replace(doc, spans)
        dropped = [e for e in doc.ents if self.coordination.defaulted(e) and len(e.text) >= _LONG_NOUN
                   and not e.text.endswith(_PLACE_WORD_ENDS) and _after_article(doc, e.start)]
        if dropped:
            doc.ents = [e for e in doc.ents if e not in dropped]
        return doc


# a word this long after an article is a German noun more often than a name that takes one
_LONG_NOUN = 9
# names that take an article in German: lakes, mountains, valleys, castles ("den Marbachsee")
_PLACE_WORD_ENDS = ("see", "berg", "kogel", "bach", "burg", "tal", "wald", "horn", "spitze", "kopf", "gebirge")


def _after_article(doc: Doc, i: int) -> bool:
    """Token ``i`` follows an article, perhaps with adjectives between (``die 20-jährige X``,
    ``des X``): German puts no article before a surname, so an unknown word there that the
    unknown-word rule made a person only by default is a common noun it does not know
    (``der Demoskopin``, ``des Dopinglabors``), not a name."""
    k = i - 1
    while k >= 0 and i - k <= 3 and doc[k].text[:1].islower() and doc[k].text not in _ARTICLES \
            and doc[k].text.replace("-", "").isalnum() and doc[k].text.endswith(("e", "en", "er", "es", "em")):
        k -= 1  # adjectives: "die 20-jährige", "der neuen"
    return k >= 0 and doc[k].lower_ in _ARTICLES


# nouns a place's name follows: "die Stadt Halle", "im Kanton Baselland", "Stadtteil Röthenbach"
_PLACE_NOUNS = {"Stadt", "Gemeinde", "Kanton", "Stadtteil", "Ortsteil", "Ort", "Dorf", "Landkreis",
                "Bundesland", "Region", "Provinz", "Bezirk", "Stadtbezirk", "Kreisstadt", "Marktgemeinde",
                "Städte", "Gemeinden", "Kantone", "Orte", "Dörfer", "Regionen", "Provinzen", "Bezirke"}
_PLACE_PREPOSITIONS = {"in", "nach", "aus", "bei", "von"}
# compounds ending in a place noun, and plurals, name places too: "Kirchengemeinde X",
# "Nachbarorte X und Y", "Partnerstadt X", "der Gemeinden X und Y"
_PLACE_NOUN_ENDS = ("stadt", "städte", "gemeinde", "gemeinden", "dorf", "dörfer", "ortsteil", "ortsteile",
                    "ortschaft", "ortschaften", "stadtteil", "stadtteile", "landkreis", "kanton", "orte")
# a place adjective after "im", "ins", "aus dem" before a town: "im aargauischen X", "im nahen X"
_PLACE_ADJECTIVE_ENDS = ("ischen", "nahen", "benachbarten")


def place_noun(text: str) -> bool:
    """``Stadt``, ``Kanton``, and compounds and plurals of place nouns (``Kirchengemeinden``,
    ``Partnerstadt``); not a word that only ends like one (``Sport``, ``Ostorte``)."""
    return text in _PLACE_NOUNS or (text[:1].isupper() and len(text) > 6 and text.lower().endswith(_PLACE_NOUN_ENDS))


def place_adjective(doc: Doc, i: int) -> bool:
    """Token ``i`` follows a place adjective that follows ``im``/``ins``/``dem``/``vom``:
    ``im aargauischen Riniken`` (``im politischen Alltag`` is no name: the rule only retypes)."""
    if i < 2:
        return False
    adjective = doc[i - 1].text
    return adjective.islower() and adjective.endswith(_PLACE_ADJECTIVE_ENDS) and doc[i - 2].lower_ in ("im", "ins", "dem", "vom")


class PlaceCues:
    """A capitalised word after a place noun (``die Stadt Halle``, ``Kanton Baselland``) is a place
    when it is a place of the gazetteer or no common word; after ``in``, ``nach``, ``aus``
    when it is no common word and its word cluster holds places (``in Pfaffenhofen``)."""

    def __init__(self, lang: str):
        from .entity_rules import UnknownNames

        self.places = gazetteer.places(lang)
        self.words = UnknownNames(lang)

    def place(self, texts: list[str], i: int) -> bool:
        """``texts``: the document's ``token_texts``."""
        if not i:
            return False
        before = texts[i - 1]  # looked at first: few words follow a place noun or preposition
        if before not in _PLACE_NOUNS and before not in _PLACE_PREPOSITIONS:
            return False
        text = texts[i]
        if not (text[:1].isupper() and text.isalpha() and not text.isupper() and len(text) > 2):
            return False
        common = self.words.lexicon.is_common(text)
        if before in _PLACE_NOUNS:
            return text in self.places or not common
        return before in _PLACE_PREPOSITIONS and not common and self.words.kind(text) == "PLACE"

    def spans(self, doc: Doc, taken: list[bool], texts: list[str]) -> list[Span]:
        """``texts``: the text of each token of ``doc``."""
        return [Span(doc, i, i + 1, label="PLACE") for i in capitalised(doc)
                if not taken[i] and self.place(texts, i)]
