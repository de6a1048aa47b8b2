"""``{% cache key %}``: a template fragment rendered once per key and environment, then reused:
the frame every page shares (head links, navigation, footer) is not rendered again per page."""

from __future__ import annotations

from pathlib import Path

import jinja2

from sitegen.config import Config
from sitegen.render import FragmentCache, Renderer


def test_a_fragment_renders_once_per_key():
    env = jinja2.Environment(extensions=[FragmentCache])
    calls: list[int] = []
    env.globals["count"] = lambda: calls.append(1) or len(calls)
    template = env.from_string('{% cache "x", key %}[{{ count() }} {{ key }}]{% endcache %}')
    assert template.render(key=1) == "[1 1]"
    assert template.render(key=1) == "[1 1]"  # reused: count() not called again
    assert template.render(key=[2]) == "[2 [2]]"
    assert template.render(key=1) == "[1 1]" and len(calls) == 2


def test_each_environment_has_its_own_fragments():
    calls: list[int] = []
    rendered = []
    for _ in range(2):
        env = jinja2.Environment(extensions=[FragmentCache])
        env.globals["count"] = lambda: calls.append(1) or len(calls)
        rendered.append(env.from_string('{% cache "x" %}{{ count() }}{% endcache %}').render())
    assert rendered == ["1", "2"]


def test_the_shared_frame_speaks_each_page_language_and_lists_the_site_languages(tmp_path: Path):
    renderer = Renderer(Config(root=tmp_path))
    context = {"page_path": "404.html", "search_languages": ["de", "en"]}
    german = renderer.render("404.html", "de", site_languages={"de": "Deutsch"}, **context)
    english = renderer.render("404.html", "en", site_languages={"de": "Deutsch"}, **context)
    both = renderer.render("404.html", "de", site_languages={"de": "Deutsch", "en": "English"}, **context)
    assert "Zum Inhalt springen" in german and "Skip to content" in english
    assert ">Artikel</a>" in german and ">Articles</a>" in english
    assert ">English</a>" not in german and ">English</a>" in both  # a new language is a new key
