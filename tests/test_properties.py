"""Property-based tests (hypothesis): readers, annotation and markup never crash on arbitrary text,
annotation offsets always point at their text, and markup never changes the text a reader sees."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_markup import body_text

from sitegen.annotate import Annotator
from sitegen.config import Config
from sitegen.errors import SitegenError
from sitegen.markup import MarkupOptions, plain_text, render_body
from sitegen.model import Source
from sitegen.read import read_article
from sitegen.read.common import clean_text, make_slug
from sitegen.read.newscopy import copy_markdown, escape_markdown, parse_copy

FRAGMENTS = [
    # quotation marks, balanced, unbalanced and nested
    "„", "“", "”", "»", "«", "›", "‹", '"', "‚", "‘", "’", "'", "„Wir", "kommen“, sagte", "»Nein«",
    '"We will', 'go," said', "„Er sagte ‚nie‘ “", "»„«", "'''", '"""',
    # names, cues and sources the annotators look for
    "Joe Biden", " Biden", "Angela Merkel", "Berlin", "Nordkoreas", "Kim Jong Un", " sagte ", " said ",
    "laut TASS", "according to Reuters", "Reuters reported", " told ", ": ", ". ", ", ", "(dpa)", "BERLIN – ",
    # markup-significant characters
    "*", "_", "**", "`", "[", "]", "(", ")", "[^1]", "#", "## ", "> ", "- ", "1. ", "|", "<", ">", "&", "&amp;",
    "&lt;", "&#60;", "<b>", "</b>", "<script>x()</script>", "{: .c}", "\\", "---", "===", ":", "    ",
    # emoji, right-to-left text, zero-width and control characters, line ends
    "😀", "👩‍👩‍👧", "🇩🇪", "مرحبا بالعالم", "שלום", "\u202e", "\u202d", "\u200f", "\u200b", "\u200c", "\u200d",
    "\u2060", "\ufeff", "\x00", "\x07", "\x1b", "\r\n", "\r", "\n", "\n\n", "\t", "\u2028", "\u2029", "\x85",
    "\ud7ff", "\U0010fffd", "e\u0301", "ﬁ", "İ", "ß",
]
LONG_LINES = ["x" * 5000, "wort " * 1500, "„" * 300, "Biden sagte: „" * 100]

pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12), st.sampled_from(LONG_LINES))
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40
).map("".join)
texts_with_long_lines = st.one_of(texts, st.lists(pieces, max_size=6).map("".join))

PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    annotator = Annotator(models={"de": "de_core_news_md", "en": "en_core_web_sm"})
    for lang in ("de", "en"):
        annotator.pipeline(lang)
    return annotator


def check_offsets(text: str, annotations) -> None:
    for span in [*annotations.entities, *annotations.quotes, *annotations.citations]:
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start : span.end] == span.text, span


# --- readers -----------------------------------------------------------------------------------


def read(name: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return read_article(path, Config(root=Path(folder)))
        except SitegenError as exc:
            assert exc.path is not None and exc.path.name == name, exc
            assert "\n" not in str(exc), exc
            return None


@PROPERTY
@given(body=texts_with_long_lines, title=texts)
def test_markdown_reader_never_crashes(body: str, title: str):
    meta = f"---\ntitle: {title!r}\nlang: en\n---\n" if title else ""
    for encoding in ("utf-8", "utf-8-sig"):
        article = read("a.md", (meta + body).encode(encoding, "surrogatepass"))
        if article is not None:
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", article.slug)
            assert article.text.strip()


@PROPERTY
@given(body=texts_with_long_lines)
def test_plain_text_reader_never_crashes(body: str):
    article = read("copy.txt", body.encode("utf-8", "surrogatepass"))
    if article is not None:
        assert article.text.strip() and "\x00" not in article.text


@PROPERTY
@given(data=st.binary(max_size=400))
def test_readers_turn_any_bytes_into_an_article_or_a_one_line_error(data: bytes):
    read("b.md", data)
    read("b.txt", data)


@PROPERTY
@given(value=texts)
def test_any_title_or_file_name_gives_a_safe_stable_slug(value: str):
    try:
        slug = make_slug(value, Path("x.md"))
    except SitegenError as exc:
        assert "x.md" in str(exc)
        return
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and len(slug) <= 80
    assert make_slug(value, Path("x.md")) == slug


# --- annotation --------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=texts_with_long_lines, lang=st.sampled_from(["de", "en"]))
def test_annotation_never_crashes_and_offsets_point_at_their_text(annotator: Annotator, text: str, lang: str):
    sources = (Source("TASS"), Source("Reuters", "https://reuters.com"))
    annotations = annotator.annotate(text, lang, sources)
    check_offsets(text, annotations)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=texts, lang=st.sampled_from(["de", "en"]))
def test_annotation_of_article_text_never_crashes(annotator: Annotator, body: str, lang: str):
    text = plain_text(body)
    check_offsets(text, annotator.annotate(text, lang))


# --- markup ------------------------------------------------------------------------------------


def without_space(value: str) -> str:
    return re.sub(r"\s+", "", value)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=texts, lang=st.sampled_from(["de", "en"]), allow_html=st.booleans())
@example(body="laut TASS", lang="de", allow_html=False)  # a source note after the only block
@example(body="\u200b„Er sagte ‚nie‘ “", lang="en", allow_html=False)  # a speaker label after a quote
@example(body="„Wir`go,\" said<`", lang="de", allow_html=False)  # a name running into inline code
def test_markup_never_changes_the_text_of_a_block(annotator: Annotator, body: str, lang: str, allow_html: bool):
    text = plain_text(body)
    options = MarkupOptions(annotator.annotate(text, lang), text, url_for_entity=lambda key: f"/entities/{key}.html")
    plain = render_body(body, allow_html=allow_html)
    marked = render_body(body, options, allow_html=allow_html)
    # the source notes the markup may add sit after the last block: only the whitespace before them differs
    assert body_text(marked).rstrip("\n") == body_text(plain).rstrip("\n")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(copy=texts, lang=st.sampled_from(["de", "en"]), allow_html=st.booleans())
def test_plain_text_copy_is_shown_exactly_as_written(annotator: Annotator, copy: str, lang: str, allow_html: bool):
    """Wire copy goes through Markdown escaped: the page shows each of its characters, nothing more,
    whether or not the site allows raw HTML, annotated or not."""
    copy = clean_text(copy)
    structure = parse_copy(copy)
    if not structure.blocks:
        return
    source = copy_markdown(structure)
    text = plain_text(source)
    expected = without_space("".join(line for _, line in structure.blocks))
    assert without_space(text) == expected
    options = MarkupOptions(annotator.annotate(text, lang), text)
    for html in (render_body(source, allow_html=allow_html), render_body(source, options, allow_html=allow_html)):
        assert without_space(body_text(html)) == expected


@PROPERTY
@given(line=texts)
def test_escaped_markdown_is_plain_text(line: str):
    line = " ".join(clean_text(line).split())
    if not line:
        return
    assert without_space(plain_text(escape_markdown(line))) == without_space(line)
