"""Markdown articles with YAML front matter (python-frontmatter), body rendered by Python-Markdown."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import yaml

from ..config import Config
from ..errors import SitegenError
from ..markup import plain_text as markdown_text
from ..model import Article
from .common import MetaChecker, TextOf, article_from_meta, read_text, yaml_key_lines
from .newscopy import split_dateline


def read_markdown(path: Path, config: Config, plain_text: TextOf = markdown_text) -> Article:
    raw = read_text(path)
    handler = frontmatter.YAMLHandler()
    try:
        post = frontmatter.loads(raw, handler=handler)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else None  # +1 for 0-based, +1 for the '---' line
        problem = exc.problem or exc.context or "invalid YAML"
        raise SitegenError(f"malformed front matter: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise SitegenError(f"malformed front matter: {exc}", path, 1) from None
    meta = post.metadata
    if not isinstance(meta, dict):
        raise SitegenError("front matter must be a mapping of keys to values", path, 2)
    yaml_text = raw.split("---", 2)[1] if raw.lstrip().startswith("---") else ""
    check = MetaChecker(path, yaml_key_lines(yaml_text.lstrip("\n"), 2))
    check.check_keys(meta)
    dateline, body = _opening_dateline(post.content)
    return article_from_meta(
        path, config, meta, check, body, fallback_title=_first_heading(body) or path.stem, dateline=dateline,
        plain_text=plain_text,
    )


def _opening_dateline(body: str) -> tuple[str | None, str]:
    """A dateline opening the first paragraph (``LISBON, Portugal –``) moves out of the body."""
    stripped = body.lstrip("\n")
    dateline, rest = split_dateline(stripped)
    return (dateline, rest) if dateline else (None, body)


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None
