"""``sitegen build``: the whole pipeline, one stage a call.

    read -> annotate -> index -> render -> write
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .annotate import AnnotationRequest, Annotator
from .annotate.registry import Registry
from .config import Config
from .indexes import SiteIndex, build_index
from .model import AnnotatedArticle, Article
from .pages import site_pages
from .read import read_articles
from .render import Renderer, annotations_json, bundled_templates, dump_json
from .write import StagedSite

log = logging.getLogger("sitegen")


@dataclass
class BuildResult:
    articles: list[AnnotatedArticle]
    index: SiteIndex
    pages_written: int
    timings: dict[str, float] = field(default_factory=dict)

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


def annotate_articles(articles: list[Article], annotator: Annotator) -> list[AnnotatedArticle]:
    requests = (AnnotationRequest(a.text, a.lang, tuple(a.sources)) for a in articles)
    return [AnnotatedArticle(a, ann) for a, ann in zip(articles, annotator.annotate_many(requests), strict=True)]


def build(config: Config, *, drafts: bool = False, annotator: Annotator | None = None) -> BuildResult:
    """Build the site in ``config.output_path``; on any error the previous site stays."""
    timings: dict[str, float] = {}
    with timed(timings, "read"):
        articles = read_articles(config, drafts=drafts or config.drafts)
    with timed(timings, "annotate"):
        annotated = annotate_articles(articles, annotator or make_annotator(config))
    with timed(timings, "index"):
        index = build_index(annotated)
    renderer = Renderer(config)
    with StagedSite(config.output_path) as staged:
        with timed(timings, "render"):
            pages = site_pages(index, config)
            for page in pages:
                staged.write(page.path, renderer.render(page.template, page.lang, **page.context))
            for item in index.articles:
                staged.write(f"articles/{item.article.slug}/annotations.json", dump_json(annotations_json(item)))
            copy_static(config, staged)
        with timed(timings, "write"):
            staged.publish()
    return BuildResult(annotated, index, len(pages), timings)


def copy_static(config: Config, staged: StagedSite) -> None:
    """Static files from the bundled templates, overridden file by file by the site's own."""
    for folder in (bundled_templates() / "static", config.templates_path / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    staged.copy(path, "static/" + path.relative_to(folder).as_posix())
    staged.write(".nojekyll", "")
