"""``sitegen build``: the whole pipeline, one stage a call.

    read -> annotate -> index -> render -> write
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .annotate import MAX_CHUNK, AnnotationRequest, Annotator, join_chunks, text_chunks
from .annotate.registry import Registry
from .cache import AnnotationCache
from .config import Config
from .feeds import write_publishing_files
from .indexes import SiteIndex, build_index
from .model import AnnotatedArticle, Annotations, Article
from .pages import Page, site_pages
from .parallel import Progress, annotate_in_parallel
from .read import read_articles
from .render import Renderer, annotations_json, bundled_templates, dump_json
from .search import index_site
from .write import StagedSite, check_output_folder, recover_interrupted_swap

log = logging.getLogger("sitegen")


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
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - started
    log.debug("%-9s %.3f s", stage, timings[stage])


def make_annotator(config: Config) -> Annotator:
    return Annotator(models=dict(config.models), registry=Registry.load(config.registry_path))


def make_cache(config: Config, annotator: Annotator, enabled: bool = True) -> AnnotationCache:
    return AnnotationCache(config.cache_path, annotator.models, annotator.registry, enabled=enabled)


def annotate_articles(
    articles: list[Article],
    annotator: Annotator,
    cache: AnnotationCache | None = None,
    *,
    progress: bool | None = False,
) -> list[AnnotatedArticle]:
    """Annotations from the cache where it has them, the rest across processes (``parallel``).

    ``progress``: None shows a progress line when stderr is a terminal, True/False force it.
    """
    # A long text goes in chunks: spaCy's limit, bounded memory, and the chunks run in parallel.
    pieces = [(n, offset, AnnotationRequest(chunk, a.lang, tuple(a.sources)))
              for n, a in enumerate(articles) for offset, chunk in text_chunks(a.text, MAX_CHUNK)]
    requests = [request for _, _, request in pieces]
    results = [cache.get(r) if cache else None for r in requests]
    todo = [i for i, found in enumerate(results) if found is None]
    shown = Progress(len(todo), enabled=progress)
    try:
        done = annotate_in_parallel(annotator, [requests[i] for i in todo], on_done=shown.advance)
        for i, annotations in zip(todo, done, strict=True):
            results[i] = annotations
            if cache:
                cache.put(requests[i], annotations)
    finally:
        shown.close()
    parts: list[list[tuple[int, Annotations]]] = [[] for _ in articles]
    for (n, offset, _), annotations in zip(pieces, results, strict=True):
        parts[n].append((offset, annotations))
    return [AnnotatedArticle(a, join_chunks(p) if len(p) != 1 else p[0][1]) for a, p in zip(articles, parts, strict=True)]


def build(
    config: Config,
    *,
    drafts: bool = False,
    annotator: Annotator | None = None,
    use_cache: bool = True,
    progress: bool | None = False,
) -> BuildResult:
    """Build the site in ``config.output_path``; on any error the previous site stays."""
    timings: dict[str, float] = {}
    inputs = [config.content_path, config.templates_path, config.registry_path, config.cache_path]
    recover_interrupted_swap(config.output_path.resolve())  # first: a failed build must leave the old site
    check_output_folder(config.output_path, [*inputs, config.root / "sitegen.toml"])
    with timed(timings, "read"):
        articles = read_articles(config, drafts=drafts or config.drafts)
    with timed(timings, "annotate"):
        annotator = annotator or make_annotator(config)
        cache = make_cache(config, annotator, enabled=use_cache)
        annotated = annotate_articles(articles, annotator, cache, progress=progress)
    with timed(timings, "index"):
        index = build_index(annotated)
    renderer = Renderer(config, annotator.registry)
    with StagedSite(config.output_path) as staged:
        with timed(timings, "render"):
            pages = site_pages(index, config)
            for page in pages:
                staged.write(page.path, renderer.render(page.template, page.lang, **page.context))
            for item in index.articles:
                staged.write(f"articles/{item.article.slug}/annotations.json", dump_json(annotations_json(item)))
            copy_static(config, staged)
            write_publishing_files(index, pages, renderer, staged)
        with timed(timings, "search"):
            index_site(staged.root)
        with timed(timings, "write"):
            staged.publish()
    return BuildResult(annotated, index, len(pages), timings, pages)


def copy_static(config: Config, staged: StagedSite) -> None:
    """Static files from the bundled templates, overridden file by file by the site's own."""
    for folder in (bundled_templates() / "static", config.templates_path / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    staged.copy(path, "static/" + path.relative_to(folder).as_posix())
    staged.write(".nojekyll", "")
