"""Markup: annotations wrapped into the rendered tree, leaving every character of the text as it was."""

from __future__ import annotations

import html5lib

from sitegen.markup import MarkupOptions, plain_text, render_body
from sitegen.model import Annotations, Citation, Entity, Quote, Source


def fragment(html: str):
    return html5lib.parseFragment(html, namespaceHTMLElements=False)


def body_text(html: str) -> str:
    """Text of the rendered blocks, without footnote references, the footnote list and the speaker
    labels the markup adds after quotes."""
    root = fragment(html)
    for parent in list(root.iter()):
        for child in list(parent):
            classes = (child.get("class") or "").split()
            if child.tag == "sup" or (child.tag == "div" and "footnote" in classes) or (child.tag == "span" and "speaker" in classes):
                index = list(parent).index(child)
                tail = child.tail or ""  # the text after the removed element stays
                if index:
                    parent[index - 1].tail = (parent[index - 1].tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
                parent.remove(child)
    return "".join(root.itertext())


def entity(text: str, phrase: str, type_: str = "ORG", key: str | None = None, name: str | None = None) -> Entity:
    start = text.index(phrase)
    return Entity(start, start + len(phrase), phrase, type_, key or phrase.lower().replace(" ", "-"), name or phrase)


SOURCE = """Reporters from *New York* Times met [Joe Biden](https://example.org) today.[^1]

## A heading about Kim

- A list item naming Berlin.

[^1]: An author's note.
"""


def annotated(source: str, annotations: Annotations, **options) -> str:
    return render_body(source, MarkupOptions(annotations, plain_text(source), **options))


def test_text_content_is_the_same_with_and_without_annotation():
    text = plain_text(SOURCE)
    annotations = Annotations(
        "test",
        entities=[entity(text, "New York Times"), entity(text, "Joe Biden", "PERSON"), entity(text, "Kim", "PERSON"),
                  entity(text, "Berlin", "PLACE")],
    )
    plain = render_body(SOURCE)
    marked = annotated(SOURCE, annotations, url_for_entity=lambda key: f"/entities/{key}.html")
    assert body_text(marked) == body_text(plain)
    assert marked.count('data-key="new-york-times"') == 2  # crosses the <em>: one piece each side


def test_mention_crossing_inline_markup_is_marked_in_pieces():
    text = plain_text(SOURCE)
    marked = annotated(SOURCE, Annotations("t", entities=[entity(text, "New York Times")]))
    root = fragment(marked)
    pieces = [e for e in root.iter() if e.get("data-key") == "new-york-times"]
    assert "".join("".join(p.itertext()) for p in pieces) == "New York Times"
    assert all(p.get("data-part") == "1" for p in pieces)


def test_no_link_inside_a_link():
    text = plain_text(SOURCE)
    marked = annotated(SOURCE, Annotations("t", entities=[entity(text, "Joe Biden", "PERSON")]),
                       url_for_entity=lambda key: f"/entities/{key}.html")
    root = fragment(marked)
    for link in root.iter("a"):
        assert not [inner for inner in link.iter("a") if inner is not link]
    assert 'class="ent ent-person"' in marked


def test_quotes_carry_their_speaker_and_editorial_insertions_are_marked():
    source = '"We will grow stronger [with our current level] without limit," he added.\n'
    text = plain_text(source)
    quote_text = text[: text.index(",\"") + 2]
    quote = Quote(0, len(quote_text), quote_text, "Kim Jong Un", "kim-jong-un", "added")
    root = fragment(annotated(source, Annotations("t", quotes=[quote])))
    q = root.find(".//q")
    assert q.get("data-speaker") == "Kim Jong Un" and q.get("tabindex") is None  # no tab stop of its own
    assert "".join(q.find("span[@class='editorial']").itertext()) == "[with our current level]"


def test_sources_are_footnotes_numbered_with_the_authors_own():
    source = "First, according to Reuters, prices rose.[^a]\n\nReuters later said more.\n\n[^a]: Author note.\n"
    text = plain_text(source)
    first = text.index("according to Reuters")
    second = text.index("Reuters later")
    citations = [
        Citation(first, first + len("according to Reuters"), "according to Reuters", "Reuters", "reuters"),
        Citation(second, second + len("Reuters"), "Reuters", "Reuters", "reuters"),
    ]
    html = annotated(source, Annotations("t", citations=citations),
                     sources=(Source("Reuters", "https://www.reuters.com/"),))
    root = fragment(html)
    refs = [(a.get("href"), a.text) for a in root.iter("a") if "footnote-ref" in (a.get("class") or "")]
    assert refs == [("#fn:src-reuters", "1"), ("#fn:a", "2"), ("#fn:src-reuters", "1")]
    notes = root.findall(".//div[@class='footnote']/ol/li")
    assert [li.get("id") for li in notes] == ["fn:src-reuters", "fn:a"]
    source_note = notes[0]
    assert source_note.find(".//a[@rel='external']").get("href") == "https://www.reuters.com/"
    backrefs = [a.get("href") for a in source_note.iter("a") if a.get("class") == "footnote-backref"]
    assert backrefs == ["#fnref:src-reuters", "#fnref2:src-reuters"]
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert {"fnref:src-reuters", "fnref2:src-reuters"} <= ids
    assert body_text(html) == body_text(render_body(source))


def test_raw_html_is_sanitized_unless_allowed():
    source = 'Hi <img src="x" onerror="alert(1)"> and <a href="javascript:alert(2)">link</a><script>alert(3)</script>\n'
    safe = render_body(source)
    assert "onerror" not in safe and "javascript:" not in safe and "<script" not in safe
    assert "<script>" in render_body(source, allow_html=True)


def test_character_references_are_text_not_placeholders():
    assert plain_text("AT&amp;T and &lt;b&gt; and &#8364;5\n") == "AT&T and <b> and €5"


def test_wire_copy_escapes_do_not_hide_annotations():
    from sitegen.read.newscopy import escape_markdown

    source = escape_markdown("Laut 10.000 Berichten (so TASS) sagte Kim: *nichts*.") + "\n"
    text = plain_text(source)
    assert text == "Laut 10.000 Berichten (so TASS) sagte Kim: *nichts*."
    html = annotated(source, Annotations("t", entities=[entity(text, "TASS"), entity(text, "Kim", "PERSON")]))
    assert 'data-key="tass"' in html and 'data-key="kim"' in html


def test_soft_line_breaks_are_spaces_so_names_stay_whole():
    assert plain_text("Transport Minister Maria\nDuarte said.\n\n    code\n    keeps lines\n") == (
        "Transport Minister Maria Duarte said.\n\ncode\nkeeps lines\n"
    )


def test_one_body_renderer_renders_each_body_as_a_fresh_one_would():
    from sitegen.markup import BodyRenderer

    with_notes = SOURCE + "\nThe UN met.\n\n*[UN]: United Nations\n"
    text = plain_text(with_notes)
    annotations = Annotations("test", entities=[entity(text, "Berlin", "PLACE")],
                              citations=[Citation(text.index("Kim"), text.index("Kim") + 3, "Kim", "TASS", "tass")])
    options = MarkupOptions(annotations, text)
    later = "The UN met again.[^1] Berlin.\n\n[^1]: Another note.\n"  # no abbreviation defined here
    renderer = BodyRenderer()
    first = renderer.render(with_notes, options)
    assert 'title="United Nations"' in first and "src-tass" in first
    second = renderer.render(later)
    assert second == render_body(later)
    assert "United Nations" not in second and "ent-place" not in second and "src-tass" not in second
    assert renderer.render(with_notes, options) == first == render_body(with_notes, options)
