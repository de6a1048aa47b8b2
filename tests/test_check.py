"""`sitegen check`: a crawl of the site as served under its sub-path finds every broken link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from published import BASE_URL, BRIDGE_SLUG, PREFIX, site  # noqa: F401 - `site` is a fixture

from sitegen.check import check_folder, check_url
from sitegen.cli import main

PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title>{head}</head>
<body><h1 id="top-heading">Page</h1>{body}</body></html>"""


def write_page(folder: Path, relative: str, body: str = "", head: str = "") -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(body=body, head=head), encoding="utf-8")


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    """Three linked pages, a stylesheet and fragments, all under /sub/, nothing broken."""
    folder = tmp_path / "site"
    write_page(folder, "index.html",
               '<a href="/sub/a/">A</a> <a href="b.html#part">B part</a> <a href="#top-heading">top</a>'
               ' <a href="https://example.org/elsewhere">external</a> <a href="mailto:x@example.org">mail</a>',
               '<link rel="stylesheet" href="/sub/style.css"><link rel="canonical" href="https://user.example/sub/">')
    write_page(folder, "a/index.html", '<a href="../">home</a> <img src="/sub/pic.svg" alt="">')
    write_page(folder, "b.html", '<p id="part">part</p> <a href="/sub/a/#top-heading">A top</a>')
    (folder / "style.css").write_text("body{}", encoding="utf-8")
    (folder / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    return folder


def test_a_sound_site_has_nothing_broken(small_site: Path):
    report = check_folder(small_site, "/sub/", "https://user.example/sub/")
    assert report.ok, [str(p) for p in report.problems]
    assert report.pages == 3
    assert report.links >= 8  # the external and mailto links are not counted


def test_reports_each_broken_link_fragment_and_asset_with_its_page(small_site: Path):
    write_page(small_site, "a/index.html",
               '<a href="../">home</a> <a href="/sub/missing/">gone</a> <a href="/a/">no base path</a>'
               ' <a href="/sub/b.html#nowhere">bad fragment</a> <script src="/sub/app.js"></script>'
               ' <img src="pic.png" alt="">')
    report = check_folder(small_site, "/sub/")
    found = {(p.page.split("127.0.0.1")[1].split("/", 1)[1], p.target, p.kind) for p in report.problems}
    assert found == {
        ("sub/a/", "/sub/missing/", "link"),
        ("sub/a/", "/a/", "link"),
        ("sub/a/", "/sub/b.html#nowhere", "fragment"),
        ("sub/a/", "/sub/app.js", "asset"),
        ("sub/a/", "pic.png", "asset"),
    }
    assert any("outside the base path" in str(p) for p in report.problems)
    assert all(str(p).startswith("/sub/a/: ") for p in report.problems)


def test_a_link_to_the_published_url_is_checked_on_the_local_copy(small_site: Path):
    write_page(small_site, "b.html", '<p id="part">part</p> <link rel="canonical" href="https://user.example/sub/nope/">')
    report = check_folder(small_site, "/sub/", "https://user.example/sub/")
    assert [(p.target, p.kind) for p in report.problems] == [("https://user.example/sub/nope/", "link")]


def test_a_missing_index_page_is_reported(tmp_path: Path):
    (tmp_path / "site").mkdir()
    report = check_folder(tmp_path / "site", "/sub/")
    assert not report.ok and "index page" in str(report.problems[0])


def test_the_built_site_under_its_sub_path_has_nothing_broken(site: Path, http_site):  # noqa: F811
    url = http_site(site, PREFIX)
    report = check_url(url, (BASE_URL,))
    assert report.ok, "\n".join(map(str, report.problems))
    articles = len(list(site.glob("articles/*.html")))
    assert report.pages >= articles + len(list(site.glob("entities/*.html"))) - 1 + 4


def test_check_command_catches_a_deliberately_broken_link(site: Path, tmp_path: Path, capsys):  # noqa: F811
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    assert main(["check", "--out", str(copy), "--base-url", BASE_URL]) == 0
    page = copy / "articles" / f"{BRIDGE_SLUG}.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</main>", '<a href="/repo/articles/no-such-article.html">x</a>'
                                            '<a href="/repo/#no-such-id">y</a></main>'), encoding="utf-8")
    (copy / "static" / "style.css").unlink()
    capsys.readouterr()
    assert main(["check", "--out", str(copy), "--base-url", BASE_URL]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"/repo/articles/{BRIDGE_SLUG}.html: broken link /repo/articles/no-such-article.html (HTTP 404)" in out
    assert any(line.startswith(f"/repo/articles/{BRIDGE_SLUG}.html: missing fragment /repo/#no-such-id") for line in out)
    assert any(line.endswith("broken asset /repo/static/style.css (HTTP 404)") for line in out)


def test_a_site_built_for_the_root_breaks_under_a_sub_path(site: Path, tmp_path: Path, capsys):  # noqa: F811
    """The GitHub Pages failure the check exists for: links written without the base path."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    for page in copy.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace('"/repo/', '"/'), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--out", str(copy), "--base-url", BASE_URL]) == 1
    assert "outside the base path" in capsys.readouterr().out


def test_check_without_a_built_site_is_a_one_line_error(tmp_path: Path, capsys):
    assert main(["check", "--out", str(tmp_path / "nothing")]) == 1
    assert capsys.readouterr().err.startswith("sitegen: error: ")


def test_links_inside_feed_entries_are_checked_like_links_on_pages(small_site: Path):
    """Feed readers show an entry's HTML content as a page: its links and fragments must resolve."""
    entry = ('&lt;p&gt;Said so.&lt;sup&gt;&lt;a href="https://user.example/sub/b.html#part"&gt;1&lt;/a&gt;&lt;/sup&gt;'
             ' &lt;a href="https://user.example/sub/b/#fn:1"&gt;old footnote address&lt;/a&gt;&lt;/p&gt;')
    (small_site / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        f'<entry><title>a</title><link href="https://user.example/sub/a/"/><content type="html">{entry}</content>'
        '</entry></feed>', encoding="utf-8")
    report = check_folder(small_site, "/sub/", "https://user.example/sub/")
    assert [(p.page.rsplit("/", 1)[1], p.target) for p in report.problems] == [
        ("feed.xml", "https://user.example/sub/b/#fn:1")]


ODD_LINKS = {
    "/sub/static/über.pdf": None,  # a browser sends it UTF-8 percent-encoded: there, so not broken
    "files/my report.pdf": None,  # likewise the space
    "/sub/static/fehlt-ü.pdf": "HTTP 404",
    "files/no such report.pdf": "HTTP 404",
    "http://[oops/": "not a valid URL",
    "/sub/a\x7fb.html": "HTTP 404",
}


def test_odd_urls_are_findings_never_a_traceback(small_site: Path, capsys, monkeypatch):
    (small_site / "static").mkdir()
    (small_site / "static" / "über.pdf").write_bytes(b"%PDF-1.4")
    (small_site / "files").mkdir()
    (small_site / "files" / "my report.pdf").write_bytes(b"%PDF-1.4")
    write_page(small_site, "index.html", " ".join(f'<a href="{href}">x</a>' for href in ODD_LINKS))
    report = check_folder(small_site, "/sub/")
    found = {p.target: p.reason for p in report.problems}
    assert set(found) == {href for href, reason in ODD_LINKS.items() if reason}, found
    for href, reason in ODD_LINKS.items():
        if reason:
            assert reason in found[href], (href, found[href])
    (small_site / ".nojekyll").write_text("", encoding="utf-8")
    monkeypatch.chdir(small_site.parent)
    capsys.readouterr()
    assert main(["check", "--out", str(small_site), "--base-url", "https://user.example/sub/"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "über" not in out and "fehlt-ü.pdf" in out
