"""Where each page lives in the output folder, and the URL path that reaches it.

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


ARTICLE_PAGES = "articles/*.html"  # a glob of every article page (Pagefind reads only these)


def url_path(path: str) -> str:
    """The URL path (under the base path) of the output file ``path``: a folder's ``index.html``
    is reached at the folder (``tags/x/index.html`` -> ``tags/x/``), any other file by its name."""
    if path == "index.html" or path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path
