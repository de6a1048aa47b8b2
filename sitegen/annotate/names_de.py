"""German name rules the gazetteers cannot list (spaCy components, German pipelines only;
``pipeline.rule_pipeline`` places them):

- ``sitegen_media`` (after the ``entity_ruler``): news media of the curated list by name, and
  papers named by adjectives and a head noun (``Neue Osnabrücker Zeitung``);
- ``sitegen_particle_names`` (right after ``sitegen_people``): a given name, name particles and a
  surname are one person wherever they stand (``Schäfer Jan-Hendrik von Hollen aus Wanna``,
  ``hat Marc-André ter Stegen nominiert``, ``Anna von der Heide und …``), before the place
  gazetteer can take the surname for a place (``Hollen``, a village); a club abbreviation and
  the capitalised words after it are an organisation (``TSG Hoffenheim``, ``1. FC Köln``, ``FC
  Barcelona``, ``Ajax Amsterdam``), and so is an acronym before a town (``THW Kiel``), not the
  town, and a town with a club number or an English club word after it (``Mainz 05``, ``Leeds
  United``);
- ``sitegen_places_de`` (after ``sitegen_places``): regions with a compass prefix, place-district
  words, streets, squares and stations, and the parties written as adjectives;
- ``sitegen_name_forms`` (before ``sitegen_propagate``): words before a name that are not the
  name (``In Leoben``, ``CSU-Fraktionsvorsitzender Christian …``); a person name does not run on
  over a particle into a common noun, an acronym or a club (``sagte Schneuwly der
  Nachrichtenagentur``, ``Oliver Baumann von der TSG Hoffenheim``: the person ends before the
  particle); and the short forms German uses for a name with particles are that person, with
  the full name as the span's id so that all mentions get one key: ``von Hollen`` and ``Van der
  Bellen`` (the particle and surname, capitalised at a sentence start), ``Henckel von
  Donnersmarck`` (the words from the one before the particle) after ``Florian Henckel von
  Donnersmarck``.

A name these components find replaces the entities inside it and other rules' spans it overlaps.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import gazetteer
from .token_texts import token_texts

# Club abbreviations before a town or name: "TSG Hoffenheim", "VfB Stuttgart", "1. FC Köln".
CLUB_WORDS = frozenset({
    "FC", "SC", "SV", "TSG", "TSV", "TuS", "VfB", "VfL", "VfR", "SpVgg", "SG", "SSV", "BSC", "FSV",
    "KSC", "MSV", "RB", "SSC", "AC", "AS", "CF", "CD", "SK", "FK", "NK", "BV", "TV", "ESV", "DSC",
    "SGE", "HSV", "TSC", "ASV", "ETV", "Borussia", "Eintracht", "Fortuna", "Alemannia", "Hertha",
    "Werder", "Arminia", "Hannover", "Union", "Dynamo", "Rot-Weiss", "Rot-Weiß", "Blau-Weiß",
    "Kickers", "Stuttgarter", "Bayer", "Real", "Atlético", "Sporting", "Olympique", "Inter", "Celtic",
    # foreign clubs German names by club and town: "Juventus Turin", "Dynamo Kiew", "Ajax Amsterdam"
    "Juventus", "Panathinaikos", "Olympiakos", "Galatasaray", "Fenerbahce", "Fenerbahçe", "Besiktas",
    "Beşiktaş", "Ajax", "Benfica", "Lokomotive", "Lokomotiv", "Spartak", "ZSKA", "Dinamo", "Schachtar",
    "Zenit", "Partizan", "Slavia", "Sparta", "Rapid", "Austria", "Standard", "Steaua", "Legia", "Hapoel",
    "Maccabi", "Preußen", "Viktoria", "Wacker", "Admira", "Sturm",
})
# club words that are also common words or names: an organisation only before a place
_WEAK_CLUB_WORDS = frozenset({"Bayer", "Union", "Real", "Inter", "Hannover", "Stuttgarter", "Fortuna", "Sporting",
                              "Ajax", "Sparta", "Rapid", "Austria", "Standard", "Preußen", "Viktoria", "Wacker",
                              "Admira", "Sturm", "Dinamo", "Zenit", "Slavia"})
# after a town, the words that make it a club: "Leeds United", "Mainz 05", "Schalke 04"
_CLUB_AFTER_TOWN = frozenset({"United", "Wanderers", "Rovers", "Athletic", "Albion", "Hotspur"})
_CLUB_NUMBER = re.compile(r"^0\d$")
# a compound noun this long is no surname ("Nachrichtenagentur"); shorter words ending like one may
# be ("Lacour")
LONG_COMPOUND = 13
# particles that are also articles: "sagte Schneuwly der Nachrichtenagentur"
_ARTICLES = {("der",), ("die",), ("des",), ("den",), ("dem",), ("de",), ("la",), ("el",), ("al",), ("di",), ("da",)}
_ORDINAL = re.compile(r"^\d{1,2}\.$")


def _person(label: str) -> bool:
    return label in ("PERSON", "PER")


class _Names:
    """What both components need to know about words."""

    def __init__(self, lang: str):
        cues = gazetteer.curated("people.yml")[lang]
        self.particles = set(cues["particles"])
        self.given = gazetteer.given_names(lang)
        self.lexicon = gazetteer.lexicon(lang)
        self.places = gazetteer.places(lang)
        from spacy.util import get_lang_class

        self.stop_words = set(get_lang_class(lang).Defaults.stop_words) | {"oh", "ach"}
        # role compounds end in a title: "Ölminister", "Vereinspräsident", "Bahnchef"
        self.title_ends = tuple(sorted({t.lower() for t in cues["titles"] if len(t) >= 4 and " " not in t}))

    def is_given(self, text: str) -> bool:
        """``Anna``, ``Jan-Hendrik``, ``Marc-André``."""
        if "-" not in text:  # most words: one look-up, no list of parts
            return text in self.given and text[:1].isupper() and not text.isupper()
        return all(p[:1].isupper() and not p.isupper() and p in self.given for p in text.split("-"))

    def is_surname(self, token, particles: tuple[str, ...]) -> bool:
        """A capitalised word that can end a name after ``particles``: not an acronym, a club
        word or a compound noun (``von der TSG``, ``der Nachrichtenagentur``); after a bare
        article-like particle (``der``) not a common noun either, while ``von der Heide``,
        ``van der Bellen`` are names."""
        text = token.text
        if not (text[:1].isupper() and text.replace("-", "").isalpha() and not text.isupper()
                and text not in CLUB_WORDS
                and not (len(text) >= LONG_COMPOUND and self.lexicon.is_compound_noun(text))):
            return False
        if particles == ("zu", ""):
            return False
        return particles not in _ARTICLES or not self.lexicon.is_common(text)

    def particle_run(self, doc: Doc, i: int) -> int:
        """End of the run of (lower-case) particles starting at ``i`` (``i`` when none)."""
        k = i
        while k < len(doc) and k - i < 3 and doc[k].text in self.particles:
            k += 1
        return k


def _replace(doc: Doc, spans: list[Span]) -> None:
    """Put ``spans`` into ``doc.ents`` in place of the entities inside them (``Hollen``, a
    village, inside ``Jan-Hendrik von Hollen``; ``Barcelona`` inside ``FC Barcelona``) and the
    rule spans (no id) they overlap; a span that only overlaps an entity with an id (the
    registry's, a gazetteer's) is not put."""
    if not spans:
        return
    new = []
    ents = doc.ents  # read once: each read makes a Span per entity
    for span in filter_spans(spans):
        if all(not e.ent_id_ or (span.start <= e.start and e.end <= span.end)
               for e in ents if e.start < span.end and span.start < e.end):
            new.append(span)
    if not new:
        return
    covered = {i for s in new for i in range(s.start, s.end)}
    kept = [e for e in ents if covered.isdisjoint(range(e.start, e.end))]
    doc.ents = sorted([*kept, *new], key=lambda s: s.start)


def _club(doc: Doc, texts: list[str], i: int, names: _Names) -> int:
    """End of the club name starting at ``i`` (``i`` when none): an optional ordinal, a club
    word, then one to three capitalised words or a number (``Schalke 04``). ``texts``: the
    document's ``token_texts`` (these helpers run at each capitalised token: passed in, the list
    is looked up once per document, and no ``Token`` is made for a word that is no club)."""
    n = len(texts)
    start = i + 1 if _ORDINAL.match(texts[i]) and i + 1 < n else i
    word = texts[start]
    if word not in CLUB_WORDS or start + 1 >= n:
        return i
    end = start + 1
    while end < n and end - start <= 3 and (
            (texts[end][:1].isupper() and texts[end].replace("-", "").replace(".", "").isalpha()
             and not doc[end].is_sent_start
             and (not names.lexicon.is_common(texts[end]) or texts[end] in names.places))
            or (end > start + 1 and texts[end].isdigit() and len(texts[end]) == 2)):
        end += 1
    if end == start + 1:
        return i
    if word in _WEAK_CLUB_WORDS and texts[start + 1] not in names.places:
        return i
    return end


def _acronym_and_town(doc: Doc, texts: list[str], i: int, names: _Names) -> int:
    """End of ``THW Kiel``, ``SPD Hessen``: an acronym that is no place and a town or region
    after it (``i`` when not)."""
    text = texts[i]
    if not (2 <= len(text) <= 4 and text.isupper() and text.isalpha()) or text in names.places \
            or i + 1 >= len(texts):
        return i
    town = names.places.get(texts[i + 1])
    if town is None or town.kind == "country" or doc[i + 1].is_sent_start:
        return i
    return i + 2


def _town_and_club_word(texts: list[str], i: int, names: _Names) -> int:
    """End of ``Mainz 05``, ``Leeds United``: a town and the number with a leading zero or the
    English word that make it a football club (``i`` when not)."""
    if i + 1 >= len(texts) or texts[i] not in names.places:
        return i
    after = texts[i + 1]
    return i + 2 if after in _CLUB_AFTER_TOWN or _CLUB_NUMBER.match(after) else i


@Language.factory("sitegen_particle_names", default_config={"lang": "de"})
def make_particle_names(nlp: Language, name: str, lang: str):
    return ParticleNames(lang)


class ParticleNames:
    """Given name + particles + surname, and clubs (see the module's docstring)."""

    def __init__(self, lang: str):
        self.names = _Names(lang)
        # the words a club (but `1. FC`), a town and a given name (but `Karl-Heinz`) start with
        self.start_words = CLUB_WORDS | frozenset(self.names.places) | self.names.given

    def __call__(self, doc: Doc) -> Doc:
        names = self.names
        spans: list[Span] = []
        n = len(doc)
        texts = token_texts(doc)
        starts = self.start_words.intersection(texts)  # one set operation per document
        i = 0
        while i < n:
            text = texts[i]
            first = text[:1]
            if not (first.isupper() or first.isdigit()):
                i += 1  # a club, an acronym and a given name start with a capital (or `1. FC`)
                continue
            if text not in starts and not first.isdigit() and "-" not in text \
                    and not (2 <= len(text) <= 4 and text.isupper()):
                i += 1  # most capitalised words start none: no call of the helpers below
                continue
            end = max(_club(doc, texts, i, names), _acronym_and_town(doc, texts, i, names),
                      _town_and_club_word(texts, i, names))
            if end > i:
                spans.append(Span(doc, i, end, label="ORG"))
                i = end
                continue
            if names.is_given(texts[i]) and i + 2 < n:
                k = names.particle_run(doc, i + 1)
                run = tuple(t.text for t in doc[i + 1:k])
                if k > i + 1 and k < n and names.is_surname(doc[k], run) and not doc[k].is_sent_start:
                    end = k + 1
                    spans.append(Span(doc, i, end, label="PERSON"))
                    i = end
                    continue
            i += 1
        _replace(doc, [s for s in spans if not _inside_person(doc, s)])
        return doc


def _inside_person(doc: Doc, span: Span) -> bool:
    """A name another rule already found as a longer person (kept as it is)."""
    return any(_person(e.label_) and e.start <= span.start and e.end >= span.end and len(e) > len(span)
               for e in doc.ents)


@Language.factory("sitegen_name_forms", default_config={"lang": "de"})
def make_name_forms(nlp: Language, name: str, lang: str):
    return NameForms(lang)


class NameForms:
    """Person names cut before a particle that leads into no name; short forms of names with
    particles (see the module's docstring)."""

    def __init__(self, lang: str):
        self.names = _Names(lang)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        self._trim(doc)
        self._cut(doc)
        self._short_forms(doc)
        return doc

    def _trim(self, doc: Doc) -> None:
        """Words before a person's name that are not the name: a sentence-initial function word
        (``In Leoben``: a place after ``In``; ``In der Neuzeit``: nothing) and, before a given
        name, common nouns, hyphenated compounds and compounds ending in a title
        (``CSU-Fraktionsvorsitzender Christian Schlegl``, ``Ölminister Ali``)."""
        names = self.names
        stop = names.stop_words
        ents = []
        changed = False
        for ent in doc.ents:
            if not _person(ent.label_) or ent.ent_id_:
                ents.append(ent)
                continue
            start, label = ent.start, ent.label_
            if doc[start].lower_ in stop and start + 1 < ent.end:
                if doc[start].lower_ in ("in", "im", "aus", "nach", "bei") and ent.end - start == 2:
                    label = "PLACE"
                start += 1
                while start < ent.end and doc[start].lower_ in stop:
                    start += 1
                if start < ent.end and label == "PERSON" and all(
                        names.lexicon.is_common(t.text) for t in doc[start:ent.end]):
                    start = ent.end  # "In der Neuzeit"
            for k in range(start + 1, ent.end):
                if names.is_given(doc[k].text) and all(
                        not names.is_given(t.text) and not t.is_upper for t in doc[start:k]) and all(
                        names.lexicon.is_common(t.text) or names.lexicon.is_compound_noun(t.text)
                        or "-" in t.text.strip("-") or t.lower_.endswith(names.title_ends)
                        for t in doc[start:k]):
                    start = k
                    break
            if start == ent.start and label == ent.label_:
                ents.append(ent)
                continue
            changed = True
            if start < ent.end:
                ents.append(Span(doc, start, ent.end, label=label))
        if changed:
            doc.ents = ents

    def _cut(self, doc: Doc) -> None:
        names = self.names
        ents = []
        changed = False
        for ent in doc.ents:
            if _person(ent.label_) and not ent.ent_id_ and len(ent) > 2:
                for j in range(ent.start + 1, ent.end):
                    if doc[j].text not in names.particles or doc[j - 1].text.lower() in names.particles:
                        continue  # not a particle, or one after a capitalised particle: "Van der Bellen"
                    k = names.particle_run(doc, j)
                    run = tuple(t.text for t in doc[j:k])
                    if j == ent.start + 1 and names.is_given(doc[ent.start].text):
                        run = ("von",)  # right after a given name a particle is a name's: "Jean de Lacour"
                    elif run == ("zu",):
                        run = ("zu", "")  # after a surname "zu" is a preposition: "Cantona zu United"
                    if k < ent.end and not all(names.is_surname(t, run) for t in doc[k:ent.end]):
                        ents.append(Span(doc, ent.start, j, label=ent.label_))
                        club = _club(doc, token_texts(doc), k, names)
                        if club > k and club <= ent.end:
                            ents.append(Span(doc, k, club, label="ORG"))
                        changed = True
                        break
                else:
                    ents.append(ent)
            else:
                ents.append(ent)
        if changed:
            doc.ents = filter_spans(ents)

    def _short_forms(self, doc: Doc) -> None:
        names = self.names
        forms: dict[tuple[str, ...], str] = {}  # words of a short form -> the full name
        for ent in doc.ents:
            if not _person(ent.label_) or len(ent) < 3:
                continue
            words = [t.text for t in ent]
            for j in range(1, len(words) - 1):
                if words[j].lower() in names.particles:
                    tail = words[j:]
                    for first in (tail[0].lower(), tail[0].capitalize()):
                        forms.setdefault((first, *tail[1:]), ent.text)
                    if j >= 2 and not names.is_given(words[j - 1]):
                        forms.setdefault(tuple(words[j - 1:]), ent.text)  # Henckel von Donnersmarck
                    break
        if not forms:
            return
        firsts = {form[0] for form in forms}
        spans = []
        texts = token_texts(doc)
        for i, text in enumerate(texts):
            if text not in firsts:
                continue
            for form, full in forms.items():
                end = i + len(form)
                if form[0] == text and end <= len(doc) and tuple(texts[i:end]) == form:
                    spans.append(Span(doc, i, end, label="PERSON", span_id=full))
        spans = [s for s in spans if not _inside_person(doc, s)]
        _replace(doc, spans)


# the marks that open and close a quoted name: „Kurier“, »Presse«, «Blick», "Bild"
_OPENING = {"„", "»", "«", '"', "“", "‚"}
_CLOSING = {"“", "«", "»", '"', "”", "‘"}


# the head nouns of newspaper and broadcaster names, after their adjectives
_MEDIA_HEADS = {"Zeitung", "Post", "Presse", "Rundschau", "Kurier", "Anzeiger", "Nachrichten",
                "Allgemeine", "Morgenpost", "Tagblatt", "Abendblatt", "Tageblatt", "Volksstimme",
                "Rundfunk", "Rundfunks", "Rundfunk's"}
_ADJECTIVE_ENDINGS = ("er", "e", "en", "es")
_DETERMINERS = {"der", "die", "das", "den", "dem", "des", "eine", "einer", "einen", "ihre", "seine",
                "diese", "dieser", "jede", "jeder", "alle", "andere", "anderen", "keine"}


@Language.factory("sitegen_media", default_config={"lang": "de"})
def make_media(nlp: Language, name: str, lang: str):
    return Media(nlp, lang)


class Media:
    """News media named in the text (``data/media.yml``, the list citations use) are
    organisations: an agency in lower case as agencies sign (``(dpa)``, ``laut afp``, ``(sid)``),
    a name that is no common word (``Tagesspiegel``, ``Tages-Anzeiger``, ``Kronen Zeitung``); a
    name that is also a common word (``Presse``, ``Kurier``, ``Bild``, ``Welt``) only in quotation
    marks (``der „Kurier“``) or after a medium noun (``die Zeitung Welt``)."""

    def __init__(self, nlp: Language, lang: str):
        from spacy.matcher import PhraseMatcher

        self.lexicon = gazetteer.lexicon(lang)
        self.media_nouns = set(gazetteer.curated("people.yml")["context"][lang]["org_before"])
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = sorted({str(n) for n in gazetteer.curated("media.yml")["media"]})
        self.matcher.add("MEDIUM", [nlp.make_doc(n) for n in names])

    def common(self, text: str) -> bool:
        return self.lexicon.is_common(text) or self.lexicon.is_common(text.lower())

    def titled(self, doc: Doc, end: int) -> int:
        """Start of a paper or broadcaster named by adjectives before its head noun ending at
        ``end`` (``Neue Osnabrücker Zeitung``, ``Rheinische Post``, ``Hessischen Rundfunks``),
        or ``end`` when none."""
        start = end - 1
        while start > 0 and end - start < 4:
            word = doc[start - 1]
            if not (word.text[:1].isupper() and word.is_alpha and word.text.endswith(_ADJECTIVE_ENDINGS)
                    and word.lower_ not in _DETERMINERS and not word.is_sent_start):
                break
            start -= 1
        if start == end - 1 or (start and doc[start - 1].text in _OPENING):
            return end  # a quoted name (die „Freie Presse“) is left to the quote classifier
        return start

    def __call__(self, doc: Doc) -> Doc:
        from .entity_rules import add_ents

        spans = []
        texts = token_texts(doc)
        if not _MEDIA_HEADS.isdisjoint(texts):  # one set operation: most texts have no such head noun
            for i, text in enumerate(texts):
                if text in _MEDIA_HEADS:
                    start = self.titled(doc, i + 1)
                    if start <= i - 1:
                        spans.append(Span(doc, start, i + 1, label="ORG"))
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            text = span.text
            before = doc[start - 1].text if start else ""
            after = doc[end].text if end < len(doc) else ""
            if before in _OPENING and after in _CLOSING or before in self.media_nouns:
                pass  # „Kurier“, Zeitung Welt
            elif text.islower():
                if len(span) > 1 or len(text) < 3 or self.common(text):
                    continue  # "so", "time"; lower-case agencies only: dpa, afp, sid
            elif text[:1].isupper():
                if len(span) == 1 and not text.isupper() and self.common(text):
                    continue  # die Presse, die Welt, ein Stern
            else:
                continue
            spans.append(Span(doc, start, end, label="ORG"))
        add_ents(doc, spans)
        return doc


# --------------------------------------------------------------------------------- places, parties
_COMPASS = re.compile(r"^(Nordost|Nordwest|Südost|Südwest|Nord|Süd|Ost|West|Mittel|Zentral|Ober|Nieder|Unter)(.{4,})$")
# the words each _COMPASS prefix starts with: most words are tested with startswith, not the regex
_COMPASS_STARTS = ("Nord", "Süd", "Ost", "West", "Mittel", "Zentral", "Ober", "Nieder", "Unter")
_DISTRICT_PARTS = {"Mitte", "Nord", "Süd", "Ost", "West", "Zentrum", "Altstadt", "Innenstadt"}
_STREET = re.compile(r"^(.{3,}?)(straße|strasse|gasse|allee|chaussee)$")
_STREET_ENDS = ("straße", "strasse", "gasse", "allee", "chaussee")  # _STREET's: a word without one needs no regex
# the second word of "Potsdamer Platz", "Gubener Straße", "Lehrter Bahnhof", "Tegeler See"
_SITE_HEADS = {"Straße", "Strasse", "Platz", "Allee", "Gasse", "Chaussee", "Brücke", "Tor", "Bahnhof",
               "Hauptbahnhof", "See", "Damm", "Ring", "Ufer", "Markt", "Heide", "Bucht", "Hafen"}
# German parties written as a capitalised adjective: "die Grünen", "der Linken"
_PARTIES = {"Grüne": "Grüne", "Grünen": "Grüne", "Linke": "Linke", "Linken": "Linke"}
_ARTICLE_WORDS = {"die", "der", "den", "des", "dem"}


@Language.factory("sitegen_places_de", default_config={"lang": "de"})
def make_places_de(nlp: Language, name: str, lang: str):
    return PlacesDe(lang)


class PlacesDe:
    """German place and party names the gazetteers cannot list (after ``sitegen_places``):

    - a region or country with a compass or ``Ober``/``Nieder`` prefix: ``Nordhessen``,
      ``Ostwestfalen``, ``Oberbayern``;
    - a place and its district in one hyphenated word: ``Berlin-Charlottenburg``,
      ``Berlin-Mitte``, and a district named ``X-Kreis``: ``Rhein-Sieg-Kreises``;
    - a street named after a name: ``Goethestraße``, ``Knoopstraße`` (not ``Hauptstraße``, whose
      first part is a common word), and a place adjective before a street, square, station or
      lake: ``Gubener Straße``, ``Potsdamer Platz``, ``Lehrter Bahnhof``, ``Tegeler See``;
    - the parties written as capitalised adjectives after an article: ``die Grünen``, ``der Linken``.
    """

    def __init__(self, lang: str):
        self.places = gazetteer.places(lang)
        self.lexicon = gazetteer.lexicon(lang)

    def region(self, text: str) -> bool:
        place = self.places.get(text)
        return place is not None and place.kind in ("region", "country", "listed")

    def place(self, text: str) -> bool:
        place = self.places.get(text)
        return place is not None and (place.kind != "city" or place.population >= 20_000)

    def common(self, text: str) -> bool:
        return self.lexicon.is_common(text) or self.lexicon.is_common(text.capitalize())

    def kind(self, doc: Doc, texts: list[str], i: int) -> tuple[int, str] | None:
        """(end, label) of the name starting at token ``i``, if it is one of the above;
        ``texts``: the document's ``token_texts`` (a token is_upper, is_alpha and lower_ as its
        text is)."""
        text = texts[i]
        if not text[:1].isupper() or text.isupper():
            return None
        if text in _PARTIES and i and texts[i - 1].lower() in _ARTICLE_WORDS and not doc[i].is_sent_start \
                and not (i + 1 < len(doc) and texts[i + 1][:1].isupper() and texts[i + 1].isalpha()):
            return i + 1, "ORG"
        if i + 1 < len(doc) and texts[i + 1] in _SITE_HEADS and text.endswith("er") and len(text) > 4 \
                and text.isalpha() and (not self.common(text) or self.place(text[:-2])) and not doc[i].is_sent_start:
            return i + 2, "PLACE"
        match = _COMPASS.match(text) if text.startswith(_COMPASS_STARTS) else None
        if match and self.region(match.group(2).capitalize()):
            return i + 1, "PLACE"
        if "-" in text.strip("-"):
            parts = text.split("-")
            if (parts[-1] in ("Kreis", "Kreises") and all(p[:1].isupper() for p in parts)) or (
                    len(parts) == 2 and self.place(parts[0])
                    and (parts[1] in _DISTRICT_PARTS or self.place(parts[1]))):
                return i + 1, "PLACE"
        match = _STREET.match(text) if text.endswith(_STREET_ENDS) else None  # the regex tries each split
        if match and not self.common(text):
            stem = match.group(1).rstrip("-")
            bare = stem[:-1] if stem.endswith("s") else stem
            if text[:1].isupper() and not self.common(stem) and not self.common(bare) \
                    and stem.lower() not in ("haupt", "neben", "bundes", "land", "ring"):
                return i + 1, "PLACE"
        return None

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        texts = token_texts(doc)
        n = len(texts)
        i = 0
        while i < n:
            found = self.kind(doc, texts, i) if texts[i][:1].isupper() else None  # each kind starts with a capital
            if found is None:
                i += 1
                continue
            end, label = found
            span_id = _PARTIES.get(doc[i].text, "") if label == "ORG" else ""
            spans.append(Span(doc, i, end, label=label, span_id=span_id))
            i = end
        _replace(doc, spans)
        return doc
