"""Every address of the site: where each output lives in the output folder, and its URL path.

This module is the one owner of output paths: pages, feeds, ``sitemap.xml``, the renderer's
``Urls`` (templates), search and ``sitegen serve`` all ask it. A URL path is ``url_path`` of the
output path, under the site's base path.

Articles and the pages per entity, speaker and source are files (``articles/<slug>.html``,
``entities/<key>.html``): a site has thousands of them, and a folder per page doubled the
filesystem work of a build (creating, and on the next build removing, one folder per page).
Listings with feeds beside them keep their folders (``tags/<key>/``, ``lang/<lang>/``) and are
linked as folders; ``.html`` files are linked by their file name, which works on any static host.
"""

from __future__ import annotations


def article(slug: str) -> str:
    return f"articles/{slug}.html"


def article_json(slug: str) -> str:
    """The article's annotations (``sitegen annotate --json``) beside its page."""
    return f"articles/{slug}.json"


def entity(key: str) -> str:
    return f"entities/{key}.html"


def speaker(key: str) -> str:
    return f"speakers/{key}.html"


def source(key: str) -> str:
    return f"sources/{key}.html"


def tag(key: str) -> str:
    return f"tags/{key}/index.html"


def tag_feed(key: str) -> str:
    return f"tags/{key}/feed.xml"


def listing(number: int = 1) -> str:
    """The home listing's page ``number`` (1: the home page)."""
    return "index.html" if number == 1 else f"page/{number}/index.html"


def language(lang: str, number: int = 1) -> str:
    """Page ``number`` of the listing of the articles in ``lang``."""
    return f"lang/{lang}/index.html" if number == 1 else f"lang/{lang}/page/{number}/index.html"


def language_feed(lang: str) -> str:
    return f"lang/{lang}/feed.xml"


def feed_of(listing_path: str) -> str:
    """The Atom feed beside a listing's first page (``tags/x/index.html`` -> ``tags/x/feed.xml``)."""
    return folder_of(listing_path) + "feed.xml"


def folder_of(path: str) -> str:
    """The folder part of an output path, with its slash (``""`` at the top)."""
    return path[: path.rfind("/") + 1]


def search(lang: str) -> str:
    return f"search/{lang}/index.html"


def static(name: str) -> str:
    return f"static/{name}"


def search_bundle(name: str = "") -> str:
    """A file of Pagefind's bundle, or (``""``) its folder."""
    return f"{SEARCH_BUNDLE}/{name}"


def search_shard(number: int, name: str = "") -> str:
    """A file of search bundle ``number`` (2, 3, …; the first is ``search_bundle``), or its folder:
    a site of more than ``search_shard_size`` articles is indexed in parts, one bundle each."""
    return search_bundle(f"shards/{number}/{name}")


ENTITY_LISTING = "entities/index.html"
SITE_FEED = "feed.xml"
SITEMAP = "sitemap.xml"
SITEMAP_PART = "sitemaps/sitemap-{number}.xml"  # the parts a sitemap index lists (over 50,000 URLs)
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
NO_JEKYLL = ".nojekyll"  # GitHub Pages serves folders starting with _ (Pagefind's) only with it
SEARCH_BUNDLE = "pagefind"  # the folder Pagefind writes its index into
ARTICLE_PAGES = "articles/*.html"  # a glob of every article page (Pagefind reads only these)


def file_of(url_path: str) -> str:
    """The output file a URL path (under the base path) shows: the inverse of ``url_path``
    (``tags/x/`` -> ``tags/x/index.html``, ``articles/x.html`` -> itself)."""
    return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path


def url_path(path: str) -> str:
    """The URL path (under the base path) of the output file ``path``: a folder's ``index.html``
    is reached at the folder (``tags/x/index.html`` -> ``tags/x/``), any other file by its name."""
    if path == "index.html" or path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path
