"""Markdown articles with YAML front matter (python-frontmatter), body rendered by Python-Markdown."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import yaml

from ..config import Config
from ..errors import SitegenError
from ..markup import plain_text as markdown_text
from ..model import Article
from .common import MetaChecker, TextOf, article_from_meta, load_meta, read_text, yaml_key_lines
from .newscopy import split_dateline


def read_markdown(path: Path, config: Config, plain_text: TextOf = markdown_text) -> Article:
    raw = read_text(path)
    handler = frontmatter.YAMLHandler()
    text = raw.strip()
    try:
        # python-frontmatter's split, its loader replaced: ``frontmatter.loads`` drops front matter
        # that is not a mapping without a word, and a date that does not exist raised ValueError.
        yaml_source, body = handler.split(text) if handler.detect(text) else (None, text)
    except ValueError:
        yaml_source, body = None, text
    try:
        meta = load_meta(yaml_source) if yaml_source is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # The YAML starts on the '---' line (after the dashes): its line 0 is the file's line 1,
        # after the blank lines that ``strip`` removed.
        line = mark.line + 1 + raw[: len(raw) - len(raw.lstrip())].count("\n") if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise SitegenError(f"malformed front matter: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise SitegenError(f"malformed front matter: {exc}", path, 1) from None
    if meta is None:  # nothing between the '---' lines
        meta = {}
    if not isinstance(meta, dict):
        kind = "a list" if isinstance(meta, list) else f"a single value ({type(meta).__name__})"
        raise SitegenError(f"front matter must be a mapping of keys to values (key: value lines), not {kind}", path, 2)
    yaml_text = raw.split("---", 2)[1] if yaml_source is not None and raw.lstrip().startswith("---") else ""
    check = MetaChecker(path, yaml_key_lines(yaml_text.lstrip("\n"), 2))
    check.check_keys(meta)
    dateline, body = _opening_dateline(body.strip())
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
