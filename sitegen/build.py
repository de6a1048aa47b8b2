"""``sitegen build``: the whole pipeline, one stage a call.

    read -> annotate -> index -> render -> write
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from . import paths
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
from .outputs import PAGE, Output, site_outputs, write_output
from .page_store import PageStore
from .pages import Page, site_pages
from .parallel import Progress, annotate_in_parallel, annotation_workers, cpu_count, forked_map, forked_pool
from .read import NESTED_TOO_DEEPLY, read_article, read_articles, read_in_parts, report_languages
from .render import Renderer, TemplateBytecode
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

    @property
    def pipelines(self) -> dict[str, int]:
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
    store = None
    texts = partial(markdown_cache.plain_text, convert=TextExtractor(config.extensions.markdown_extensions))
    facets = site_facets(config) if facets is None else facets
    # An annotator of the build's own is dropped after it: its workers load their pipelines
    # themselves and this process stays small for the rendering workers forked from it
    # (``annotate_in_parallel``'s ``spawned``). A caller's annotator (``sitegen serve``) keeps them,
    # and the articles whole: the build reads, annotates and indexes them all at once.
    lean = annotator is None
    annotator = annotator or make_annotator(config)
    cache = make_cache(config, annotator, enabled=use_cache)
    if lean:
        store = ArticleStore()
        try:
            with annotate_with as backend:
                annotated, index = _read_in_parts(config, drafts, annotator, cache, backend, texts, facets, store,
                                                   workers=workers, progress=progress, timings=timings)
        except BaseException:
            store.close()
            raise
    else:
        with timed(timings, "read"):
            read_map = partial(forked_map, workers=workers, min_items=MIN_FORKED_READS, chunksize=16)
            articles = read_articles(config, drafts=drafts, map_paths=read_map, plain_text=texts)
        with timed(timings, "annotate", without="load"):
            with annotate_with as backend:
                annotated = annotate_articles(articles, annotator, cache, progress=progress, timings=timings,
                                              backend=backend)
        with timed(timings, "index"):
            index = build_index(annotated, facets)
    try:
        pages = _render_and_publish(config, annotator, index, markdown_cache, use_cache=use_cache, workers=workers,
                                    fresh_search=fresh_search, timings=timings)
    finally:
        if store is not None:
            store.close()
    return BuildResult(annotated, index, len(pages), timings, pages)


def _render_and_publish(config: Config, annotator: Annotator, index: SiteIndex, markdown_cache: MarkdownCache, *,
                        use_cache: bool, workers: int | None, fresh_search: bool,
                        timings: dict[str, float]) -> list[Page]:
    bytecode = TemplateBytecode(config.cache_path) if use_cache else None
    renderer = Renderer(config, annotator.registry, markdown_cache=markdown_cache, bytecode=bytecode)
    pages_store = PageStore(config.cache_path / "pages") if use_cache else None
    with StagedSite(config.output_path, store=pages_store) as staged:
        with timed(timings, "render"):
            pages = site_pages(index, config)
            bundles = BundleCache(config.cache_path / "search") if use_cache else None
            search = render_site(index, pages, renderer, staged, workers=workers, search_cache=bundles,
                                 fresh_search=fresh_search)
        with timed(timings, "search"):
            try:
                search.finish()
            except BaseException:  # interrupted while Pagefind runs: stop it with the build
                search.cancel()
                raise
        with timed(timings, "write"):
            staged.publish()
    return pages


PART = 2000  # articles read, annotated and indexed at a time by a build of its own (``_read_in_parts``)


def _read_in_parts(config: Config, drafts: bool, annotator: Annotator, cache: AnnotationCache,
                   backend: Callable[..., Iterator[Annotations]], texts: Callable[[str], str], facets: list[Facet],
                   store: ArticleStore, *, workers: int | None, progress: bool | None,
                   timings: dict[str, float]) -> tuple[list[AnnotatedArticle], SiteIndex]:
    """Read, annotate and index the articles ``PART`` at a time, each part's bodies and texts
    moved to ``store`` once indexed: the build holds one part's words, not the archive's. The
    readers are forked once, before the index grows (``parallel.forked_pool``), and the
    annotation workers made once (``parallel.annotation_workers``) when annotating locally.
    Times add up per stage across the parts (``read``, ``load``, ``annotate``, ``index``)."""
    builder = IndexBuilder(facets)
    annotated: list[AnnotatedArticle] = []
    times = dict.fromkeys(("read", "annotate", "index"), 0.0)
    read = partial(read_article, config=config, plain_text=texts)
    with contextlib.ExitStack() as stack:
        if backend is annotate_in_parallel:
            backend = stack.enter_context(annotation_workers(spawned=True))
        read_map = stack.enter_context(forked_pool(read, workers=workers, min_items=MIN_FORKED_READS, chunksize=16))
        parts = read_in_parts(config, drafts, map_paths=lambda _, paths: read_map(paths), plain_text=texts, size=PART)
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
            builder.add(done)
            store.keep(done)
            sentence_around.cache_clear()  # its keys hold the texts just dropped
            for item in done:
                compact(item.annotations)
            annotated += done
            times["index"] += time.perf_counter() - started
    report_languages([item.article for item in annotated], config)
    started = time.perf_counter()
    index = builder.index()
    times["index"] += time.perf_counter() - started
    for stage, seconds in times.items():
        timings[stage] = seconds
        log.debug("%-9s %.3f s", stage, seconds)
    return annotated, index


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
