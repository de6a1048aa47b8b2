"""The read stage: one reader per format turns a file in ``seeds/`` into an ``Article``."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..errors import SitegenError
from ..model import Article
from .frontmatter_reader import read_markdown
from .newscopy import read_newscopy

READERS = {".md": read_markdown, ".markdown": read_markdown, ".txt": read_newscopy}


def article_paths(content: Path) -> list[Path]:
    """Every article file under ``content``, sorted; sidecars (``*.meta.yml``) are not articles."""
    if not content.is_dir():
        raise SitegenError("content folder not found", content)
    paths = []
    for path in content.rglob("*"):
        if path.suffix.lower() not in READERS:
            continue
        if path.is_symlink() and not path.exists():
            raise SitegenError("broken symbolic link: its target is missing or a link loop", path)
        if path.is_file():
            paths.append(path)
    return sorted(paths)


def read_article(path: Path, config: Config) -> Article:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SitegenError(f"no reader for {path.suffix!r} files", path)
    return reader(path, config)


def read_articles(config: Config, drafts: bool = False) -> list[Article]:
    """Read every article; drafts only when asked; two articles may not share a slug."""
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in article_paths(config.content_path):
        article = read_article(path, config)
        if article.slug in seen:
            raise SitegenError(
                f"slug {article.slug!r} is also used by {seen[article.slug]}", path
            )
        seen[article.slug] = path
        if article.draft and not drafts:
            continue
        articles.append(article)
    return articles
