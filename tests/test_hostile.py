"""Hostile input: no script runs, nothing lands outside site/, every error is one line naming the file.

The HTML-safety tests build a site whose articles, front matter and entity registry are full of
script payloads and load every page in headless Chromium: a payload that ran sets
``window.__pwned`` or changes ``document.title``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from failed_builds import GOOD, build_fails

from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.markup import plain_text
from sitegen.read.common import make_slug, slug_from_path

# --- payloads ----------------------------------------------------------------------------------

RUN = "window.__pwned=1;document.title='PW'+'NED'"  # a title of PWNED means it ran
SCRIPT = f"<script>{RUN}</script>"
IMG = f'<img src=x onerror="{RUN}">'
SVG = f"<svg onload=\"{RUN}\"></svg>"
JS_URL = f"javascript:{RUN}"
BREAKOUT = f'"></title><script>{RUN}</script><a x="'

J = json.dumps  # JSON is YAML: every payload quoted safely
HOSTILE_MD = f"""---
title: {J(BREAKOUT)}
lang: en
date: 2026-11-01
tags: {J([IMG, "<script>evil()</script>", "../../etc/passwd"])}
summary: {J(SCRIPT)}
author: {J(IMG)}
dateline: {J(SVG)}
sources:
  - name: {J("Example " + SCRIPT + " Wire")}
    url: {J('https://example.org/"><script>' + RUN + "</script>")}
---
# Heading {SCRIPT}

Zorblax said: "We will {SCRIPT} stay." {IMG} and {SVG} and <a href="{JS_URL}">a raw link</a>.

A [markdown link]({JS_URL}) and <{JS_URL}> and [ref link][r] and ![img]({JS_URL}).

<div onclick="{RUN}" style="background:url(javascript:1)">block html <iframe srcdoc="{SCRIPT}"></iframe></div>

<details open ontoggle="{RUN}"><summary>x</summary></details>

<form action="{JS_URL}"><button formaction="{JS_URL}">go</button></form>

<object data="{JS_URL}"></object><embed src="{JS_URL}"><math><mtext><table><mglyph><style><img src=x onerror="{RUN}">

According to Zorblax, the Flurp Agency is fine.[^1]

[r]: {JS_URL}
[^1]: A note {IMG}.
"""

HOSTILE_TXT = f"""WIRE HEADLINE {SCRIPT}

BERLIN (dpa) – Zorblax said {SCRIPT} and {IMG} in Berlin.

[a link]({JS_URL}) and <{JS_URL}> and &lt;script&gt;{RUN}&lt;/script&gt; and &#60;script&#62;

* {SCRIPT}

RELATED STORIES

{SCRIPT}
Another headline {IMG}

Edited by {SCRIPT}
"""

HOSTILE_SIDECAR = f"""title: {J(SCRIPT)}
tags: {J([SVG])}
summary: {J(IMG)}
lang: en
"""

HOSTILE_REGISTRY = f"""- name: {J("Zorblax " + SCRIPT)}
  type: PERSON
  aliases: [Zorblax]
  description: {J(IMG + " " + SCRIPT)}
- name: {J("Flurp Agency " + IMG)}
  type: ORG
  aliases: [Flurp Agency]
  description: {J(SVG)}
"""

CHECK_PAGE = """
const done = arguments[arguments.length - 1];
setTimeout(() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) bad.push(el.tagName + ' ' + name);
      if (/pwned|evil/i.test(attr.value) && /^\\s*(javascript|data|vbscript):/i.test(attr.value)) {
        bad.push(el.tagName + ' ' + name + '=' + attr.value);
      }
    }
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'STYLE'].includes(el.tagName) && /pwned|evil/i.test(el.outerHTML)) {
      bad.push(el.outerHTML);
    }
  }
  done({pwned: window.__pwned === undefined ? null : String(window.__pwned), title: document.title, bad: bad});
}, 300);
"""


def build_site(root: Path, config: str = "") -> Path:
    (root / "sitegen.toml").write_text('title = "Hostile"\n' + config, encoding="utf-8")
    assert main(["build", "--config", str(root / "sitegen.toml")]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same hostile articles built twice: raw HTML sanitized (default) and allowed."""
    sites = {}
    for name, config in (("default", ""), ("allow_html", "allow_html = true\n")):
        root = tmp_path_factory.mktemp(name)
        seeds = root / "seeds"
        seeds.mkdir()
        if name == "default":  # with allow_html the author's own raw HTML runs by design
            (seeds / "hostile.md").write_text(HOSTILE_MD, encoding="utf-8")
        (seeds / "wire.txt").write_text(HOSTILE_TXT, encoding="utf-8")
        (seeds / "wire.meta.yml").write_text(HOSTILE_SIDECAR, encoding="utf-8")
        (root / "entities.yml").write_text(HOSTILE_REGISTRY, encoding="utf-8")
        sites[name] = build_site(root, config)
    return sites


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["default", "allow_html"])
def test_no_payload_runs_on_any_page(hostile_sites, variant, browser, http_site):
    site = hostile_sites[variant]
    pages = html_pages(site)
    kinds = {p.split("/")[0] for p in pages}
    assert {"index.html", "articles", "tags", "entities"} <= kinds, pages
    base = http_site(site)
    browser.set_script_timeout(10)
    failures = {}
    for page in pages:
        browser.get(base + page)
        result = browser.execute_async_script(CHECK_PAGE)
        if result["pwned"] is not None or "PWNED" in result["title"] or result["bad"]:
            failures[page] = result
    assert not failures, failures


@pytest.mark.browser
def test_hostile_text_is_shown_as_text(hostile_sites, browser, http_site):
    """Escaped, not stripped: the reader sees the title and the plain-text copy as written."""
    from selenium.webdriver.common.by import By

    site = hostile_sites["default"]
    base = http_site(site)
    browser.get(base + "articles/hostile.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == BREAKOUT
    browser.get(base + "articles/wire.html")
    body = browser.find_element(By.CSS_SELECTOR, ".body").text
    assert SCRIPT in body and f"[a link]({JS_URL})" in body
    assert "&lt;script&gt;" in body and "&#60;script&#62;" in body


def test_plain_text_is_escaped_even_when_raw_html_is_allowed(hostile_sites):
    page = (hostile_sites["allow_html"] / "articles" / "wire.html").read_text(encoding="utf-8")
    assert "<script>window" not in page and "<img src=x" not in page.replace("&lt;img src=x", "")
    assert "&lt;script&gt;" in page


def test_registry_link_must_be_a_web_address(site_root: Path, monkeypatch, capsys):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "a.md").write_text("---\ntitle: A\nlang: en\n---\nZorblax spoke.\n", encoding="utf-8")
    (site_root / "entities.yml").write_text(
        f"- name: Zorblax\n  type: PERSON\n  description: fine\n  link: {J(JS_URL)}\n", encoding="utf-8"
    )
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "entities.yml:1:" in err and "link" in err and "Traceback" not in err


# --- slugs and paths ---------------------------------------------------------------------------

TRAVERSALS = ["../../etc/passwd", "..\\..\\windows\\system32", "/etc/passwd", "%2e%2e%2fetc", "....//....//x", "..",
              ".", "~/x", "a/../../b", "\u202e/..\\..", "CON", "nul.txt", "a\x00b/../c"]


@pytest.mark.parametrize("value", TRAVERSALS)
def test_slug_of_a_hostile_value_is_safe_and_stable(value: str):
    try:
        slug = make_slug(value, Path("x.md"))
    except SitegenError as exc:
        assert "x.md" in str(exc)
        return
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
    assert slug == make_slug(value, Path("x.md"))


def test_slug_from_a_file_name():
    assert slug_from_path(Path("2026-01-01 Über den Rhein!.md")) == "2026-01-01-uber-den-rhein"
    assert slug_from_path(Path("..%2F..%2Fetc.md")) == "2f-2fetc"


def files_outside(root: Path, site: Path) -> set[str]:
    """Files outside the output folder, but the cache and the output folder's lock file beside it."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and not p.is_relative_to(site) and ".sitegen-cache" not in p.parts
            and p != site.parent / f".{site.name}.lock"}


def test_traversal_in_title_slug_tags_and_file_name_stays_inside(tmp_path: Path, monkeypatch):
    root = tmp_path / "deep" / "er" / "root"
    (root / "seeds").mkdir(parents=True)
    monkeypatch.chdir(root)
    (root / "seeds" / "a.md").write_text(
        "---\ntitle: ../../etc/passwd\nslug: ../../../etc/passwd\nlang: en\ntags: ['../../etc/passwd', '../../x/']\n"
        "sources:\n  - name: Wire\n    id: wire\n---\nA body about Berlin.\n",
        encoding="utf-8",
    )
    (root / "seeds" / "..%2f..%2fb.md").write_text("---\ntitle: ../../b\nlang: en\n---\nAnother body.\n", encoding="utf-8")
    (root / "seeds" / "title-only.md").write_text("---\ntitle: ../../../../c\nlang: en\n---\nA third body.\n", encoding="utf-8")
    before = files_outside(tmp_path, root / "site")
    assert main(["build"]) == 0
    assert files_outside(tmp_path, root / "site") == before
    pages = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html")}
    assert "articles/etc-passwd.html" in pages and "articles/2f-2fb.html" in pages
    assert "tags/etc-passwd/index.html" in pages
    for page in pages:
        assert ".." not in page and "//" not in page


def test_hostile_registry_key_is_an_error_naming_the_file(site_root: Path, monkeypatch, capsys):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "a.md").write_text("---\ntitle: A\nlang: en\n---\nZorblax spoke.\n", encoding="utf-8")
    for key in ("../../../outside", "../articles/a", "a/b"):
        (site_root / "entities.yml").write_text(
            f"- name: Other\n  type: ORG\n- name: Zorblax\n  type: PERSON\n  key: '{key}'\n", encoding="utf-8"
        )
        assert main(["build"]) == 1
        err = capsys.readouterr().err
        assert "entities.yml:3:" in err and "key" in err, err
        assert not (site_root.parent / "outside").exists()


def test_hostile_source_id_is_an_error_naming_the_file(site_root: Path, monkeypatch, capsys):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "a.md").write_text(
        "---\ntitle: A\nlang: en\nsources:\n  - name: Wire\n    id: ../../evil\n---\nAccording to Wire, it is so.\n",
        encoding="utf-8",
    )
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "a.md:4:" in err and "id" in err, err


def test_front_matter_slug_collision_names_both_files(site_root: Path, monkeypatch, capsys):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "berlin.md").write_text("---\nlang: en\n---\nOne.\n", encoding="utf-8")
    (site_root / "seeds" / "other.md").write_text("---\nlang: en\nslug: Berlin\n---\nTwo.\n", encoding="utf-8")
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "berlin.md" in err and "other.md" in err and "'berlin'" in err


def test_tags_that_share_a_slug_are_an_error_naming_both_files(site_root: Path, monkeypatch, capsys):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "one.md").write_text("---\nlang: en\ntags: [C++]\n---\nOne.\n", encoding="utf-8")
    (site_root / "seeds" / "two.md").write_text("---\nlang: en\ntags: [C]\n---\nTwo.\n", encoding="utf-8")
    assert main(["build"]) == 1
    err = capsys.readouterr().err.strip()
    assert "one.md" in err and "two.md" in err and "C++" in err and "'C'" in err, err
    assert len(err.splitlines()) == 1


def test_same_tag_in_other_case_is_one_tag(site_root: Path, monkeypatch):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "one.md").write_text("---\nlang: en\ntags: [Berlin]\n---\nOne.\n", encoding="utf-8")
    (site_root / "seeds" / "two.md").write_text("---\nlang: en\ntags: [berlin]\n---\nTwo.\n", encoding="utf-8")
    assert main(["build"]) == 0
    assert len(list((site_root / "site" / "tags").glob("*/index.html"))) == 1


def test_tag_without_a_slug_is_an_error_naming_the_line(site_root: Path, monkeypatch, capsys):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "one.md").write_text("---\nlang: en\ntitle: x\ntags: ['🔥', '!!!']\n---\nOne.\n",
                                                encoding="utf-8")
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "one.md:4:" in err and "tag" in err, err


@pytest.mark.parametrize("out", [".", "seeds", ".."])
def test_output_folder_that_holds_the_sources_is_refused(site_root: Path, monkeypatch, capsys, out):
    monkeypatch.chdir(site_root)
    (site_root / "seeds" / "a.md").write_text("---\nlang: en\n---\nBody.\n", encoding="utf-8")
    before = sorted(p.name for p in site_root.iterdir())
    assert main(["build", "--out", out]) == 1
    err = capsys.readouterr().err
    assert "output folder" in err and "Traceback" not in err, err
    assert (site_root / "seeds" / "a.md").exists()
    assert sorted(p.name for p in site_root.iterdir()) == before


@pytest.mark.parametrize("setting", ["output_dir = 'seeds/site'", "output_dir = 'seeds'",
                                     "content_dir = 'pages'\noutput_dir = 'pages/out'"])
def test_output_folder_inside_the_content_folder_is_a_config_error(built_site: Path, capsys, setting: str):
    (built_site / "pages").mkdir()
    (built_site / "pages" / "a.md").write_text(GOOD, encoding="utf-8")
    (built_site / "sitegen.toml").write_text(f"title = 'x'\n{setting}\n", encoding="utf-8")
    err = build_fails(built_site, capsys)
    assert f"sitegen.toml:{1 + setting.count(chr(10)) + 1}:" in err and "'output_dir'" in err, err
    assert "inside the content folder" in err
    assert sorted(p.name for p in (built_site / "seeds").iterdir()) == ["good.md"]


def test_out_inside_the_content_folder_is_refused(built_site: Path, capsys):
    err = build_fails(built_site, capsys, "--out", "seeds/site")
    assert "inside the content folder" in err and "seeds/site" in err, err
    assert sorted(p.name for p in (built_site / "seeds").iterdir()) == ["good.md"]


def test_out_naming_an_existing_file_is_refused(built_site: Path, capsys):
    notes = built_site / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    err = build_fails(built_site, capsys, "--out", "notes.txt")
    assert "notes.txt" in err and "is a file" in err, err
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert not list(built_site.glob(".notes.txt*"))


# --- broken files: one line naming the file, no traceback ---------------------------------------

def test_directory_named_like_an_article_is_a_folder_of_articles(built_site: Path, capsys):
    folder = built_site / "seeds" / "2026-11-02-looks-like.md"
    folder.mkdir()
    (folder / "inside.md").write_text("---\nlang: en\n---\nInside.\n", encoding="utf-8")
    assert main(["build"]) == 0
    assert (built_site / "site" / "articles" / "inside.html").exists()
    assert "Traceback" not in capsys.readouterr().err


def test_binary_file_with_md_extension(built_site: Path, capsys):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    (built_site / "seeds" / "photo.md").write_bytes(png)
    err = build_fails(built_site, capsys)
    assert "photo.md:" in err and "UTF-8" in err


def test_file_of_nul_bytes(built_site: Path, capsys):
    (built_site / "seeds" / "zeros.txt").write_bytes(b"\x00" * 4096)
    err = build_fails(built_site, capsys)
    assert "zeros.txt" in err


def test_symlink_loop_names_the_file(built_site: Path, capsys):
    seeds = built_site / "seeds"
    os.symlink("loop-b.md", seeds / "loop-a.md")
    os.symlink("loop-a.md", seeds / "loop-b.md")
    err = build_fails(built_site, capsys)
    assert "loop-a.md" in err and "link" in err.lower(), err


SECRET = "s3cr3t-token-4f1c9a"


def tree_holds(folder: Path, needle: str) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and needle.encode() in p.read_bytes()]


@pytest.mark.parametrize("name", ["leak.md", "leak.txt", "notes.meta.yml"])
def test_a_link_to_a_file_outside_the_content_folder_is_an_error_and_never_read(built_site: Path, capsys, name):
    secret = built_site.parent / "secret.yml"
    secret.write_text(f"title: {SECRET}\nsummary: {SECRET}\n\n{SECRET} said Berlin.\n", encoding="utf-8")
    if name.endswith(".meta.yml"):  # a sidecar: its article is an ordinary file
        (built_site / "seeds" / "notes.txt").write_text("Some wire copy about Paris.\n", encoding="utf-8")
    os.symlink(secret, built_site / "seeds" / name)
    err = build_fails(built_site, capsys)
    assert name in err and "outside the content folder" in err, err
    assert SECRET not in err
    assert not tree_holds(built_site / "site", SECRET)


def test_a_link_to_the_process_environment_publishes_no_secret(tmp_path: Path):
    """``ln -s /proc/self/environ seeds/env.txt`` in a pull request: the build's environment
    (CI tokens) must not reach the site. A subprocess: /proc/self/environ is the environment a
    process started with."""
    import subprocess

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "good.md").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "DEPLOY_TOKEN": SECRET}
    command = [sys.executable, "-m", "sitegen", "build"]
    assert subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=300).returncode == 0
    os.symlink("/proc/self/environ", tmp_path / "seeds" / "env.txt")
    os.symlink("/proc/self/environ", tmp_path / "seeds" / "env.md")
    done = subprocess.run([*command, "--force"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.startswith("sitegen: error: ") and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "env.md" in done.stderr and "outside the content folder" in done.stderr
    assert SECRET not in done.stderr
    assert not tree_holds(tmp_path / "site", SECRET) and not tree_holds(tmp_path / ".sitegen-cache", SECRET)


def test_a_link_to_a_file_inside_the_content_folder_is_read(built_site: Path):
    (built_site / "seeds" / "drafts").mkdir()
    (built_site / "seeds" / "drafts" / "real.md").write_text(GOOD.replace("Good", "Real"), encoding="utf-8")
    os.symlink("drafts/real.md", built_site / "seeds" / "linked.md")
    assert main(["build"]) == 0
    assert "Real" in (built_site / "site" / "articles" / "linked.html").read_text(encoding="utf-8")


def test_dangling_symlink_names_the_file(built_site: Path, capsys):
    os.symlink("nowhere.md", built_site / "seeds" / "dangling.md")
    err = build_fails(built_site, capsys)
    assert "dangling.md" in err, err


def test_directory_symlink_loop_does_not_hang(built_site: Path, capsys):
    os.symlink("..", built_site / "seeds" / "up")
    os.symlink(".", built_site / "seeds" / "here")
    started = time.monotonic()
    code = main(["build"])
    err = capsys.readouterr().err
    assert time.monotonic() - started < 60
    assert "Traceback" not in err
    if code == 0:
        assert len(list((built_site / "site" / "articles").glob("*.html"))) == 1
    else:
        assert "seeds" in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions; see the next test")
def test_unreadable_file_names_the_file(built_site: Path, capsys):
    path = built_site / "seeds" / "secret.md"
    path.write_text(GOOD.replace("Good", "Secret"), encoding="utf-8")
    path.chmod(0)
    try:
        err = build_fails(built_site, capsys)
    finally:
        path.chmod(0o644)
    assert "secret.md" in err and "ermission" in err


def test_read_error_names_the_file(built_site: Path, capsys, monkeypatch):
    """The same failure as an unreadable file, for a test run as root: the read raises EACCES."""
    path = built_site / "seeds" / "secret.md"
    path.write_text(GOOD.replace("Good", "Secret"), encoding="utf-8")
    original = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    err = build_fails(built_site, capsys)
    assert "secret.md" in err and "Permission denied" in err


def test_unreadable_registry_and_config_name_the_file(built_site: Path, capsys):
    (built_site / "entities.yml").write_bytes(b"- name: \xff\xfe\n  type: ORG\n")
    err = build_fails(built_site, capsys)
    assert "entities.yml" in err
    (built_site / "entities.yml").unlink()
    (built_site / "sitegen.toml").write_bytes(b'title = "\xff"\n')
    err = build_fails(built_site, capsys)
    assert "sitegen.toml" in err


# --- size ----------------------------------------------------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_scale import make_big_article, make_many_articles, run_build  # noqa: E402

MiB = 2**20


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_five_megabyte_article_builds(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    source = make_big_article(tmp_path / "seeds", 5_000_000)
    assert source.stat().st_size >= 5_000_000
    run = run_build(tmp_path, timeout=800)
    assert run.returncode == 0, run.stderr[-3000:]
    print(f"5 MB article: {run.seconds:.1f} s, peak RSS {run.peak_rss / MiB:.0f} MiB")
    page = (tmp_path / "site" / "articles" / "big.html").read_text(encoding="utf-8")
    assert len(page) > 5_000_000
    parts = source.read_text(encoding="utf-8").count("\n## Part ")
    assert page.count("<h2") >= parts > 100  # every section, to the last, is on the page
    annotations = json.loads((tmp_path / "site" / "articles" / "big.json").read_text(encoding="utf-8"))
    text = annotations["text"]
    last = source.read_text(encoding="utf-8").rstrip().rsplit("\n\n", 1)[1]
    assert text.endswith(plain_text(last))
    assert len(annotations["entities"]) > 1000
    for span in annotations["entities"][::97] + annotations["quotes"][::13]:  # offsets hold across the chunks
        assert text[span["start"] : span["end"]] == span["text"]
    assert run.peak_rss < 3 * 1024 * MiB


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_thousand_articles_build_in_bounded_memory(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    make_many_articles(tmp_path / "seeds", 1000)
    run = run_build(tmp_path, timeout=800)
    assert run.returncode == 0, run.stderr[-3000:]
    print(f"1,000 articles: {run.seconds:.1f} s, peak RSS {run.peak_rss / MiB:.0f} MiB")
    assert len(list((tmp_path / "site" / "articles").glob("*.html"))) == 1000
    assert run.peak_rss < 2 * 1024 * MiB
