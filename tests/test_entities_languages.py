"""One entity, one key and one page across languages: places and organisations named in German
and in English (Babel's territory names, GeoNames' city names, the curated organisations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.annotate import Annotator
from sitegen.cli import main

GERMAN = """---
title: Zinsen
lang: de
---
Die Europäische Zentralbank hat die Zinsen gesenkt. Deutschland begrüßte den Schritt.
Die Republikaner in Washington kritisierten die Entscheidung, hieß es in München.
"""
ENGLISH = """---
title: Rates
lang: en
---
The European Central Bank cut interest rates. Germany welcomed the move.
The Republican Party in Washington criticised the decision, officials in Munich said.
"""
SHARED = {"european-central-bank": ("Europäische Zentralbank", "European Central Bank"),
          "germany": ("Deutschland", "Germany"),
          "republican-party": ("Republikaner", "Republican Party"),
          "munich": ("München", "Munich")}


@pytest.mark.parametrize("annotator", ["rules", None])
def test_names_in_german_and_english_share_one_key_each_name_in_its_language(annotator):
    models = {"de": annotator, "en": annotator} if annotator else {}
    annotate = Annotator(models=models).annotate
    german = {e.key: e.name for e in annotate(GERMAN.split("---\n")[2], "de").entities}
    english = {e.key: e.name for e in annotate(ENGLISH.split("---\n")[2], "en").entities}
    for key, (name_de, name_en) in SHARED.items():
        assert (german.get(key), english.get(key)) == (name_de, name_en)


def test_german_and_english_article_give_one_entity_page_each(site_root: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "zinsen.md").write_text(GERMAN, encoding="utf-8")
    (site_root / "seeds" / "rates.md").write_text(ENGLISH, encoding="utf-8")
    assert main(["build"]) == 0
    pages = {path.stem for path in (site_root / "site" / "entities").glob("*.html")}
    for key in SHARED:
        assert key in pages
        page = (site_root / "site" / "entities" / f"{key}.html").read_text(encoding="utf-8")
        assert "articles/zinsen.html" in page and "articles/rates.html" in page
    assert not pages & {"deutschland", "europaeische-zentralbank", "republikaner", "muenchen"}


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_entity_page_shows_the_name_in_the_sites_language(site_root: Path, monkeypatch: pytest.MonkeyPatch,
                                                           language: str):
    monkeypatch.chdir(site_root)
    (site_root / "sitegen.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    (site_root / "seeds" / "zinsen.md").write_text(GERMAN, encoding="utf-8")
    (site_root / "seeds" / "rates.md").write_text(ENGLISH, encoding="utf-8")
    assert main(["build"]) == 0
    for key, names in SHARED.items():
        shown, other = names if language == "de" else reversed(names)
        page = (site_root / "site" / "entities" / f"{key}.html").read_text(encoding="utf-8")
        assert f"<h1>{shown}</h1>" in page
        listing = (site_root / "site" / "entities" / "index.html").read_text(encoding="utf-8")
        assert f">{shown}</a>" in listing and f">{other}</a>" not in listing
