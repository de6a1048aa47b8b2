"""Publishing files beside the pages: Atom feeds (with ``feedgen``), ``sitemap.xml``, ``robots.txt``.

Feeds: ``feed.xml`` for the whole site, ``lang/<lang>/feed.xml`` per language and
``tags/<key>/feed.xml`` per tag, each with the newest ``config.per_page`` articles, so a feed
costs the same however large the archive grows. Every URL comes from the renderer's ``Urls``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from feedgen.feed import FeedGenerator

from . import paths
from .config import Config
from .indexes import SiteIndex
from .model import AnnotatedArticle
from .render import Urls

log = logging.getLogger("sitegen")

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Feed:
    """One Atom feed: its output path, what its title adds to the site's, the listing it stands
    for, and which articles it picks from (the site's, a language's or a facet entry's)."""

    path: str
    title: str  # after the site's title: ``""``, ``" (de)"``, ``": <tag name>"``
    alternate: str  # output path of the listing it stands for
    articles: Callable[[], list[AnnotatedArticle]]


def site_feeds(index: SiteIndex) -> dict[str, Feed]:
    """Every feed the site has, by output path: the whole site's, one per language, one per entry
    of each facet with feeds (tags)."""
    feeds = {paths.SITE_FEED: Feed(paths.SITE_FEED, "", paths.listing(), lambda: index.articles)}
    for lang in index.languages:
        path = paths.language_feed(lang)
        feeds[path] = Feed(path, f" ({lang})", paths.language(lang), lambda lang=lang: index.languages.get(lang, []))
    for facet in index.facets:
        if facet.feed is not None:
            for key, entry in index.facet(facet.name).items():
                path = facet.feed(key)
                feeds[path] = Feed(path, f": {entry.name}", facet.path(key),
                                   lambda facet=facet, entry=entry: facet.articles_of(entry))
    return feeds


def feed_paths(index: SiteIndex) -> set[str]:
    return set(site_feeds(index))


def feeds_of(index: SiteIndex, item: AnnotatedArticle) -> list[str]:
    """The feeds ``item`` may be in: the site's, its language's and its facet entries'."""
    found = [paths.SITE_FEED, paths.language_feed(item.article.lang)]
    for facet in index.facets:
        if facet.feed is not None:
            found += [facet.feed(key) for key in facet.contribute(item)]
    return found


def feed_articles(index: SiteIndex, config: Config) -> set[str]:
    """Slugs of the articles some feed shows (the newest ``config.per_page`` of each)."""
    return {item.article.slug for feed in site_feeds(index).values() for item in feed.articles()[: config.per_page]}


def feeds_showing(index: SiteIndex, items: list[AnnotatedArticle], per_page: int) -> set[str]:
    """The feeds among whose newest ``per_page`` articles any of ``items`` is."""
    ids = {id(item) for item in items}
    feeds = site_feeds(index)
    shown = set()
    for item in items:
        for path in feeds_of(index, item):
            feed = feeds.get(path)
            if feed is not None and any(id(i) in ids for i in feed.articles()[:per_page]):
                shown.add(path)
    return shown


def _moment(day: dt.date | None) -> dt.datetime:
    day = day or dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _feed_id(urls: Urls, path: str) -> str:
    """Atom ids must be absolute IRIs: the absolute URL when the base URL names a host."""
    return urls.absolute(path) if urls.absolute_base else f"urn:sitegen:{path.strip('/') or 'home'}"


def atom_feed(
    items: list[AnnotatedArticle],
    *,
    path: str,
    title: str,
    config: Config,
    urls: Urls,
    body: Callable[[AnnotatedArticle], str],
    alternate: str,
) -> bytes:
    """One Atom document for ``items`` (newest first), published at ``path``."""
    chosen = items[: config.per_page]
    feed = FeedGenerator()
    feed.id(_feed_id(urls, path))
    feed.title(title)
    feed.subtitle(config.description)
    feed.language(config.language)
    feed.link(href=urls.absolute(path), rel="self", type="application/atom+xml")
    feed.link(href=urls.absolute(alternate), rel="alternate", type="text/html")
    feed.generator("sitegen")
    feed.updated(max((_moment(i.article.date) for i in chosen), default=_moment(None)))
    for item in reversed(chosen):  # feedgen prepends each entry: add oldest first, newest ends on top
        article = item.article
        entry = feed.add_entry()
        link = urls.absolute(paths.article(article.slug))
        entry.id(link if urls.absolute_base else f"urn:sitegen:article:{article.slug}")
        entry.title(article.title)
        entry.link(href=link, rel="alternate", type="text/html", hreflang=article.lang)
        entry.updated(_moment(article.date))
        entry.published(_moment(article.date))
        entry.author({"name": article.author or config.title})
        for tag in article.tags:
            entry.category(term=tag)
        if article.summary:
            entry.summary(article.summary)
        entry.content(body(item), type="html")
    return feed.atom_str(pretty=True)


def write_feeds(index: SiteIndex, config: Config, urls: Urls, body: Callable[[AnnotatedArticle], str], write,
                only: set[str] | None = None) -> list[str]:
    """Write every feed (or those of ``only``) with ``write(path, bytes)``; article bodies are rendered once each."""
    bodies: dict[str, str] = {}

    def cached_body(item: AnnotatedArticle) -> str:
        slug = item.article.slug
        if slug not in bodies:
            # footnote links point into the article page, not into the feed
            bodies[slug] = body(item).replace('href="#', f'href="{urls.absolute(paths.article(slug))}#')
        return bodies[slug]

    written = []
    for path, feed in site_feeds(index).items():
        if only is not None and path not in only:
            continue
        write(path, atom_feed(feed.articles(), path=path, title=config.title + feed.title, config=config, urls=urls,
                              body=cached_body, alternate=paths.url_path(feed.alternate)))
        written.append(path)
    return written


def article_dates(index: SiteIndex) -> dict[str, dt.date]:
    """Each dated article page's date: the ``lastmod`` of its sitemap entry."""
    return {paths.article(i.article.slug): i.article.date for i in index.articles if i.article.date}


def sitemap_xml(paths: Iterable[str], urls: Urls, lastmod: dict[str, dt.date] | None = None) -> bytes:
    """``sitemap.xml`` listing ``paths`` (output paths of HTML pages), as absolute URLs when known."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path in paths:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls.canonical(path)
        if lastmod and path in lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod[path].isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(urls: Urls) -> str:
    """Allows everything and names the sitemap, which must be an absolute URL: without a host in
    ``base_url`` the line is left as a comment."""
    sitemap = f"Sitemap: {urls.absolute(paths.SITEMAP)}"
    if not urls.absolute_base:
        sitemap = f"# {sitemap}  (set base_url with a host, e.g. https://user.github.io/repo/)"
    return f"User-agent: *\nAllow: /\n\n{sitemap}\n"


def write_publishing_files(index: SiteIndex, pages: list, renderer, staged, bodies: dict[str, str] | None = None) -> None:
    """Feeds, ``sitemap.xml`` and ``robots.txt`` into the staged site (``renderer``: a ``render.Renderer``);
    ``bodies``: article bodies already rendered, by slug (the others are rendered here)."""
    from .pages import UNLISTED_TEMPLATES

    urls, config = renderer.urls, renderer.config
    known = bodies or {}

    def body(item: AnnotatedArticle) -> str:
        found = known.get(item.article.slug)
        return found if found is not None else renderer.article_body(item)

    write_feeds(index, config, urls, body, staged.write)
    dates = article_dates(index)
    listed = [page.path for page in pages if page.template not in UNLISTED_TEMPLATES]
    staged.write(paths.SITEMAP, sitemap_xml(listed, urls, dates))
    staged.write(paths.ROBOTS, robots_txt(urls))
    if not urls.absolute_base:
        log.warning(RELATIVE_URLS_WARNING, config.base_url)


# The sitemap protocol (and search engines reading canonical and og:url) need absolute URLs.
RELATIVE_URLS_WARNING = (
    "warning: base_url is %r, without a host: sitemap.xml lists relative URLs and the pages have no canonical or "
    "og:url link; set base_url in sitegen.toml (or --base-url) to the published address, e.g. https://user.github.io/repo/"
)
