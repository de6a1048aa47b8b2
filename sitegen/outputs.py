"""Every output of a site as data: one record per file, with its path, how it is made and what it
depends on.

``site_outputs`` lists them all: the pages (``pages.page_slots``), each article's annotations
(JSON), the Atom feeds (``feeds.site_feeds``), ``sitemap.xml``, ``robots.txt``, the static files
(the bundled ones, replaced name by name by the site's own), ``.nojekyll`` and the Pagefind
bundle (made by ``search.SearchIndexing`` from the article pages, not by ``make``). A full build
(``build.render_site``) writes them all; ``sitegen serve`` (``incremental.SiteState``) lists them
again after a change and writes the records that differ from the last list, so there is one rule
for what the site holds: which pages, which feeds show which articles, what the sitemap lists,
which static file wins.

A record depends on ``articles`` (slugs of the articles whose content it shows: it is made again
when one of them changes), its ``template`` (and what that template includes), and ``data``
(everything else it shows, as a value to compare: a page's plain context, a feed's title, the
sitemap's paths and dates, a static file's source and its size and time).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .config import Config
from .feeds import (
    SITEMAP_MAX_URLS,
    Feed,
    article_dates,
    atom_feed,
    robots_txt,
    site_feeds,
    sitemap_index_xml,
    sitemap_xml,
)
from .indexes import SiteIndex
from .model import AnnotatedArticle
from .pages import Page, page_slots, sitemap_paths, with_site_context
from .render import Renderer, annotations_json, bundled_templates, dump_json
from .search import search_bundles

log = logging.getLogger("sitegen")

# What makes a record: the kinds ``write_output`` knows.
PAGE, ANNOTATIONS, FEED, SITEMAP, ROBOTS, STATIC, MARKER, SEARCH = (
    "page", "annotations", "feed", "sitemap", "robots", "static", "marker", "search")


@dataclass
class Output:
    """One file (or, for ``search``, folder) of the site and what it is made from."""

    path: str  # relative to the output folder (``paths``)
    kind: str
    make: Callable[[], str | bytes] | None = None  # its content; None: copied from ``source`` or made elsewhere
    articles: tuple[str, ...] = ()
    template: str | None = None
    data: object = ""  # the plain (non-article) data it shows, as a value to compare
    source: Path | None = None  # a static file's source

    def same_inputs(self, before: Output) -> bool:
        """Whether ``before`` (the last list's record of the same path) was made from the same
        articles and data (changed articles and templates are the caller's to check)."""
        return before.articles == self.articles and before.data == self.data and before.source == self.source


def _plain(value) -> bool:
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def plain_data(context: dict, seen: dict[int, str] | None = None) -> str:
    """The context values that are plain data, as text; article-derived objects are covered by slugs.
    ``seen`` remembers values shared by many pages (the site's languages) by identity."""
    seen = {} if seen is None else seen
    parts = []
    for key in sorted(context):
        value = context[key]
        if id(value) not in seen:
            seen[id(value)] = repr(value) if _plain(value) else ""
        if seen[id(value)]:
            parts.append(f"{key}={seen[id(value)]}")
    return "\n".join(parts)


# ---------------------------------------------------------------- one kind at a time


def page_outputs(pages: list[Page], renderer: Renderer) -> list[Output]:
    """The records of ``pages`` (rendered with their template)."""
    seen: dict[int, str] = {}
    outputs = []
    for page in pages:
        data = plain_data(page.context, seen)
        extra = page.data
        outputs.append(Output(
            page.path, PAGE, lambda page=page: renderer.render(page.template, page.lang, **page.context),
            page.articles, page.template, f"{data}\n{extra!r}" if extra else data,
        ))
    return outputs


def annotation_outputs(articles: list[AnnotatedArticle]) -> list[Output]:
    """Each article's annotations as JSON, beside its page."""
    return [Output(paths.article_json(item.article.slug), ANNOTATIONS,
                   lambda item=item: dump_json(annotations_json(item)), (item.article.slug,))
            for item in articles]


class FeedBodies:
    """Article bodies as feed entries show them: rendered once each (or taken from ``known``, the
    bodies a build's workers rendered with the pages), footnote links pointing into the page."""

    def __init__(self, renderer: Renderer, known: dict[str, str] | None = None):
        self.renderer = renderer
        self.known = {} if known is None else known
        self.made: dict[str, str] = {}

    def __call__(self, item: AnnotatedArticle) -> str:
        slug = item.article.slug
        if slug not in self.made:
            body = self.known.get(slug)
            if body is None:
                body = self.renderer.article_body(item)
            # footnote links point into the article page, not into the feed
            self.made[slug] = body.replace('href="#', f'href="{self.renderer.urls.absolute(paths.article(slug))}#')
        return self.made[slug]


def feed_output(feed: Feed, config: Config, renderer: Renderer, body: FeedBodies) -> Output:
    chosen = feed.articles()[: config.per_page]
    return Output(
        feed.path, FEED,
        lambda: atom_feed(feed.articles(), path=feed.path, title=config.title + feed.title, config=config,
                          urls=renderer.urls, body=body, alternate=paths.url_path(feed.alternate)),
        tuple(item.article.slug for item in chosen), data=(feed.title, feed.alternate),
    )


def feed_outputs(index: SiteIndex, config: Config, renderer: Renderer, body: FeedBodies | None = None) -> list[Output]:
    """Every feed: the site's, one per language, one per entry of each facet with feeds."""
    body = body or FeedBodies(renderer)
    return [feed_output(feed, config, renderer, body) for feed in site_feeds(index).values()]


def sitemap_outputs(index: SiteIndex, config: Config, renderer: Renderer, slots=None) -> list[Output]:
    """``sitemap.xml``: every page ``pages.sitemap_paths`` lists, with the articles' dates. The
    sitemap protocol allows 50,000 URLs a file (``SITEMAP_MAX_URLS``): a larger site's
    ``sitemap.xml`` is a sitemap index of parts (``paths.SITEMAP_PART``) of up to that many each."""
    limit = SITEMAP_MAX_URLS
    listed = sitemap_paths(page_slots(index, config) if slots is None else slots)
    dates = article_dates(index)
    if len(listed) <= limit:
        return [Output(paths.SITEMAP, SITEMAP, lambda: sitemap_xml(listed, renderer.urls, dates),
                       data=(tuple(listed), tuple(dates.items())))]
    parts = []
    for number, first in enumerate(range(0, len(listed), limit), start=1):
        chunk = tuple(listed[first:first + limit])
        chunk_dates = {path: dates[path] for path in chunk if path in dates}
        parts.append(Output(paths.SITEMAP_PART.format(number=number), SITEMAP,
                            lambda chunk=chunk, chunk_dates=chunk_dates: sitemap_xml(chunk, renderer.urls, chunk_dates),
                            data=(chunk, tuple(chunk_dates.items()))))
    part_paths = tuple(part.path for part in parts)
    return [Output(paths.SITEMAP, SITEMAP, lambda: sitemap_index_xml(part_paths, renderer.urls), data=part_paths),
            *parts]


def robots_output(renderer: Renderer) -> Output:
    return Output(paths.ROBOTS, ROBOTS, lambda: robots_txt(renderer.urls), data=renderer.urls.absolute_base)


def static_files(config: Config) -> dict[str, Path]:
    """Output path -> source of every static file: the bundled ones, replaced name by name by the site's own."""
    files: dict[str, Path] = {}
    for folder in (bundled_templates() / "static", config.templates_path / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    files[paths.static(path.relative_to(folder).as_posix())] = path
    return files


def _stat(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def static_outputs(config: Config) -> list[Output]:
    """The static files (copied; a record changes with its source file) and ``.nojekyll``."""
    outputs = [Output(relative, STATIC, source=source, data=_stat(source))
               for relative, source in static_files(config).items()]
    outputs.append(Output(paths.NO_JEKYLL, MARKER, lambda: ""))
    return outputs


def search_output(index: SiteIndex, config: Config) -> Output:
    """The Pagefind bundle: made from the article pages by ``search.SearchIndexing``; its data
    lists the bundle folders (``search.search_bundles``: more than one past ``search_shard_size``
    articles, the later ones inside the first, ``pagefind/shards/N/``)."""
    bundles = search_bundles(index, config.search_shard_size)
    return Output(paths.search_bundle(), SEARCH, articles=tuple(item.article.slug for item in index.articles),
                  data=tuple(bundle.path for bundle in bundles))


# ---------------------------------------------------------------- the whole list


def site_outputs(index: SiteIndex, config: Config, renderer: Renderer, pages: list[Page] | None = None,
                 bodies: dict[str, str] | None = None) -> list[Output]:
    """Every output of the site, in the order a build writes them: pages (``pages``, when made
    already), annotations, feeds, ``sitemap.xml``, ``robots.txt``, static files, ``.nojekyll``, the
    search bundle. ``bodies``: article bodies rendered already, by slug (filled in later is fine:
    the feeds read it when they are made)."""
    slots = page_slots(index, config)
    if pages is None:
        pages = with_site_context([slot.make() for slot in slots], index, config)
    return [
        *page_outputs(pages, renderer),
        *annotation_outputs(index.articles),
        *feed_outputs(index, config, renderer, FeedBodies(renderer, bodies)),
        *sitemap_outputs(index, config, renderer, slots),
        robots_output(renderer),
        *static_outputs(config),
        search_output(index, config),
    ]


def write_output(output: Output, write: Callable[[str, str | bytes], object],
                 copy: Callable[[Path, str], object] | None = None) -> object:
    """Write ``output`` with ``write(path, content)`` (or ``copy(source, path)`` for a static file,
    when given); returns what they return. The search bundle is not written here."""
    if output.kind == SEARCH:
        return None
    if output.make is None:
        if copy is not None:
            return copy(output.source, output.path)
        return write(output.path, output.source.read_bytes())
    return write(output.path, output.make())
