"""Site-wide maps built from every annotated article, one per facet (``facets.py``: entities,
speakers, sources, tags and any a plugin adds), and the articles of each language.

Every list in the index is in ``article_order`` (newest first) and every map in key order, so
``SiteIndex.update`` can take one article's contributions out and put the new ones in where a
full ``build_index`` would have them: after any sequence of updates the index equals the index
built from scratch (tests/test_incremental.py), at a cost that grows with the article's own
entities, quotes, citations and tags, not with the site.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import SitegenError
from .facets import (  # noqa: F401 - the entry types and keys, re-exported where they were
    EntityEntry,
    Facet,
    FacetEntry,
    Mention,
    SourceEntry,
    SpeakerEntry,
    default_facets,
    source_key,
    tag_key,
    tag_keys,
)
from .model import AnnotatedArticle


@dataclass
class SiteIndex:
    """The articles in ``article_order``, the map of each facet (key -> entry, in key order) and
    the articles of each language."""

    articles: list[AnnotatedArticle]
    facets: list[Facet]
    maps: dict[str, dict[str, Any]]  # facet name -> key -> entry
    languages: dict[str, list[AnnotatedArticle]]

    def facet(self, name: str) -> dict[str, Any]:
        """The map of the facet ``name``: key -> entry, in key order."""
        return self.maps[name]

    @property
    def entities(self) -> dict[str, EntityEntry]:
        return self.maps["entities"]

    @property
    def speakers(self) -> dict[str, SpeakerEntry]:
        return self.maps["speakers"]

    @property
    def sources(self) -> dict[str, SourceEntry]:
        return self.maps["sources"]

    @property
    def tags(self) -> dict[str, FacetEntry]:
        return self.maps["tags"]

    def entities_by_type(self) -> dict[str, list[EntityEntry]]:
        grouped: dict[str, list[EntityEntry]] = defaultdict(list)
        for entry in self.entities.values():
            grouped[entry.type].append(entry)
        for entries in grouped.values():
            entries.sort(key=lambda e: (-len(e.mentions), collation_key(e.name)))
        return dict(grouped)

    def speakers_listed(self) -> list[SpeakerEntry]:
        """Every speaker, in alphabetical order (the listing of speakers)."""
        return collated(self.speakers.values(), "name")

    def sources_listed(self) -> list[SourceEntry]:
        """Every cited source, in alphabetical order (the listing of sources)."""
        return collated(self.sources.values(), "name")

    def update(self, removed: list[AnnotatedArticle], added: list[AnnotatedArticle]) -> IndexChange:
        """Take the ``removed`` articles out and put the ``added`` ones in, as ``build_index`` would
        place them; returns the keys whose entries changed. An edited article is removed (its old
        version) and added (its new one). Raises ``SitegenError`` when a facet's ``finish`` does
        (two tags clash), leaving the index half updated: build it again with ``build_index``."""
        parts = {id(item): contribution(item, self.facets) for item in [*removed, *added]}  # each article's, made once
        change = IndexChange(
            facets={facet.name: _changed(removed, added, lambda item, facet=facet: {
                key: [facet.shown(value) for value in values]
                for key, values in parts[id(item)][facet.name].items()}) for facet in self.facets},
            languages={item.article.lang for item in [*removed, *added]},
            cards=_changed(removed, added, lambda item: {item.article.slug: None}),
        )
        listed_before = self._listing(change)
        for item in removed:
            self._remove(item, parts[id(item)])
        created: set[str] = set()  # maps with a new key, which went in last
        for item in added:
            created |= self._add(item, parts[id(item)])
        change.keys = self._prune([(item, parts[id(item)]) for item in removed]) or bool(created)
        # entries of every key the articles had or have are new objects, or hold new mentions
        involved = list(parts.values())
        for facet in self.facets:
            entries = self.maps[facet.name]
            for key in {key for part in involved for key in part[facet.name]} & entries.keys():
                facet.finish(entries[key])
        change.listed = self._listing(change) != listed_before
        for name in created:
            if name == LANGUAGES:
                self.languages = _sorted_dict(self.languages)
            else:
                self.maps[name] = _sorted_dict(self.maps[name])
        return change

    def _listing(self, change: IndexChange) -> list:
        """What the listing of entities, speakers and sources shows of the keys in ``change``."""
        shown = []
        for facet in self.facets:
            if facet.listed is not None:
                entries = self.maps[facet.name]
                shown.append([None if (entry := entries.get(key)) is None else facet.listed(entry)
                              for key in sorted(change.facets[facet.name])])
        return shown

    def _remove(self, item: AnnotatedArticle, part: Contribution) -> None:
        """Take ``item`` out; entries it leaves empty stay until ``_prune`` (a key that comes
        back in the same update keeps its place)."""
        _remove_from(self.articles, item)
        _remove_from(self.languages[item.article.lang], item)
        for facet in self.facets:
            entries = self.maps[facet.name]
            for key in part[facet.name]:
                entry = entries[key]
                setattr(entry, facet.items, [v for v in facet.items_of(entry) if facet.article(v) is not item])

    def _prune(self, removed: list[tuple[AnnotatedArticle, Contribution]]) -> bool:
        """Drop the entries the ``removed`` articles left empty; True when any went."""
        empty = [(self.languages, item.article.lang, self.languages[item.article.lang]) for item, _ in removed]
        for facet in self.facets:
            entries = self.maps[facet.name]
            empty += [(entries, key, facet.items_of(entries[key])) for _, part in removed for key in part[facet.name]]
        gone = [(mapping, key) for mapping, key, values in empty if not values]
        for mapping, key in gone:
            mapping.pop(key, None)
        return bool(gone)

    def _add(self, item: AnnotatedArticle, part: Contribution) -> set[str]:
        """Put ``item`` in; returns the names of the maps that got a new key."""
        order = article_order(item)
        created = set()
        _insert(self.articles, item, order)
        if item.article.lang not in self.languages:
            self.languages[item.article.lang] = []
            created.add(LANGUAGES)
        _insert(self.languages[item.article.lang], item, order)
        for facet in self.facets:
            entries = self.maps[facet.name]
            for key, values in part[facet.name].items():
                if key not in entries:
                    entries[key] = facet.entry(key)
                    created.add(facet.name)
                _insert_block(facet.items_of(entries[key]), values, order,
                              lambda v, facet=facet: article_order(facet.article(v)))
        return created


LANGUAGES = " languages"  # the name of the map of languages among the facets' names (no facet's name)

Contribution = dict[str, dict[str, list]]  # one article's contributions: facet name -> key -> values


def contribution(item: AnnotatedArticle, facets: list[Facet]) -> Contribution:
    """What one article puts into the index, by facet and key (made once per article and update)."""
    return {facet.name: facet.contribute(item) for facet in facets}


@dataclass
class IndexChange:
    """What ``SiteIndex.update`` changed, per facet: the keys whose entries may show something else
    (an article came or went, or what it shows there changed: its card, its mentions, quotes or
    citations of the key). An edit of an article's body elsewhere changes none of its keys."""

    facets: dict[str, set[str]] = field(default_factory=dict)  # facet name -> keys
    languages: set[str] = field(default_factory=set)  # of the articles that came or went
    cards: set[str] = field(default_factory=set)  # slugs of articles whose card (all but the body) changed
    listed: bool = False  # what the entity listing shows of an entry changed, or one came or went
    keys: bool = False  # a map got a key or lost one (a page came or went)


def card(item: AnnotatedArticle) -> tuple:
    """All an article is beside its body: what a listing, tag, entity, speaker or source page may show of it."""
    article = item.article
    return tuple(getattr(article, f.name) for f in fields(article) if f.name not in ("body_markdown", "text"))


def _changed(removed: list[AnnotatedArticle], added: list[AnnotatedArticle], shown) -> set[str]:
    """Keys where ``shown(item)`` (key -> what the item shows under it) differs between the removed
    and the added articles, each with its card."""
    def by_key(items: list[AnnotatedArticle]) -> dict[str, list]:
        grouped: dict[str, list] = {}
        for item in items:
            for key, value in shown(item).items():
                grouped.setdefault(key, []).append((card(item), value))
        return grouped

    before, after = by_key(removed), by_key(added)
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def _remove_from(items: list[AnnotatedArticle], item: AnnotatedArticle) -> None:
    """Remove ``item`` (by identity) from a list in ``article_order``."""
    position = bisect_left(items, article_order(item), key=article_order)
    while items[position] is not item:
        position += 1
    del items[position]


def _insert(items: list[AnnotatedArticle], item: AnnotatedArticle, order: tuple) -> None:
    items.insert(bisect_right(items, order, key=article_order), item)


def _insert_block(entries: list, block: list, order: tuple, key) -> None:
    """Put one article's entries (in their own order) where its place in ``article_order`` is."""
    position = bisect_right(entries, order, key=key)
    entries[position:position] = block


@lru_cache(maxsize=500_000)  # `sitegen serve` indexes again after each edit: the other articles' sentences are known
def sentence_around(text: str, start: int, end: int, lang: str = "en") -> str:
    """The sentence (within its block) holding text[start:end]; an abbreviation (``Dr.``,
    ``z. B.``) or a German ordinal (``am 4. Mai``) does not end a sentence."""
    block_start = text.rfind("\n\n", 0, start) + 1
    block_end = text.find("\n\n", end)
    block_end = len(text) if block_end < 0 else block_end
    sentence_start, sentence_end = block_start, block_end
    for boundary in sentence_ends(text[block_start:block_end], lang):
        at = block_start + boundary
        if at <= start:
            sentence_start = at
        elif at >= end:
            sentence_end = at
            break
    return text[sentence_start:sentence_end].strip()


# A sentence end: a terminator (closing quotation marks may follow) before the next sentence's start.
_TERMINATOR = re.compile(r"[.!?…][\"”“»«’)]*(?=\s+[\"„“»«(\[]?[A-ZÄÖÜ0-9]|\s*$)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_ORDINAL = re.compile(r"\d{1,3}")  # German writes ordinals with a period: ``der 4. Tag``, ``am 20. November``


def sentence_ends(block: str, lang: str) -> Iterator[int]:
    """Offsets just past each sentence end in ``block``. A period after an abbreviation that
    spaCy's tokenizer exceptions for ``lang`` list (``Dr.``, ``Jan.``, ``u.a.``), after a single
    letter (an initial) or, in German, after a number of up to three digits (an ordinal) ends no
    sentence. Hand-written on purpose: it runs once per mention on every build, where a
    segmenter per block (spaCy's, pySBD) would cost more than indexing itself."""
    known = abbreviations(lang)
    for match in _TERMINATOR.finditer(block):
        if block[match.start()] == ".":
            word = _WORD_BEFORE.search(block, 0, match.start())
            if word is not None:
                token = word.group(1).lstrip("\"„“»«([")
                if (len(token) == 1 and token.isalpha()) or token.lower() in known or (
                        lang == "de" and _ORDINAL.fullmatch(token)):
                    continue
        yield match.end()


@lru_cache(maxsize=16)
def abbreviations(lang: str) -> frozenset[str]:
    """Abbreviations written with a period in ``lang``, lower case without their last period
    (``dr``, ``z.b``, ``jan``): the strings of spaCy's tokenizer-exception tables for the language
    and its base ones. Read from their source files with ``ast``, not imported: importing spaCy
    costs a second, and a build served wholly from the caches imports none of it."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec("spacy")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(next(iter(spec.submodule_search_locations))) / "lang"
    names: set[str] = set()
    for source in (folder / "tokenizer_exceptions.py", folder / lang / "tokenizer_exceptions.py"):
        try:
            tree = ast.parse(source.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        names.update(node.value[:-1].lower() for node in ast.walk(tree)
                     if isinstance(node, ast.Constant) and isinstance(node.value, str)
                     and node.value.endswith(".") and len(node.value) > 2 and not any(c.isspace() for c in node.value))
    return frozenset(names)


@lru_cache(maxsize=1)
def _collator():
    from pyuca import Collator

    return Collator()


def collation_key(name: str) -> tuple:
    """Where ``name`` stands in an alphabetical listing: the Unicode Collation Algorithm's order
    (pyuca, the default table), so ``Ärzte`` sorts with ``A`` and ``Österreich`` before ``Zürich``
    in German as in English; equal keys fall back to the name itself."""
    return (_collator().sort_key(name), name)


def collated(items, attribute: str | None = None) -> list:
    """``items`` in alphabetical order by ``attribute`` (or themselves): a Jinja filter too."""
    if attribute is None:
        return sorted(items, key=collation_key)
    return sorted(items, key=lambda item: collation_key(getattr(item, attribute)))


def article_order(item: AnnotatedArticle) -> tuple:
    """Where an article stands in every list of the index: newest first, then by title, then by file."""
    article = item.article
    return (-(article.date.toordinal() if article.date else 0), article.title, article.path)


def _sorted_dict(mapping: dict) -> dict:
    return dict(sorted(mapping.items()))


def build_index(articles: list[AnnotatedArticle], facets: list[Facet] | None = None) -> SiteIndex:
    """The index of ``articles`` by ``facets`` (default: ``facets.default_facets()``): every list in
    ``article_order``, every map in key order."""
    builder = IndexBuilder(facets)
    builder.add(articles)
    return builder.index()


class IndexBuilder:
    """``build_index`` a part at a time: ``add`` takes articles as they are read and annotated (the
    facets read an article's text only then: a build may drop it afterwards, ``build.py``), and
    ``index`` puts every list in ``article_order`` and finishes the entries. The index is the one
    ``build_index`` makes of all the articles at once."""

    def __init__(self, facets: list[Facet] | None = None):
        facets = default_facets() if facets is None else facets
        if len({facet.name for facet in facets}) != len(facets):
            raise SitegenError(f"two facets share a name: {[facet.name for facet in facets]}")
        self.facets = list(facets)
        self.articles: list[AnnotatedArticle] = []
        self.maps: dict[str, dict[str, Any]] = {facet.name: {} for facet in facets}

    def add(self, articles: list[AnnotatedArticle]) -> None:
        for item in articles:
            self.articles.append(item)
            part = contribution(item, self.facets)
            for facet in self.facets:
                entries = self.maps[facet.name]
                for key, values in part[facet.name].items():
                    if key not in entries:
                        entries[key] = facet.entry(key)
                    facet.items_of(entries[key]).extend(values)

    def index(self) -> SiteIndex:
        """The index of every article added: each entry's items in the order of their articles
        (a stable sort: one article's items keep their own order), every map in key order."""
        ordered = sorted(self.articles, key=article_order)
        rank = {id(item): number for number, item in enumerate(ordered)}
        languages: dict[str, list[AnnotatedArticle]] = {}
        for item in ordered:
            languages.setdefault(item.article.lang, []).append(item)
        for facet in self.facets:
            for entry in self.maps[facet.name].values():
                facet.items_of(entry).sort(key=lambda value, facet=facet: rank[id(facet.article(value))])
                facet.finish(entry)
        return SiteIndex(
            articles=ordered,
            facets=self.facets,
            maps={name: _sorted_dict(entries) for name, entries in self.maps.items()},
            languages=_sorted_dict(languages),
        )
