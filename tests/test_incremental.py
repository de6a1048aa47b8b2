"""Incremental rebuilds: what a change rewrites, and that the result equals a full build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import incremental
from sitegen.build import build, make_annotator
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.facets import Facet, article_facet, default_facets
from sitegen.incremental import SiteState, file_key
from sitegen.indexes import SiteIndex, build_index
from sitegen.model import AnnotatedArticle, Annotations, Article, Citation, Entity, Quote, Source
from sitegen.read import read_articles
from sitegen.write import write_if_changed

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"
SEARCH = "pagefind"  # the search bundle: rebuilt by `serve` after a pause, not by each update


@pytest.fixture(scope="module")
def annotator():
    """One annotator for the module, so spaCy pipelines load once."""
    return make_annotator(load_config(FIXTURE / "sitegen.toml"))


@pytest.fixture
def site(tmp_path: Path, annotator) -> tuple[Path, SiteState]:
    root = tmp_path / "site-root"
    shutil.copytree(FIXTURE, root)
    state = SiteState(lambda: load_config(root / "sitegen.toml"), annotator=annotator)
    state.build_all()
    return root, state


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and SEARCH not in p.relative_to(folder).parts}


def full_build_of(root: Path, annotator, tmp_path: Path, facets: list[Facet] | None = None) -> dict[str, bytes]:
    config = load_config(root / "sitegen.toml")
    config.output_dir = str(tmp_path / "full-build")
    build(config, annotator=annotator, facets=facets)
    return files(tmp_path / "full-build")


def assert_same_files(updated: dict[str, bytes], full: dict[str, bytes]) -> None:
    assert sorted(updated) == sorted(full)
    different = [path for path in full if updated[path] != full[path]]
    assert different == [], "the incremental build differs from a full build"


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_any_sequence_of_edits_gives_the_files_of_a_full_build(site, annotator, tmp_path: Path):
    root, state = site
    seeds = root / "seeds"
    steps = [  # each step makes its change when called and returns the changed paths
        # new entity and a quote in the body
        lambda: [edit(seeds / "2026-11-21-rhine.md", "near Kaub.", 'near Kaub. "It is bad," said Olaf Scholz.')],
        # entities go: the last mention of one, not of the other
        lambda: [edit(seeds / "2026-11-21-rhine.md", "near Kaub", "near the rocks")],
        # a new date moves the article to another listing page (per_page = 2)
        lambda: [edit(seeds / "2026-11-22-wahl.md", "lang: de", "lang: de\ndate: 2026-10-01")],
        # a new title on the entity, tag and listing pages showing it
        lambda: [edit(seeds / "2026-11-21-rhine.md", "title: Low water on the Rhine", "title: Rhine runs dry")],
        # a title and a tag change through a sidecar
        lambda: [edit(seeds / "2026-11-19-markt.meta.yml", "tags: [Österreich, Wirtschaft]", "tags: [Handel]")],
        # an article changes language (both languages keep articles)
        lambda: [edit(seeds / "2026-11-20-bridge.md", "lang: en", "lang: de")],
        # a new article with a new tag and language listing entry, a cited source with its URL
        lambda: [_write(seeds / "2026-11-23-new.md",
                        "---\ntitle: New\nlang: en\ntags: [Sydney]\n"
                        "sources: [{name: Reuters, url: 'https://reuters.example/'}]\n---\n"
                        "Anna Berg met Olaf Scholz in Sydney, according to Reuters.\n")],
        # two articles in one batch, one of them only saved again
        lambda: [edit(seeds / "2026-11-23-new.md", "met Olaf Scholz", "met Olaf Scholz and Maria Huber"),
                 edit(seeds / "2026-11-22-wahl.md", "Menschen", "Menschen")],
        lambda: [_delete(seeds / "2026-11-20-bridge.md")],
        # a template override and a changed static file
        lambda: [_write(root / "templates" / "tag.html",
                        '{% extends "base.html" %}{% block main %}<h1 class="t">{{ name }}</h1>{% endblock %}')],
        lambda: [edit(root / "templates" / "static" / "extra.css", "black", "navy")],
        # the last articles of a language go: every page's language menu changes
        lambda: [_delete(seeds / "2026-11-22-wahl.md"), _delete(seeds / "2026-11-19-markt.txt"),
                 _delete(seeds / "2026-11-19-markt.meta.yml")],
    ]
    for number, step in enumerate(steps):
        state.update(step())
        assert state.errors == {}
        assert_same_files(files(root / "site"), full_build_of(root, annotator, tmp_path / str(number)))
        assert summary(state.index) == summary(build_index(list(state.articles.values())))


def test_renames_and_folder_moves_give_the_files_of_a_full_build(site, annotator, tmp_path: Path):
    """The watcher reports a moved folder as one path, never the files in it, and a rename as the
    old and the new name: after each such batch the site equals a full build of the files there are."""
    root, state = site
    seeds, outside = root / "seeds", tmp_path / "outside"
    (outside / "news").mkdir(parents=True)
    _write(outside / "news" / "2026-11-24-port.md", "---\ntitle: Port opens\nlang: en\n---\nAnna Berg opened the port.\n")
    shutil.move(seeds / "2026-11-19-markt.txt", outside / "news" / "2026-11-19-markt.txt")
    shutil.move(seeds / "2026-11-19-markt.meta.yml", outside / "news" / "2026-11-19-markt.meta.yml")
    state.update([seeds / "2026-11-19-markt.txt", seeds / "2026-11-19-markt.meta.yml"])
    steps = [  # each step changes the files when called and returns the paths the watcher reports
        # a rename that keeps the slug (set in the front matter) to a name sorting before the old one
        lambda: [edit(seeds / "2026-11-20-bridge.md", "lang: en", "lang: en\nslug: the-bridge")],
        lambda: _move(seeds / "2026-11-20-bridge.md", seeds / "2026-11-01-bridge.md"),
        # a case-only rename: the slug stays
        lambda: _move(seeds / "2026-11-21-rhine.md", seeds / "2026-11-21-Rhine.md"),
        # a folder moved in, renamed, then moved out
        lambda: _move(outside / "news", seeds / "news"),
        lambda: _move(seeds / "news", seeds / "world"),
        lambda: _move(seeds / "world", outside / "world")[:1],
        # a folder moved in with a sidecar, its article renamed by case with the sidecar
        lambda: _move(outside / "world", seeds / "welt")[1:],
        lambda: [*_move(seeds / "welt" / "2026-11-19-markt.txt", seeds / "welt" / "2026-11-19-MARKT.txt"),
                 *_move(seeds / "welt" / "2026-11-19-markt.meta.yml", seeds / "welt" / "2026-11-19-MARKT.meta.yml")],
    ]
    for number, step in enumerate(steps):
        state.update(step())
        assert state.errors == {}, number
        assert_same_files(files(root / "site"), full_build_of(root, annotator, tmp_path / str(number)))


def test_a_changed_file_the_watcher_did_not_report_is_read_again(site, annotator, tmp_path: Path):
    root, state = site
    edit(root / "seeds" / "2026-11-21-rhine.md", "half loads", "no loads")
    state.update([])
    assert "no loads" in (root / "site" / "articles" / "2026-11-21-rhine.html").read_text(encoding="utf-8")
    assert_same_files(files(root / "site"), full_build_of(root, annotator, tmp_path / "full"))


def test_a_slug_clash_ends_when_the_other_file_goes(site, annotator, tmp_path: Path):
    root, state = site
    seeds = root / "seeds"
    copy = seeds / "other" / "2026-11-21-rhine.md"
    copy.parent.mkdir()
    _write(copy, edit(seeds / "2026-11-21-rhine.md", "half loads", "half loads").read_text(encoding="utf-8")
           .replace("half loads", "copied loads"))
    state.update([copy])
    assert state.error is not None and state.error.path == copy
    state.update([_delete(seeds / "2026-11-21-rhine.md")])
    assert state.errors == {}
    assert "copied loads" in (root / "site" / "articles" / "2026-11-21-rhine.html").read_text(encoding="utf-8")
    assert_same_files(files(root / "site"), full_build_of(root, annotator, tmp_path / "full"))


FILE_NAMES = ["a.md", "A.md", "b.md", "B.md", "zeta.md", "c.txt", "C.txt"]
FOLDER_NAMES = ["news", "News", "world", "welt"]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_after_any_renames_and_folder_moves_the_site_holds_what_a_fresh_scan_finds(annotator, tmp_path_factory,
                                                                                   data):
    """Random renames of files (to names differing in case only, too) and moves of folders into,
    out of and within the content folder, each reported as the watcher does (the old and the new
    path): the site then publishes the articles a fresh build reads, or, when two files now share
    a slug, shows an error until they no longer do."""
    root = tmp_path_factory.mktemp("moves")
    shutil.copyfile(FIXTURE / "sitegen.toml", root / "sitegen.toml")
    seeds, outside = root / "seeds", root / "outside"
    for folder in (seeds / "news", outside / "world"):
        folder.mkdir(parents=True)
    _write(seeds / "zeta.md", "---\ntitle: Zeta\nlang: en\nslug: kept\n---\nAnna Berg spoke.\n")
    _write(seeds / "b.md", "---\ntitle: Bee\nlang: en\n---\nThe bees are back.\n")
    _write(seeds / "news" / "c.txt", "Ferries run again in Sydney.\n")
    _write(outside / "world" / "a.md", "---\ntitle: World\nlang: en\n---\nThe world turns.\n")
    state = SiteState(lambda: load_config(root / "sitegen.toml"), annotator=annotator)
    state.build_all()
    for _ in range(data.draw(st.integers(1, 5), label="steps")):
        inside = sorted(p for p in seeds.rglob("*") if p.is_file())
        folders_in = sorted(p for p in seeds.iterdir() if p.is_dir())
        folders_out = sorted(p for p in outside.iterdir() if p.is_dir())
        moves = []
        if inside:
            moves.append(("file", inside, [*(seeds / n for n in FILE_NAMES), *(f / n for f in folders_in
                                                                                for n in FILE_NAMES)]))
        if folders_out:
            moves.append(("folder in", folders_out, [seeds / n for n in FOLDER_NAMES]))
        if folders_in:
            moves.append(("folder out", folders_in, [outside / n for n in FOLDER_NAMES]))
            moves.append(("folder rename", folders_in, [seeds / n for n in FOLDER_NAMES]))
        _, sources, targets = data.draw(st.sampled_from(moves), label="move")
        source = data.draw(st.sampled_from(sources), label="from")
        free = [t for t in targets if not t.exists() and t.suffix == source.suffix]
        if not free:
            continue
        target = data.draw(st.sampled_from(free), label="to")
        state.update(_move(source, target))
        config = load_config(root / "sitegen.toml")
        try:
            fresh = read_articles(config)
        except SitegenError as clash:
            assert "slug" in clash.message
            assert state.error is not None and "slug" in state.error.message
            continue
        assert state.errors == {}
        assert {p: item.article.slug for p, item in state.articles.items()} == {
            file_key(article.path): article.slug for article in fresh}
        published = {p.name for p in (root / "site" / "articles").iterdir()}
        assert published == {f"{a.slug}{ext}" for a in fresh for ext in (".html", ".json")}


def _move(source: Path, target: Path) -> list[Path]:
    source.rename(target)
    return [source, target]


def summary(index: SiteIndex) -> dict:
    """Everything an index holds, in its order, as plain data."""
    def slugs(items):
        return [item.article.slug for item in items]

    return {
        "articles": slugs(index.articles),
        "entities": [(e.key, e.name, e.type, [(m.article.article.slug, m.sentence, m.start) for m in e.mentions])
                     for e in index.entities.values()],
        "speakers": [(e.key, e.name, [(a.article.slug, q) for a, q in e.quotes]) for e in index.speakers.values()],
        "sources": [(e.key, e.name, e.url, [(a.article.slug, c, s) for a, c, s in e.citations])
                    for e in index.sources.values()],
        "tags": [(key, entry.name, slugs(entry.articles)) for key, entry in index.tags.items()],
        "facets": {facet.name: [(key, entry.name, slugs(facet.article(v) for v in facet.items_of(entry)))
                                for key, entry in index.facet(facet.name).items()] for facet in index.facets},
        "languages": [(lang, slugs(items)) for lang, items in index.languages.items()],
    }


def test_a_tag_clash_is_an_error_until_fixed_and_the_files_then_equal_a_full_build(site, annotator, tmp_path: Path):
    root, state = site
    seeds = root / "seeds"
    # "Osterreich" and "Österreich" share the slug osterreich but are not one tag
    state.update([edit(seeds / "2026-11-22-wahl.md", "tags: [Österreich]", "tags: [Osterreich]")])
    assert state.error is not None and "share the slug 'osterreich'" in state.error.message
    state.update([edit(seeds / "2026-11-21-rhine.md", "half loads", "no loads")])  # another edit meanwhile
    assert state.error is not None
    state.update([edit(seeds / "2026-11-22-wahl.md", "tags: [Osterreich]", "tags: [ÖSTERREICH]")])
    assert state.errors == {}
    assert "no loads" in (root / "site" / "articles" / "2026-11-21-rhine.html").read_text(encoding="utf-8")
    assert_same_files(files(root / "site"), full_build_of(root, annotator, tmp_path / "full"))


def test_the_edited_article_page_is_written_before_the_pages_listing_it(site, rendered):
    root, state = site
    state.update([edit(root / "seeds" / "2026-11-21-rhine.md", "Low water", "High water")])
    assert rendered[0] == "articles/2026-11-21-rhine.html"
    assert {"index.html", "tags/transport/index.html", "entities/kaub.html", "feed.xml"} <= set(rendered[1:])


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _delete(path: Path) -> Path:
    path.unlink()
    return path


def test_article_edit_rewrites_its_page_and_the_pages_listing_it_only(site):
    root, state = site
    output = root / "site"
    untouched = output / "articles" / "2026-11-22-wahl.html"
    before = untouched.stat().st_mtime_ns
    change = state.update([edit(root / "seeds" / "2026-11-21-rhine.md", "half loads", "quarter loads")])
    assert "articles/2026-11-21-rhine.html" in change.written
    assert "quarter loads" in (output / "articles" / "2026-11-21-rhine.html").read_text(encoding="utf-8")
    assert change.articles == 1
    assert not any(p.startswith(("articles/2026-11-22-wahl", "articles/2026-11-20-bridge")) for p in change.written)
    assert "tags/osterreich/index.html" not in change.written
    assert untouched.stat().st_mtime_ns == before


@pytest.fixture
def rendered(site, monkeypatch) -> list[str]:
    """The output files an update renders (and writes if their bytes changed), in order."""
    root, _ = site
    order = []

    def recording(path: Path, content) -> bool:
        order.append(path.relative_to((root / "site").resolve()).as_posix())
        return write_if_changed(path, content)

    monkeypatch.setattr(incremental, "write_if_changed", recording)
    return order


def test_a_body_edit_away_from_the_entities_renders_the_article_and_its_feeds_only(site, rendered):
    root, state = site
    state.update([edit(root / "seeds" / "2026-11-21-rhine.md", "next week.", "next week.\n\nNothing more.")])
    assert sorted(rendered) == sorted([
        "articles/2026-11-21-rhine.html", "articles/2026-11-21-rhine.json",
        "feed.xml", "lang/en/feed.xml", "tags/transport/feed.xml", "tags/germany/feed.xml"])


def test_unchanged_save_writes_nothing(site):
    root, state = site
    article = root / "seeds" / "2026-11-21-rhine.md"
    article.write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    change = state.update([article])
    assert change.written == set() and change.deleted == set()


def test_template_change_rerenders_the_pages_using_it(site):
    root, state = site
    (root / "templates" / "tag.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="mine">{{ name }}</p>{% endblock %}', encoding="utf-8")
    change = state.update([root / "templates" / "tag.html"])
    assert change.written and all(p.startswith("tags/") for p in change.written)
    assert 'class="mine"' in (root / "site" / "tags" / "transport" / "index.html").read_text(encoding="utf-8")


def test_base_template_change_rerenders_every_page(site):
    root, state = site
    bundled = Path(__file__).resolve().parent.parent / "templates" / "base.html"
    (root / "templates" / "base.html").write_text(
        bundled.read_text(encoding="utf-8").replace("<body>", '<body class="changed">'), encoding="utf-8")
    change = state.update([root / "templates" / "base.html"])
    html_pages = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html")}
    html_pages = {p for p in html_pages if not p.startswith(SEARCH)}
    assert html_pages <= change.written


def test_templates_used_follow_extends_and_imports(site):
    _, state = site
    assert {"tag.html", "base.html", "_macros.html"} <= state.templates_used("tag.html")
    assert "_macros.html" not in state.templates_used("entity.html")


def test_broken_front_matter_keeps_the_last_good_page_until_fixed(site):
    root, state = site
    article = root / "seeds" / "2026-11-21-rhine.md"
    good = article.read_text(encoding="utf-8")
    page = root / "site" / "articles" / "2026-11-21-rhine.html"
    before = page.read_bytes()
    article.write_text(good.replace("title: Low water on the Rhine", "title: [unclosed"), encoding="utf-8")
    state.update([article])
    error = state.error
    assert error is not None and error.path == article and error.line is not None
    assert page.read_bytes() == before
    # another article's edit goes through while the broken one stays broken
    state.update([edit(root / "seeds" / "2026-11-20-bridge.md", "three weeks", "two weeks")])
    assert state.error is error
    article.write_text(good.replace("half loads", "full loads"), encoding="utf-8")
    state.update([article])
    assert state.error is None and "full loads" in page.read_text(encoding="utf-8")


def test_template_error_is_reported_with_file_and_line_and_recovers(site):
    root, state = site
    template = root / "templates" / "tag.html"
    template.write_text('{% extends "base.html" %}\n{% block main %}\n{{ name }\n{% endblock %}', encoding="utf-8")
    state.update([template])
    assert state.error is not None and state.error.path.name == "tag.html" and state.error.line == 3
    template.write_text('{% extends "base.html" %}{% block main %}<p class="ok">{{ name }}</p>{% endblock %}',
                        encoding="utf-8")
    state.update([template])
    assert state.error is None
    assert 'class="ok"' in (root / "site" / "tags" / "transport" / "index.html").read_text(encoding="utf-8")


def test_duplicate_slug_is_an_error_on_the_new_file(site):
    root, state = site
    copy = root / "seeds" / "other" / "2026-11-21-rhine.md"
    copy.parent.mkdir()
    shutil.copyfile(root / "seeds" / "2026-11-21-rhine.md", copy)
    state.update([copy])
    assert state.error is not None and state.error.path == copy and "slug" in state.error.message
    copy.unlink()
    state.update([copy])
    assert state.error is None


def test_config_change_rebuilds_everything(site):
    root, state = site
    config = root / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("Serve test site", "Renamed site"), encoding="utf-8")
    change = state.update([config])
    assert change.full
    assert "Renamed site" in (root / "site" / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the index alone, on made-up articles

SENTENCES = ["Anna Berg met Reuters.", "Olaf Scholz said so.", "Wien is in Austria.", "Nothing happened."]
ENTITY_KEYS = ["anna-berg", "olaf-scholz", "wien", "reuters"]


@st.composite
def made_up_article(draw, path: str) -> AnnotatedArticle:
    """An annotated article with few possible dates, titles, tags and keys, so that ties and shared keys are common."""
    text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4)))
    spans = draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 5)), max_size=6))
    entities = [Entity(start, min(start + length, len(text)), text[start:start + length], draw(st.sampled_from(
        ["PERSON", "ORG", "PLACE"])), key := draw(st.sampled_from(ENTITY_KEYS)), draw(st.sampled_from([key, key.title()])))
        for start, length in sorted(spans)]
    quotes = [Quote(0, 1, text[:1], speaker=draw(st.sampled_from(["Anna Berg", "anna berg", "Olaf Scholz"])))
              for _ in range(draw(st.integers(0, 2)))]
    citations = [Citation(0, 1, text[:1], draw(st.sampled_from(["Reuters", "reuters", "TASS"])))
                 for _ in range(draw(st.integers(0, 2)))]
    sources = [Source(name, url) for name, url in draw(st.lists(st.tuples(
        st.sampled_from(["Reuters", "TASS"]), st.sampled_from([None, "https://a.example/", "https://b.example/"])),
        max_size=2))]
    article = Article(
        path=Path(path), slug=Path(path).stem, title=draw(st.sampled_from(["A", "B", "b"])), lang=draw(st.sampled_from(
            ["de", "en"])), body_markdown=text, text=text,
        date=draw(st.sampled_from([None, dt.date(2026, 1, 1), dt.date(2026, 1, 2)])),
        author=draw(st.sampled_from([None, "Anna Berg", "anna berg", "Olaf Scholz"])),
        tags=draw(st.lists(st.sampled_from(["Wirtschaft", "wirtschaft", "Handel", "Sport"]), max_size=3)),
        sources=sources)
    return AnnotatedArticle(article, Annotations("test", entities, quotes, citations))


@st.composite
def edits(draw) -> tuple[dict, list]:
    """A set of articles, then steps: each replaces, adds or removes articles by path."""
    paths = [f"/seeds/{name}.md" for name in "pqrstu"]
    first = {path: draw(made_up_article(path)) for path in draw(st.lists(st.sampled_from(paths), unique=True))}
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        changed = draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True))
        steps.append({path: draw(st.one_of(st.none(), made_up_article(path))) for path in changed})
    return first, steps


@settings(max_examples=150, deadline=None)
@given(edits())
def test_updating_the_index_in_place_equals_building_it_again(case):
    articles, steps = case
    index = build_index(list(articles.values()))
    for step in steps:
        removed = [articles.pop(path) for path in step if path in articles]
        added = [item for item in step.values() if item is not None]
        articles.update({path: item for path, item in step.items() if item is not None})
        index.update(removed, added)
        assert summary(index) == summary(build_index(list(articles.values())))


@settings(max_examples=100, deadline=None)
@given(edits())
def test_updating_an_index_with_a_plugin_facet_in_place_equals_building_it_again(case):
    """A facet added to the table (authors) is updated in place like the bundled ones."""
    articles, steps = case
    facets = [*default_facets(), author_facet()]
    index = build_index(list(articles.values()), facets)
    for step in steps:
        removed = [articles.pop(path) for path in step if path in articles]
        added = [item for item in step.values() if item is not None]
        articles.update({path: item for path, item in step.items() if item is not None})
        index.update(removed, added)
        assert summary(index) == summary(build_index(list(articles.values()), facets))


# ---------------------------------------------------------------- a facet a plugin adds


AUTHOR_TEMPLATE = ('{% extends "base.html" %}{% block main %}<h1>{{ name }}</h1>{% for item in entry.articles %}'
                   '<p><a href="{{ urls.article(item.article.slug) }}">{{ item.article.title }}</a></p>{% endfor %}'
                   '{% endblock %}')


def author_facet() -> Facet:
    """Author pages with a feed each, as a plugin would add them: a row appended to the table."""
    return article_facet(
        "authors", lambda item: [(item.article.author.casefold().replace(" ", "-"), item.article.author)]
        if item.article.author else [],
        "author.html", lambda key: f"authors/{key}.html", feed=lambda key: f"authors/{key}.xml")


def test_a_plugin_facet_gets_pages_and_feeds_and_edits_give_the_files_of_a_full_build(annotator, tmp_path: Path):
    root = tmp_path / "site-root"
    shutil.copytree(FIXTURE, root)
    _write(root / "templates" / "author.html", AUTHOR_TEMPLATE)
    seeds = root / "seeds"
    edit(seeds / "2026-11-21-rhine.md", "lang: en", "lang: en\nauthor: Anna Berg")
    facets = [*default_facets(), author_facet()]
    state = SiteState(lambda: load_config(root / "sitegen.toml"), annotator=annotator, facets=facets)
    state.build_all()
    page = (root / "site" / "authors" / "anna-berg.html").read_text(encoding="utf-8")
    assert "<h1>Anna Berg</h1>" in page and "Low water on the Rhine" in page
    assert "Low water on the Rhine" in (root / "site" / "authors" / "anna-berg.xml").read_text(encoding="utf-8")
    assert "authors/anna-berg.html</loc>" in (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    steps = [
        # a second article by the same author, then a new title on her page and feed
        lambda: [edit(seeds / "2026-11-20-bridge.md", "lang: en", "lang: en\nauthor: Anna Berg")],
        lambda: [edit(seeds / "2026-11-21-rhine.md", "title: Low water on the Rhine", "title: Rhine runs dry")],
        # the author's name spelled otherwise: the page keeps its key, shows the newest spelling
        lambda: [edit(seeds / "2026-11-21-rhine.md", "author: Anna Berg", "author: anna berg")],
        # another author: a new page and feed; the last article of an author goes: her page and feed go
        lambda: [edit(seeds / "2026-11-20-bridge.md", "author: Anna Berg", "author: Olaf Scholz")],
        lambda: [_delete(seeds / "2026-11-21-rhine.md")],
        # the facet's template changes
        lambda: [_write(root / "templates" / "author.html", AUTHOR_TEMPLATE.replace("<h1>", '<h1 class="a">'))],
    ]
    for number, step in enumerate(steps):
        state.update(step())
        assert state.errors == {}, number
        assert_same_files(files(root / "site"), full_build_of(root, annotator, tmp_path / str(number), facets))
        assert summary(state.index) == summary(build_index(list(state.articles.values()), facets))
    assert not (root / "site" / "authors" / "anna-berg.html").exists()
    assert not (root / "site" / "authors" / "anna-berg.xml").exists()
