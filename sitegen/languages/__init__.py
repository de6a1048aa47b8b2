"""Language profiles: what sitegen knows about each language, behind one object per language.

A profile is a thin layer over data that lives where the rules read it; it copies nothing:

- ``cues``: the speech cues, citation phrases and pronouns of the quote rules
  (``annotate/data/cues_LANG.yml``, read by ``annotate.quotes.cues.load_cues``);
- ``people``: the titles, speech verbs, bylines and name particles of the entity rules (the
  ``LANG:`` section of ``annotate/data/people.yml``, read by ``annotate.entity_rules``);
- ``catalog``: the labels of the pages (``locale/LANG/LC_MESSAGES/messages.po``; none: English);
- ``entity_rules`` / ``speaker_rules``: whether the rule components for people, places and names
  and the speaker attribution run for the language.

German and English have full profiles (``default_languages``). An article in another language
that Babel knows (``fr``, ``es``) is built with the language-neutral parts (``neutral``): the
registry's and the curated organisations' names and the country names Babel has in that
language, quotations by their quotation marks, no speakers; the build log says so once per
language. Its dates are Babel's for the language and its labels fall back to English. Adding
French is a profile (``Plugins.add_language``) naming its data (a ``fr:`` section of
``people.yml``, ``cues_fr.yml``, a catalog).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
DATA = PACKAGE / "annotate" / "data"
LOCALE = PACKAGE / "locale"


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    cues: Path | None = None
    people: str | None = None
    catalog: Path | None = None
    entity_rules: bool = False
    speaker_rules: bool = False

    @property
    def neutral(self) -> bool:
        """Built with the language-neutral parts only."""
        return not (self.entity_rules or self.speaker_rules)

    def _people(self) -> dict:
        from ..annotate import gazetteer

        return gazetteer.curated("people.yml").get(self.people, {}) if self.people else {}

    @property
    def titles(self) -> list[str]:
        return list(self._people().get("titles", []))

    @property
    def particles(self) -> list[str]:
        return list(self._people().get("particles", []))

    @property
    def speech_words(self) -> list[str]:
        return list(self._people().get("speech", []))

    @property
    def pronouns(self) -> dict[str, tuple]:
        if self.cues is None:
            return {}
        from ..annotate.quotes.cues import load_cues

        return dict(load_cues(self.code).pronouns)

    def describe(self) -> str:
        """What annotates the language, for the build log."""
        if not self.neutral:
            return f"{self.code}: full rules"
        return (f"no language profile for {self.code!r}: built with the language-neutral parts "
                "(registry, curated organisations and country names; quotes by quotation marks; no speakers; "
                "labels in English)")


def full_profile(code: str) -> LanguageProfile:
    catalog = LOCALE / code / "LC_MESSAGES" / "messages.po"
    return LanguageProfile(code, cues=DATA / f"cues_{code}.yml", people=code,
                           catalog=catalog if catalog.exists() else None, entity_rules=True, speaker_rules=True)


def neutral_profile(code: str) -> LanguageProfile:
    return LanguageProfile(code)


@dataclass
class Languages:
    """The profiles of a site, by language code."""

    profiles: dict[str, LanguageProfile] = field(default_factory=dict)

    def add(self, profile: LanguageProfile) -> None:
        self.profiles[profile.code] = profile

    def profile(self, code: str) -> LanguageProfile:
        return self.profiles.get(code) or neutral_profile(code)

    def has_profile(self, code: str) -> bool:
        return code in self.profiles


def default_languages() -> Languages:
    return Languages({code: full_profile(code) for code in ("de", "en")})


@cache
def known_language(code: str) -> bool:
    """A language code Babel has data for (its dates and plural rules render the pages)."""
    from babel import localedata

    return re.fullmatch(r"[a-z]{2,3}", code) is not None and localedata.exists(code)

