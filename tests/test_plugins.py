"""Plugins: a package outside sitegen (tests/plugins/sitegen_authors) adds author pages with a
feed, a Jinja filter, a Markdown extension, a spaCy component and an entity type, found through
the ``sitegen.plugins`` entry point group or named in ``sitegen.toml``; a broken plugin is one
line naming it."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.build import build, make_annotator
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.incremental import SiteState

PLUGINS = Path(__file__).resolve().parent / "plugins"

SHIP_ARTICLE = """---
title: A ship in Hamburg
lang: en
date: 2026-02-01
author: Jane Roe
---
The cruise liner MS Europa docked in Hamburg on Monday, and it was ==very late== indeed.
"""

NOTE = """---
title: Eine Notiz
lang: de
date: 2026-02-02
author: Jane Roe
---
Die MS Deutschland liegt in Kiel.
"""

OTHER = """---
title: Rain in Bonn
lang: en
date: 2026-02-03
author: John Doe
---
It rained in Bonn all day.
"""


def make_site(root: Path, config: str = "") -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "2026-02-01-ship.md").write_text(SHIP_ARTICLE, encoding="utf-8")
    (root / "seeds" / "2026-02-02-note.note").write_text(NOTE, encoding="utf-8")
    (root / "seeds" / "2026-02-03-rain.md").write_text(OTHER, encoding="utf-8")
    (root / "sitegen.toml").write_text('base_url = "https://example.org/"\n' + config, encoding="utf-8")
    return root


def install(site_packages: Path) -> Path:
    """The example plugin as an installed distribution: its package and a dist-info folder
    declaring the entry point, as pip would leave them."""
    shutil.copytree(PLUGINS / "sitegen_authors", site_packages / "sitegen_authors")
    info = site_packages / "sitegen_authors-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sitegen-authors\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[sitegen.plugins]\nauthors = sitegen_authors:register\n", encoding="utf-8")
    return site_packages


def run_sitegen(root: Path, *args: str, path: list[Path]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*map(str, path), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)


def test_an_installed_plugin_adds_author_pages_a_filter_markdown_a_component_and_an_entity_type(tmp_path: Path):
    root = make_site(tmp_path / "site")
    result = run_sitegen(root, "build", path=[install(tmp_path / "site-packages")])
    assert result.returncode == 0, result.stderr
    assert "plugins: authors" in result.stderr
    site = root / "site"
    # author pages (the facet and the plugin's template) with the filter's reading time
    jane = (site / "authors" / "jane-roe.html").read_text(encoding="utf-8")
    assert '<h1 class="author">Jane Roe</h1>' in jane
    assert jane.count('class="reading-time">1 min</span>') == 2
    assert (site / "authors" / "john-doe.html").exists()
    # a feed per author, linked from the page and listed in nothing else's place
    feed = (site / "authors" / "jane-roe" / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2 and "Rain in Bonn" not in feed
    assert 'href="/authors/jane-roe/feed.xml"' in jane
    assert "https://example.org/authors/jane-roe.html" in (site / "sitemap.xml").read_text(encoding="utf-8")
    # the Markdown extension, in the page and in the text the annotation read
    page = (site / "articles" / "2026-02-01-ship.html").read_text(encoding="utf-8")
    assert "<mark>very late</mark>" in page
    annotations = json.loads((site / "articles" / "2026-02-01-ship.json").read_text(encoding="utf-8"))
    assert "==" not in annotations["text"]
    # the spaCy component's entities, of the plugin's type, in both languages (the .note reader's file too)
    assert {(e["text"], e["type"]) for e in annotations["entities"]} >= {("MS Europa", "SHIP")}
    assert "+ authors_ships" in annotations["pipeline"]
    note = json.loads((site / "articles" / "2026-02-02-note.json").read_text(encoding="utf-8"))
    assert ("MS Deutschland", "SHIP") in {(e["text"], e["type"]) for e in note["entities"]}
    assert 'class="ent ent-ship"' in page
    # the entity type's colour, its legend switch and its group in the listing, named per language
    assert ".ent-ship { background: #c8f0d8;" in page
    assert '<button type="button" data-type="ship" aria-pressed="true"><span class="swatch ent-ship"></span>Ships</button>' in page
    listing = (site / "entities" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="group-ship"><span class="swatch ent-ship"></span>Ships</h2>' in listing
    assert '<span class="badge ent-ship">Ship</span>' in (site / "entities" / "ms-europa.html").read_text(encoding="utf-8")


def test_without_the_plugin_there_are_no_author_pages_and_no_ships(tmp_path: Path):
    root = make_site(tmp_path / "site")
    (root / "seeds" / "2026-02-02-note.note").unlink()
    result = run_sitegen(root, "build", path=[])
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "authors").exists()
    page = (root / "site" / "articles" / "2026-02-01-ship.html").read_text(encoding="utf-8")
    assert "<mark>" not in page and "ent-ship" not in page and "<style>" not in page


@pytest.fixture
def plugin_on_path(monkeypatch):
    monkeypatch.syspath_prepend(str(PLUGINS))


def test_a_plugin_named_in_the_config_is_loaded_and_its_component_is_part_of_the_cache_key(tmp_path: Path,
                                                                                          plugin_on_path):
    root = make_site(tmp_path / "site")
    (root / "seeds" / "2026-02-02-note.note").unlink()
    ship = root / "seeds" / "2026-02-01-ship.md"  # the same text with and without the Markdown extension
    ship.write_text(SHIP_ARTICLE.replace("==very late==", "very late"), encoding="utf-8")
    build(load_config(root / "sitegen.toml"))  # no plugin: the annotation cache holds the text without ships
    (root / "sitegen.toml").write_text('plugins = ["sitegen_authors:register"]\n', encoding="utf-8")
    config = load_config(root / "sitegen.toml")
    assert config.extensions.names == ["sitegen_authors:register"]
    result = build(config)
    types = {e.text: e.type for item in result.articles for e in item.annotations.entities}
    assert types.get("MS Europa") == "SHIP"  # annotated again, not taken from the cache
    assert (root / "site" / "authors" / "jane-roe.html").exists()


def test_a_markdown_extension_is_part_of_the_markdown_cache_key(tmp_path: Path, plugin_on_path):
    root = make_site(tmp_path / "site")
    (root / "seeds" / "2026-02-02-note.note").unlink()
    build(load_config(root / "sitegen.toml"))  # no plugin: the Markdown cache holds "==very late==" as text
    (root / "sitegen.toml").write_text('plugins = ["sitegen_authors"]\n', encoding="utf-8")
    result = build(load_config(root / "sitegen.toml"))
    assert "it was very late indeed" in result.articles[0].article.text  # the text the annotation reads
    assert "<mark>very late</mark>" in (root / "site" / "articles" / "2026-02-01-ship.html").read_text(encoding="utf-8")


def test_the_registry_accepts_a_type_a_plugin_declares_and_no_other(tmp_path: Path, plugin_on_path):
    root = make_site(tmp_path / "site")
    (root / "entities.yml").write_text("- name: Queen Mary 2\n  type: SHIP\n", encoding="utf-8")
    with pytest.raises(SitegenError, match="'type' must be one of PERSON, ORG, PLACE, MISC, not 'SHIP'"):
        make_annotator(load_config(root / "sitegen.toml"))
    (root / "sitegen.toml").write_text('plugins = ["sitegen_authors"]\n', encoding="utf-8")
    annotator = make_annotator(load_config(root / "sitegen.toml"))
    assert annotator.registry.find("Queen Mary 2").type == "SHIP"


def test_serve_rebuilds_the_author_pages_on_edit(tmp_path: Path, plugin_on_path):
    root = make_site(tmp_path / "site", 'plugins = ["sitegen_authors"]\n')
    state = SiteState(lambda: load_config(root / "sitegen.toml"))
    state.build_all()
    assert (root / "site" / "authors" / "john-doe.html").exists()
    rain = root / "seeds" / "2026-02-03-rain.md"
    rain.write_text(OTHER.replace("author: John Doe", "author: Jane Roe"), encoding="utf-8")
    change = state.update([rain])
    assert "authors/jane-roe.html" in change.written
    assert not (root / "site" / "authors" / "john-doe.html").exists()
    jane = (root / "site" / "authors" / "jane-roe.html").read_text(encoding="utf-8")
    assert "Rain in Bonn" in jane
    assert (root / "site" / "authors" / "jane-roe" / "feed.xml").read_text(encoding="utf-8").count("<entry>") == 3
    # and the site equals a full build of the same files
    config = load_config(root / "sitegen.toml")
    config.output_dir = str(tmp_path / "full")
    build(config)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and "pagefind" not in p.relative_to(folder).parts}

    updated, full = files(root / "site"), files(tmp_path / "full")
    assert sorted(updated) == sorted(full)
    assert [path for path in full if updated[path] != full[path]] == []


BROKEN = {
    "cannot be imported": ("import no_such_module_anywhere\n", "could not be loaded: ModuleNotFoundError"),
    "raises in register": ("def register(plugins):\n    raise RuntimeError('boom')\n",
                           "failed to register: RuntimeError: boom"),
    "has a filter that raises": (
        "def register(plugins):\n    plugins.add_filter('date', lambda *a, **k: 1 / 0)\n",
        "filter 'date' failed: ZeroDivisionError"),
    "has a spaCy component that raises": (
        "from spacy.language import Language\n"
        "@Language.component('explodes')\ndef explodes(doc):\n    return 1 / 0\n"
        "def register(plugins):\n    plugins.add_spacy_component('explodes')\n",
        "spaCy component 'explodes' failed: ZeroDivisionError"),
    "adds an unknown spaCy component": (
        "def register(plugins):\n    plugins.add_spacy_component('no_such_factory')\n",
        "spaCy component 'no_such_factory' could not be added"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_plugin_is_one_line_naming_it(tmp_path: Path, case: str):
    code, message = BROKEN[case]
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "broken_plugin.py").write_text(code, encoding="utf-8")
    root = make_site(tmp_path / "site", 'plugins = ["broken_plugin"]\n')
    (root / "seeds" / "2026-02-02-note.note").unlink()
    result = run_sitegen(root, "build", path=[tmp_path / "lib"])
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert "Traceback" not in result.stderr
    assert line.startswith("sitegen: error: ") and "plugin 'broken_plugin'" in line and message in line


def test_a_step_after_annotation_sees_every_article_cached_or_not(tmp_path: Path, monkeypatch):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "drop_places.py").write_text(
        "def drop(item):\n"
        "    item.annotations.entities = [e for e in item.annotations.entities if e.type != 'PLACE']\n"
        "def register(plugins):\n    plugins.add_after_annotation(drop)\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    root = make_site(tmp_path / "site", 'plugins = ["drop_places"]\n')
    (root / "seeds" / "2026-02-02-note.note").unlink()
    for _ in range(2):  # the second build takes the annotations from the cache
        result = build(load_config(root / "sitegen.toml"))
        assert result.articles and all(e.type != "PLACE" for item in result.articles for e in item.annotations.entities)
    assert not (root / "site" / "entities" / "bonn.html").exists()


# ------------------------------------------------------------------ languages without a profile

FRENCH = """---
title: Paris
lang: fr
date: 2026-01-05
---
Emmanuel Macron a déclaré à Paris: « Nous allons réussir », selon l'AFP. Il part ensuite en Allemagne.
"""

SPANISH = """---
title: Madrid
lang: es
date: 2026-01-06
---
Pedro Sánchez dijo en Madrid: «Vamos a ganar». Alemania respondió.
"""


def test_articles_in_languages_without_a_profile_build_with_the_neutral_parts(tmp_path: Path, caplog):
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "paris.md").write_text(FRENCH, encoding="utf-8")
    (root / "seeds" / "madrid.md").write_text(SPANISH, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="sitegen"):
        result = build(load_config(root=root))
    lines = [r.getMessage() for r in caplog.records if "no language profile" in r.getMessage()]
    assert lines == [
        "1 article in es: no language profile for 'es': built with the language-neutral parts (registry, curated "
        "organisations and country names; quotes by quotation marks; no speakers; labels in English)",
        "1 article in fr: no language profile for 'fr': built with the language-neutral parts (registry, curated "
        "organisations and country names; quotes by quotation marks; no speakers; labels in English)",
    ]
    by_lang = {item.article.lang: item.annotations for item in result.articles}
    assert [q.text for q in by_lang["fr"].quotes] == ["« Nous allons réussir »"]
    assert all(q.speaker is None for a in by_lang.values() for q in a.quotes)  # no speaker rules
    assert {(e.text, e.type) for e in by_lang["fr"].entities} >= {("AFP", "ORG"), ("Allemagne", "PLACE")}
    assert ("Alemania", "PLACE") in {(e.text, e.type) for e in by_lang["es"].entities}
    page = (root / "site" / "articles" / "paris.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "5 janvier 2026" in page  # Babel's French date
    assert "Named in this article" in page  # labels fall back to English
    assert "2 de enero de 2026" not in page and "6 de enero de 2026" in (root / "site" / "articles" / "madrid.html").read_text(encoding="utf-8")


def test_an_unknown_language_code_is_one_line_naming_the_file(tmp_path: Path):
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "odd.md").write_text(FRENCH.replace("lang: fr", "lang: xx-nonsense"), encoding="utf-8")
    result = run_sitegen(root, "build", path=[])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line == (f"sitegen: error: {root / 'seeds' / 'odd.md'}:3: 'lang' is 'xx-nonsense', "
                    "not a language code Babel knows (such as de, en, fr)")
