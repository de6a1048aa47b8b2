"""Site-wide maps built from every annotated article: entities, speakers, sources, tags."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify

from .errors import SitegenError
from .model import AnnotatedArticle, Citation, Quote


@dataclass
class Mention:
    """Where an entity, quote or citation occurs: its article and the sentence around it."""

    article: AnnotatedArticle
    sentence: str
    start: int


@dataclass
class EntityEntry:
    key: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> list[AnnotatedArticle]:
        return _unique_articles(self.mentions)

    def by_article(self, sentences_per_article: int = 3) -> list[tuple[AnnotatedArticle, int, list[str]]]:
        """Each article mentioning the entity, its mention count and its first few distinct
        sentences: an entity page stays short however often a long article names it."""
        grouped: dict[int, tuple[AnnotatedArticle, list[Mention]]] = {}
        for mention in self.mentions:
            grouped.setdefault(id(mention.article), (mention.article, []))[1].append(mention)
        result = []
        for article, mentions in grouped.values():
            sentences = list(dict.fromkeys(m.sentence for m in mentions))[:sentences_per_article]
            result.append((article, len(mentions), sentences))
        return result


@dataclass
class SpeakerEntry:
    key: str
    name: str
    quotes: list[tuple[AnnotatedArticle, Quote]] = field(default_factory=list)


@dataclass
class SourceEntry:
    key: str
    name: str
    url: str | None = None
    citations: list[tuple[AnnotatedArticle, Citation, str]] = field(default_factory=list)


@dataclass
class SiteIndex:
    articles: list[AnnotatedArticle]
    entities: dict[str, EntityEntry]
    speakers: dict[str, SpeakerEntry]
    sources: dict[str, SourceEntry]
    tags: dict[str, list[AnnotatedArticle]]
    tag_names: dict[str, str]
    languages: dict[str, list[AnnotatedArticle]]

    def entities_by_type(self) -> dict[str, list[EntityEntry]]:
        grouped: dict[str, list[EntityEntry]] = defaultdict(list)
        for entry in self.entities.values():
            grouped[entry.type].append(entry)
        for entries in grouped.values():
            entries.sort(key=lambda e: (-len(e.mentions), e.name.lower()))
        return dict(grouped)


def _unique_articles(mentions: list[Mention]) -> list[AnnotatedArticle]:
    seen, result = set(), []
    for mention in mentions:
        if id(mention.article) not in seen:
            seen.add(id(mention.article))
            result.append(mention.article)
    return result


@lru_cache(maxsize=500_000)  # `sitegen serve` indexes again after each edit: the other articles' sentences are known
def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (within its block) holding text[start:end]."""
    block_start = text.rfind("\n\n", 0, start) + 1
    block_end = text.find("\n\n", end)
    block_end = len(text) if block_end < 0 else block_end
    before = text[block_start:start]
    boundaries = [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-ZÄÖÜ„“\"])", before)]
    sentence_start = block_start + (boundaries[-1] if boundaries else 0)
    after = re.search(r"[.!?](?=\s+[A-ZÄÖÜ„“\"]|$)", text[end:block_end])
    sentence_end = end + after.end() if after else block_end
    return text[sentence_start:sentence_end].strip()


def _tag_folded(tag: str) -> str:
    """Tags that differ only in case and spacing are one tag."""
    return " ".join(tag.split()).casefold()


def source_key(name: str) -> str:
    return slugify(name) or "source"


def build_index(articles: list[AnnotatedArticle]) -> SiteIndex:
    ordered = sorted(articles, key=lambda a: (-(a.article.date.toordinal() if a.article.date else 0), a.article.title))
    entities: dict[str, EntityEntry] = {}
    type_votes: dict[str, Counter] = defaultdict(Counter)
    speakers: dict[str, SpeakerEntry] = {}
    sources: dict[str, SourceEntry] = {}
    tags: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    tag_names: dict[str, str] = {}
    languages: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    for item in ordered:
        text = item.article.text
        languages[item.article.lang].append(item)
        for tag in item.article.tags:
            key = slugify(tag) or "tag"
            first = tag_names.setdefault(key, tag)
            if _tag_folded(first) != _tag_folded(tag):  # two tags, one page: say which
                other = next(i.article.path for i in tags[key] if first in i.article.tags)
                raise SitegenError(
                    f"tag {tag!r} and tag {first!r} in {other} share the slug {key!r}; rename one", item.article.path
                )
            if not tags[key] or tags[key][-1] is not item:
                tags[key].append(item)
        for entity in item.annotations.entities:
            entry = entities.get(entity.key)
            if entry is None:
                entry = entities[entity.key] = EntityEntry(entity.key, entity.name, entity.type)
            type_votes[entity.key][entity.type] += 1
            entry.mentions.append(Mention(item, sentence_around(text, entity.start, entity.end), entity.start))
        for quote in item.annotations.quotes:
            if quote.speaker:
                key = quote.speaker_key or source_key(quote.speaker)
                speakers.setdefault(key, SpeakerEntry(key, quote.speaker)).quotes.append((item, quote))
        known = {s.name: s for s in item.article.sources}
        for citation in item.annotations.citations:
            if citation.source:
                key = citation.source_key or source_key(citation.source)
                entry = sources.setdefault(key, SourceEntry(key, citation.source))
                if entry.url is None and citation.source in known:
                    entry.url = known[citation.source].url
                entry.citations.append((item, citation, sentence_around(text, citation.start, citation.end)))
    for key, votes in type_votes.items():
        entities[key].type = votes.most_common(1)[0][0]
    return SiteIndex(
        articles=ordered,
        entities=entities,
        speakers=speakers,
        sources=sources,
        tags=dict(tags),
        tag_names=tag_names,
        languages=dict(languages),
    )
