"""The read stage: one reader per format turns a file in ``seeds/`` into an ``Article``.

``READERS`` are the bundled ones by file suffix; a plugin adds its own (``Plugins.add_reader``),
and ``readers_for(config)`` is the table a build uses."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from ..config import Config
from ..errors import SitegenError
from ..markup import plain_text as markdown_text
from ..model import Article
from ..selection import published, slug_clash
from .common import TextOf, check_content_file, in_content_folder
from .frontmatter_reader import read_markdown
from .newscopy import read_newscopy

NESTED_TOO_DEEPLY = "nested too deeply to convert (lists or block quotes inside each other hundreds of levels deep)"
READERS = {".md": read_markdown, ".markdown": read_markdown, ".txt": read_newscopy}
log = logging.getLogger("sitegen")


def readers_for(config: Config) -> dict[str, Callable]:
    """Suffix -> reader: the bundled readers and the plugins' (a plugin's wins for its suffix)."""
    return {**READERS, **config.extensions.readers}


def article_paths(content: Path, suffixes=READERS) -> list[Path]:
    """Every article file under ``content``, sorted; sidecars (``*.meta.yml``) are not articles.
    Links to folders are not followed; links to files are checked when the file is read
    (``read_article``: a file outside the content folder is an error)."""
    if not content.is_dir():
        raise SitegenError("content folder not found", content)
    paths = []
    for path in content.rglob("*"):
        if path.suffix.lower() not in suffixes:
            continue
        if path.is_symlink() and not path.exists():
            raise SitegenError("broken symbolic link: its target is missing or a link loop", path)
        if path.is_file():
            paths.append(path)
    return sorted(paths)


def read_article(path: Path, config: Config, plain_text: TextOf = markdown_text) -> Article:
    """``plain_text``: how a Markdown body becomes text (``markup.plain_text``, or a cache in front of it).
    A file of the content folder must be a regular file inside it after links are resolved; a
    file named outside it (``sitegen annotate FILE``) is read wherever it is."""
    reader = readers_for(config).get(path.suffix.lower())
    if reader is None:
        raise SitegenError(f"no reader for {path.suffix!r} files", path)
    if in_content_folder(path, config):
        check_content_file(path, config)
    try:
        return reader(path, config, plain_text)
    except RecursionError:  # Python-Markdown recurses once per level of nested lists and quotes
        raise SitegenError(NESTED_TOO_DEEPLY, path) from None


def read_articles(
    config: Config, drafts: bool = False, *, map_paths: Callable = map, plain_text: TextOf = markdown_text
) -> list[Article]:
    """Read every article; drafts only when asked; two articles may not share a slug.
    ``map_paths(read, paths)``: how the files are read, e.g. across processes (``parallel.forked_map``);
    the articles come back in the order of ``paths``."""
    articles = [article for part in read_in_parts(config, drafts, map_paths=map_paths, plain_text=plain_text)
                for article in part]
    report_languages(articles, config)
    return articles


def read_in_parts(
    config: Config, drafts: bool = False, *, map_paths: Callable = map, plain_text: TextOf = markdown_text,
    size: int | None = None,
) -> Iterator[list[Article]]:
    """``read_articles`` ``size`` files at a time (all at once when None), by the same rules: a
    build of a large archive annotates and indexes each part before it reads the next."""
    seen: dict[str, Path] = {}
    paths = article_paths(config.content_path, readers_for(config))
    size = size or len(paths) or 1
    for start in range(0, len(paths), size):
        part = paths[start : start + size]
        articles: list[Article] = []
        for path, article in zip(part, map_paths(lambda path: read_article(path, config, plain_text), part), strict=True):
            if article.slug in seen:
                raise slug_clash(article, path, seen[article.slug])
            seen[article.slug] = path
            if published(article, config, drafts):
                articles.append(article)
        yield articles


def report_languages(articles: list[Article], config: Config) -> None:
    """One log line per language of ``articles`` that has no language profile (``languages``)."""
    languages = config.extensions.languages
    counts = Counter(article.lang for article in articles if not languages.has_profile(article.lang))
    for lang, count in sorted(counts.items()):
        log.info("%d article%s in %s: %s", count, "" if count == 1 else "s", lang, languages.profile(lang).describe())
