"""Markdown to HTML, with annotations wrapped into the rendered element tree.

The body's plain text is defined here once, for both the read and the render stage: the text
content of each *block* (paragraph, heading, list item, table cell …) of the rendered tree,
blocks joined by a blank line. Author footnote references and the footnote list are not part
of it. ``AnnotationExtension`` is a Python-Markdown extension whose ``Treeprocessor`` runs
after inline processing and the footnotes extension: it wraps entity mentions, quotes and
citations at their character offsets, also where a span crosses inline markup, and numbers
source footnotes together with the author's own.
"""

from __future__ import annotations

import bisect
import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import markdown
import nh3
from markdown import util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from slugify import slugify

from .annotate.quotes import editorial_insertions
from .model import Annotations, Source

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "pre", "figcaption"}
CONTAINER_TAGS = BLOCK_TAGS | {"ul", "ol", "dl", "blockquote", "div", "table", "thead", "tbody", "tr", "hr"}
MARKDOWN_EXTENSIONS = ["footnotes", "tables", "sane_lists", "smarty", "attr_list", "def_list", "abbr"]
BLOCK_SEPARATOR = "\n\n"


def _is_skipped(element: etree.Element) -> bool:
    """Author footnote markup is not body text."""
    cls = element.get("class", "")
    if element.tag == "div" and "footnote" in cls.split():
        return True
    if element.tag == "sup" and any("footnote-ref" in (a.get("class") or "") for a in element.iter("a")):
        return True
    return False


def iter_blocks(root: etree.Element) -> Iterator[etree.Element]:
    """Block elements in document order, outermost text holders only."""
    for child in root:
        if _is_skipped(child):
            continue
        if child.tag in BLOCK_TAGS:
            yield child
        if child.tag in CONTAINER_TAGS:
            yield from iter_blocks(child)


# Python-Markdown keeps raw HTML and character references out of the tree as placeholders.
PLACEHOLDER = re.compile(re.escape(util.STX) + r"wzxhzdk:(\d+)" + re.escape(util.ETX))
CHARACTER_REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def visible(raw: str) -> str:
    """Text as a reader sees it: raw-HTML placeholders take no room."""
    return PLACEHOLDER.sub("", raw) if util.STX in raw else raw


def raw_index(raw: str, index: int) -> int:
    """The position in ``raw`` of visible character ``index`` (placeholders skipped)."""
    seen = 0
    position = 0
    for match in PLACEHOLDER.finditer(raw):
        gap = match.start() - position
        if seen + gap >= index:
            break
        seen += gap
        position = match.end()
    return position + (index - seen)


@dataclass
class Segment:
    """A piece of a block's text: ``element.text`` (where="text") or ``element.tail``."""

    element: etree.Element
    where: str
    start: int  # offset of its visible text within the block text

    @property
    def raw(self) -> str:
        return (self.element.text if self.where == "text" else self.element.tail) or ""

    @property
    def value(self) -> str:
        return visible(self.raw)


def block_segments(block: etree.Element) -> list[Segment]:
    """The text pieces of a block in order, without nested blocks and skipped markup."""
    segments: list[Segment] = []
    offset = 0

    def visit(element: etree.Element) -> None:
        nonlocal offset
        if element.text:
            segments.append(Segment(element, "text", offset))
            offset += len(visible(element.text))
        for child in element:
            if not (_is_skipped(child) or child.tag in CONTAINER_TAGS):
                visit(child)
            if child.tail:
                segments.append(Segment(child, "tail", offset))
                offset += len(visible(child.tail))

    visit(block)
    return segments


def block_text(block: etree.Element) -> str:
    return "".join(s.value for s in block_segments(block))


class TextExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(CharacterReferences(md), "sitegen-character-references", 10)


def new_markdown(extensions: list | None = None) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=MARKDOWN_EXTENSIONS + [TextExtension(), *(extensions or [])],
        extension_configs={"smarty": {"smart_quotes": False}, "tables": {"use_align_attribute": True}},
        output_format="html",
    )


class CharacterReferences(Treeprocessor):
    """Put stashed character references (``&lt;``, ``&amp;``) back into the tree as characters,
    and soft line breaks (a newline inside a paragraph) as the space a reader sees, so the text
    holds what a reader sees and a name broken over two source lines is still one name."""

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks

        def resolve(match: re.Match) -> str:
            stashed = stash[int(match.group(1))]
            if isinstance(stashed, str) and CHARACTER_REFERENCE.fullmatch(stashed):
                return html.unescape(stashed)
            return match.group(0)

        def normalise(value: str) -> str:
            if util.STX in value:
                value = PLACEHOLDER.sub(resolve, value)
            return SOFT_BREAK.sub(" ", value) if "\n" in value else value

        preformatted = {id(e) for pre in root.iter("pre") for e in pre.iter()}
        blocks = {id(e) for e in root}  # the line breaks between top-level blocks are no soft breaks
        for element in root.iter():
            if id(element) in preformatted:
                continue
            if element.text:
                element.text = normalise(element.text)
            if element.tail and id(element) not in blocks:
                element.tail = normalise(element.tail)


class EscapeAmpersands(Treeprocessor):
    """Runs after every other treeprocessor: the text's ``&`` become ``&amp;``. Python-Markdown's
    serializer leaves an ``&`` that starts something entity-like alone, so a text ``&lt;`` (written
    ``&amp;lt;``, or wire copy showing ``&lt;``) would reach the browser as ``<``. Code keeps
    its text, also the text around the highlights put inside it: Python-Markdown escaped it already."""

    def run(self, root: etree.Element) -> None:
        in_code = {id(e) for code in root.iter("code") for e in code.iter() if e is not code}
        for element in root.iter():
            if element.text and "&" in element.text and element.tag != "code" and id(element) not in in_code:
                element.text = type(element.text)(element.text.replace("&", "&amp;"))
            if element.tail and "&" in element.tail and id(element) not in in_code:
                element.tail = type(element.tail)(element.tail.replace("&", "&amp;"))


class _PlainText(Treeprocessor):
    """Runs last (after 'unescape') and keeps the blocks' text."""

    text = ""

    def run(self, root: etree.Element) -> None:
        texts = (block_text(b) for b in iter_blocks(root))
        self.text = BLOCK_SEPARATOR.join(t for t in texts if t.strip())


class TextExtractor:
    """Plain text of many bodies with one Python-Markdown instance, reset between them (as
    ``BodyRenderer``: setting one up costs a third of converting a news article)."""

    def __init__(self, extensions: list | tuple = ()) -> None:
        """``extensions``: Python-Markdown extensions beyond sitegen's (a plugin's), the same as
        the ``BodyRenderer``'s, so the text the annotation reads is the text the body shows."""
        self.md = new_markdown(list(extensions))
        self.capture = _PlainText(self.md)
        self.md.treeprocessors.register(self.capture, "sitegen-plain-text", -10)
        self._lock = threading.Lock()

    def __call__(self, source: str) -> str:
        with self._lock:
            self.md.reset().convert(source)
            return self.capture.text


def plain_text(source: str) -> str:
    """The body text of Markdown ``source``: its blocks' text joined by a blank line."""
    return TextExtractor()(source)


# --- wrapping -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One span to wrap: offsets into the article text, an element tag and attributes."""

    start: int
    end: int
    tag: str
    attrs: tuple[tuple[str, str], ...]
    order: int  # outer spans first when they share a start
    footnote: str | None = None  # source key: a footnote reference goes after the span
    speaker: tuple[str, str | None] | None = None  # (name, key or None): a speaker label goes after the span


def wrap(block: etree.Element, start: int, end: int, tag: str, attrs: dict[str, str]) -> list[etree.Element]:
    """Wrap block-text offsets [start, end) in ``tag``; one element per text piece crossed."""
    made: list[etree.Element] = []
    for segment in block_segments(block):
        seg_start, raw = segment.start, segment.raw
        seg_end = seg_start + len(segment.value)
        lo, hi = max(start, seg_start), min(end, seg_end)
        if lo >= hi:
            continue
        cut_lo, cut_hi = raw_index(raw, lo - seg_start), raw_index(raw, hi - seg_start)
        before, middle, after = raw[:cut_lo], raw[cut_lo:cut_hi], raw[cut_hi:]
        element = etree.Element(tag, dict(attrs))
        element.text = middle
        element.tail = after or None
        if segment.where == "text":
            parent = segment.element
            parent.text = before or None
            parent.insert(0, element)
        else:
            sibling = segment.element
            parent = parent_of(block, sibling)
            sibling.tail = before or None
            parent.insert(list(parent).index(sibling) + 1, element)
        made.append(element)
    if len(made) > 1:
        for element in made:
            element.set("data-part", "1")
    return made


def parent_of(root: etree.Element, child: etree.Element) -> etree.Element:
    for parent in root.iter():
        for candidate in parent:
            if candidate is child:
                return parent
    raise ValueError("element not in tree")


def _has_link_ancestor(block: etree.Element, element: etree.Element) -> bool:
    for link in block.iter("a"):
        if link is not element and any(node is element for node in link.iter()):
            return True
    return False


@dataclass
class MarkupOptions:
    annotations: Annotations
    text: str
    sources: tuple[Source, ...] = ()
    url_for_entity: Callable[[str], str] | None = None
    url_for_speaker: Callable[[str], str] | None = None  # the speaker label after a quote links there
    sources_label: str = "Sources"
    backlink_label: str = "Back to the text"


def annotation_marks(options: MarkupOptions) -> list[Mark]:
    """The spans to wrap, outermost first: quotes, editorial insertions, citations, entities."""
    text = options.text
    marks: list[Mark] = []
    for quote in options.annotations.quotes:
        # No tab stop and no tooltip: the speaker is a visible label (a link) after the quote.
        attrs = {"class": "quote"}
        speaker = None
        if quote.speaker:
            # a speaker without a key (a role phrase the text did not resolve) has no page: a label, no link
            attrs["data-speaker"] = quote.speaker
            if quote.speaker_key:
                attrs["data-speaker-key"] = quote.speaker_key
            speaker = (quote.speaker, quote.speaker_key)
        else:
            attrs["class"] = "quote quote-unattributed"
        marks.append(Mark(quote.start, quote.end, "q", tuple(attrs.items()), 0, speaker=speaker))
        for start, end in editorial_insertions(text, quote):
            marks.append(Mark(start, end, "span", (("class", "editorial"),), 1))
    for citation in options.annotations.citations:
        attrs = {"class": "cite"}
        key = citation.source_key or (slugify(citation.source) if citation.source else None)
        if key:
            attrs["data-source-key"] = key
        marks.append(Mark(citation.start, citation.end, "span", tuple(attrs.items()), 2, footnote=key))
    for entity in options.annotations.entities:
        attrs = {"class": f"ent ent-{entity.type.lower()}", "data-type": entity.type, "data-key": entity.key}
        if entity.name != entity.text:
            attrs["title"] = entity.name
        tag = "span"
        if options.url_for_entity is not None:
            tag = "a"
            attrs["href"] = options.url_for_entity(entity.key)
        marks.append(Mark(entity.start, entity.end, tag, tuple(attrs.items()), 3))
    marks.sort(key=lambda m: (m.start, -(m.end - m.start), m.order))
    return marks


class AnnotationTreeprocessor(Treeprocessor):
    """Wraps annotations into the rendered tree and merges source footnotes with the author's."""

    def __init__(self, md: markdown.Markdown, options: MarkupOptions | None):
        super().__init__(md)
        self.options = options  # None: nothing to wrap

    def run(self, root: etree.Element) -> None:
        if self.options is None:
            return
        blocks = [b for b in iter_blocks(root) if block_text(b).strip()]
        marks = annotation_marks(self.options)
        cited: list[tuple[etree.Element, etree.Element, str]] = []  # (block, last element, source key)
        spoken: list[tuple[etree.Element, etree.Element, tuple[str, str]]] = []  # (block, last part, speaker)
        starts = [mark.start for mark in marks]  # sorted: find a block's marks by bisection, not by a scan
        longest = max((mark.end - mark.start for mark in marks), default=0)
        for block, block_start in zip(blocks, _block_offsets(blocks, self.options.text), strict=True):
            if block_start is None:
                continue
            length = len(block_text(block))
            first = bisect.bisect_left(starts, block_start - longest)
            for mark in marks[first : bisect.bisect_left(starts, block_start + length)]:
                lo, hi = mark.start - block_start, mark.end - block_start
                if hi <= 0 or lo >= length:
                    continue
                made = wrap(block, max(lo, 0), min(hi, length), mark.tag, dict(mark.attrs))
                for element in made:
                    if element.tag == "a" and _has_link_ancestor(block, element):
                        element.tag = "span"  # no link inside a link
                        element.attrib.pop("href")
                if mark.footnote and made and mark.end - block_start <= length:
                    cited.append((block, made[-1], mark.footnote))
                if mark.speaker and made and mark.end - block_start <= length:
                    spoken.append((block, made[-1], mark.speaker))
        # References and speaker labels go in only now: they are not part of the text the offsets index.
        for block, element, key in cited:
            _insert_after(block, element, _source_reference(key))
        for block, element, (name, key) in spoken:
            _insert_after(block, element, _speaker_label(block, element, name, key, self.options.url_for_speaker))
        merge_footnotes(root, self.options)


def _block_offsets(blocks: list[etree.Element], text: str) -> list[int | None]:
    """Where each block's text starts in the article text (None when it is not found)."""
    offsets: list[int | None] = []
    cursor = 0
    for block in blocks:
        value = block_text(block)
        found = text.find(value, cursor)
        if found < 0:
            offsets.append(None)
            continue
        offsets.append(found)
        cursor = found + len(value)
    return offsets


def _source_reference(key: str) -> etree.Element:
    sup = etree.Element("sup", {"class": "source-ref"})
    link = etree.SubElement(sup, "a", {"class": "footnote-ref", "href": f"#fn:src-{key}"})
    link.text = "?"
    return sup


def _speaker_label(block: etree.Element, quote: etree.Element, name: str, key: str | None,
                   url_for_speaker: Callable[[str], str] | None) -> etree.Element:
    """The speaker's name after the quote: a link to the speaker page, or plain text when the
    speaker has no page (no key)."""
    attrs = {"class": "speaker", "data-speaker-key": key} if key else {"class": "speaker"}
    if key and url_for_speaker is not None and not _has_link_ancestor(block, quote):
        attrs["href"] = url_for_speaker(key)
        label = etree.Element("a", attrs)
    else:
        label = etree.Element("span", attrs)
    label.text = name
    return label


def _insert_after(block: etree.Element, element: etree.Element, new: etree.Element) -> None:
    parent = parent_of(block, element)
    new.tail, element.tail = element.tail, None
    parent.insert(list(parent).index(element) + 1, new)


def merge_footnotes(root: etree.Element, options: MarkupOptions) -> None:
    """Number the author's footnotes and the cited sources together, in order of first reference,
    one note per source with a back-link to every place that cites it."""
    references: list[tuple[etree.Element, etree.Element, str]] = []  # (sup, a, target id)
    for sup in root.iter("sup"):
        link = next((a for a in sup.iter("a") if "footnote-ref" in (a.get("class") or "")), None)
        if link is not None and (link.get("href") or "").startswith("#fn:"):
            references.append((sup, link, link.get("href")[4:]))
    if not any(target.startswith("src-") for _, _, target in references):
        return  # only the author's notes: Python-Markdown numbered them already
    container = next((d for d in root.iter("div") if "footnote" in (d.get("class") or "").split()), None)
    if container is None:
        container = etree.SubElement(root, "div", {"class": "footnote"})
    container.set("role", "doc-endnotes")
    old_list = container.find("ol")
    author_items = {li.get("id", "")[3:]: li for li in (old_list if old_list is not None else [])}
    numbers: dict[str, int] = {}
    backrefs: dict[str, list[str]] = {}
    for sup, link, target in references:
        number = numbers.setdefault(target, len(numbers) + 1)
        link.text = str(number)
        ids = backrefs.setdefault(target, [])
        ref_id = f"fnref:{target}" if not ids else f"fnref{len(ids) + 1}:{target}"
        ids.append(ref_id)
        if target.startswith("src-") or sup.get("id"):
            sup.set("id", ref_id)
    for child in list(container):
        if child.tag in ("ol", "hr", "h2"):
            container.remove(child)
    heading = etree.SubElement(container, "h2", {"class": "footnotes-title"})
    heading.text = options.sources_label
    ordered = etree.SubElement(container, "ol")
    for target in sorted(numbers, key=numbers.get):
        if target in author_items:
            ordered.append(author_items.pop(target))
        elif target.startswith("src-"):
            ordered.append(_source_note(target, backrefs[target], options))
    for leftover in author_items.values():
        ordered.append(leftover)


def _source_note(target: str, ref_ids: list[str], options: MarkupOptions) -> etree.Element:
    key = target[4:]
    citation = next(
        (c for c in options.annotations.citations if (c.source_key or slugify(c.source or "")) == key), None
    )
    name = citation.source if citation and citation.source else key
    known = next(
        (s for s in options.sources if slugify(s.name) == key or s.id == key or (s.name == name)), None
    )
    item = etree.Element("li", {"id": f"fn:{target}", "class": "source-note"})
    paragraph = etree.SubElement(item, "p")
    if known is not None and known.url:
        link = etree.SubElement(paragraph, "a", {"href": known.url, "rel": "external"})
        link.text = name
        tail_holder = link
    else:
        span = etree.SubElement(paragraph, "span", {"class": "source-name"})
        span.text = name
        tail_holder = span
    tail_holder.tail = " "
    for number, ref_id in enumerate(ref_ids, 1):
        # Several places cite the source: each back-link says which one (1, 2 …), to the eye and by name.
        back = etree.SubElement(paragraph, "a", {"class": "footnote-backref", "href": f"#{ref_id}"})
        several = len(ref_ids) > 1
        back.set("aria-label", f"{options.backlink_label} {number}" if several else options.backlink_label)
        back.text = f"\u21a9\u00a0{number}" if several else "\u21a9"
        back.tail = " "
    return item


class AnnotationExtension(Extension):
    def __init__(self, options: MarkupOptions | None):
        super().__init__()
        self.options = options
        self.processor: AnnotationTreeprocessor | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Last: after inline processing (20), the footnotes extension (15) and 'unescape' (0),
        # so the tree's text is the text a reader sees.
        self.processor = AnnotationTreeprocessor(md, self.options)
        md.treeprocessors.register(self.processor, "sitegen-annotations", -10)


SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
SAFE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "tabindex", "aria-label"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "abbr": {"title"},
}


def sanitize(html_text: str) -> str:
    """Raw HTML from an article made safe with nh3 (Ammonia): no scripts, handlers or javascript: links."""
    return nh3.clean(
        html_text,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        generic_attribute_prefixes={"data-"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


class BodyRenderer:
    """Renders many bodies with one Python-Markdown instance, reset between them: setting one up
    (extensions, processors) costs a third of converting a news article."""

    def __init__(self, *, allow_html: bool = False, extensions: list | tuple = ()):
        self.allow_html = allow_html
        self.annotations = AnnotationExtension(None)
        self.md = new_markdown([*extensions, self.annotations])
        self.md.treeprocessors.register(EscapeAmpersands(self.md), "sitegen-escape-ampersands", -20)
        self._lock = threading.Lock()  # one conversion at a time: the instance holds its state

    def render(self, source: str, options: MarkupOptions | None = None) -> str:
        with self._lock:
            assert self.annotations.processor is not None
            self.annotations.processor.options = options
            try:
                rendered = self.md.reset().convert(source)
            finally:
                self.annotations.processor.options = None
        return rendered if self.allow_html else sanitize(rendered)


def render_body(source: str, options: MarkupOptions | None = None, *, allow_html: bool = False) -> str:
    """Render Markdown ``source`` to HTML, wrapping annotations when ``options`` are given.
    Raw HTML in the source is sanitized unless ``allow_html``."""
    return BodyRenderer(allow_html=allow_html).render(source, options)
