"""One owner of addresses: every output's path comes from ``paths``, every URL from ``Urls`` over
those paths, and each URL a template may link reaches a file the build wrote."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitegen import paths
from sitegen.build import build
from sitegen.config import load_config
from sitegen.outputs import SEARCH, site_outputs
from sitegen.render import Renderer

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"


def test_every_output_is_written_where_paths_says_and_reached_at_its_url(tmp_path: Path):
    root = tmp_path / "site-root"
    shutil.copytree(FIXTURE, root)
    config = load_config(root / "sitegen.toml")
    result = build(config)
    site = config.output_path
    renderer = Renderer(config, None)
    urls = renderer.urls
    outputs = site_outputs(result.index, config, renderer)
    written = {p.relative_to(site).as_posix() for p in site.rglob("*")
               if p.is_file() and paths.SEARCH_BUNDLE not in p.relative_to(site).parts}
    assert {o.path for o in outputs if o.kind != SEARCH} == written

    def file_at(url: str) -> Path:
        assert url.startswith(urls.base_path), url
        return site / paths.file_of(url[len(urls.base_path):])

    for output in outputs:
        if output.kind != SEARCH:
            assert file_at(urls.of(output.path)) == site / output.path
    index = result.index
    reached = [urls.index(), urls.entities(), urls.site_feed(), urls.search_bundle("pagefind-ui.js"),
               urls.static("style.css"), *(urls.lang(lang) for lang in index.languages),
               *(urls.lang_feed(lang) for lang in index.languages), *(urls.search(lang) for lang in index.languages),
               *(urls.tag(key) for key in index.tags), *(urls.tag_feed(key) for key in index.tags),
               *(urls.entity(key) for key in index.entities), *(urls.speaker(key) for key in index.speakers),
               *(urls.source(key) for key in index.sources),
               *(urls.article(item.article.slug) for item in index.articles),
               *(urls.article_json(item.article.slug) for item in index.articles)]
    assert [url for url in reached if not file_at(url).is_file()] == []
