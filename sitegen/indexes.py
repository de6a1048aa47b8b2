"""Site-wide maps built from every annotated article: entities, speakers, sources, tags.

Every list in the index is in ``article_order`` (newest first) and every map in key order, so
``SiteIndex.update`` can take one article's contributions out and put the new ones in where a
full ``build_index`` would have them: after any sequence of updates the index equals the index
built from scratch (tests/test_incremental.py), at a cost that grows with the article's own
entities, quotes, citations and tags, not with the site.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from slugify import slugify

from .errors import SitegenError
from .model import AnnotatedArticle, Citation, Entity, Quote


@dataclass
class Mention:
    """Where an entity, quote or citation occurs: its article and the sentence around it."""

    article: AnnotatedArticle
    sentence: str
    start: int
    entity: Entity


@dataclass
class EntityEntry:
    key: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> list[AnnotatedArticle]:
        return _unique_articles(self.mentions)

    def by_article(self, sentences_per_article: int = 3) -> list[tuple[AnnotatedArticle, int, list[str]]]:
        """Each article mentioning the entity, its mention count and its first few distinct
        sentences: an entity page stays short however often a long article names it."""
        grouped: dict[int, tuple[AnnotatedArticle, list[Mention]]] = {}
        for mention in self.mentions:
            grouped.setdefault(id(mention.article), (mention.article, []))[1].append(mention)
        result = []
        for article, mentions in grouped.values():
            sentences = list(dict.fromkeys(m.sentence for m in mentions))[:sentences_per_article]
            result.append((article, len(mentions), sentences))
        return result


@dataclass
class SpeakerEntry:
    key: str
    name: str
    quotes: list[tuple[AnnotatedArticle, Quote]] = field(default_factory=list)


@dataclass
class SourceEntry:
    key: str
    name: str
    url: str | None = None
    citations: list[tuple[AnnotatedArticle, Citation, str]] = field(default_factory=list)


@dataclass
class SiteIndex:
    articles: list[AnnotatedArticle]
    entities: dict[str, EntityEntry]
    speakers: dict[str, SpeakerEntry]
    sources: dict[str, SourceEntry]
    tags: dict[str, list[AnnotatedArticle]]
    tag_names: dict[str, str]
    languages: dict[str, list[AnnotatedArticle]]
    # the site's language: an entity named in several languages shows its name in this one
    language: str | None = None

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
        version) and added (its new one). Raises ``SitegenError`` when two tags clash, leaving the
        index half updated: build it again with ``build_index``."""
        parts = {id(item): contribution(item) for item in [*removed, *added]}  # each article's, made once
        change = IndexChange(
            entities=_changed(removed, added, lambda item: {
                key: [(m.sentence, m.start, m.entity) for m in mentions]
                for key, mentions in parts[id(item)].entities.items()}),
            speakers=_changed(removed, added, lambda item: {
                key: [quote for _, quote in quotes] for key, quotes in parts[id(item)].speakers.items()}),
            sources=_changed(removed, added, lambda item: {
                key: [(citation, sentence) for _, citation, sentence in citations]
                for key, citations in parts[id(item)].sources.items()}),
            tags=_changed(removed, added, lambda item: dict.fromkeys(parts[id(item)].tags)),
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
        for key in {key for part in involved for key in part.entities} & self.entities.keys():
            _finish_entity(self.entities[key], self.language)
        for key in {key for part in involved for key in part.speakers} & self.speakers.keys():
            _finish_speaker(self.speakers[key])
        for key in {key for part in involved for key in part.sources} & self.sources.keys():
            _finish_source(self.sources[key])
        for key in {key for part in involved for key in part.tags}:
            if key in self.tags:
                self.tag_names[key] = _tag_name(key, self.tags[key])
            else:
                self.tag_names.pop(key, None)
        change.listed = self._listing(change) != listed_before
        for name in created:
            setattr(self, name, _sorted_dict(getattr(self, name)))
        if change.keys:
            self.tag_names = {key: self.tag_names[key] for key in self.tags}
        return change

    def _listing(self, change: IndexChange) -> tuple:
        """What the listing of entities, speakers and sources shows of the keys in ``change``."""
        def shown(entry, count):
            return None if entry is None else (entry.name, getattr(entry, "type", ""), count(entry))

        return (
            [shown(self.entities.get(key), lambda e: len(e.mentions)) for key in sorted(change.entities)],
            [shown(self.speakers.get(key), lambda e: len(e.quotes)) for key in sorted(change.speakers)],
            [shown(self.sources.get(key), lambda e: len(e.citations)) for key in sorted(change.sources)],
        )

    def _remove(self, item: AnnotatedArticle, part: Contribution) -> None:
        """Take ``item`` out; entries it leaves empty stay until ``_prune`` (a key that comes
        back in the same update keeps its place)."""
        _remove_from(self.articles, item)
        _remove_from(self.languages[item.article.lang], item)
        for key in part.tags:
            _remove_from(self.tags[key], item)
        for key in part.entities:
            entry = self.entities[key]
            entry.mentions = [m for m in entry.mentions if m.article is not item]
        for key in part.speakers:
            entry = self.speakers[key]
            entry.quotes = [q for q in entry.quotes if q[0] is not item]
        for key in part.sources:
            entry = self.sources[key]
            entry.citations = [c for c in entry.citations if c[0] is not item]

    def _prune(self, removed: list[tuple[AnnotatedArticle, Contribution]]) -> bool:
        """Drop the entries the ``removed`` articles left empty; True when any went."""
        empty = [
            *((self.languages, item.article.lang, self.languages[item.article.lang]) for item, _ in removed),
            *((self.tags, key, self.tags[key]) for _, part in removed for key in part.tags),
            *((self.entities, key, self.entities[key].mentions) for _, part in removed for key in part.entities),
            *((self.speakers, key, self.speakers[key].quotes) for _, part in removed for key in part.speakers),
            *((self.sources, key, self.sources[key].citations) for _, part in removed for key in part.sources),
        ]
        gone = [(mapping, key) for mapping, key, entries in empty if not entries]
        for mapping, key in gone:
            mapping.pop(key, None)
        return bool(gone)

    def _add(self, item: AnnotatedArticle, part: Contribution) -> set[str]:
        """Put ``item`` in; returns the names of the maps that got a new key."""
        order = article_order(item)
        created = set()

        def entry(name: str, key: str, new):
            mapping = getattr(self, name)
            if key not in mapping:
                mapping[key] = new()
                created.add(name)
            return mapping[key]

        _insert(self.articles, item, order)
        _insert(entry("languages", item.article.lang, list), item, order)
        for key in part.tags:
            _insert(entry("tags", key, list), item, order)
        for key, mentions in part.entities.items():
            found = entry("entities", key, lambda key=key: EntityEntry(key, "", ""))
            _insert_block(found.mentions, mentions, order, lambda m: article_order(m.article))
        for key, quotes in part.speakers.items():
            found = entry("speakers", key, lambda key=key: SpeakerEntry(key, ""))
            _insert_block(found.quotes, quotes, order, lambda q: article_order(q[0]))
        for key, citations in part.sources.items():
            found = entry("sources", key, lambda key=key: SourceEntry(key, ""))
            _insert_block(found.citations, citations, order, lambda c: article_order(c[0]))
        return created


@dataclass
class IndexChange:
    """What ``SiteIndex.update`` changed, per map: the keys whose entries may show something else
    (an article came or went, or what it shows there changed: its card, its mentions, quotes or
    citations of the key). An edit of an article's body elsewhere changes none of its keys."""

    entities: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)  # of the articles that came or went
    cards: set[str] = field(default_factory=set)  # slugs of articles whose card (all but the body) changed
    listed: bool = False  # an entity's, speaker's or source's name, type or count changed, or one came or went
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


def _unique_articles(mentions: list[Mention]) -> list[AnnotatedArticle]:
    seen, result = set(), []
    for mention in mentions:
        if id(mention.article) not in seen:
            seen.add(id(mention.article))
            result.append(mention.article)
    return result


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


def _tag_folded(tag: str) -> str:
    """Tags that differ only in case and spacing are one tag."""
    return " ".join(tag.split()).casefold()


def tag_key(tag: str) -> str:
    return slugify(tag) or "tag"


def source_key(name: str) -> str:
    return slugify(name) or "source"


# ---------------------------------------------------------------- one article's contributions


@dataclass(frozen=True)
class Contribution:
    """What one article puts into the index, by key (made once per article and update)."""

    entities: dict[str, list[Mention]]
    speakers: dict[str, list[tuple[AnnotatedArticle, Quote]]]
    sources: dict[str, list[tuple[AnnotatedArticle, Citation, str]]]
    tags: list[str]


def contribution(item: AnnotatedArticle) -> Contribution:
    return Contribution(_entity_mentions(item), _speaker_quotes(item), _source_citations(item), tag_keys(item))


def _entity_mentions(item: AnnotatedArticle) -> dict[str, list[Mention]]:
    text = item.article.text
    found: dict[str, list[Mention]] = {}
    for entity in item.annotations.entities:
        mention = Mention(item, sentence_around(text, entity.start, entity.end, item.article.lang), entity.start, entity)
        found.setdefault(entity.key, []).append(mention)
    return found


def _speaker_quotes(item: AnnotatedArticle) -> dict[str, list[tuple[AnnotatedArticle, Quote]]]:
    found: dict[str, list] = {}
    for quote in item.annotations.quotes:
        # a speaker without a key is a phrase the text did not resolve to anyone (`der Kanzler`,
        # `a nurse`): shown on the quote, but no page, which would merge different people
        if quote.speaker and quote.speaker_key:
            found.setdefault(quote.speaker_key, []).append((item, quote))
    return found


def _source_citations(item: AnnotatedArticle) -> dict[str, list[tuple[AnnotatedArticle, Citation, str]]]:
    text = item.article.text
    found: dict[str, list] = {}
    for citation in item.annotations.citations:
        if citation.source:
            key = citation.source_key or source_key(citation.source)
            found.setdefault(key, []).append((item, citation, sentence_around(text, citation.start, citation.end,
                                                                                 item.article.lang)))
    return found


def tag_keys(item: AnnotatedArticle) -> list[str]:
    return list(dict.fromkeys(tag_key(tag) for tag in item.article.tags))


# ---------------------------------------------------------------- what follows from the lists


def _finish_entity(entry: EntityEntry, language: str | None = None) -> None:
    """Name from the first mention in an article in ``language`` (the site's, which its entity pages
    are written in: ``Germany`` on an English site, ``Deutschland`` on a German one, for the key
    ``germany``), else from the first mention; type by majority (ties: the type seen first), as
    the lists stand."""
    named = [m for m in entry.mentions if m.entity]
    local = [m for m in named if m.article.article.lang == language]
    first = (local or named)[0].entity if named else None
    entry.name = first.name if first else entry.name
    votes = Counter(m.entity.type for m in entry.mentions if m.entity)
    if votes:
        entry.type = votes.most_common(1)[0][0]


def _finish_speaker(entry: SpeakerEntry) -> None:
    entry.name = entry.quotes[0][1].speaker


def _finish_source(entry: SourceEntry) -> None:
    """Name from the first citation; URL from the first article naming the source with one."""
    entry.name = entry.citations[0][1].source
    entry.url = None
    for item, citation, _ in entry.citations:
        known = next((s for s in item.article.sources if s.name == citation.source), None)
        if known is not None and known.url is not None:
            entry.url = known.url
            break


def _tag_name(key: str, items: list[AnnotatedArticle]) -> str:
    """The tag's first spelling; two spellings that are not one tag but share the slug are an error."""
    first = None
    for item in items:
        for tag in item.article.tags:
            if tag_key(tag) != key:
                continue
            if first is None:
                first, first_item = tag, item
            elif _tag_folded(first) != _tag_folded(tag):  # two tags, one page: say which
                raise SitegenError(
                    f"tag {tag!r} and tag {first!r} in {first_item.article.path} share the slug {key!r}; rename one",
                    item.article.path,
                )
    return first


def _sorted_dict(mapping: dict) -> dict:
    return dict(sorted(mapping.items()))


def build_index(articles: list[AnnotatedArticle], language: str | None = None) -> SiteIndex:
    """The index of ``articles``: every list in ``article_order``, every map in key order; entities
    named in the site's ``language`` where an article in it names them."""
    ordered = sorted(articles, key=article_order)
    entities: dict[str, EntityEntry] = {}
    speakers: dict[str, SpeakerEntry] = {}
    sources: dict[str, SourceEntry] = {}
    tags: dict[str, list[AnnotatedArticle]] = {}
    languages: dict[str, list[AnnotatedArticle]] = {}
    for item in ordered:
        languages.setdefault(item.article.lang, []).append(item)
        part = contribution(item)
        for key in part.tags:
            tags.setdefault(key, []).append(item)
        for key, mentions in part.entities.items():
            entities.setdefault(key, EntityEntry(key, "", "")).mentions.extend(mentions)
        for key, quotes in part.speakers.items():
            speakers.setdefault(key, SpeakerEntry(key, "")).quotes.extend(quotes)
        for key, citations in part.sources.items():
            sources.setdefault(key, SourceEntry(key, "")).citations.extend(citations)
    for entry in entities.values():
        _finish_entity(entry, language)
    for entry in speakers.values():
        _finish_speaker(entry)
    for entry in sources.values():
        _finish_source(entry)
    tag_names = {key: _tag_name(key, items) for key, items in tags.items()}
    return SiteIndex(
        articles=ordered,
        entities=_sorted_dict(entities),
        speakers=_sorted_dict(speakers),
        sources=_sorted_dict(sources),
        tags=_sorted_dict(tags),
        tag_names=_sorted_dict(tag_names),
        languages=_sorted_dict(languages),
        language=language,
    )
