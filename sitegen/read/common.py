"""Pieces shared by the readers: decoding, slugs, metadata validation, language."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from ..config import CONFIG_NAME, Config
from ..errors import SitegenError
from ..files import read_utf8
from ..languages import known_language
from ..markup import plain_text as markdown_text
from ..model import Article, Source

TextOf = Callable[[str], str]  # Markdown body -> its plain text

DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_]")


def in_content_folder(path: Path, config: Config) -> bool:
    """Whether ``path`` names a file in the content folder (before links are resolved)."""
    path = Path(os.path.abspath(path))
    return any(path.is_relative_to(folder) for folder in (Path(os.path.abspath(config.content_path)),
                                                           config.content_path.resolve()))


def check_content_file(path: Path, config: Config) -> None:
    """A file of the content folder must be a regular file inside it once links are resolved: a
    link leading outside (``ln -s /proc/self/environ seeds/env.txt``) would publish what it points to."""
    real = path.resolve()
    if not real.is_relative_to(config.content_path.resolve()):
        raise SitegenError(f"a link to {real}, outside the content folder: not read", path)
    if not real.is_file():
        raise SitegenError("not a regular file", path)


def read_text(path: Path) -> str:
    """The file's text; invalid UTF-8 and empty files are errors naming the line."""
    text = clean_text(read_utf8(path))
    if not text.strip():
        raise SitegenError("file is empty", path)
    return text


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What YAML escapes (``"\x01"``) can put into a value and no page or feed can hold.
UNSAFE_IN_VALUES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Line ends as ``\\n``; control characters other than tab and newline dropped: HTML has no
    place for them and Python-Markdown uses \\x02 and \\x03 to mark its placeholders."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_meta(value: Any) -> Any:
    """Metadata with control characters (from YAML escapes such as ``"\\x01"``) dropped from every
    text in it, as ``clean_text`` drops them from the file: XML (the feeds) cannot hold them."""
    if isinstance(value, str):
        return UNSAFE_IN_VALUES.sub("", value)
    if isinstance(value, list):
        return [clean_meta(item) for item in value]
    if isinstance(value, dict):
        return {clean_meta(key): clean_meta(item) for key, item in value.items()}
    return value


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:  # 2024-02-30, 0000-01-01
        raise yaml.constructor.ConstructorError(None, None, f"not a valid date: {node.value} ({exc})",
                                                node.start_mark) from None


class MetaLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, with a date that does not exist (``2024-02-30``) an error at its line."""


MetaLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


def load_meta(text: str) -> Any:
    """The YAML of front matter or a sidecar (``MetaLoader``); nesting too deep for the parser is a YAML error."""
    try:
        return clean_meta(yaml.load(text, Loader=MetaLoader))  # noqa: S506 - a safe loader
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None


def make_slug(value: str, path: Path) -> str:
    slug = slugify(value, max_length=80, word_boundary=True)
    if not slug:
        raise SitegenError(f"cannot make a slug from {value!r}", path)
    return slug


def slug_from_path(path: Path) -> str:
    return make_slug(path.stem, path)


def date_from_path(path: Path) -> dt.date | None:
    match = DATE_PREFIX.match(path.name)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
    return None


def detect_language(text: str, languages: list[str]) -> str:
    """The most likely of ``languages`` for ``text`` (py3langid restricted to them)."""
    lang, _score = _identifier(tuple(languages)).classify(text[:5000])
    return lang


_IDENTIFIERS: dict[tuple[str, ...], Any] = {}


def _identifier(languages: tuple[str, ...]):
    if languages not in _IDENTIFIERS:
        import py3langid  # here: it loads numpy (~0.25 s), which sites whose articles name their language never need

        identifier = py3langid.langid.LanguageIdentifier.from_modelpath(py3langid.langid.MODEL_DIR / py3langid.langid.MODEL_FILE)
        identifier.set_languages(list(languages))
        _IDENTIFIERS[languages] = identifier
    return _IDENTIFIERS[languages]


# --- metadata validation ---------------------------------------------------------------------

META_KEYS = {"title", "date", "lang", "tags", "summary", "author", "draft", "sources", "slug", "dateline"}


class MetaChecker:
    """Checks metadata values from front matter or a sidecar, naming the file and line."""

    def __init__(self, path: Path, line_of: dict[str, int] | None = None):
        self.path = path
        self.line_of = line_of or {}

    def fail(self, key: str, message: str) -> SitegenError:
        return SitegenError(message, self.path, self.line_of.get(key))

    def check_keys(self, meta: dict) -> None:
        for key in meta:
            if key not in META_KEYS:
                raise self.fail(key, f"unknown front matter key {key!r} (known: {', '.join(sorted(META_KEYS))})")

    def string(self, meta: dict, key: str, default: str | None = None) -> str | None:
        value = meta.get(key, default)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise self.fail(key, f"{key!r} must be text, not {type(value).__name__}")

    def date(self, meta: dict) -> dt.date | None:
        value = meta.get("date")
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                pass
        raise self.fail("date", f"'date' must be a date like 2024-11-18, not {value!r}")

    def boolean(self, meta: dict, key: str) -> bool:
        value = meta.get(key, False)
        if isinstance(value, bool):
            return value
        raise self.fail(key, f"{key!r} must be true or false, not {value!r}")

    def tags(self, meta: dict) -> list[str]:
        value = meta.get("tags", [])
        if isinstance(value, str):
            value = [t.strip() for t in value.split(",")]
        if not isinstance(value, list) or not all(isinstance(t, (str, int)) for t in value):
            raise self.fail("tags", "'tags' must be a list of words")
        tags = [str(t).strip() for t in value if str(t).strip()]
        for tag in tags:
            if not slugify(tag):  # a tag page needs a folder name
                raise self.fail("tags", f"cannot make a slug from tag {tag!r}: use letters or digits")
        return tags

    def sources(self, meta: dict) -> list[Source]:
        value = meta.get("sources", [])
        if not isinstance(value, list):
            raise self.fail("sources", "'sources' must be a list of {name, url} entries")
        result = []
        for number, entry in enumerate(value, 1):
            if isinstance(entry, str):
                entry = {"name": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise self.fail("sources", f"source {number} needs a 'name'")
            unknown = set(entry) - {"name", "url", "id"}
            if unknown:
                raise self.fail("sources", f"source {number} has unknown keys {sorted(unknown)}")
            url = entry.get("url")
            if url is not None and (not isinstance(url, str) or not re.match(r"^(https?://|/)", url)):
                raise self.fail("sources", f"source {number}: 'url' must be an http(s) address")
            source_id = entry.get("id")
            if source_id is not None and not (
                isinstance(source_id, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", source_id)
            ):  # it can name the source's folder of the site
                raise self.fail("sources", f"source {number}: 'id' must be lowercase letters, digits and hyphens")
            result.append(Source(name=entry["name"], url=url, id=source_id))
        return result

    def language(self, meta: dict, languages: list[str]) -> str | None:
        value = self.string(meta, "lang")
        if value is None:
            return None
        value = value.strip().lower().replace("_", "-").split("-")[0]
        if not re.fullmatch(r"[a-z]{2,3}", value):
            raise self.fail("lang", f"'lang' must be a language code such as de or en, not {value!r}")
        if not known_language(value):
            raise self.fail("lang", f"'lang' is {meta['lang']!r}, not a language code Babel knows (such as de, en, fr)")
        return value


def yaml_key_lines(text: str, first_line: int) -> dict[str, int]:
    """Top-level YAML keys and the file line each is on (``first_line`` is the YAML's line 1)."""
    lines = {}
    for number, line in enumerate(text.splitlines()):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines[match.group(1)] = first_line + number
    return lines


def article_from_meta(
    path: Path,
    config: Config,
    meta: dict,
    check: MetaChecker,
    body: str,
    *,
    fallback_title: str,
    dateline: str | None = None,
    plain_text: TextOf = markdown_text,
    **structure: Any,
) -> Article:
    """An Article from checked metadata and a Markdown body; metadata wins over what the
    reader derived (``fallback_title``, ``dateline``); ``structure`` holds reader-only fields.
    ``plain_text``: how the body's text is made (``markup.plain_text``, or a cache in front of it)."""
    text = plain_text(body)
    if not text.strip():
        raise SitegenError("article has no body text", path)
    lang = check.language(meta, config.languages)
    if lang is None:
        try:
            lang = detect_language(text, config.languages)
        except ValueError as exc:  # a language the detector does not know
            raise SitegenError(f"config key 'languages': {exc}", config.root / CONFIG_NAME) from None
        detected = True
    else:
        detected = False
    slug_value = check.string(meta, "slug")
    return Article(
        path=path,
        slug=make_slug(slug_value, path) if slug_value else slug_from_path(path),
        title=(check.string(meta, "title") or fallback_title).strip(),
        lang=lang,
        lang_detected=detected,
        body_markdown=body,
        text=text,
        date=check.date(meta) or date_from_path(path),
        tags=check.tags(meta),
        summary=(check.string(meta, "summary") or "").strip(),
        author=check.string(meta, "author"),
        draft=check.boolean(meta, "draft"),
        sources=check.sources(meta),
        dateline=check.string(meta, "dateline") or dateline,
        **structure,
    )
