"""Which articles a site publishes: the rules a full build (``read.read_articles``) and an
incremental rebuild (``incremental.SiteState``) both apply, written once.

- A draft (``draft: true``) is left out unless drafts are asked for (``--drafts`` or
  ``drafts = true`` in ``sitegen.toml``).
- Two article files may not share a slug: the second one found is an error naming both.
"""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .errors import SitegenError
from .model import Article


def published(article: Article, config: Config, drafts: bool = False) -> bool:
    """Whether ``article`` is on the site: not a draft, or drafts asked for (``drafts`` or the config)."""
    return not article.draft or drafts or config.drafts


def slug_clash(article: Article, path: Path, owner: Path) -> SitegenError:
    """The error of the file ``path`` whose article has the slug of the file ``owner``."""
    return SitegenError(f"slug {article.slug!r} is also used by {owner}", path)
