"""`sitegen serve` reloads: which open page is told to reload, and when (no browser, no threads)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sitegen import incremental
from sitegen.build import make_annotator
from sitegen.config import load_config
from sitegen.serve import ServeOptions, Server
from sitegen.write import write_if_changed

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"
ARTICLE_PAGE = "articles/2026-11-21-rhine.html"


class Loop:
    """Runs what the rebuild thread hands to the server's IO loop at once, in order."""

    def add_callback(self, callback, *args) -> None:
        callback(*args)


class Page:
    """An open page's LiveReload connection: notes each reload it is told."""

    def __init__(self, events: list):
        self.events = events

    def write_message(self, message: str) -> None:
        self.events.append(("reload", json.loads(message)["path"]))


@pytest.fixture
def server(tmp_path: Path, monkeypatch) -> tuple[Server, list]:
    root = tmp_path / "site-root"
    shutil.copytree(FIXTURE, root)
    load = lambda: load_config(root / "sitegen.toml")  # noqa: E731
    server = Server(load, ServeOptions(port=0))
    server.state.annotator = make_annotator(load())
    server.state.build_all()
    server.loop = Loop()
    events: list = []

    def recording(path: Path, content) -> bool:
        events.append(("write", path.relative_to(server.config.output_path.resolve()).as_posix()))
        return write_if_changed(path, content)

    monkeypatch.setattr(incremental, "write_if_changed", recording)
    return server, events


def test_the_edited_article_reloads_before_the_pages_listing_it_are_written(server):
    server, events = server
    article, listing = Page(events), Page(events)
    server.hub.pages = {article: ARTICLE_PAGE, listing: "index.html"}
    source = server.config.root / "seeds" / "2026-11-21-rhine.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Low water", "High water"), encoding="utf-8")
    server.rebuild({source})
    base = server.config.base_path
    reloads = [e for e in events if e[0] == "reload"]
    assert reloads.count(("reload", base + ARTICLE_PAGE)) == 1  # once, not again with the listings
    assert ("reload", base + "index.html") in reloads
    assert events.index(("reload", base + ARTICLE_PAGE)) < events.index(("write", "index.html"))
    assert events.index(("write", "index.html")) < events.index(("reload", base + "index.html"))
