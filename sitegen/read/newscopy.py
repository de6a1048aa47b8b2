"""Plain-text news copy as wire services deliver it.

Structure the copy carries by convention becomes fields, not noise: the dateline opening the
first paragraph (``TAIPEI, Taiwan –``), short lines without closing punctuation (subheadings),
an all-caps block header with headline lines under it (related stories) and a closing credit
line (``Herausgegeben von …``, ``Edited by …``). A sidecar ``NAME.meta.yml`` may set the
metadata a Markdown article has in its front matter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from ..config import Config
from ..errors import SitegenError
from ..markup import new_markdown
from ..markup import plain_text as markdown_text
from ..model import Article
from .common import (
    MetaChecker,
    TextOf,
    article_from_meta,
    check_content_file,
    in_content_folder,
    load_meta,
    read_text,
    yaml_key_lines,
)

DATELINE = re.compile(
    r"^(?P<dateline>[A-ZÄÖÜ][A-ZÄÖÜ.'\- ]*[A-ZÄÖÜ.]"  # TAIPEI, NEW YORK, ST. LOUIS
    r"(?:,\s*[A-ZÄÖÜ][\w.\- ]{0,40}?)?"  # , Taiwan
    r"(?:\s*\([^)]{1,40}\))?)"  # (Reuters)
    r"\s*[–—-]{1,2}\s+"
)
CREDIT = re.compile(
    r"^(?:(?:Herausgegeben|Bearbeitet|Redigiert|Redaktion|Übersetzt|Berichtet|Geschrieben)\s+von"
    r"|(?:Edited|Reported|Written|Compiled|Translated|Additional reporting|Reporting|Editing|Writing)\s+by)\b",
)
CLOSING_PUNCTUATION = tuple(".!?:;…\"“”„»«’')]")
HEADING_MAX_CHARS = 70
HEADING_MAX_WORDS = 10


@dataclass
class CopyStructure:
    title: str | None = None
    dateline: str | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h2", text)
    related_header: str | None = None
    related: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """``("TAIPEI, Taiwan", "Die …")`` for a paragraph opening with a dateline, else ``(None, paragraph)``."""
    match = DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    return match.group("dateline").strip(), paragraph[match.end():]


def is_block_header(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and not line.endswith(CLOSING_PUNCTUATION)


def is_headline(line: str) -> bool:
    return not line.endswith(CLOSING_PUNCTUATION)


def is_subheading(line: str) -> bool:
    return is_headline(line) and len(line) <= HEADING_MAX_CHARS and len(line.split()) <= HEADING_MAX_WORDS


def parse_copy(text: str) -> CopyStructure:
    """Split news copy into dateline, body blocks, related stories and credits."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    copy = CopyStructure()
    while lines and CREDIT.match(lines[-1]):
        copy.credits.insert(0, lines.pop())
    if len(lines) > 1 and is_subheading(lines[0]) and not is_block_header(lines[0]):
        copy.title = lines.pop(0)
    if lines:
        copy.dateline, lines[0] = split_dateline(lines[0])
    index = 0
    while index < len(lines):
        line = lines[index]
        if is_block_header(line) and copy.related_header is None and index > 0:
            copy.related_header = line
            index += 1
            run = []
            while index < len(lines) and is_headline(lines[index]) and not is_block_header(lines[index]):
                run.append(lines[index])
                index += 1
            # The last short line of the run, right before body text, heads the next section.
            if run and index < len(lines) and is_subheading(run[-1]) and len(run) > 1:
                index -= 1
                run.pop()
            copy.related = run
            continue
        kind = "h2" if index > 0 and is_subheading(line) and index + 1 < len(lines) else "p"
        copy.blocks.append((kind, line))
        index += 1
    return copy


@cache
def _escaped_characters() -> re.Pattern:
    """The characters Python-Markdown (with our extensions: the tables add ``|``) treats as markup."""
    return re.compile("([" + "".join(re.escape(c) for c in new_markdown().ESCAPED_CHARS) + "])")


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text."""
    return _escaped_characters().sub(r"\\\1", html.escape(text, quote=False))


def copy_markdown(copy: CopyStructure) -> str:
    parts = []
    for kind, line in copy.blocks:
        parts.append(("## " if kind == "h2" else "") + escape_markdown(line))
    return "\n\n".join(parts) + "\n"


def derive_title(text: str, limit: int = 90) -> str:
    """A title from the opening sentence, cut at a word boundary."""
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;: ") + " …"


def read_sidecar(path: Path, config: Config) -> tuple[dict, MetaChecker]:
    sidecar = path.with_name(path.name.split(".")[0] + ".meta.yml")
    if not sidecar.exists():
        return {}, MetaChecker(path)
    if in_content_folder(sidecar, config):
        check_content_file(sidecar, config)
    raw = read_text(sidecar)
    try:
        meta = load_meta(raw)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SitegenError(f"malformed YAML: {exc.problem}", sidecar, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise SitegenError(f"malformed YAML: {exc}", sidecar, 1) from None
    if not isinstance(meta, dict):
        raise SitegenError("sidecar must be a mapping of keys to values", sidecar, 1)
    return meta, MetaChecker(sidecar, yaml_key_lines(raw, 1))


def read_newscopy(path: Path, config: Config, plain_text: TextOf = markdown_text) -> Article:
    raw = read_text(path)
    meta, check = read_sidecar(path, config)
    check.check_keys(meta)
    copy = parse_copy(raw)
    if not copy.blocks:
        raise SitegenError("article has no body text", path)
    return article_from_meta(
        path,
        config,
        meta,
        check,
        copy_markdown(copy),
        fallback_title=copy.title or derive_title(copy.blocks[0][1]),
        dateline=copy.dateline,
        related=copy.related,
        related_header=copy.related_header,
        credits=copy.credits,
        plain_text=plain_text,
    )
