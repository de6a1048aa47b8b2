"""An example sitegen plugin (README "Extending sitegen"; tests/test_plugins.py installs it).

It adds, without any change to sitegen:

- author pages: a facet ``authors`` (``authors/KEY.html`` from ``templates/author.html``) with an
  Atom feed per author (``authors/KEY/feed.xml``);
- a Jinja filter ``reading_time`` (minutes to read an article), used on the author pages;
- a Markdown extension: ``==text==`` is ``<mark>text</mark>``;
- a spaCy component ``authors_ships`` that finds ship names (``MS Europa``) as entities of
- a new entity type ``SHIP`` (green highlight, "Ships"/"Schiffe" in the listings);
- a reader for ``.note`` files (Markdown with front matter, as ``.md``).
"""

from __future__ import annotations

from pathlib import Path

from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor
from slugify import slugify
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.util import filter_spans

from sitegen.entity_types import EntityType
from sitegen.facets import article_facet
from sitegen.read.frontmatter_reader import read_markdown

HERE = Path(__file__).parent


# ---- author pages: a facet whose entries are the articles of one author
def authors_of(item):
    author = item.article.author
    return [(slugify(author), author)] if author else []


AUTHORS = article_facet(
    "authors", authors_of, "author.html", lambda key: f"authors/{key}.html",
    feed=lambda key: f"authors/{key}/feed.xml",
    context=lambda index, entry: {"key": entry.key, "name": entry.name, "items": entry.articles},
)


# ---- a Jinja filter
def reading_time(item, words_a_minute: int = 200) -> int:
    return max(1, round(len(item.article.text.split()) / words_a_minute))


# ---- a Markdown extension: ==marked== -> <mark>marked</mark>
class MarkExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), "authors_mark", 175)


# ---- a spaCy component and the entity type it labels
@Language.component("authors_ships")
def find_ships(doc):
    matcher = Matcher(doc.vocab)
    matcher.add("SHIP", [[{"TEXT": {"IN": ["MS", "MV", "RMS"]}}, {"IS_TITLE": True, "OP": "+"}]])
    ships = [doc[start:end] for _, start, end in matcher(doc)]
    for span in ships:
        span.label_ = "SHIP"
    taken = {i for span in ships for i in range(span.start, span.end)}
    kept = [ent for ent in doc.ents if not taken & set(range(ent.start, ent.end))]
    doc.ents = filter_spans([*kept, *ships])
    return doc


SHIP = EntityType("SHIP", name={"en": "Ship", "de": "Schiff"}, plural={"en": "Ships", "de": "Schiffe"},
                  colour="#c8f0d8")


def register(plugins) -> None:
    plugins.add_templates(HERE / "templates")
    plugins.add_facet(AUTHORS)
    plugins.add_filter("reading_time", reading_time)
    plugins.add_markdown_extension(MarkExtension())
    plugins.add_entity_type(SHIP)
    plugins.add_spacy_component("authors_ships")
    plugins.add_reader(".note", read_markdown)
