"""Language profiles: one object per language that refers to the data where the rules read it."""

from __future__ import annotations

import pytest

from sitegen.annotate import gazetteer
from sitegen.annotate.quotes.cues import load_cues
from sitegen.languages import LanguageProfile, default_languages, known_language


@pytest.mark.parametrize("lang", ["de", "en"])
def test_german_and_english_profiles_are_the_rules_own_data(lang: str):
    profile = default_languages().profile(lang)
    assert profile.entity_rules and profile.speaker_rules and not profile.neutral
    people = gazetteer.curated("people.yml")[lang]
    assert profile.titles == people["titles"] and profile.particles == people["particles"]
    assert profile.speech_words == people["speech"]
    assert profile.pronouns == dict(load_cues(lang).pronouns) and profile.pronouns
    assert profile.cues.name == f"cues_{lang}.yml" and profile.cues.is_file()


def test_german_labels_come_from_its_catalog_and_english_needs_none():
    languages = default_languages()
    assert languages.profile("de").catalog.name == "messages.po"
    assert languages.profile("en").catalog is None


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_language_without_a_profile_gets_the_neutral_one(lang: str):
    languages = default_languages()
    assert not languages.has_profile(lang)
    profile = languages.profile(lang)
    assert profile.neutral and profile.titles == [] and profile.pronouns == {}
    assert f"no language profile for {lang!r}" in profile.describe()


def test_a_plugin_can_add_a_profile():
    languages = default_languages()
    languages.add(LanguageProfile("fr", speaker_rules=True))
    assert languages.has_profile("fr") and languages.profile("fr").speaker_rules


def test_language_codes_are_those_babel_knows():
    assert known_language("fr") and known_language("es") and not known_language("xx")
