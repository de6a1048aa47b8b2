"""Incremental rebuilds for ``sitegen serve``: rebuild what a change touches, nothing else.

``SiteState`` keeps what the last build made: the annotated articles by file, the index, and
the record of every output (``outputs.site_outputs``: the article slugs it shows, its template,
the plain data it shows). A change of articles then

1. re-reads and re-annotates the changed articles alone (annotation cache first);
2. updates the index in place (``SiteIndex.update``: the old versions' contributions out, the
   new ones in), which says which entity, speaker, source and tag keys now show something else;
3. writes the changed articles' own pages first (``on_written`` hears of them), then renders
   the pages of the changed keys, the listing pages whose articles or cards changed, the entity
   listing when a name, type or count changed, the feeds whose records differ or show a changed
   article, and ``sitemap.xml`` when its record differs; deletes the pages of keys that went.
   The cost grows with what the articles touch, not with the site (``_render_touched``).
4. writes only files whose bytes differ (``write.write_if_changed``).

Which article files changed is not taken from the watcher alone: unless a batch is only edits
of known files, the content folder is scanned as a build finds its files and compared with the
last scan (``content_files.scan``), so renames and folders moved in or out (one path to the watcher) are seen;
slugs are judged against every file there is now.

A template change, a change of the site's languages (every page's menu) or outputs a failed
render left to do take the comparing path instead (``_render_all``): every output's record is
made again and compared with the last one (static files too, when one changed). The config file or the entity registry changing
means a full build. A failed rebuild keeps the last good state and files; ``errors`` says
what is broken until a later change fixes it, and the articles changed meanwhile stay due.
A full ``build()`` and any sequence of incremental updates give the same files
(tests/test_incremental.py).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import meta

from . import paths
from .annotate import Annotator
from .build import annotate_articles, build, make_annotator, make_cache
from .cache import AnnotationCache
from .config import CONFIG_NAME, Config
from .content_files import file_key, remove_output, scan, signature
from .errors import SitegenError
from .facets import Facet, site_facets
from .indexes import IndexChange, SiteIndex, build_index
from .markup import TextExtractor
from .model import AnnotatedArticle, Article
from .outputs import (
    FEED,
    MARKER,
    SEARCH,
    SITEMAP,
    STATIC,
    Output,
    annotation_outputs,
    feed_outputs,
    page_outputs,
    site_outputs,
    sitemap_outputs,
    static_outputs,
    write_output,
)
from .pages import (
    Page,
    article_page,
    entity_listing,
    facet_page,
    language_pages,
    listing_pages,
    search_pages,
    with_site_context,
)
from .read import read_article, readers_for
from .render import Renderer, TemplateBytecode, bundled_templates
from .selection import published, slug_clash
from .write import safe_target, write_if_changed

log = logging.getLogger("sitegen")

LISTING_TEMPLATES = frozenset({"index.html", "language.html"})  # paginated: pages come and go with the articles
ANY_TEMPLATE = "*"  # a template whose includes are computed at render time may use any template


@dataclass
class Change:
    """What an update did; paths are relative to the output folder."""

    written: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    full: bool = False
    seconds: float = 0.0
    articles: int = 0  # articles re-read

    @property
    def empty(self) -> bool:
        return not (self.written or self.deleted or self.full)


class SiteState:
    """The site as last built, and the means to update it after files change."""

    def __init__(
        self,
        load: Callable[[], Config],
        *,
        drafts: bool = False,
        use_cache: bool = True,
        progress: bool | None = False,
        annotator: Annotator | None = None,
        facets: list[Facet] | None = None,
    ):
        self.load = load
        self.facets = facets  # the facet table (None: ``facets.site_facets(config)``)
        self.drafts = drafts
        self.use_cache = use_cache
        self.progress = progress
        self.config: Config | None = None
        self.annotator: Annotator | None = annotator
        self.cache: AnnotationCache | None = None
        self.renderer: Renderer | None = None
        self.plain_text = TextExtractor()  # one Python-Markdown set up for every edit, not one per edit
        self.articles: dict[Path, AnnotatedArticle] = {}
        # Every article file of the content folder as last scanned, with its ``signature``: after
        # each batch of changes the folder is scanned again and compared, so what the watcher does
        # not report (files in a folder moved in or out) is seen too.
        self.files: dict[Path, tuple] = {}
        self.slugs: dict[Path, str] = {}  # the slug of each file read without error (drafts too)
        self.clashes: set[Path] = set()  # files left out for a slug another file has: read again after each batch
        self.index: SiteIndex | None = None
        self.outputs: dict[str, Output] = {}  # every output of the site as last written (``outputs.site_outputs``)
        self.pending: set[str] = set()  # outputs a failed render left to do
        self.dirty: set[str] = set()  # slugs of articles changed since their pages were last rendered
        self.errors: dict[str, SitegenError] = {}  # what is broken, by input
        self.needs_full = True
        self._templates_used: dict[str, frozenset[str]] = {}
        self._listings: set[str] = set()  # the listing pages (index and languages) written
        # Called with the paths of the changed articles' own pages as soon as they are written,
        # before the pages listing them (`sitegen serve` reloads them then).
        self.on_written: Callable[[set[str]], None] | None = None

    # ----------------------------------------------------------------- full build

    def build_all(self) -> Change:
        """A full build through ``build.build`` (staged folder swapped in), then remember it."""
        started = time.perf_counter()
        try:
            config = self.load()
        except SitegenError as exc:
            self.errors = {"config": exc}
            raise
        annotator = self._annotator_for(config)
        try:
            result = build(config, drafts=self.drafts, annotator=annotator, use_cache=self.use_cache,
                           progress=self.progress, facets=self.facets)
        except SitegenError as exc:
            self.errors = {"build": exc}
            self.config, self.annotator = config, annotator
            self.needs_full = True
            raise
        self.config, self.annotator = config, annotator
        self.plain_text = TextExtractor(config.extensions.markdown_extensions)
        self.cache = make_cache(config, annotator, enabled=self.use_cache)
        self.renderer = self._new_renderer()
        self.articles = {file_key(item.article.path): item for item in result.articles}
        self.slugs = {path: item.article.slug for path, item in self.articles.items()}
        self.clashes.clear()
        try:
            self.files = scan(config)
        except SitegenError:
            self.files = dict.fromkeys(self.articles, ())
        self.index = result.index
        self._templates_used.clear()
        self.outputs = {o.path: o for o in site_outputs(result.index, config, self.renderer, result.pages)}
        self._listings = listing_paths(self.outputs)
        self.pending.clear()
        self.dirty.clear()
        self.errors.clear()
        self.needs_full = False
        # What a build leaves is long-lived: keep it out of the cyclic garbage collector's passes,
        # which otherwise walk every annotation of every article after each edit.
        gc.collect()
        gc.freeze()
        return Change(full=True, seconds=time.perf_counter() - started, articles=len(result.articles))

    def _new_renderer(self) -> Renderer:
        bytecode = TemplateBytecode(self.config.cache_path) if self.use_cache else None
        return Renderer(self.config, self.annotator.registry, kept_bodies=None, bytecode=bytecode)

    def _annotator_for(self, config: Config) -> Annotator:
        """The current annotator while models and registry are the same (its pipelines stay loaded)."""
        fresh = make_annotator(config)
        old = self.annotator
        if (old and old.models == fresh.models and old.registry.fingerprint() == fresh.registry.fingerprint()
                and old.fingerprint == fresh.fingerprint):
            return old
        return fresh

    # ----------------------------------------------------------------- updates

    def update(self, paths: Iterable[Path | str]) -> Change:
        """Bring the site up to date after ``paths`` changed (created, edited or deleted).

        Errors in the user's input do not raise: they are kept in ``errors`` (see ``error``)
        until a later change fixes them, and the last good files stay.
        """
        started = time.perf_counter()
        # The cyclic GC would walk every object of the site state several times per update
        # (5x slower at 1,000 articles); what an update drops is freed by reference counting.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._update(paths, started)
        finally:
            if collecting:
                gc.enable()

    def _update(self, paths: Iterable[Path | str], started: float) -> Change:
        given = [Path(p) for p in paths]
        paths = {p.resolve() for p in given}
        if self.needs_full or self.config is None or any(self._is_site_file(p) for p in paths):
            try:
                return self.build_all()
            except SitegenError:
                return Change(seconds=time.perf_counter() - started)
        change = Change()
        article_files = self._changed_articles({file_key(p) for p in given})
        templates = {name for p in paths if (name := self._template_name(p))}
        static_changed = any(self._is_static(p) for p in paths)

        removed, added = self._reread(article_files, change)
        self.dirty |= {item.article.slug for item in [*removed, *added]}
        if templates:
            bodies = self.renderer.bodies
            self.renderer = self._new_renderer()  # drop Jinja's templates (compiled ones of unchanged sources are kept on disk)
            self.renderer.bodies = bodies
            self._templates_used.clear()
        if removed or added or templates or self.pending or self.dirty or "render" in self.errors:
            try:
                self._render(removed, added, templates, change)
            except SitegenError as exc:
                self.errors["render"] = exc
            except jinja2.TemplateError as exc:
                self.errors["render"] = SitegenError(f"template error: {exc}", getattr(exc, "filename", None),
                                                     getattr(exc, "lineno", None))
        if static_changed:
            self._write_changed(static_outputs(self.config), change, kinds={STATIC, MARKER})
        change.seconds = time.perf_counter() - started
        return change

    def _changed_articles(self, changed: set[Path]) -> set[Path]:
        """The article files to read again: those the changed paths stand for and, when the set of
        files may have changed, those that came, went or changed since the last scan; and those
        left out for a slug clash (the other file may have gone)."""
        files = {a for p in changed for a in self._articles_of(p)}
        if self._edits_only(changed):  # known files edited in place: the folder is as it was
            self.files.update((path, signature(path)) for path in files)
            return files | self.clashes
        try:
            now = scan(self.config)
        except SitegenError as exc:
            self.errors["content"] = exc
            return set()
        self.errors.pop("content", None)
        before, self.files = self.files, now
        files |= now.keys() ^ before.keys()
        files |= {path for path, signature in now.items() if before.get(path, signature) != signature}
        return files | self.clashes

    def _edits_only(self, changed: set[Path]) -> bool:
        """Whether ``changed`` are files of the last scan (or their sidecars) that are still there,
        or files outside the content folder: then a scan would find the files it found. Anything
        else (a path gone or new, a folder, no path at all) may be a rename or a move."""
        if not changed or "content" in self.errors:
            return False
        content = self.config.content_path.resolve()
        for path in changed:
            if not path.is_relative_to(content):
                continue
            articles = self._articles_of(path)
            if not articles or not path.is_file() or any(a not in self.files for a in articles):
                return False
        return True

    def _is_site_file(self, path: Path) -> bool:
        config = self.config
        if config is None:
            return True
        return path in {(config.root / CONFIG_NAME).resolve(), config.registry_path.resolve()}

    def _articles_of(self, path: Path) -> list[Path]:
        """The article files a changed path stands for: itself, or the article of a sidecar."""
        config = self.config
        if not path.is_relative_to(config.content_path.resolve()):
            return []
        if path.name.endswith(".meta.yml"):
            stem = path.name.split(".")[0]
            return [file_key(p) for p in path.parent.glob(f"{stem}.*")
                    if p.suffix.lower() in readers_for(config) and p.name.split(".")[0] == stem]
        if path.suffix.lower() in readers_for(config):
            return [file_key(path)]
        return []

    def _template_roots(self) -> list[Path]:
        return [self.config.templates_path.resolve(), bundled_templates().resolve()]

    def _template_name(self, path: Path) -> str | None:
        for root in self._template_roots():
            if path.is_relative_to(root) and not path.is_relative_to(root / "static"):
                return path.relative_to(root).as_posix()
        return None

    def _is_static(self, path: Path) -> bool:
        return any(path.is_relative_to(root / "static") for root in self._template_roots())

    def _reread(self, files: set[Path], change: Change) -> tuple[list[AnnotatedArticle], list[AnnotatedArticle]]:
        """Read and annotate the changed articles; a file that fails keeps its last good version.
        Returns the annotated articles that went (old versions) and came (new versions)."""
        if not files:
            return [], []
        config = self.config
        read: dict[Path, Article | None] = {}
        for path in sorted(files):
            key = str(path)
            self.errors.pop(key, None)
            self.clashes.discard(path)
            if path not in self.files:  # gone (or no longer an article file of the content folder)
                read[path] = None
                self.slugs.pop(path, None)
                continue
            try:
                article = read_article(path, config, self.plain_text)
            except SitegenError as exc:
                self.errors[key] = exc
                continue
            except OSError as exc:  # deleted or unreadable between the scan and the read
                self.errors[key] = SitegenError(exc.strerror or str(exc), path)
                continue
            except Exception as exc:  # a reader's bug: name the file; the traceback goes to the log
                log.error("reading %s failed", path, exc_info=True)
                self.errors[key] = SitegenError(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}", path)
                continue
            self.slugs.pop(path, None)
            read[path] = article
        # Slugs are judged against every article file there is now; the published ones keep theirs.
        for path in sorted(read, key=lambda path: (path not in self.articles, path)):
            article = read[path]
            if article is None:
                continue
            if clash := next((other for other, slug in self.slugs.items() if slug == article.slug), None):
                self.errors[str(path)] = slug_clash(article, path, clash)
                self.clashes.add(path)
                del read[path]
                if path in self.articles:  # its last good version stays, with its slug
                    self.slugs[path] = self.articles[path].article.slug
                continue
            self.slugs[path] = article.slug
            if not published(article, config, self.drafts):
                read[path] = None
        fresh = [a for a in read.values() if a is not None]
        annotated = annotate_articles(fresh, self.annotator, self.cache)
        change.articles = len(fresh)
        removed = [old for path in read if (old := self.articles.pop(path, None)) is not None]
        for item in annotated:
            self.articles[file_key(item.article.path)] = item
        return removed, annotated

    # ----------------------------------------------------------------- render

    def _page_outputs(self, pages: list[Page]) -> dict[str, Output]:
        return {o.path: o for o in page_outputs(with_site_context(pages, self.index, self.config), self.renderer)}

    def _render(self, removed: list[AnnotatedArticle], added: list[AnnotatedArticle], templates: set[str],
                change: Change) -> None:
        """Bring the index up to date, then render what changed: through ``_render_touched`` when
        only articles changed and the site's languages stay; else by comparing every output."""
        index = self.index
        languages = set(index.languages) if index is not None else None
        touched: IndexChange | None = None
        if index is not None:
            try:
                touched = index.update(removed, added)
            except SitegenError:
                self.index = None  # half updated: build it again next time
                raise
        else:
            index = self.index = build_index(list(self.articles.values()), self.facets if self.facets is not None
                                             else site_facets(self.config))
        if touched is not None and not templates and not self.pending and set(index.languages) == languages:
            self._render_touched(index, touched, added, change)
        else:
            self._render_all(index, templates, change)
        self.dirty.clear()
        self.errors.pop("render", None)

    def _render_touched(self, index: SiteIndex, touched: IndexChange, added: list[AnnotatedArticle],
                        change: Change) -> None:
        """Render the pages an article change touches, the articles' own pages first (then
        ``on_written`` hears of them): the listing pages whose articles or cards changed, the
        pages of each facet's keys whose entries changed (and of the keys of its ``related``
        facets), the entity listing when a count changed; then the feeds and the sitemap whose
        records differ."""
        config, root = self.config, self.config.output_path
        own = self._page_outputs([article_page(item) for item in added])
        own.update((o.path, o) for o in annotation_outputs(added))
        self._write(list(own.values()), change)
        self.outputs.update(own)
        if self.on_written and change.written:
            self.on_written(set(change.written))
        pages = [*listing_pages(index, config), *language_pages(index, config), *search_pages(index, config)]
        keyed = {facet.name: set().union(touched.facets[facet.name], *(touched.facets[name] for name in facet.related))
                 for facet in index.facets}  # a page shows its entry and those of the same key in ``related``
        pages += [page for facet in index.facets for key in sorted(keyed[facet.name])
                  if (page := facet_page(index, config, facet, key))]
        if touched.listed:
            pages.append(entity_listing(index, config))
        outputs = self._page_outputs(pages)
        listings = LISTING_TEMPLATES
        compared = listings | {"search.html"}  # made again when their records differ (the search bundles changed)
        chosen = [
            output for path, output in outputs.items()
            if output.template not in compared
            or (before := self.outputs.get(path)) is None
            or before.articles != output.articles
            or before.data != output.data
            or not touched.cards.isdisjoint(output.articles)
        ]
        gone = [path for path in self._listings if path not in outputs]
        self._listings = {path for path, output in outputs.items() if output.template in listings}
        gone += [facet.path(key) for facet in index.facets if facet.template is not None
                 for key in keyed[facet.name] if key not in index.facet(facet.name)]
        if vanished := self.dirty - {item.article.slug for item in added}:
            for slug in vanished - {item.article.slug for item in index.articles}:
                gone += [paths.article(slug), paths.article_json(slug)]
        self._write(chosen, change)
        self.outputs.update((output.path, output) for output in chosen)
        for path in gone:
            if self.outputs.pop(path, None) is not None:
                remove_output(root, path)
                change.deleted.add(path)
        # the feeds, each compared with its last record; the sitemap when pages came or went, or dates or order changed
        self._write_changed(feed_outputs(index, config, self.renderer), change, kinds={FEED})
        if touched.keys or touched.cards:
            self._write_changed(sitemap_outputs(index, config, self.renderer), change, kinds={SITEMAP})

    def _render_all(self, index: SiteIndex, templates: set[str], change: Change) -> None:
        """List every output again (``outputs.site_outputs``) and write those whose inputs changed
        (articles, data, templates); delete those no longer listed."""
        config = self.config
        new = {o.path: o for o in site_outputs(index, config, self.renderer)}
        old = self.outputs
        chosen = [output for path, output in new.items()
                  if path in self.pending or self._differs(output, old.get(path), templates)]
        self._write(chosen, change)
        self.pending.clear()  # all rendered; what is left belonged to outputs that are gone
        for path in old.keys() - new.keys():
            remove_output(config.output_path, path)
            change.deleted.add(path)
        self.outputs = new
        self._listings = listing_paths(new)

    def _differs(self, output: Output, before: Output | None, templates: set[str] = frozenset()) -> bool:
        """Whether ``output`` must be written again: new, made from other articles or data, showing
        an article changed since, or made with a template that changed."""
        if output.kind == SEARCH:  # made by Pagefind (``sitegen serve`` indexes again on its own)
            return False
        if before is None or not output.same_inputs(before):
            return True
        changed = self.dirty
        if changed and (not changed.isdisjoint(output.articles) or not changed.isdisjoint(before.articles)):
            return True
        return bool(templates and output.template and self._uses(output.template, templates))

    def _write_changed(self, outputs: list[Output], change: Change, kinds: set[str]) -> None:
        """Write those of ``outputs`` that differ from their last records and delete the outputs of
        ``kinds`` no longer among them (a tag's feed, a static file that went)."""
        listed = {o.path for o in outputs}
        self._write([o for o in outputs if self._differs(o, self.outputs.get(o.path))], change)
        self.outputs.update((o.path, o) for o in outputs)
        for path in [path for path, o in self.outputs.items() if o.kind in kinds and path not in listed]:
            del self.outputs[path]
            remove_output(self.config.output_path, path)
            change.deleted.add(path)

    def _write(self, outputs: list[Output], change: Change) -> None:
        """Render and write ``outputs`` in order; what an error leaves undone stays ``pending``."""
        root = self.config.output_path
        self.pending |= {o.path for o in outputs}
        for output in outputs:
            if write_output(output, lambda path, content: write_if_changed(safe_target(root, path), content)):
                change.written.add(output.path)
            self.pending.discard(output.path)

    def warm(self) -> None:
        """Load the pipelines of the site's languages and what they load at their first text (quote
        cues), render the bodies the feeds show now and compile the templates, so the first edit
        does not wait for any of it. A pipeline that fails to load shows at the first rebuild."""
        if self.annotator is not None:
            for lang in sorted({item.article.lang for item in self.articles.values()}):
                try:
                    self.annotator.annotate('"Yes," she said, according to Reuters.', lang)
                except Exception as exc:  # noqa: BLE001 - a broken model shows up at the first rebuild
                    log.debug("could not preload the %s pipeline: %s", lang, exc)
        if self.index is not None and self.renderer is not None:
            for output in self.outputs.values():
                if output.kind == FEED:
                    output.make()
            for lang in {self.config.language, *self.index.languages}:
                env = self.renderer.environment(lang)
                for template in {o.template for o in self.outputs.values() if o.template}:
                    env.get_template(template)

    def _uses(self, template: str, changed: set[str]) -> bool:
        used = self.templates_used(template)
        return ANY_TEMPLATE in used or not used.isdisjoint(changed)

    def templates_used(self, name: str) -> frozenset[str]:
        """``name`` and every template it extends, includes or imports, found by parsing them."""
        if name not in self._templates_used:
            env = self.renderer.environment(self.config.language)
            seen: set[str] = set()
            todo = [name]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                try:
                    source, filename, _ = env.loader.get_source(env, current)
                    ast = env.parse(source, current, filename)
                except jinja2.TemplateNotFound:
                    continue
                except jinja2.TemplateSyntaxError as exc:
                    raise SitegenError(f"template error: {exc.message}", exc.filename or exc.name, exc.lineno) from None
                for reference in meta.find_referenced_templates(ast):
                    todo.append(ANY_TEMPLATE if reference is None else reference)
            self._templates_used[name] = frozenset(seen)
        return self._templates_used[name]

    # ----------------------------------------------------------------- errors

    @property
    def error(self) -> SitegenError | None:
        """The first thing that is broken now, if anything."""
        errors = list(self.errors.values())  # a copy: the server's threads read this while a rebuild runs
        return errors[0] if errors else None


def listing_paths(outputs: dict[str, Output]) -> set[str]:
    return {path for path, output in outputs.items() if output.template in LISTING_TEMPLATES}
