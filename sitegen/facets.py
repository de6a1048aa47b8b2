"""Facets: the ways the index groups articles by key, each a row of one table.

A facet says how one article contributes to a map of the site index (``indexes.SiteIndex``):
entities, speakers, sources and tags are the four bundled rows (``default_facets``), and a plugin
adds a row of its own (author pages, say) by appending a ``Facet`` to the list it is given. The
index, the pages, the feeds, ``sitemap.xml`` and incremental rebuilds (``sitegen serve``) read the
table; none of them names a facet, so an added row gets pages, a feed, sitemap entries and
incremental updates with no change to sitegen.

Interface (stable)
------------------
``Facet`` fields, in the order a row is usually written:

``name``
    The map's name: ``index.facet(name)`` (``index.entities`` etc. for the bundled ones) is a
    dict key -> entry in key order. Unique in the table.
``contribute(item) -> dict[key, list]``
    What one ``AnnotatedArticle`` puts under each key, in the article's own order: mentions,
    quotes, citations, or the article itself (tags). Keys are URL-safe slugs.
``entry(key) -> entry``
    A new, empty entry for ``key``: a dataclass with ``key``, ``name`` and a list attribute named
    by ``items`` (``FacetEntry`` is a ready one whose items are articles).
``items``
    The entry's attribute holding the contributions, in ``article_order`` of their articles.
``article(contributed) -> AnnotatedArticle``
    The article one contributed value comes from (the identity for ``FacetEntry``).
``finish(entry)``
    Sets what follows from the items (name, type, URL) after they changed; may raise
    ``SitegenError`` (two tags sharing a slug).
``template``, ``path(key)``, ``context(index, entry)``
    The page of each key: its Jinja template (looked up in the site's templates, then the
    bundled ones), its output path (from ``paths``; its URL is ``paths.url_path`` of it) and its
    template context (``context_of_entry`` by default: ``key``, ``entry``, ``name``). ``template``
    None: no pages.
``related``
    Names of facets whose entries of the same key the page shows too (an entity page links its
    speaker page): the page is re-rendered when their articles change.
``feed(key)``
    The output path of an Atom feed of the key's newest articles, or None for no feeds. Its title
    is ``"<site title>: <entry name>"`` and it links the key's page.
``shown(contributed)``
    What the page of a key shows of one contributed value, compared to tell whether an edit
    changed the key's page (the default: the value itself).
``listed(entry)``
    What the entity listing shows of the entry (name, type, count), or None when the facet is
    not on that listing.

The table is an ordinary list: ``build.build(config, facets=[*default_facets(), mine])`` (or
``SiteState(..., facets=...)``) builds with it; without ``facets`` they build with
``site_facets(config)`` (the bundled rows, and a plugin loader's). The pages of the facets come
in table order.
``article_facet`` makes the row of a facet whose entries list articles (authors, say). A
template reaches an entry's page as ``urls.facet(facet, key)`` and any output path as ``urls.of(path)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from slugify import slugify

from . import paths
from .errors import SitegenError
from .model import AnnotatedArticle, Citation, Entity, Quote

if TYPE_CHECKING:
    from .config import Config
    from .indexes import SiteIndex


@dataclass(slots=True)  # one per entity mention of the whole site: small
class Mention:
    """Where an entity is mentioned: its article, the sentence around it, its offset in the
    article's text, and the name and type the entity has there. ``entity`` is the ``Entity``
    itself, looked up in the article's annotations (a build of a large archive keeps those on
    disk, ``article_store``, not in the index)."""

    article: AnnotatedArticle
    sentence: str
    start: int
    name: str
    type: str

    @property
    def entity(self) -> Entity:
        return next(e for e in self.article.annotations.entities
                    if e.start == self.start and e.name == self.name and e.type == self.type)


@dataclass
class EntityEntry:
    key: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> list[AnnotatedArticle]:
        return unique_articles(m.article for m in self.mentions)

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
class FacetEntry:
    """An entry whose items are the articles themselves (tags; a plugin's author pages)."""

    key: str
    name: str = ""
    articles: list[AnnotatedArticle] = field(default_factory=list)


def context_of_entry(index: SiteIndex, entry: Any) -> dict:
    """The default page context of a facet's entry."""
    return {"key": entry.key, "entry": entry, "name": entry.name}


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Facet:
    """One row of the facet table (see the module's docstring for each field)."""

    name: str
    contribute: Callable[[AnnotatedArticle], dict[str, list]]
    entry: Callable[[str], Any]
    items: str
    article: Callable[[Any], AnnotatedArticle]
    finish: Callable[[Any], None]
    template: str | None
    path: Callable[[str], str]
    context: Callable[[SiteIndex, Any], dict] = context_of_entry
    related: tuple[str, ...] = ()
    feed: Callable[[str], str] | None = None
    shown: Callable[[Any], Any] = _same
    listed: Callable[[Any], tuple] | None = None

    def items_of(self, entry: Any) -> list:
        return getattr(entry, self.items)

    def articles_of(self, entry: Any) -> list[AnnotatedArticle]:
        """The entry's articles, each once, in ``article_order``."""
        return unique_articles(self.article(value) for value in self.items_of(entry))


def _nothing(value: Any) -> None:
    return None


def article_facet(name: str, keys: Callable[[AnnotatedArticle], Iterable[tuple[str, str]]], template: str | None,
                  path: Callable[[str], str], *, feed: Callable[[str], str] | None = None,
                  context: Callable[[SiteIndex, Any], dict] = context_of_entry) -> Facet:
    """A facet whose entries list articles (``FacetEntry``), the common case of a plugin's facet:
    ``keys(item)`` gives the ``(key, name)`` pairs an article is filed under (its author, say);
    an entry's name is the one its newest article gives. Example::

        authors = article_facet(
            "authors", lambda item: [(slugify(item.article.author), item.article.author)] if item.article.author else [],
            "author.html", lambda key: f"authors/{key}.html", feed=lambda key: f"authors/{key}.xml")
        build(config, facets=[*default_facets(), authors])
    """
    def contribute(item: AnnotatedArticle) -> dict[str, list[AnnotatedArticle]]:
        return {key: [item] for key, _ in keys(item)}

    def finish(entry: FacetEntry) -> None:
        entry.name = next(label for key, label in keys(entry.articles[0]) if key == entry.key)

    return Facet(name, contribute, FacetEntry, "articles", _same, finish, template, path, context=context,
                 feed=feed, shown=_nothing)


def unique_articles(items) -> list[AnnotatedArticle]:
    seen, result = set(), []
    for article in items:
        if id(article) not in seen:
            seen.add(id(article))
            result.append(article)
    return result


# ---------------------------------------------------------------- the four bundled facets


def tag_key(tag: str) -> str:
    return slugify(tag) or "tag"


def source_key(name: str) -> str:
    return slugify(name) or "source"


def tag_keys(item: AnnotatedArticle) -> list[str]:
    return list(dict.fromkeys(tag_key(tag) for tag in item.article.tags))


def _entity_mentions(item: AnnotatedArticle) -> dict[str, list[Mention]]:
    from .indexes import sentence_around

    text = item.article.text
    found: dict[str, list[Mention]] = {}
    sentences: dict[str, str] = {}  # mentions in one sentence share its string
    for entity in item.annotations.entities:
        sentence = sentence_around(text, entity.start, entity.end, item.article.lang)
        mention = Mention(item, sentences.setdefault(sentence, sentence), entity.start, entity.name, entity.type)
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
    from .indexes import sentence_around

    text = item.article.text
    found: dict[str, list] = {}
    for citation in item.annotations.citations:
        if citation.source:
            key = citation.source_key or source_key(citation.source)
            found.setdefault(key, []).append((item, citation, sentence_around(text, citation.start, citation.end,
                                                                                 item.article.lang)))
    return found


def _tagged(item: AnnotatedArticle) -> dict[str, list[AnnotatedArticle]]:
    return {key: [item] for key in tag_keys(item)}


def _finish_entity(entry: EntityEntry, language: str | None = None) -> None:
    """Name from the first mention in an article in ``language`` (the site's, which its entity pages
    are written in: ``Germany`` on an English site, ``Deutschland`` on a German one, for the key
    ``germany``), else from the first mention; type by majority (ties: the type seen first), as
    the lists stand."""
    named = entry.mentions
    local = [m for m in named if m.article.article.lang == language]
    first = (local or named)[0] if named else None
    entry.name = first.name if first else entry.name
    votes = Counter(m.type for m in entry.mentions)
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


def _tag_folded(tag: str) -> str:
    """Tags that differ only in case and spacing are one tag."""
    return " ".join(tag.split()).casefold()


def _finish_tag(entry: FacetEntry) -> None:
    """The tag's first spelling; two spellings that are not one tag but share the slug are an error."""
    first = None
    for item in entry.articles:
        for tag in item.article.tags:
            if tag_key(tag) != entry.key:
                continue
            if first is None:
                first, first_item = tag, item
            elif _tag_folded(first) != _tag_folded(tag):  # two tags, one page: say which
                raise SitegenError(
                    f"tag {tag!r} and tag {first!r} in {first_item.article.path} share the slug {entry.key!r}; rename one",
                    item.article.path,
                )
    entry.name = first


def _with_same_key(index: SiteIndex, entry: Any, own: str) -> dict:
    """An entity page's context: its entry and the speaker and source of the same key; a speaker's
    or source's: its entry and the entity of the same key."""
    if own == "entities":
        return {"entry": entry, "speaker": index.facet("speakers").get(entry.key),
                "source": index.facet("sources").get(entry.key)}
    return {"entry": entry, "entity": index.facet("entities").get(entry.key)}


def _tag_context(index: SiteIndex, entry: FacetEntry) -> dict:
    return {"key": entry.key, "name": entry.name, "items": entry.articles}


SAME_KEY = ("entities", "speakers", "sources")  # pages of one key link each other


def default_facets(language: str | None = None) -> list[Facet]:
    """The bundled table: entities, speakers, sources, tags (a new list each call: append to it);
    an entity named in several languages takes its name in the site's ``language``."""
    return [
        Facet("entities", _entity_mentions, lambda key: EntityEntry(key, "", ""), "mentions",
              lambda m: m.article, partial(_finish_entity, language=language), "entity.html", paths.entity,
              context=lambda index, entry: _with_same_key(index, entry, "entities"), related=SAME_KEY,
              shown=lambda m: (m.sentence, m.start, m.entity),
              listed=lambda e: (e.name, e.type, len(e.mentions))),
        Facet("speakers", _speaker_quotes, lambda key: SpeakerEntry(key, ""), "quotes",
              lambda q: q[0], _finish_speaker, "speaker.html", paths.speaker,
              context=lambda index, entry: _with_same_key(index, entry, "speakers"), related=SAME_KEY,
              shown=lambda q: q[1], listed=lambda e: (e.name, "", len(e.quotes))),
        Facet("sources", _source_citations, lambda key: SourceEntry(key, ""), "citations",
              lambda c: c[0], _finish_source, "source.html", paths.source,
              context=lambda index, entry: _with_same_key(index, entry, "sources"), related=SAME_KEY,
              shown=lambda c: (c[1], c[2]), listed=lambda e: (e.name, "", len(e.citations))),
        Facet("tags", _tagged, FacetEntry, "articles", _same, _finish_tag, "tag.html", paths.tag,
              context=_tag_context, feed=paths.tag_feed, shown=_nothing),
    ]


def site_facets(config: Config) -> list[Facet]:
    """The facet table ``config``'s site builds with when none is given to ``build`` or
    ``SiteState``: the bundled rows and those the site's plugins add (``Plugins.add_facet``)."""
    return [*default_facets(config.language), *config.extensions.facets]
