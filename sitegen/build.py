"""``sitegen build``: the whole pipeline, one stage a call.

    read -> annotate -> index -> render -> write
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from . import article_store, paths
from .annotate import MAX_CHUNK, AnnotationRequest, Annotator, join_chunks, text_chunks
from .annotate.registry import Registry
from .annotation_backend import annotation_backend
from .article_store import ArticleStore
from .build_lock import DEFAULT_WAIT, build_lock
from .cache import AnnotationCache
from .config import Config
from .errors import SitegenError
from .facets import Facet, site_facets
from .feeds import RELATIVE_URLS_WARNING, feed_articles
from .indexes import IndexBuilder, SiteIndex, build_index, sentence_around
from .markdown_cache import MarkdownCache
from .markup import TextExtractor
from .model import AnnotatedArticle, Annotations, Article
from .outputs import (
    PAGE,
    FeedBodies,
    Output,
    feed_outputs,
    robots_output,
    site_outputs,
    sitemap_outputs,
    static_outputs,
    write_output,
)
from .page_store import PageStore
from .pages import Page, PageSlot, page_slots, site_pages, with_site_context
from .parallel import (
    ForkedPool,
    Progress,
    annotate_in_parallel,
    annotation_workers,
    cpu_count,
    forked_map,
    forked_pool,
    release_memory,
)
from .read import NESTED_TOO_DEEPLY, read_article, read_articles, read_in_parts, report_languages
from .render import Renderer, TemplateBytecode, annotations_json, dump_json
from .search import BundleCache, SearchIndexing, search_bundles
from .write import StagedSite, check_output_folder, check_output_path, recover_interrupted_swap

log = logging.getLogger("sitegen")

MIN_FORKED_READS = 100  # fewer articles than this are read in this process
MIN_FORKED_PAGES = 200  # fewer pages than this render in this process: starting workers would cost more


@dataclass
class BuildResult:
    articles: list[AnnotatedArticle]
    index: SiteIndex
    pages_written: int
    timings: dict[str, float] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    counts: dict[str, int] | None = None  # articles per pipeline, when counted during the build

    @property
    def pipelines(self) -> dict[str, int]:
        if self.counts is not None:
            return self.counts
        counts: dict[str, int] = {}
        for item in self.articles:
            counts[item.annotations.pipeline] = counts.get(item.annotations.pipeline, 0) + 1
        return counts


@contextmanager
def timed(timings: dict[str, float], stage: str, *, without: str | None = None) -> Iterator[None]:
    """Record and log the block's time as ``stage``, less the time of the stage ``without``
    timed inside it (logged on its own line)."""
    started = time.perf_counter()
    inner = timings.get(without, 0.0) if without else 0.0
    yield
    timings[stage] = time.perf_counter() - started - ((timings.get(without, 0.0) - inner) if without else 0.0)
    log.debug("%-9s %.3f s", stage, timings[stage])


def make_annotator(config: Config) -> Annotator:
    plugins = config.extensions
    try:
        registry = Registry.load(config.registry_path, plugins.entity_types.labels)
    except RecursionError:  # the YAML parser recurses once per level
        raise SitegenError("entity registry nested too deeply", config.registry_path) from None
    return Annotator(models=dict(config.models), registry=registry, components=tuple(plugins.spacy_components),
                     entity_labels=plugins.entity_types.model_labels(), languages=plugins.languages,
                     after_annotation=tuple(plugins.after_annotation), fingerprint=plugins.annotation_fingerprint())


def make_cache(config: Config, annotator: Annotator, enabled: bool = True) -> AnnotationCache:
    return AnnotationCache(config.cache_path, annotator.models, annotator.registry, enabled=enabled,
                           variant=annotator.fingerprint)


def annotate_articles(
    articles: list[Article],
    annotator: Annotator,
    cache: AnnotationCache | None = None,
    *,
    progress: bool | None = False,
    timings: dict[str, float] | None = None,
    backend: Callable[..., Iterator[Annotations]] = annotate_in_parallel,
) -> list[AnnotatedArticle]:
    """Annotations from the cache where it has them, the rest across processes (``parallel``).

    ``progress``: None shows a progress line when stderr is a terminal, True/False force it.
    ``timings``: when given, the pipelines the missing texts need are loaded first and timed as
    ``load`` (when every text is in the cache none is loaded). ``backend``: what annotates the
    missing texts (``annotation_backend``: local processes or a Dask cluster).
    """
    # A long text goes in chunks: spaCy's limit, bounded memory, and the chunks run in parallel.
    pieces = [(n, offset, AnnotationRequest(chunk, a.lang, tuple(a.sources)))
              for n, a in enumerate(articles) for offset, chunk in text_chunks(a.text, MAX_CHUNK)]
    requests = [request for _, _, request in pieces]
    results = cache.get_many(requests) if cache else [None] * len(requests)
    todo = [i for i, found in enumerate(results) if found is None]
    if todo and timings is not None and backend is annotate_in_parallel:  # a cluster's workers load their own
        with timed(timings, "load"):
            for lang in sorted({requests[i].lang for i in todo}):
                annotator.pipeline(lang)
    shown = Progress(len(todo), enabled=progress)
    try:
        done = backend(annotator, [requests[i] for i in todo], on_done=shown.advance,
                                    store=cache.put_many if cache and cache.enabled else None)
        for i, annotations in zip(todo, done, strict=True):
            results[i] = annotations
    finally:
        shown.close()
    parts: list[list[tuple[int, Annotations]]] = [[] for _ in articles]
    for (n, offset, _), annotations in zip(pieces, results, strict=True):
        parts[n].append((offset, annotations))
    annotated = [AnnotatedArticle(a, join_chunks(p) if len(p) != 1 else p[0][1]) for a, p in zip(articles, parts, strict=True)]
    for step in annotator.after_annotation:  # plugins' steps (``Plugins.add_after_annotation``)
        for item in annotated:
            step(item)
    return annotated


def build(
    config: Config,
    *,
    drafts: bool = False,
    annotator: Annotator | None = None,
    use_cache: bool = True,
    progress: bool | None = False,
    workers: int | None = None,
    wait: float = DEFAULT_WAIT,
    fresh_search: bool = False,
    facets: list[Facet] | None = None,
) -> BuildResult:
    """Build the site in ``config.output_path``; on any error the previous site stays.
    ``facets``: the facet table the index is built by (default: ``facets.site_facets(config)``).
    ``workers``: processes that read articles and render pages (default: one per CPU).
    ``wait``: seconds to wait for another build of the same output folder (``build_lock``).
    ``fresh_search``: run Pagefind even when the cache keeps a bundle of the same pages (``--force``)."""
    check_output(config)
    with build_lock(config.output_path, wait=wait, on_wait=partial(report_waiting, config)):
        return _build(config, drafts=drafts, annotator=annotator, use_cache=use_cache, progress=progress,
                      workers=workers, fresh_search=fresh_search, facets=facets)


def check_output(config: Config) -> None:
    """The output folder may not hold what the build reads (checked before the build lock is taken)."""
    inputs = [config.content_path, config.templates_path, config.registry_path, config.cache_path]
    check_output_path(config.output_path, [*inputs, config.root / "sitegen.toml"], config.content_path)


def report_waiting(config: Config, holder: str) -> None:
    log.info("waiting for the build of %s by %s to finish", config.output_path, holder)


def _build(
    config: Config,
    *,
    drafts: bool,
    annotator: Annotator | None,
    use_cache: bool,
    progress: bool | None,
    workers: int | None,
    fresh_search: bool,
    facets: list[Facet] | None = None,
) -> BuildResult:
    timings: dict[str, float] = {}
    recover_interrupted_swap(config.output_path.resolve())  # first: a failed build must leave the old site
    check_output_folder(config.output_path)
    annotate_with = annotation_backend(config)  # a Dask scheduler that cannot be reached fails here, before any work
    markdown_cache = MarkdownCache(config.cache_path, enabled=use_cache, variant=config.extensions.markdown_fingerprint())
    texts = partial(markdown_cache.plain_text, convert=TextExtractor(config.extensions.markdown_extensions))
    facets = site_facets(config) if facets is None else facets
    # An annotator of the build's own is dropped after it: its workers load their pipelines
    # themselves and this process stays small for the rendering workers forked from it
    # (``annotate_in_parallel``'s ``spawned``). A caller's annotator (``sitegen serve``) keeps them,
    # and the articles whole: the build reads, annotates and indexes them all at once.
    lean = annotator is None
    annotator = annotator or make_annotator(config)
    cache = make_cache(config, annotator, enabled=use_cache)
    bytecode = TemplateBytecode(config.cache_path) if use_cache else None
    renderer = Renderer(config, annotator.registry, markdown_cache=markdown_cache, bytecode=bytecode)
    pages_store = PageStore(config.cache_path / "pages") if use_cache else None
    bundles = BundleCache(config.cache_path / "search") if use_cache else None
    if lean:
        return _build_in_parts(config, drafts, annotator, cache, annotate_with, texts, facets, renderer, pages_store,
                               workers=workers, progress=progress, fresh_search=fresh_search, bundles=bundles,
                               timings=timings)
    with timed(timings, "read"):
        read_map = partial(forked_map, workers=workers, min_items=MIN_FORKED_READS, chunksize=16)
        articles = read_articles(config, drafts=drafts, map_paths=read_map, plain_text=texts)
    with timed(timings, "annotate", without="load"):
        with annotate_with as backend:
            annotated = annotate_articles(articles, annotator, cache, progress=progress, timings=timings,
                                          backend=backend)
    with timed(timings, "index"):
        index = build_index(annotated, facets)
    with StagedSite(config.output_path, store=pages_store) as staged:
        with timed(timings, "render"):
            pages = site_pages(index, config)
            search = render_site(index, pages, renderer, staged, workers=workers, search_cache=bundles,
                                 fresh_search=fresh_search)
        _finish(search, staged, timings)
    return BuildResult(annotated, index, len(pages), timings, pages)


def _finish(search: SearchIndexing, staged: StagedSite, timings: dict[str, float]) -> None:
    """Wait for Pagefind, then swap the staged site in."""
    with timed(timings, "search"):
        try:
            search.finish()
        except BaseException:  # interrupted while Pagefind runs: stop it with the build
            search.cancel()
            raise
    with timed(timings, "write"):
        staged.publish()


def _build_in_parts(config: Config, drafts: bool, annotator: Annotator, cache: AnnotationCache, annotate_with,
                    texts: Callable[[str], str], facets: list[Facet], renderer: Renderer, pages_store: PageStore | None,
                    *, workers: int | None, progress: bool | None, fresh_search: bool, bundles: BundleCache | None,
                    timings: dict[str, float]) -> BuildResult:
    """The build of a site by a build of its own (``sitegen build``), in bounded memory: the
    articles are read, annotated and indexed ``PART`` at a time, their words moved to an
    ``ArticleStore`` as each part is indexed (``_read_in_parts``), and the pages are rendered by
    worker processes forked before the first article is read, so they do not start with a copy
    of the index: each span of pages is sent to them pickled, its articles as slugs they load from
    the store (``render_pages``)."""
    store = ArticleStore()
    read = partial(read_article, config=config, plain_text=texts)
    search: SearchIndexing | None = None
    with StagedSite(config.output_path, store=pages_store) as staged:
        try:
            with forked_pool(partial(_pool_work, read=read, renderer=renderer, staged=staged),
                             workers=workers, min_items=MIN_FORKED_READS, chunksize=16) as pool:
                with annotate_with as backend:
                    annotated, index, counts = _read_in_parts(config, drafts, annotator, cache, backend, facets,
                                                               store, pool, progress=progress, timings=timings)
                release_memory()  # what the parts' words took goes back to the system, not only to this process's heap
                with timed(timings, "render"):
                    count, search = render_pages(index, renderer, staged, pool, store, search_cache=bundles,
                                                 fresh_search=fresh_search)
        except BaseException:  # interrupted while the workers stop: stop Pagefind too
            if search is not None:
                search.cancel()
            raise
        _finish(search, staged, timings)  # the workers are gone: Pagefind's parts run beside the build alone
    store.close()
    return BuildResult(annotated, index, count, timings, [], counts)


PART = 2000  # articles read, annotated and indexed at a time by a build of its own (``_read_in_parts``)


def _read_in_parts(config: Config, drafts: bool, annotator: Annotator, cache: AnnotationCache,
                   backend: Callable[..., Iterator[Annotations]], facets: list[Facet], store: ArticleStore,
                   pool: ForkedPool, *, progress: bool | None,
                   timings: dict[str, float]) -> tuple[list[AnnotatedArticle], SiteIndex, dict[str, int]]:
    """Read, annotate and index the articles ``PART`` at a time, each part's bodies and texts
    moved to ``store`` once indexed: the build holds one part's words, not the archive's. The
    readers (``pool``) are forked once, before the index grows (``parallel.forked_pool``), and the
    annotation workers made once (``parallel.annotation_workers``) when annotating locally.
    Times add up per stage across the parts (``read``, ``load``, ``annotate``, ``index``)."""
    builder = IndexBuilder(facets)
    annotated: list[AnnotatedArticle] = []
    counts: dict[str, int] = {}
    times = dict.fromkeys(("read", "annotate", "index"), 0.0)
    with contextlib.ExitStack() as stack:
        if backend is annotate_in_parallel:
            backend = stack.enter_context(annotation_workers(spawned=True))
        parts = read_in_parts(config, drafts, map_paths=lambda _, paths: pool.map([(READ, path) for path in paths]),
                              size=PART)
        while True:
            started = time.perf_counter()
            articles = next(parts, None)
            times["read"] += time.perf_counter() - started
            if articles is None:
                break
            started, loading = time.perf_counter(), timings.get("load", 0.0)
            done = annotate_articles(articles, annotator, cache, progress=progress, timings=timings, backend=backend)
            times["annotate"] += time.perf_counter() - started - (timings.get("load", 0.0) - loading)
            started = time.perf_counter()
            for item in done:
                compact(item.annotations)
                counts[item.annotations.pipeline] = counts.get(item.annotations.pipeline, 0) + 1
            builder.add(done)
            store.keep(done)
            sentence_around.cache_clear()  # its keys hold the texts just dropped
            annotated += done
            times["index"] += time.perf_counter() - started
    report_languages([item.article for item in annotated], config)
    started = time.perf_counter()
    index = builder.index()
    times["index"] += time.perf_counter() - started
    for stage, seconds in times.items():
        timings[stage] = seconds
        log.debug("%-9s %.3f s", stage, seconds)
    return annotated, index, counts


READ, RENDER = "read", "render"  # what a task of the build's worker pool does (``_pool_work``)


def _pool_work(task: tuple[str, object], *, read: Callable, renderer: Renderer, staged: StagedSite):
    """A task of the build's worker pool: read an article file, or render a span of pages."""
    kind, payload = task
    if kind == READ:
        return read(payload)
    return _render_tasks(pickle.loads(payload), renderer, staged)


def _render_tasks(tasks: list[tuple], renderer: Renderer, staged: StagedSite) -> dict[str, str]:
    """Render and write pages (``(path, template, lang, context, keep)``) and annotation JSON
    (``(path, None, item)``); returns the bodies of the article pages marked ``keep`` (the feeds show them)."""
    kept = {}
    for task in tasks:
        if task[1] is None:
            path, _, item = task
            staged.write(path, dump_json(annotations_json(item)))
            continue
        path, template, lang, context, keep = task
        item = context.get("item")
        try:
            staged.write(path, renderer.render(template, lang, **context))
        except RecursionError:  # an article body nested deeper than Python-Markdown can render
            raise SitegenError(NESTED_TOO_DEEPLY, item.article.path if keep is not None else None) from None
        if keep:
            kept[item.article.slug] = renderer.article_body(item)  # kept from the page just rendered
    return kept


SPAN = 32  # pages and annotation files sent to a rendering worker at a time


def render_pages(index: SiteIndex, renderer: Renderer, staged: StagedSite, pool: ForkedPool, store: ArticleStore, *,
                 search_cache: BundleCache | None = None, fresh_search: bool = False) -> tuple[int, SearchIndexing]:
    """``render_site`` for a build in parts: the same files, the pages made from ``pages.page_slots``
    a span at a time (never all at once) and sent to ``pool`` pickled, the articles in them
    without their annotations, which a worker reads from the store when a page asks for them
    (``article_store.ArticlePickler``); a page whose context holds the site index (the listing
    pages) or too much of it (the listing of entities) is rendered here. Returns the number of pages and Pagefind indexing the
    article pages, started as soon as they are written."""
    config = renderer.config
    slots = page_slots(index, config)
    keep = feed_articles(index, config)  # the feeds show these bodies again
    bodies: dict[str, str] = {}
    article_slot = {slot.path: slot for slot in slots if slot.template == "article.html"}

    def page_task(slot: PageSlot) -> tuple:
        page = with_site_context([slot.make()], index, config)[0]
        item = page.context.get("item") if slot.path in article_slot else None
        return (page.path, page.template, page.lang, page.context,
                item is not None and item.article.slug in keep if item is not None else None)

    def article_tasks():  # each article's page and annotations together: the worker reads its annotations once
        for item in index.articles:
            yield page_task(article_slot[paths.article(item.article.slug)])
            yield (paths.article_json(item.article.slug), None, item)

    def other_tasks():
        for slot in slots:
            if slot.path not in article_slot:
                yield page_task(slot)

    def payloads(tasks):
        span: list[tuple] = []
        for task in tasks:
            span.append(task)
            if len(span) == SPAN:
                yield from _sendable(span, renderer, staged, bodies)
                span = []
        if span:
            yield from _sendable(span, renderer, staged, bodies)

    start = len(slots) >= MIN_FORKED_PAGES
    for part in pool.imap(payloads(article_tasks()), start=start):
        bodies.update(part)
    search = SearchIndexing(staged.root, cache=search_cache, fresh=fresh_search, site=config.output_path,
                            bundles=search_bundles(index, config.search_shard_size))
    try:
        for part in pool.imap(payloads(other_tasks()), start=start):
            bodies.update(part)
        rest = [*feed_outputs(index, config, renderer, FeedBodies(renderer, bodies)),
                *sitemap_outputs(index, config, renderer, slots), robots_output(renderer), *static_outputs(config)]
        for output in rest:  # feeds, sitemap, robots, static files: in this process, with the bodies
            write_output(output, staged.write, staged.copy)
    except BaseException:
        search.cancel()
        raise
    if not renderer.urls.absolute_base:
        log.warning(RELATIVE_URLS_WARNING, config.base_url)
    return len(slots), search


def _sendable(span: list[tuple], renderer: Renderer, staged: StagedSite, bodies: dict[str, str]) -> Iterator[tuple]:
    """The span as a pool task; a page that cannot go (its context holds the site index, or
    something that does not pickle) is rendered here instead."""
    try:
        yield (RENDER, article_store.dumps(span, len(span)))
        return
    except (pickle.PicklingError, TypeError, AttributeError):
        pass
    sendable = []
    for task in span:
        try:
            article_store.dumps(task)
        except (pickle.PicklingError, TypeError, AttributeError):
            bodies.update(_render_tasks([task], renderer, staged))
        else:
            sendable.append(task)
    if sendable:
        yield (RENDER, article_store.dumps(sendable, len(sendable)))


def compact(annotations: Annotations) -> None:
    """Share the strings that repeat across articles (entity keys, names, types, speakers, cues,
    sources: ``sys.intern``) instead of holding a copy per mention: the index of a large archive
    holds millions of them."""
    for entity in annotations.entities:
        for name in ("text", "type", "key", "name"):
            object.__setattr__(entity, name, sys.intern(getattr(entity, name)))
    for quote in annotations.quotes:
        for name in ("speaker", "speaker_key", "cue"):
            value = getattr(quote, name)
            if value is not None:
                object.__setattr__(quote, name, sys.intern(value))
    for citation in annotations.citations:
        for name in ("source", "source_key"):
            value = getattr(citation, name)
            if value is not None:
                object.__setattr__(citation, name, sys.intern(value))
    annotations.pipeline = sys.intern(annotations.pipeline)


def render_site(
    index: SiteIndex,
    pages: list[Page],
    renderer: Renderer,
    staged: StagedSite,
    *,
    workers: int | None = None,
    search_cache: BundleCache | None = None,
    fresh_search: bool = False,
) -> SearchIndexing:
    """Write every output of the site (``outputs.site_outputs``: pages, annotations, feeds,
    sitemap, robots, static files); returns Pagefind indexing the article pages, started as soon
    as they are written.

    Pages render across forked processes (``parallel.forked_map``) that inherit the index and
    the renderer and write their pages themselves; the output is the same as in one process.
    ``workers``: processes to use (default: one per CPU, one for a small site). ``search_cache``:
    where the last search bundle is kept (taken when the article pages are the same, unless ``fresh_search``)."""
    if workers is None and len(pages) < MIN_FORKED_PAGES:
        workers = 1
    article_of = {paths.article(item.article.slug): item for item in index.articles}
    renderer.load_templates(page.lang for page in pages)  # once here, not in every worker
    keep = feed_articles(index, renderer.config)  # the feeds show these bodies again
    bodies: dict[str, str] = {}  # rendered by the workers with the article pages; the feeds read them
    outputs = site_outputs(index, renderer.config, renderer, pages, bodies)

    def write(chunk: list[Output]) -> dict[str, str]:
        kept = {}
        for output in chunk:
            item = article_of.get(output.path)
            try:
                write_output(output, staged.write, staged.copy)
            except RecursionError:  # an article body nested deeper than Python-Markdown can render
                raise SitegenError(NESTED_TOO_DEEPLY, item.article.path if item else None) from None
            if item is not None and item.article.slug in keep:
                kept[item.article.slug] = renderer.article_body(item)  # kept from the page just rendered
        return kept

    def write_all(selected: list[Output]) -> None:
        size = min(64, -(-len(selected) // ((workers or cpu_count()) * 8)) or 1)  # ~8 chunks a worker: even load
        spans = [(i, i + size) for i in range(0, len(selected), size)]
        for part in forked_map(lambda span: write(selected[span[0] : span[1]]), spans, workers=workers):
            bodies.update(part)

    # the article pages and their annotations first: Pagefind indexes them while the rest is written
    first = {path for item in index.articles for path in (paths.article(item.article.slug),
                                                           paths.article_json(item.article.slug))}
    write_all([output for output in outputs if output.path in first])
    search = SearchIndexing(staged.root, cache=search_cache, fresh=fresh_search, site=renderer.config.output_path,
                            bundles=search_bundles(index, renderer.config.search_shard_size))
    try:
        write_all([output for output in outputs if output.kind == PAGE and output.path not in first])
        for output in outputs:  # feeds, sitemap, robots, static files: in this process, with the bodies
            if output.kind != PAGE and output.path not in first:
                write_output(output, staged.write, staged.copy)
    except BaseException:
        search.cancel()
        raise
    if not renderer.urls.absolute_base:
        log.warning(RELATIVE_URLS_WARNING, renderer.config.base_url)
    return search
