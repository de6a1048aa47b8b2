"""The render stage: Jinja2 templates over the site index, one page at a time.

Templates come from the site's own template folder first and the bundled ``templates/``
second, so a user overrides them file by file. Each page speaks its language: labels through
Jinja's i18n extension with Babel catalogs, dates through Babel, ``<html lang>``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import os
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup
from slugify import slugify

from . import __version__, paths
from .config import Config
from .errors import SitegenError
from .indexes import collated
from .markdown_cache import MarkdownCache
from .markup import BodyRenderer, MarkupOptions
from .model import AnnotatedArticle, Entity, Quote

log = logging.getLogger("sitegen")

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"


def bundled_templates() -> Path:
    """The default templates: inside the installed package, or the repository's ``templates/``."""
    installed = PACKAGE_DIR / "_templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def load_translations(lang: str) -> NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@dataclass(frozen=True)
class Urls:
    """Every URL of the site, under the base path it is published at: each the URL path
    (``paths.url_path``) of the output path ``paths`` gives, so a page, its links and the feeds
    agree on every address. Templates get it as ``urls``."""

    base_path: str
    absolute_base: str | None

    def page(self, path: str) -> str:
        """The URL of the URL path ``path`` (``tags/x/``), under the base path."""
        return self.base_path + path.lstrip("/")

    def absolute(self, path: str) -> str:
        return (self.absolute_base or self.base_path) + path.lstrip("/")

    def of(self, output_path: str) -> str:
        """The URL of the output file ``output_path`` (``tags/x/index.html`` -> ``/tags/x/``)."""
        return self.page(paths.url_path(output_path))

    def canonical(self, output_path: str) -> str:
        """The absolute URL of the page written to ``output_path`` (``tags/x/index.html``)."""
        return self.absolute(paths.url_path(output_path))

    def article(self, slug: str) -> str:
        return self.of(paths.article(slug))

    def article_json(self, slug: str) -> str:
        return self.of(paths.article_json(slug))

    def entity(self, key: str) -> str:
        return self.of(paths.entity(key))

    def speaker(self, key: str) -> str:
        return self.of(paths.speaker(key))

    def source(self, key: str) -> str:
        return self.of(paths.source(key))

    def tag(self, key: str) -> str:
        return self.of(paths.tag(key))

    def facet(self, facet, key: str) -> str:
        """The page of the entry ``key`` of a ``facets.Facet`` (a plugin's, say)."""
        return self.of(facet.path(key))

    def entities(self) -> str:
        """The listing of entities, speakers and sources."""
        return self.of(paths.ENTITY_LISTING)

    def index(self, number: int = 1) -> str:
        return self.of(paths.listing(number))

    def static(self, name: str) -> str:
        return self.of(paths.static(name))

    def lang(self, lang: str, number: int = 1) -> str:
        return self.of(paths.language(lang, number))

    def search(self, lang: str) -> str:
        return self.of(paths.search(lang))

    def search_bundle(self, name: str = "") -> str:
        """A file of Pagefind's bundle (``pagefind-ui.js``), or the bundle's folder."""
        return self.of(paths.search_bundle(name))

    def feed(self, listing: str = "") -> str:
        """The Atom feed beside a listing's URL path: ``""`` (all), ``lang/de/`` or ``tags/key/``."""
        return self.of(paths.feed_of(listing))

    def site_feed(self) -> str:
        return self.of(paths.SITE_FEED)

    def tag_feed(self, key: str) -> str:
        return self.of(paths.tag_feed(key))

    def lang_feed(self, lang: str) -> str:
        return self.of(paths.language_feed(lang))


class FragmentCache(Extension):
    """``{% cache "name", key… %}…{% endcache %}``: the enclosed template is rendered once per
    name and key values, and the same HTML is reused on every later page. The keys must name all
    the block shows beyond what is the same for the whole environment (one per Renderer and
    language: its labels, URLs and site settings). Used for the frame of every page (head links,
    navigation, footer): 6,000 entity pages rendered it 6,000 times. This is the extension
    Jinja's documentation gives as its example, without the external cache."""

    tags = {"cache"}

    def __init__(self, environment: jinja2.Environment):
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [nodes.List(key)]), [], [], body).set_lineno(lineno)

    def _cached(self, key: list, caller) -> str:
        cache = self.environment.fragment_cache  # type: ignore[attr-defined]
        name = repr(key)  # key values may be lists or dicts: their repr names them
        if name not in cache:
            cache[name] = caller()
        return cache[name]


DIGEST_SIZE = 32  # bytes of the hash before each compiled template


class TemplateBytecode(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache: templates compiled by earlier builds, in ``cache/templates/<digest>``.
    Jinja checks each template's source and its own and Python's version; the digest of this
    module (the environment's options and extensions) and of sitegen's version names the folder, so
    a change there compiles afresh. A cache that cannot be written slows a build, it does not break it."""

    def __init__(self, cache: Path):
        digest = hashlib.sha256(__version__.encode() + Path(__file__).read_bytes()).hexdigest()[:16]
        super().__init__(str(cache / "templates" / digest))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """The compiled template, when its file holds the hash of its bytes that ``dump_bytecode``
        wrote: a truncated or altered file is compiled again (and replaced), never loaded."""
        try:
            with open(self._get_cache_filename(bucket), "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return
        except OSError as exc:  # not readable: compile the template
            log.debug("not loading a compiled template from %s: %s", self.directory, exc)
            return
        digest, code = data[:DIGEST_SIZE], data[DIGEST_SIZE:]
        if hashlib.blake2b(code, digest_size=DIGEST_SIZE).digest() != digest:
            log.debug("compiling %s again: its compiled file in %s is damaged", bucket.key, self.directory)
            return
        try:
            bucket.bytecode_from_string(code)
        except Exception as exc:  # noqa: BLE001 - whatever unpickling the checksum raises: compile again
            log.debug("compiling %s again: %s", bucket.key, exc)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """The compiled template behind the hash of its bytes, written whole under a temporary name."""
        code = bucket.bytecode_to_string()
        target = self._get_cache_filename(bucket)
        partial = f"{target}.{os.getpid()}.partial"
        try:
            os.makedirs(self.directory, exist_ok=True)
            with open(partial, "wb") as out:
                out.write(hashlib.blake2b(code, digest_size=DIGEST_SIZE).digest() + code)
            os.replace(partial, target)
        except OSError as exc:
            log.warning("could not keep a compiled template in %s: %s", self.directory, exc)
            with contextlib.suppress(OSError):
                os.unlink(partial)


class Renderer:
    """Renders pages with one Jinja2 environment per language."""

    def __init__(
        self,
        config: Config,
        registry=None,
        *,
        kept_bodies: int | None = 64,
        markdown_cache: MarkdownCache | None = None,
        bytecode: jinja2.BytecodeCache | None = None,
    ):
        """``kept_bodies``: how many article bodies to keep rendered (the page and the feeds
        share one rendering); None keeps every one until its article changes (the dev server).
        ``markdown_cache``: bodies rendered by earlier builds (``markdown_cache.py``).
        ``bytecode``: where compiled templates are kept between builds (``TemplateBytecode``)."""
        self.config = config
        self.registry = registry
        self.markdown_cache = markdown_cache
        self.bytecode = bytecode
        self.kept_bodies = kept_bodies
        self.bodies: OrderedDict[str, tuple[AnnotatedArticle, str]] = OrderedDict()
        self.urls = Urls(config.base_path, config.absolute_base)
        self._envs: dict[str, jinja2.Environment] = {}
        self._translations: dict[str, NullTranslations] = {}

    @cached_property
    def body_renderer(self) -> BodyRenderer:
        return BodyRenderer(allow_html=self.config.allow_html, extensions=self.config.extensions.markdown_extensions)

    @cached_property
    def loader(self) -> jinja2.BaseLoader:
        folders = [self.config.templates_path, *self.config.extensions.template_folders, bundled_templates()]
        unique = list(dict.fromkeys(p.resolve() for p in folders if p.is_dir()))
        return jinja2.FileSystemLoader([str(p) for p in unique])

    def environment(self, lang: str) -> jinja2.Environment:
        if lang not in self._envs:
            env = jinja2.Environment(
                loader=self.loader,
                autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
                extensions=["jinja2.ext.i18n", FragmentCache],
                undefined=jinja2.StrictUndefined,
                auto_reload=False,  # no stat per page; a changed template takes a new Renderer (incremental.py)
                bytecode_cache=self.bytecode,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.install_gettext_translations(self.translations(lang), newstyle=True)
            env.filters["date"] = lambda value, fmt="long": _format_date(value, lang, fmt)
            env.filters["slugify"] = slugify
            env.filters["collate"] = collated  # listings in the reader's alphabetical order (Unicode collation)
            env.globals.update(
                article_body=lambda item: Markup(self.article_body(item)),
                registry_entry=lambda key: self.registry_lookup(key),
                urls=self.urls,
                site=self.config,
                lang=lang,
                generator=f"sitegen {__version__}",
                entity_types=self.config.extensions.entity_types,
            )
            env.filters.update(self.config.extensions.filters)  # a plugin's filters and globals last: they win
            env.globals.update(self.config.extensions.globals)
            self._envs[lang] = env
        return self._envs[lang]

    def load_templates(self, langs: Iterable[str]) -> None:
        """Compile (or load from ``bytecode``) every page template for ``langs`` now: worker
        processes forked afterwards inherit them instead of each compiling its own."""
        for lang in sorted(set(langs)):
            env = self.environment(lang)
            for name in env.list_templates(filter_func=lambda name: not name.startswith("static/")):
                try:
                    env.get_template(name)
                except jinja2.TemplateError:  # reported by ``render`` if a page uses it
                    pass

    def render(self, template: str, lang: str, **context) -> str:
        try:
            return self.environment(lang).get_template(template).render(**context)
        except jinja2.TemplateNotFound as exc:
            raise SitegenError(f"template not found: {exc.name}", self.config.templates_path / str(exc.name)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise SitegenError(f"template error: {exc.message}", exc.filename or exc.name, exc.lineno) from None
        except jinja2.UndefinedError as exc:
            raise SitegenError(f"template error: {exc.message}", self._template_path(template)) from None

    def registry_lookup(self, key: str):
        lookup = getattr(self.registry, "lookup", None)
        return lookup(key) if lookup else None

    def _template_path(self, name: str) -> Path:
        for folder in (self.config.templates_path, bundled_templates()):
            if (folder / name).exists():
                return folder / name
        return Path(name)

    def article_body(self, item: AnnotatedArticle) -> str:
        """The article's body as HTML, rendered once while the same annotated article is kept."""
        slug = item.article.slug
        kept = self.bodies.get(slug)
        if kept is None or kept[0] is not item:
            kept = self.bodies[slug] = (item, self._render_body(item))
            if self.kept_bodies is not None and len(self.bodies) > self.kept_bodies:
                self.bodies.popitem(last=False)
        self.bodies.move_to_end(slug)
        return kept[1]

    def _render_body(self, item: AnnotatedArticle) -> str:
        article = item.article
        translations = self.translations(article.lang)
        options = MarkupOptions(
            annotations=item.annotations,
            text=article.text,
            sources=tuple(article.sources),
            url_for_entity=self.urls.entity,
            url_for_speaker=self.urls.speaker,
            sources_label=translations.gettext("Sources"),
            backlink_label=translations.gettext("Back to the text"),
        )
        if self.markdown_cache is None:
            return self.body_renderer.render(article.body_markdown, options)
        return self.markdown_cache.body(article.body_markdown, options, self.config.allow_html,
                                        lambda: self.body_renderer.render(article.body_markdown, options))

    def translations(self, lang: str) -> NullTranslations:
        if lang not in self._translations:
            self._translations[lang] = load_translations(lang)
        return self._translations[lang]


def _format_date(value: dt.date | None, lang: str, fmt: str) -> str:
    if value is None:
        return ""
    return format_date(value, format=fmt, locale=lang)


# Field names in declaration order (what ``dataclasses.asdict`` gives, without its deep copies).
ENTITY_FIELDS = tuple(f.name for f in fields(Entity))
QUOTE_FIELDS = tuple(f.name for f in fields(Quote))


def annotations_json(item: AnnotatedArticle) -> dict:
    """The ``sitegen annotate --json`` contract for one article."""
    annotations = item.annotations
    return {
        "title": item.article.title,
        "lang": item.article.lang,
        "pipeline": annotations.pipeline,
        "text": item.article.text,
        "entities": [{name: getattr(e, name) for name in ENTITY_FIELDS} for e in annotations.entities],
        "quotes": [
            {name: (list(q.sources) if name == "sources" else getattr(q, name)) for name in QUOTE_FIELDS}
            for q in annotations.quotes
        ],
        "citations": [
            {"start": c.start, "end": c.end, "text": c.text, "source": c.source} for c in annotations.citations
        ],
    }


def dump_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
