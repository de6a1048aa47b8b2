"""Publishing files beside the pages: Atom feeds (with ``feedgen``), ``sitemap.xml``, ``robots.txt``.

Feeds (``site_feeds``): ``feed.xml`` for the whole site, ``lang/<lang>/feed.xml`` per language and
one per entry of each facet with feeds (``tags/<key>/feed.xml`` per tag), each with the newest
``config.per_page`` articles, so a feed costs the same however large the archive grows. Every
URL comes from the renderer's ``Urls``; ``outputs.py`` makes the records that write these files.
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
SITEMAP_MAX_URLS = 50_000  # the sitemap protocol's limit for one file


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


def feed_articles(index: SiteIndex, config: Config) -> set[str]:
    """Slugs of the articles some feed shows (the newest ``config.per_page`` of each)."""
    return {item.article.slug for feed in site_feeds(index).values() for item in feed.articles()[: config.per_page]}


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


def article_dates(index: SiteIndex) -> dict[str, dt.date]:
    """Each dated article page's date: the ``lastmod`` of its sitemap entry."""
    return {paths.article(i.article.slug): i.article.date for i in index.articles if i.article.date}


def sitemap_xml(paths: Iterable[str], urls: Urls, lastmod: dict[str, dt.date] | None = None) -> bytes:
    """A sitemap (``urlset``) listing ``paths`` (output paths of HTML pages), as absolute URLs when known."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path in paths:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls.canonical(path)
        if lastmod and path in lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod[path].isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap_index_xml(parts: Iterable[str], urls: Urls) -> bytes:
    """A sitemap index (``sitemapindex``) listing the sitemaps at ``parts`` (output paths)."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for path in parts:
        ET.SubElement(ET.SubElement(root, f"{{{SITEMAP_NS}}}sitemap"), f"{{{SITEMAP_NS}}}loc").text = urls.absolute(path)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(urls: Urls) -> str:
    """Allows everything and names the sitemap, which must be an absolute URL: without a host in
    ``base_url`` the line is left as a comment."""
    sitemap = f"Sitemap: {urls.absolute(paths.SITEMAP)}"
    if not urls.absolute_base:
        sitemap = f"# {sitemap}  (set base_url with a host, e.g. https://user.github.io/repo/)"
    return f"User-agent: *\nAllow: /\n\n{sitemap}\n"


# The sitemap protocol (and search engines reading canonical and og:url) need absolute URLs.
RELATIVE_URLS_WARNING = (
    "warning: base_url is %r, without a host: sitemap.xml lists relative URLs and the pages have no canonical or "
    "og:url link; set base_url in sitegen.toml (or --base-url) to the published address, e.g. https://user.github.io/repo/"
)
