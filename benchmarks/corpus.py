"""Benchmark corpora from 10kGNAD's ``test.csv``: N articles, as sitegen, Pelican, MkDocs and Hugo input.

Each line of the CSV is ``label;'text'`` (``;`` separated, ``'`` quoting, ``''`` an escaped quote).
The 998 articles are cycled to reach N; every copy gets a unique title (``… (2)``) and slug, a
date and the label as its tag. Bodies are split into paragraphs of about three sentences. From the
second cycle on, each copy's text differs from every other (so that the annotation cache, keyed by
content, cannot serve one copy from another): its paragraphs are rotated and one sentence of
another article (a different one in every cycle) is set in as a paragraph of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


@dataclass
class Item:
    slug: str
    title: str
    date: dt.date
    tag: str
    paragraphs: list[str]


def read_corpus(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter=";", quotechar="'")
        return [(row[0], row[1]) for row in rows if len(row) >= 2 and row[1].strip()]


def _title(text: str) -> str:
    first = SENTENCE_END.split(text, 1)[0].strip()
    words = first.split()
    return " ".join(words[:12]).rstrip(".,:;") + (" …" if len(words) > 12 else "")


def _paragraphs(text: str) -> list[str]:
    sentences = SENTENCE_END.split(text.strip())
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


def _varied(paragraphs: list[str], borrowed: str, cycle: int) -> list[str]:
    """``paragraphs`` rotated by ``cycle``, with a sentence of ``borrowed`` set in as a paragraph."""
    sentences = SENTENCE_END.split(borrowed.strip())
    turn = cycle % len(paragraphs)
    body = paragraphs[turn:] + paragraphs[:turn]
    body.insert(1 + cycle % len(body), sentences[cycle % len(sentences)])
    return body


def items(corpus: Path, count: int) -> list[Item]:
    rows = read_corpus(corpus)
    seen: dict[str, int] = {}
    base = dt.date(2024, 1, 1)
    result = []
    for number in range(count):
        label, text = rows[number % len(rows)]
        body = _paragraphs(text)
        title = _title(text)
        cycle = number // len(rows)
        if cycle:  # the borrowed article: another one in each cycle (7 and 998 have no common factor)
            body = _varied(body, rows[(number + 7 * cycle) % len(rows)][1], cycle)
        if cycle:
            title = f"{title} ({cycle + 1})"
        while title in seen:  # a few articles open with the same sentence
            seen[title] += 1
            title = f"{title} [{seen[title]}]"
        seen[title] = 1
        result.append(Item(f"a{number:05d}", title, base + dt.timedelta(days=number % 700), label, body))
    return result


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_sitegen(folder: Path, chosen: list[Item], fmt: str) -> None:
    """``seeds/`` as Markdown with front matter (``md``) or plain-text copy with a sidecar (``txt``)."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    (folder / "sitegen.toml").write_text('title = "Benchmark"\nlanguage = "de"\n', encoding="utf-8")
    for item in chosen:
        meta = f"title: {_yaml_string(item.title)}\ndate: {item.date.isoformat()}\nlang: de\ntags: [{_yaml_string(item.tag)}]\n"
        if fmt == "md":
            body = "\n\n".join(item.paragraphs)
            (seeds / f"{item.slug}.md").write_text(f"---\n{meta}---\n{body}\n", encoding="utf-8")
        else:
            (seeds / f"{item.slug}.txt").write_text("\n".join(item.paragraphs) + "\n", encoding="utf-8")
            (seeds / f"{item.slug}.meta.yml").write_text(meta, encoding="utf-8")


def write_pelican(folder: Path, chosen: list[Item]) -> None:
    content = folder / "content"
    content.mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(
        'SITENAME = "Benchmark"\nSITEURL = ""\nTIMEZONE = "UTC"\nDEFAULT_LANG = "de"\nRELATIVE_URLS = True\n'
        "DEFAULT_PAGINATION = 20\nLOAD_CONTENT_CACHE = False\n",
        encoding="utf-8",
    )
    for item in chosen:
        body = "\n\n".join(item.paragraphs)
        title = item.title.replace("\n", " ")
        (content / f"{item.slug}.md").write_text(
            f"Title: {title}\nDate: {item.date.isoformat()}\nSlug: {item.slug}\nCategory: {item.tag}\n"
            f"Tags: {item.tag}\nLang: de\n\n{body}\n",
            encoding="utf-8",
        )


def write_mkdocs(folder: Path, chosen: list[Item]) -> None:
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: Benchmark\nuse_directory_urls: true\n", encoding="utf-8")
    (docs / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    for item in chosen:
        body = "\n\n".join(item.paragraphs)
        (docs / f"{item.slug}.md").write_text(f"---\ntitle: {_yaml_string(item.title)}\n---\n# {item.title}\n\n{body}\n",
                                              encoding="utf-8")


HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                            "<body>{{ block \"main\" . }}{{ end }}</body></html>",
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
                          '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
}


def write_hugo(folder: Path, chosen: list[Item]) -> None:
    posts = folder / "content" / "posts"
    posts.mkdir(parents=True)
    (folder / "hugo.toml").write_text('baseURL = "/"\ntitle = "Benchmark"\nlanguageCode = "de"\npaginate = 20\n',
                                      encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = folder / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for item in chosen:
        body = "\n\n".join(item.paragraphs)
        (posts / f"{item.slug}.md").write_text(
            f"---\ntitle: {_yaml_string(item.title)}\ndate: {item.date.isoformat()}\ntags: [{_yaml_string(item.tag)}]\n---\n{body}\n",
            encoding="utf-8",
        )
