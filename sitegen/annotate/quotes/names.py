"""People named by a part of a name the text gave in full before: a surname (`Kress` after
`Colette Kress`), a surname with particles (`von Hollen`, `Van der Bellen`), also when the entity
rules missed the full name or gave it another type (`Lara Gut-Behrami` as an organisation)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ...model import Entity
from .. import gazetteer
from ..canonical import slugify
from .cues import CueData


@dataclass(frozen=True)
class Speaker:
    text: str  # canonical name or phrase as written
    key: str | None
    type: str | None  # entity type when an entity
    start: int  # char offsets of the phrase in the text
    end: int


class NameIndex:
    """The people a document names in several words, looked up by a word or the end of a name."""

    def __init__(self, text: str, entities: list[Entity], cues_data: CueData, lang: str):
        """``entities``: sorted by start."""
        self.text = text
        self.entities = entities
        self.cues_data = cues_data
        self.lang = lang
        self._people_index: tuple[list[int], list[Entity]] | None = None
        self._name_words: dict[str, tuple[list[int], list[Entity]]] | None = None

    def _people(self) -> tuple[list[int], list[Entity]]:
        """People named in several words, in text order: persons, and names of another type that
        open with a given name (`Lara Gut-Behrami` the entity rules took for an organisation)."""
        if self._people_index is None:
            starts: list[int] = []
            ents: list[Entity] = []
            for e in self.entities:
                words = e.name.split()
                if len(words) < 2 or e.type == "PLACE":
                    continue
                if e.type == "PERSON" or (len(words) <= 4 and gazetteer.given_name_gender(words[0].split("-")[0]) is not None):
                    starts.append(e.start)
                    ents.append(e)
            self._people_index = (starts, ents)
        return self._people_index

    def full_name(self, start: int, end: int) -> Speaker | None:
        """The person named in full before ``start`` whose name ends with the words at
        ``start``..``end`` (capitalised words and name particles: `Henckel von Donnersmarck`,
        `von Hollen`); a surname opening with a particle also when the text wrote it after a
        given name the entity rules missed (`Schäfer Jan-Hendrik von Hollen`)."""
        cd = self.cues_data
        words = self.text[start:end].split()
        if not words or words[0].lower() in cd.determiners - cd.name_particles \
                or not all(w[:1].isupper() or w.lower() in cd.name_particles for w in words):
            return None
        phrase = " ".join(words)
        starts, ents = self._words().get(words[-1], ((), ()))
        k = bisect_left(starts, start) - 1
        while k >= 0:
            e = ents[k]
            if e.end <= start and e.name.endswith(" " + phrase):
                return Speaker(e.name, e.key, "PERSON", start, end)
            k -= 1
        if words[0].lower() not in cd.name_particles or words[0][:1].isupper():
            return None
        from .coref import roles_lower  # coref builds on this module

        nouns = cd.person_nouns | roles_lower(self.lang)
        pattern = re.compile(r"((?:[A-ZÄÖÜ][\w-]*[ ]+){1,3})" + "[ ]+".join(map(re.escape, words)) + r"\b")
        found = None
        for m in pattern.finditer(self.text, 0, start):
            found = m
        if found is None:
            return None
        given = found.group(1).split()
        first = next((k for k, w in enumerate(given) if gazetteer.given_name_gender(w.split("-")[0]) is not None), None)
        if first is not None:
            given = given[first:]  # `Winzerin Marie-Luise von Aschberg`: the name opens with the given name
        while given and given[0].lower() in nouns:
            given = given[1:]  # `Schäfer Jan-Hendrik von Hollen`: the role is not the name
        if not given:
            return None
        name = " ".join([*given, *words])
        return Speaker(name, slugify(name), "PERSON", start, end)

    def _words(self) -> dict[str, tuple[list[int], list[Entity]]]:
        """Word -> (starts, entities) of the people named in several words (``_people``)."""
        if self._name_words is None:
            self._name_words = {}
            for start, e in zip(*self._people(), strict=True):
                for w in set(e.name.split()):
                    starts, ents = self._name_words.setdefault(w, ([], []))
                    starts.append(start)
                    ents.append(e)
        return self._name_words

    def short_form(self, word: str, before: int) -> Speaker | None:
        """`Kim` after `Kim Jong Un`: the latest earlier person whose name holds the word."""
        starts, ents = self._words().get(word, ((), ()))
        k = bisect_left(starts, before) - 1
        if k < 0:
            return None
        e = ents[k]
        return Speaker(e.name, e.key, "PERSON", e.start, e.end)
