"""Which pages the site has: each a path, a template, a language and its context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from babel import Locale, UnknownLocaleError

from . import paths
from .config import Config
from .facets import Facet
from .indexes import SiteIndex
from .model import AnnotatedArticle
from .search import search_bundles


@dataclass
class Page:
    path: str  # relative to the output folder, e.g. "articles/slug.html" (``paths``)
    template: str
    lang: str
    context: dict = field(default_factory=dict)
    # Slugs of every article whose content this page shows: `sitegen serve` re-renders the page
    # when one of them changes or the tuple itself changes (incremental.py). A page that shows
    # data of other index entries (an entity page linking its speaker page) lists their articles too.
    articles: tuple[str, ...] = ()
    # Plain data besides ``articles`` that decides the page's content (compared the same way).
    data: tuple = ()


def paginate(items: list, per_page: int) -> list[list]:
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def article_page(item: AnnotatedArticle) -> Page:
    slug = item.article.slug
    return Page(paths.article(slug), "article.html", item.article.lang, {"item": item}, (slug,))


def listing_page(index: SiteIndex, config: Config, chunks: list[list[AnnotatedArticle]], number: int) -> Page:
    chunk = chunks[number - 1]
    return Page(paths.listing(number), "index.html", config.language,
                {"items": chunk, "page_number": number, "page_count": len(chunks), "index": index},
                tuple(i.article.slug for i in chunk))


def listing_pages(index: SiteIndex, config: Config) -> Iterator[Page]:
    chunks = paginate(index.articles, config.per_page)
    for number in range(1, len(chunks) + 1):
        yield listing_page(index, config, chunks, number)


def _slugs(*groups) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.article.slug for group in groups for item in group))


def _related(index: SiteIndex, facet: Facet, key: str) -> list[list[AnnotatedArticle]]:
    """The articles behind the entry ``key`` of ``facet`` and of the facets it shows beside it."""
    found = []
    for other in index.facets:
        if other is facet or other.name in facet.related:
            entry = index.facet(other.name).get(key)
            found.append([other.article(value) for value in other.items_of(entry)] if entry is not None else [])
    return found


def entity_listing(index: SiteIndex, config: Config) -> Page:
    # The entity listing shows every entity's name, type and mention count,
    # and every speaker's and source's name and count (the sections #speakers and #sources).
    speakers, sources = index.speakers_listed(), index.sources_listed()
    listed = (
        tuple((e.key, e.name, e.type, len(e.mentions)) for e in index.entities.values()),
        tuple((e.key, e.name, len(e.quotes)) for e in speakers),
        tuple((e.key, e.name, len(e.citations)) for e in sources),
    )
    return Page(paths.ENTITY_LISTING, "entities.html", config.language,
                {"groups": index.entities_by_type(), "speakers": speakers, "sources": sources}, data=listed)


def facet_page(index: SiteIndex, config: Config, facet: Facet, key: str) -> Page | None:
    """The page of the entry ``key`` of ``facet`` (None when there is no such entry or the facet
    has no pages)."""
    entry = index.facet(facet.name).get(key)
    if entry is None or facet.template is None:
        return None
    return Page(facet.path(key), facet.template, config.language, facet.context(index, entry),
                _slugs(*_related(index, facet, key)))


def language_name(lang: str) -> str:
    """``de`` -> ``Deutsch``: a language's name in that language (Babel's CLDR data)."""
    try:
        name = Locale.parse(lang).get_display_name(lang)
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:] if name else lang


def language_page(lang: str, chunks: list[list[AnnotatedArticle]], number: int) -> Page:
    """Page ``number`` of the listing of the articles in ``lang``, in that language."""
    chunk = chunks[number - 1]
    return Page(paths.language(lang, number), "language.html", lang,
                {"listing_lang": lang, "name": language_name(lang), "items": chunk,
                 "page_number": number, "page_count": len(chunks)},
                tuple(i.article.slug for i in chunk))


def language_pages(index: SiteIndex, config: Config) -> Iterator[Page]:
    """A listing per language: ``lang/de/``, paginated like the index."""
    for lang, articles in sorted(index.languages.items()):
        chunks = paginate(articles, config.per_page)
        for number in range(1, len(chunks) + 1):
            yield language_page(lang, chunks, number)


def search_languages(index: SiteIndex, config: Config) -> list[str]:
    return sorted(set(index.languages) | {config.language})


@dataclass(frozen=True)
class PageSlot:
    """A page of the site before it is made: its path and template, and how to make it."""

    path: str
    template: str
    make: Callable[[], Page]


def page_slots(index: SiteIndex, config: Config) -> list[PageSlot]:
    """Every page of the site, in order: listing pages, articles, the entity listing, each
    facet's pages (in table order), the language listings, a search page per language, 404.
    This is the one list of the site's pages: ``site_pages`` makes them, ``sitemap_paths``
    lists their paths without making them (``sitegen serve`` asks after each edit)."""
    slots = []
    chunks = paginate(index.articles, config.per_page)
    slots += [PageSlot(paths.listing(n), "index.html", partial(listing_page, index, config, chunks, n))
              for n in range(1, len(chunks) + 1)]
    slots += [PageSlot(paths.article(item.article.slug), "article.html", partial(article_page, item))
              for item in index.articles]
    slots.append(PageSlot(paths.ENTITY_LISTING, "entities.html", partial(entity_listing, index, config)))
    for facet in index.facets:
        if facet.template is not None:
            slots += [PageSlot(facet.path(key), facet.template, partial(facet_page, index, config, facet, key))
                      for key in index.facet(facet.name)]
    for lang, articles in sorted(index.languages.items()):
        chunks = paginate(articles, config.per_page)
        slots += [PageSlot(paths.language(lang, n), "language.html", partial(language_page, lang, chunks, n))
                  for n in range(1, len(chunks) + 1)]
    shards = search_shards(index, config)
    slots += [PageSlot(paths.search(lang), "search.html", partial(search_page, lang, shards))
              for lang in search_languages(index, config)]
    slots.append(PageSlot(paths.NOT_FOUND, "404.html", partial(not_found_page, config)))
    return slots


def search_page(lang: str, shards: list[tuple[str, str]] = ()) -> Page:
    """A search page per language: Pagefind searches the index of the page's ``<html lang>``
    (and merges in ``shards``, the bundles past the first of a large site)."""
    context = {"search_lang": lang}
    if shards:
        context["search_shards"] = list(shards)
    return Page(paths.search(lang), "search.html", lang, context)


def search_shards(index: SiteIndex, config: Config) -> list[tuple[str, str]]:
    """(folder, language) of each language index in the search bundles past the first
    (``search.search_bundles``): none for a site of ``search_shard_size`` articles or fewer."""
    return [(bundle.path, lang) for bundle in search_bundles(index, config.search_shard_size)[1:]
            for lang in bundle.languages]


def search_pages(index: SiteIndex, config: Config) -> list[Page]:
    """The search pages, one per language (``sitegen serve`` makes them again when the bundles change)."""
    shards = search_shards(index, config)
    return [search_page(lang, shards) for lang in search_languages(index, config)]


def not_found_page(config: Config) -> Page:
    return Page(paths.NOT_FOUND, "404.html", config.language, {"page_path": ""})  # shown at any address: no canonical URL


UNLISTED_TEMPLATES = frozenset({"search.html", "404.html"})  # left out of sitemap.xml


def site_pages(index: SiteIndex, config: Config) -> list[Page]:
    return with_site_context([slot.make() for slot in page_slots(index, config)], index, config)


def sitemap_paths(slots: list[PageSlot]) -> list[str]:
    """The paths of the pages ``sitemap.xml`` lists: every page but search pages and 404."""
    return [slot.path for slot in slots if slot.template not in UNLISTED_TEMPLATES]


def with_site_context(pages: list[Page], index: SiteIndex, config: Config) -> list[Page]:
    """Give each page what every page shows: its own path, the site's languages, the search languages."""
    languages = site_languages(index)
    searches = search_languages(index, config)
    for page in pages:
        page.context.setdefault("page_path", page.path)
        page.context.setdefault("site_languages", languages)
        page.context.setdefault("search_languages", searches)
    return pages


def site_languages(index: SiteIndex) -> dict[str, str]:
    return {lang: language_name(lang) for lang in sorted(index.languages)}
