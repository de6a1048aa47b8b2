"""Which pages the site has: each a path, a template, a language and its context."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError

from . import paths
from .config import Config
from .facets import Facet
from .indexes import SiteIndex
from .model import AnnotatedArticle


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


def article_pages(index: SiteIndex) -> Iterator[Page]:
    for item in index.articles:
        yield article_page(item)


def listing_pages(index: SiteIndex, config: Config) -> Iterator[Page]:
    chunks = paginate(index.articles, config.per_page)
    for number, chunk in enumerate(chunks, 1):
        yield Page(
            paths.listing(number),
            "index.html",
            config.language,
            {"items": chunk, "page_number": number, "page_count": len(chunks), "index": index},
            tuple(i.article.slug for i in chunk),
        )


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


def facet_pages(index: SiteIndex, config: Config) -> Iterator[Page]:
    """The entity listing, then the page of every entry of every facet, in table order."""
    yield entity_listing(index, config)
    for facet in index.facets:
        if facet.template is not None:
            for key in index.facet(facet.name):
                yield facet_page(index, config, facet, key)


def language_name(lang: str) -> str:
    """``de`` -> ``Deutsch``: a language's name in that language (Babel's CLDR data)."""
    try:
        name = Locale.parse(lang).get_display_name(lang)
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:] if name else lang


def language_pages(index: SiteIndex, config: Config) -> Iterator[Page]:
    """A listing per language: ``lang/de/``, paginated like the index, in that language."""
    for lang, articles in sorted(index.languages.items()):
        chunks = paginate(articles, config.per_page)
        for number, chunk in enumerate(chunks, 1):
            yield Page(paths.language(lang, number), "language.html", lang,
                       {"listing_lang": lang, "name": language_name(lang), "items": chunk,
                        "page_number": number, "page_count": len(chunks)},
                       tuple(i.article.slug for i in chunk))


def search_languages(index: SiteIndex, config: Config) -> list[str]:
    return sorted(set(index.languages) | {config.language})


def search_and_error_pages(index: SiteIndex, config: Config) -> Iterator[Page]:
    """A search page per language (Pagefind searches the index of the page's ``<html lang>``), and 404.html."""
    for lang in search_languages(index, config):
        yield Page(paths.search(lang), "search.html", lang, {"search_lang": lang})
    yield Page(paths.NOT_FOUND, "404.html", config.language, {"page_path": ""})  # shown at any address: no canonical URL


UNLISTED_TEMPLATES = frozenset({"search.html", "404.html"})  # left out of sitemap.xml


def site_pages(index: SiteIndex, config: Config) -> list[Page]:
    pages = [
        *listing_pages(index, config),
        *article_pages(index),
        *facet_pages(index, config),
        *language_pages(index, config),
        *search_and_error_pages(index, config),
    ]
    return with_site_context(pages, index, config)


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


def sitemap_paths(index: SiteIndex, config: Config) -> list[str]:
    """The paths of the pages ``sitemap.xml`` lists, in the order of ``site_pages``, without
    making the pages (``sitegen serve`` asks after each edit)."""
    def counted(items: list) -> range:
        return range(1, len(paginate(items, config.per_page)) + 1)

    return [
        *(paths.listing(number) for number in counted(index.articles)),
        *(paths.article(item.article.slug) for item in index.articles),
        paths.ENTITY_LISTING,
        *(facet.path(key) for facet in index.facets if facet.template is not None for key in index.facet(facet.name)),
        *(paths.language(lang, number) for lang, items in sorted(index.languages.items()) for number in counted(items)),
    ]
