"""The curated entity registry (entities.yml): aliases, types, ignore, errors; it wins."""

from __future__ import annotations

import textwrap

import pytest

from sitegen.annotate import entities
from sitegen.annotate.pipeline import RULES, load_pipeline
from sitegen.annotate.registry import Registry
from sitegen.errors import SitegenError

REGISTRY = textwrap.dedent(
    """\
    - name: Joe Biden
      type: PERSON
      aliases: [Joseph R. Biden]
      description: 46th President of the United States
      link: https://www.wikidata.org/wiki/Q6279
    - name: Korean Central News Agency
      type: ORG
      aliases: [KCNA, KZNA]
      key: kcna
    - name: Zentrum für Politische Schönheit
      type: ORG
      aliases: [ZPS]
    - name: Nordkorea
      type: PLACE
      aliases: [North Korea, DPRK, Demokratische Volksrepublik Korea]
    - ignore: [Sonntag]
    - ignore: Xinhua
    """
)


def write(tmp_path, text):
    path = tmp_path / "entities.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    return Registry.load(write(tmp_path_factory.mktemp("site"), REGISTRY))


@pytest.fixture(scope="module")
def de(registry):
    return load_pipeline("de", RULES, registry)


def test_missing_file_gives_an_empty_registry(tmp_path):
    registry = Registry.load(tmp_path / "entities.yml")
    assert not registry
    assert registry.lookup("joe-biden") is None
    assert Registry().fingerprint() == registry.fingerprint()


def test_entry_is_looked_up_by_key_with_description_link_and_type(registry):
    entry = registry.lookup("joe-biden")
    assert entry is not None
    assert (entry.name, entry.type) == ("Joe Biden", "PERSON")
    assert entry.description == "46th President of the United States"
    assert entry.link == "https://www.wikidata.org/wiki/Q6279"
    assert registry.lookup("kcna").name == "Korean Central News Agency"


def test_aliases_find_their_entry(registry):
    assert registry.find("KZNA").key == "kcna"
    assert registry.find("dprk").name == "Nordkorea"


def test_registry_name_and_key_win_over_the_rules(de, registry):
    text = "Laut KCNA sagte Kim, Nordkoreas Armee sei bereit. Joe Biden widersprach."
    found = entities.extract(de.nlp(text), registry)
    by_text = {e.text: e for e in found}
    assert (by_text["KCNA"].key, by_text["KCNA"].name) == ("kcna", "Korean Central News Agency")
    assert by_text["Nordkoreas"].key == "nordkorea"
    assert by_text["Joe Biden"].key == "joe-biden"


def test_registry_only_name_becomes_an_entity_in_the_rule_pipeline(de, registry):
    text = "Das Zentrum für Politische Schönheit protestierte. Das ZPS kündigte mehr an."
    found = entities.extract(de.nlp(text), registry)
    assert [(e.text, e.type, e.key) for e in found] == [
        ("Zentrum für Politische Schönheit", "ORG", "zentrum-fuer-politische-schoenheit"),
        ("ZPS", "ORG", "zentrum-fuer-politische-schoenheit"),
    ]


def test_ignored_names_are_dropped(de, registry):
    text = "Am Sonntag berichtete die Nachrichtenagentur Xinhua über Peking."
    found = entities.extract(de.nlp(text), registry)
    assert "Xinhua" not in {e.text for e in found}
    assert "Peking" in {e.text for e in found}
    # without the registry Xinhua is an organisation
    assert "Xinhua" in {e.text for e in entities.extract(de.nlp(text), Registry())}


def test_registry_type_wins_over_the_rules(de, tmp_path):
    registry = Registry.load(write(tmp_path, "- {name: Kursk, type: MISC}\n"))
    found = entities.extract(de.nlp("Die Kämpfe in Kursk gehen weiter."), registry)
    assert [(e.text, e.type) for e in found] == [("Kursk", "MISC")]


def test_fingerprint_changes_with_the_contents(tmp_path, registry):
    other = Registry.load(write(tmp_path, REGISTRY.replace("46th", "The 46th")))
    assert other.fingerprint() != registry.fingerprint()
    assert Registry.load(write(tmp_path, REGISTRY)).fingerprint() == registry.fingerprint()


def test_top_level_mapping_with_entities_and_ignore_is_accepted(tmp_path):
    registry = Registry.load(
        write(tmp_path, "entities:\n  - {name: TASS, type: ORG}\nignore: [Die]\n")
    )
    assert registry.lookup("tass").type == "ORG"
    assert registry.is_ignored("die")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("- name: Joe Biden\n  type: PERSON\n- name: TASS\n", 3, ["TASS", "type"]),
        ("- name: Joe Biden\n  type: PERSON\n- name: TASS\n  type: COMPANY\n", 3,
         ["TASS", "COMPANY"]),
        ("- name: TASS\n  type: ORG\n  aliases: TASS-Agentur: x\n", None, ["YAML"]),
        ("- name: TASS\n  type: ORG\n  aliases: {a: 1}\n", 1, ["TASS", "aliases"]),
        ("- name: TASS\n  type: ORG\n  wikipedia: x\n", 1, ["TASS", "wikipedia"]),
        ("- type: ORG\n", 1, ["name"]),
        ("- just a string\n", 1, ["mapping"]),
        ("- {name: TASS, type: ORG}\n- {name: Tass, type: ORG}\n", 2, ["tass", "line 1"]),
        ("- ignore: [1, [2]]\n", 1, ["ignore"]),
    ],
)
def test_malformed_entry_is_an_error_naming_the_file_and_entry(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(SitegenError) as info:
        Registry.load(path)
    error = info.value
    assert error.path == path
    if line is not None:
        assert error.line == line
        assert str(error).startswith(f"{path}:{line}: ")
    for word in words:
        assert word in str(error)
