"""``sitemap.xml`` within the sitemap protocol's limit of 50,000 URLs a file: a larger site gets a
sitemap index naming parts of up to that many URLs, which together list every page once; a site
that shrinks below the limit again (under ``sitegen serve``) gets one plain sitemap and no parts."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from news_items import write_news_items

from sitegen import outputs
from sitegen.build import build, make_annotator
from sitegen.config import load_config
from sitegen.incremental import SiteState

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://user.github.io/repo/"


def _root(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "root"
    write_news_items(root / "seeds", count, tags=True)
    (root / "sitegen.toml").write_text(f'title = "Meldungen"\nlanguage = "de"\nbase_url = "{BASE}"\n',
                                       encoding="utf-8")
    return root


def _locs(path: Path) -> tuple[str, list[str]]:
    root = ET.parse(path).getroot()
    return root.tag.removeprefix(NS), [loc.text for loc in root.iter(f"{NS}loc")]


def _listed(site: Path) -> list[str]:
    """Every page URL the site's sitemap lists, through its index when it has one."""
    kind, locs = _locs(site / "sitemap.xml")
    if kind == "urlset":
        return locs
    assert kind == "sitemapindex"
    return [url for loc in locs for url in _locs(site / loc.removeprefix(BASE))[1]]


@pytest.fixture(scope="module")
def annotator():
    return make_annotator(load_config(Path(__file__).parent / "fixtures" / "serve" / "sitegen.toml"))


def test_a_site_over_the_limit_gets_a_sitemap_index_of_parts_listing_every_page_once(tmp_path: Path, annotator,
                                                                                      monkeypatch: pytest.MonkeyPatch):
    root = _root(tmp_path, 12)
    config = load_config(root / "sitegen.toml")
    build(config, annotator=annotator)
    plain = _listed(root / "site")
    assert _locs(root / "site" / "sitemap.xml")[0] == "urlset" and len(plain) > 25

    monkeypatch.setattr(outputs, "SITEMAP_MAX_URLS", 10)
    build(config, annotator=annotator)
    kind, parts = _locs(root / "site" / "sitemap.xml")
    assert kind == "sitemapindex"
    assert parts == [f"{BASE}sitemaps/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    assert len(parts) == -(-len(plain) // 10)
    assert all(len(_locs(root / "site" / part.removeprefix(BASE))[1]) <= 10 for part in parts)
    assert _listed(root / "site") == plain
    assert f"Sitemap: {BASE}sitemap.xml" in (root / "site" / "robots.txt").read_text(encoding="utf-8")


def test_serve_drops_the_parts_when_the_site_shrinks_below_the_limit(tmp_path: Path, annotator,
                                                                     monkeypatch: pytest.MonkeyPatch):
    root = _root(tmp_path, 12)
    monkeypatch.setattr(outputs, "SITEMAP_MAX_URLS", 30)
    state = SiteState(lambda: load_config(root / "sitegen.toml"), annotator=annotator)
    state.build_all()
    site = root / "site"
    assert _locs(site / "sitemap.xml")[0] == "sitemapindex" and (site / "sitemaps").is_dir()
    for n in range(4, 12):
        (root / "seeds" / f"meldung-{n:03d}.md").unlink()
    state.update({root / "seeds" / f"meldung-{n:03d}.md" for n in range(4, 12)})
    kind, locs = _locs(site / "sitemap.xml")
    assert kind == "urlset" and len(locs) <= 30
    assert not list(site.glob("sitemaps/*.xml"))
